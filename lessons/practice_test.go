package lessons

import (
	"strings"
	"testing"
)

// The course's practice (issue: every lesson ends in a challenge): what the
// built-in lessons promise a learner who wants to do the work, not read it.
// Other packs are free to teach differently; this holds the built-in one to
// CURRICULUM.md's "Practice" section.

// capstoneParts are the parts that end in a capstone: a CKA-style task
// list, the last step of the part's last lesson.
var capstoneParts = []string{"features", "components", "concepts", "setup"}

func builtinCourse(t *testing.T) *Catalog {
	t.Helper()
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEveryLessonWithClusterStepsEndsInAChallenge(t *testing.T) {
	for _, l := range builtinCourse(t).Lessons {
		cluster := false
		for _, s := range l.Steps {
			cluster = cluster || s.Needs == NeedsCluster || s.Needs == NeedsKind
		}
		if !cluster {
			continue
		}
		last := l.Steps[len(l.Steps)-1]
		if !last.IsChallenge() {
			t.Errorf("%s: the last step %q is not a challenge: a lesson with cluster steps ends with the learner doing the work", l.Dir, last.ID)
		}
	}
}

func TestEveryChallengeHasHintsAWrongAttemptAndAnAnswer(t *testing.T) {
	n := 0
	for _, l := range builtinCourse(t).Lessons {
		for _, s := range l.Steps {
			if !s.IsChallenge() {
				continue
			}
			n++
			if len(s.Wrong) == 0 {
				t.Errorf("%s/%s: no wrong attempt: nothing proves its checks catch a plausible mistake", l.Dir, s.ID)
			}
			if len(s.Solution) == 0 {
				t.Errorf("%s/%s: no solution", l.Dir, s.ID)
			}
			for _, lang := range []string{"en", "zh"} {
				p := l.Text(lang).Steps[s.ID]
				if p == nil || len(p.Hints) < 2 {
					t.Errorf("%s/%s (%s): fewer than two hints: the first nudges, the last nearly gives it away", l.Dir, s.ID, lang)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("the course has no challenge at all")
	}
}

func TestTheCourseHasFiveTroubleshootingChallenges(t *testing.T) {
	var found []string
	for _, l := range builtinCourse(t).Lessons {
		for _, s := range l.Steps {
			if s.IsChallenge() && len(s.Setup) > 0 {
				found = append(found, l.ID+"/"+s.ID)
			}
		}
	}
	if len(found) < 5 {
		t.Errorf("%d troubleshooting challenges (a challenge whose setup breaks something), want at least 5: %s", len(found), strings.Join(found, ", "))
	}
}

func TestEveryPartEndsInACapstone(t *testing.T) {
	last := map[string]*Lesson{}
	for _, l := range builtinCourse(t).Lessons {
		last[l.Part] = l // lessons are in course order
	}
	for _, part := range capstoneParts {
		l := last[part]
		if l == nil {
			t.Errorf("part %s has no lessons", part)
			continue
		}
		s := l.Steps[len(l.Steps)-1]
		if !s.IsChallenge() || !strings.HasPrefix(s.ID, "capstone") {
			t.Errorf("part %s: its last lesson %s ends with %q, want a challenge step named capstone…", part, l.Dir, s.ID)
		}
	}
}

func TestEveryLessonAsksAQuestionOfUnderstandingAndExplainsIt(t *testing.T) {
	for _, l := range builtinCourse(t).Lessons {
		ok := false
		for _, s := range l.Steps {
			for _, c := range s.Checks {
				if c.Kind != KindQuiz || c.Answer == nil || c.Answer.Literal == "" {
					continue // a live answer reads a value off the cluster
				}
				explained := true
				for _, lang := range []string{"en", "zh"} {
					p := l.Text(lang).Steps[s.ID]
					q := (*Quiz)(nil)
					if p != nil {
						q = p.Quizzes[c.ID]
					}
					explained = explained && q != nil && strings.TrimSpace(q.Explain) != ""
				}
				ok = ok || explained
			}
		}
		if !ok {
			t.Errorf("%s: no quiz with a fixed answer explained in both languages (### Explain <id> in en.md and zh.md)", l.Dir)
		}
	}
}
