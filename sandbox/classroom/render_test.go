package classroom

import (
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"

	"kubelab/sandbox/check"
)

func snapshotOf(cells [][]Cell) Snapshot {
	s := Snapshot{Class: "k8s", Lessons: []LessonPlan{{ID: "self-healing", Steps: []string{"deploy", "delete-pod"}}, {ID: "scaling", Steps: []string{"deploy"}}}, Updated: time.Date(2026, 1, 2, 9, 30, 0, 0, time.UTC)}
	for _, row := range cells {
		s.Learners = append(s.Learners, row[0].Learner)
	}
	s.Cells = cells
	s.Stuck = stuck(&s)
	return s
}

func failing(check_ string) []check.Result {
	return []check.Result{{Check: check_}}
}

func TestStuckNamesTheMostCommonFailingCheckOfEachStep(t *testing.T) {
	var cells [][]Cell
	for i, st := range []struct {
		step   string
		status Status
		check  string
	}{
		{"deploy", StatusFailing, "three-ready"},
		{"deploy", StatusFailing, "three-ready"},
		{"deploy", StatusFailing, "owner"},
		{"deploy", StatusPassing, ""},
		{"delete-pod", StatusFailing, "new-uid"},
		{"deploy", StatusFailing, "three-ready"}, // has not opened the lesson
	} {
		c := Cell{Learner: string(rune('a' + i)), Lesson: "self-healing", Step: st.step, Status: st.status, Steps: 2, Started: i < 5}
		if st.check != "" {
			c.Failing = failing(st.check)
		}
		cells = append(cells, []Cell{c, {Learner: c.Learner, Lesson: "scaling", Status: StatusDone, Done: 1, Steps: 1}})
	}
	s := snapshotOf(cells)
	if len(s.Stuck) != 2 {
		t.Fatalf("stuck = %+v, want one entry per step with failures", s.Stuck)
	}
	top := s.Stuck[0]
	if top.Step != "deploy" || top.Check != "three-ready" || top.Count != 2 || top.Of != 4 {
		t.Errorf("top stuck = %+v; want 2 of 4 on deploy failing three-ready", top)
	}
	en := RenderText(s, "en")
	if !strings.Contains(en, "2 of 4 stuck on self-healing/deploy: three-ready") {
		t.Errorf("the board does not say who is stuck:\n%s", en)
	}
	zh := RenderText(s, "zh")
	if !strings.Contains(zh, "4 人中有 2 人卡在 self-healing/deploy") || !strings.Contains(zh, "学员") {
		t.Errorf("the Chinese board:\n%s", zh)
	}
}

func TestTheTextBoardKeepsItsColumnsAlignedInChinese(t *testing.T) {
	cells := [][]Cell{
		{{Learner: "ann", Lesson: "self-healing", Step: "deploy", Status: StatusFailing, Steps: 2, Hints: 2, Solutions: 1, Failing: failing("owner")},
			{Learner: "ann", Lesson: "scaling", Status: StatusDone, Done: 1, Steps: 1}},
		{{Learner: "bartholomew", Lesson: "self-healing", Step: "delete-pod", Done: 1, Status: StatusPassing, Steps: 2},
			{Learner: "bartholomew", Lesson: "scaling", Step: "deploy", Status: StatusNotChecked, Steps: 1}},
	}
	for _, lang := range []string{"en", "zh"} {
		text := RenderText(snapshotOf(cells), lang)
		lines := strings.Split(text, "\n")
		// Header and rows: the second column starts at the same width.
		var starts []int
		for _, l := range lines[1:4] {
			i := strings.Index(l, "  ")
			for i >= 0 && i+2 < len(l) && l[i+2] == ' ' {
				i++
			}
			starts = append(starts, runewidth.StringWidth(l[:i+2]))
		}
		if starts[0] != starts[1] || starts[1] != starts[2] {
			t.Errorf("%s: columns start at %v:\n%s", lang, starts, text)
		}
		for _, want := range []string{"0/2 deploy ✗ h2 s", "1/2 delete-pod ✓", "0/1 deploy ·"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the board lacks %q:\n%s", lang, want, text)
			}
		}
	}
}
