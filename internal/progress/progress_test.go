package progress

import (
	"encoding/json"
	"testing"
	"time"
)

func fixClock(t *testing.T, at time.Time) {
	t.Helper()
	old := now
	now = func() time.Time { return at }
	t.Cleanup(func() { now = old })
}

func TestMarkDoneRemembersWhenAStepWasFirstFinished(t *testing.T) {
	first := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	fixClock(t, first)
	var p Progress
	p.MarkDone("self-healing", "deploy")
	now = func() time.Time { return first.Add(time.Hour) }
	p.MarkDone("self-healing", "deploy")
	if got := p.Lessons["self-healing"].Done["deploy"]; !got.Equal(first) {
		t.Errorf("done at %v, want the first time %v", got, first)
	}
	if !p.IsDone("self-healing", "deploy") || p.IsDone("self-healing", "other") || p.IsDone("other", "deploy") {
		t.Error("IsDone disagrees with MarkDone")
	}
	p.MarkDone("self-healing", "scale")
	if n := p.DoneCount("self-healing"); n != 2 {
		t.Errorf("DoneCount = %d, want 2", n)
	}
	if n := p.DoneCount("never-opened"); n != 0 {
		t.Errorf("DoneCount of an unknown lesson = %d", n)
	}
}

func TestSetCurrentAlsoRemembersWhereToResumeTheLesson(t *testing.T) {
	var p Progress
	p.SetCurrent("self-healing", "replace-pod")
	p.SetCurrent("scaling", "scale-up")
	if l, s := p.Current(); l != "scaling" || s != "scale-up" {
		t.Errorf("Current = %s/%s", l, s)
	}
	if s := p.ResumeStep("self-healing"); s != "replace-pod" {
		t.Errorf("ResumeStep(self-healing) = %q", s)
	}
}

func TestAnswersAreKeptPerLesson(t *testing.T) {
	var p Progress
	p.SetAnswer("a", "step/check", "3")
	p.SetAnswer("b", "step/check", "4")
	if got, ok := p.Answer("a", "step/check"); !ok || got != "3" {
		t.Errorf("Answer(a) = %q, %v", got, ok)
	}
	if _, ok := p.Answer("a", "step/other"); ok {
		t.Error("an answer never given was found")
	}
	answers := p.Answers("b")
	answers["step/check"] = "changed"
	if got, _ := p.Answer("b", "step/check"); got != "4" {
		t.Error("changing the map from Answers changed the progress")
	}
}

func TestResetLessonForgetsOnlyThatLesson(t *testing.T) {
	var p Progress
	p.MarkDone("a", "s1")
	p.SetAnswer("a", "s1/q", "x")
	p.MarkDone("b", "s1")
	p.SetCurrent("a", "s2")
	p.ResetLesson("a")
	if p.IsDone("a", "s1") || p.DoneCount("a") != 0 || p.ResumeStep("a") != "" {
		t.Error("lesson a still has progress")
	}
	if _, ok := p.Answer("a", "s1/q"); ok {
		t.Error("lesson a still has answers")
	}
	if !p.IsDone("b", "s1") {
		t.Error("lesson b lost its progress")
	}
	if l, s := p.Current(); l != "a" || s != "" {
		t.Errorf("Current = %s/%s, want a/ (still in the lesson, at no step)", l, s)
	}
}

func TestTheFileFollowsTheDocumentedSchema(t *testing.T) {
	fixClock(t, time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC))
	p := Progress{Version: Version}
	p.SetCurrent("self-healing", "replace-pod")
	p.MarkDone("self-healing", "deploy")
	p.SetAnswer("self-healing", "step/check", "3")
	at := time.Date(2026, 11, 27, 4, 0, 0, 0, time.UTC)
	p.AddExam(Exam{Started: at, Ended: at.Add(time.Hour), Seconds: 3600, Seed: 7, Score: 50, PassMark: 66,
		ByPart: []ExamPart{{Part: "features", Got: 1, Of: 2}},
		Tasks: []ExamTask{{N: 1, Lesson: "fix", Step: "s", Part: "features", Weight: 1, Namespace: "exam-1-fix", Seconds: 60,
			Checks: []ExamCheck{{ID: "c", Expected: map[string]string{"en": "3"}, Observed: map[string]string{"en": "1"}}}}}})
	got, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"version":3,"current":{"lesson":"self-healing","step":"replace-pod"},"lessons":{"self-healing":{"done":{"deploy":"2026-11-27T03:00:00Z"},"step":"replace-pod","answers":{"step/check":"3"},"how":{"deploy":{}}}},` +
		`"exams":[{"started":"2026-11-27T04:00:00Z","ended":"2026-11-27T05:00:00Z","seconds":3600,"seed":7,"score":50,"passMark":66,"passed":false,` +
		`"byPart":[{"part":"features","got":1,"of":2}],"tasks":[{"n":1,"lesson":"fix","step":"s","part":"features","weight":1,"namespace":"exam-1-fix","passed":false,"seconds":60,` +
		`"checks":[{"id":"c","pass":false,"expected":{"en":"3"},"observed":{"en":"1"}}]}]}]}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	back, err := decode(got)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := json.Marshal(back); string(again) != want {
		t.Errorf("round trip changed the file: %s", again)
	}
}

func TestCloneSharesNothing(t *testing.T) {
	var p Progress
	p.MarkDone("a", "s")
	p.SetAnswer("a", "s/q", "1")
	c := p.Clone()
	c.MarkDone("a", "t")
	c.SetAnswer("a", "s/q", "2")
	if p.IsDone("a", "t") {
		t.Error("clone's MarkDone reached the original")
	}
	if got, _ := p.Answer("a", "s/q"); got != "1" {
		t.Error("clone's SetAnswer reached the original")
	}
}

func TestHowAStepWasCompletedIsTheHelpTakenWhenItWasFirstFinished(t *testing.T) {
	var p Progress
	p.MarkDone("l", "alone")
	p.UseHints("l", "hinted", 2)
	p.UseHints("l", "hinted", 1) // seeing the first hint again takes no less help
	p.MarkDone("l", "hinted")
	p.UseHints("l", "shown", 1)
	p.ShowSolution("l", "shown")
	p.MarkDone("l", "shown")
	// Help taken after the step was finished does not change how it was.
	p.ShowSolution("l", "alone")
	p.MarkDone("l", "alone")
	for step, want := range map[string]Help{"alone": {}, "hinted": {Hints: 2}, "shown": {Hints: 1, Solution: true}} {
		h, ok := p.HowDone("l", step)
		if !ok || h != want {
			t.Errorf("%s: %+v %v, want %+v", step, h, ok, want)
		}
	}
	for step, by := range map[string]string{"alone": ByLearner, "hinted": ByHints, "shown": BySolution} {
		if h, _ := p.HowDone("l", step); h.By() != by {
			t.Errorf("%s by %s, want %s", step, h.By(), by)
		}
	}
	if _, ok := p.HowDone("l", "never"); ok {
		t.Error("an unfinished step says how it was done")
	}
	if !p.HelpTaken("l", "alone").Solution {
		t.Error("help taken after finishing is not recorded as help")
	}
	c := p.Clone()
	c.UseHints("l", "alone", 5)
	if p.HelpTaken("l", "alone").Hints != 0 {
		t.Error("clone's help reached the original")
	}
	p.ResetLesson("l")
	if _, ok := p.HowDone("l", "hinted"); ok || p.HelpTaken("l", "shown") != (Help{}) {
		t.Error("a reset lesson keeps its help")
	}
}
