// Package program holds what every screen of the terminal UI shares for one
// run: the window size, the theme, the key map, the language and its
// strings, the lab's parts, and the messages that travel between screens.
// The root model owns the one Context; screens receive a pointer to it and
// read it, and only the root changes it.
package program

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"kubelab/internal/progress"
	"kubelab/internal/render"
	"kubelab/lessons"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/lab"
	"kubelab/tui/theme"
)

// Context is the shared state of the program.
type Context struct {
	Width, Height int // the whole window
	Lang          string
	Theme         *theme.Theme
	Keys          *keys.Map
	Lab           lab.Lab
	// Status is the cluster's last known status; Checked is false until the
	// first status arrives.
	Status  lab.Status
	Checked bool
	// Seed is the learner's seed that orders quiz choices
	// (lessons.ChoiceOrder), read once when the program is built.
	Seed string
}

// New builds a context for lang.
func New(l lab.Lab, th *theme.Theme, lang string) *Context {
	return &Context{Lang: lang, Theme: th, Keys: keys.New(lang), Lab: l}
}

// T returns a UI string in the current language.
func (c *Context) T(k i18n.Key, args ...any) string { return i18n.T(c.Lang, k, args...) }

// SetLang switches the language and rebuilds the key map's help texts.
func (c *Context) SetLang(lang string) {
	c.Lang = lang
	c.Keys = keys.New(lang)
}

// ReadingMode reports whether commands cannot run and checks cannot be
// evaluated: no cluster, or not reachable (yet).
func (c *Context) ReadingMode() bool {
	return c.Lab.Runner == nil || c.Lab.Checker == nil || c.Lab.Cluster == nil || !c.Status.Reachable
}

// Markdown renders markdown at width through the lab's renderer, falling
// back to wrapped plain text if it fails.
func (c *Context) Markdown(md string, width int) string {
	width = max(width, 10)
	if c.Lab.Markdown != nil {
		if out, err := c.Lab.Markdown.Render(md, width, c.Lang); err == nil {
			return strings.Trim(out, "\n")
		}
	}
	return render.Wrap(md, width)
}

// ErrMsg carries an error to the root, which shows it in one place until the
// learner dismisses it. Every screen reports errors this way.
type ErrMsg struct{ Err error }

// Fail returns a command that reports err.
func Fail(err error) tea.Cmd { return func() tea.Msg { return ErrMsg{err} } }

// Messages between screens and the root.
type (
	// OpenLessonMsg asks the root to open a lesson, at a step when StepID is
	// not empty.
	OpenLessonMsg struct{ LessonID, StepID string }
	// StatusMsg is a fresh cluster status.
	StatusMsg struct {
		Status lab.Status
		Err    error
	}
	// RefreshStatusMsg asks the root to check the cluster again.
	RefreshStatusMsg struct{}
	// ProgressChangedMsg tells screens that saved progress changed.
	ProgressChangedMsg struct{}
	// LangChangedMsg tells screens that the language changed: drop caches.
	LangChangedMsg struct{}
)

// Lesson returns the lesson with id, or nil.
func (c *Context) Lesson(id string) *lessons.Lesson {
	if c.Lab.Catalog == nil {
		return nil
	}
	return c.Lab.Catalog.Lesson(id)
}

// StepsDone counts a lesson's done steps.
func (c *Context) StepsDone(l *lessons.Lesson) int {
	if c.Lab.Progress == nil {
		return 0
	}
	n := 0
	for _, s := range l.Steps {
		if c.Lab.Progress.Done(l.ID, s.ID) {
			n++
		}
	}
	return n
}

// Mark is the progress mark of a lesson: done, in progress or not started.
func (c *Context) Mark(l *lessons.Lesson) string {
	m := c.Theme.Marks
	switch done := c.StepsDone(l); {
	case done == len(l.Steps) && done > 0:
		return c.Theme.Success.Render(m.Done)
	case done > 0:
		return c.Theme.Warning.Render(m.InProgress)
	}
	if cur, _ := c.current(); cur == l.ID {
		return c.Theme.Warning.Render(m.InProgress)
	}
	return c.Theme.Faint.Render(m.NotStarted)
}

// HowDone says how a done step was done: on the learner's own, after some
// hints, or after the solution; empty when not done or not known.
func (c *Context) HowDone(lessonID, stepID string) string {
	if c.Lab.Progress == nil {
		return ""
	}
	h, ok := c.Lab.Progress.HowDone(lessonID, stepID)
	if !ok {
		return ""
	}
	switch h.By() {
	case progress.BySolution:
		return c.T(i18n.HowSolution)
	case progress.ByHints:
		if h.Hints == 1 {
			return c.T(i18n.HowHint)
		}
		return c.T(i18n.HowHints, h.Hints)
	}
	return c.T(i18n.HowOwn)
}

func (c *Context) current() (string, string) {
	if c.Lab.Progress == nil {
		return "", ""
	}
	return c.Lab.Progress.Current()
}

// StatusLine is the cluster part of the status bar.
func (c *Context) StatusLine() string {
	switch {
	case c.Lab.Cluster == nil:
		return c.T(i18n.StatusNoCluster)
	case !c.Checked:
		return c.T(i18n.StatusChecking)
	case !c.Status.Reachable:
		return c.T(i18n.StatusNoCluster)
	}
	return c.T(i18n.StatusNodes, c.Status.NodesReady, c.Status.Nodes)
}

// Backend names the backend for the status bar.
func (c *Context) Backend() string {
	if c.Lab.Cluster == nil {
		return c.T(i18n.BackendNone)
	}
	b := c.Lab.Cluster.Backend()
	if b == "existing" {
		return c.T(i18n.BackendExisting)
	}
	return b
}
