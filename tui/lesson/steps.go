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
}

func newSteps() steps {
	return steps{text: viewport.New(0, 0), cache: render.NewCache[mdKey](contentCacheBytes, nil)}
}
