package lesson

import (
	"github.com/charmbracelet/bubbles/viewport"

	"kubelab/internal/render"
	"kubelab/lessons"
)

// contentCacheBytes bounds the drawn step texts kept for paging back and
// forth and for widths seen before.
const contentCacheBytes = 1 << 20

// steps is where the learner is in the lesson and the text pane that shows
// the open step: its text, commands, the hints shown so far and the
// solution once confirmed.
type steps struct {
	lesson *lessons.Lesson
	idx    int           // the open step's index
	step   *lessons.Step // the open step, expanded for the lesson's namespace
	expErr error         // why the step could not be expanded
	gen    int           // increases with every step opened; tags check messages

	text         viewport.Model
	hints        int
	showSolution bool
	cache        *render.Cache[mdKey]
	shown        mdKey // what the text pane shows
}

type mdKey struct {
	lesson, step, lang string
	width, hints       int
	solution           bool
	files              int // the files block's revision
	typeAlong          bool
	answered           string // the quizzes answered, whose explanations show
}

func newSteps() steps {
	return steps{text: viewport.New(0, 0), cache: render.NewCache[mdKey](contentCacheBytes, nil)}
}

// quizzes are the open step's quiz checks, in order.
func (m *Model) quizzes() []*lessons.Check {
	var out []*lessons.Check
	if m.steps.step == nil {
		return nil
	}
	for _, c := range m.steps.step.Checks {
		if c.Kind == lessons.KindQuiz {
			out = append(out, c)
		}
	}
	return out
}

// openQuiz is the quiz to answer next: the first not passing, else the first.
func (m *Model) openQuiz() string {
	qs := m.quizzes()
	if len(qs) == 0 {
		return ""
	}
	for _, q := range qs {
		pass := false
		for _, r := range m.checks.results {
			if r.ID == q.ID && r.Pass {
				pass = true
			}
		}
		if !pass {
			return q.ID
		}
	}
	return qs[0].ID
}

// quizNumber is a quiz's 1-based position among the step's quizzes.
func (m *Model) quizNumber(id string) int {
	for i, q := range m.quizzes() {
		if q.ID == id {
			return i + 1
		}
	}
	return 0
}

func (m *Model) stepProse() *lessons.StepProse {
	if m.steps.lesson == nil {
		return &lessons.StepProse{}
	}
	if sp := m.steps.lesson.Text(m.ctx.Lang).Steps[m.steps.lesson.Steps[m.steps.idx].ID]; sp != nil {
		return sp
	}
	return &lessons.StepProse{Title: m.steps.lesson.Steps[m.steps.idx].ID}
}

// stepDone reports whether the open step is saved as done.
func (m *Model) stepDone(i int) bool {
	return m.ctx.Lab.Progress != nil && m.ctx.Lab.Progress.Done(m.steps.lesson.ID, m.steps.lesson.Steps[i].ID)
}
