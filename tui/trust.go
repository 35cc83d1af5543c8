package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	lmsg "kubelab/internal/msg"
	"kubelab/internal/render"
	"kubelab/internal/text"
	"kubelab/lessons"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/program"
)

// A pack other than the built-in one is code from someone else: before any
// of its lessons opens (opening a step starts its command checks, and its
// commands are a key press away) the root shows what the pack runs where
// and asks, once per run; the answer yes is remembered for the pack's
// content by Lab.TrustPack.

// trustAsk is a lesson waiting for the learner's trust in the pack; top is
// the first line of the command list on screen.
type trustAsk struct {
	lessonID, stepID string
	top              int
}

// needsTrust reports whether opening a lesson must ask first.
func (m *Model) needsTrust() bool { return m.ctx.Lab.TrustPack != nil && !m.trusted }

// trustKey answers the question: the yes key trusts the pack and opens the
// lesson; any other key leaves it closed and nothing of the pack runs.
func (m *Model) trustKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	w, h := m.bodySize()
	defer func() {
		if m.asking != nil {
			head, list := m.trustLines(w)
			m.asking.top = clampTop(m.asking.top, len(list), max(h-len(head), 2))
		}
	}()
	switch {
	case key.Matches(msg, k.Down):
		m.asking.top++
		return nil
	case key.Matches(msg, k.Up):
		m.asking.top--
		return nil
	case key.Matches(msg, k.PageDown):
		m.asking.top += max(h/2, 1)
		return nil
	case key.Matches(msg, k.PageUp):
		m.asking.top -= max(h/2, 1)
		return nil
	}
	ask := *m.asking
	m.asking = nil
	if !key.Matches(msg, k.Yes) {
		return nil
	}
	m.trusted = true
	save := m.ctx.Lab.TrustPack
	return tea.Batch(m.openLesson(ask.lessonID, ask.stepID), func() tea.Msg {
		if err := save(); err != nil {
			return program.ErrMsg{Err: lmsg.Errorf(err, string(i18n.TrustSaveFailed))}
		}
		return nil
	})
}

// trustView is the question, on top, then the pack's commands from the
// line the learner scrolled to, as many as fit.
func (m *Model) trustView(w, h int) string {
	c, th := m.ctx, m.ctx.Theme
	head, list := m.trustLines(w)
	room := max(h-len(head), 2)
	top := clampTop(m.asking.top, len(list), room)
	list = list[top:]
	if len(list) > room {
		// The last line on screen says how much is below.
		more := len(list) - room + 1
		list = append(list[:room-1:room-1], th.Warning.Render(c.T(i18n.TrustMore, more, keys.Name(c.Keys.Down))))
	}
	return strings.Join(append(head, list...), "\n")
}

// clampTop keeps the first line shown within the list.
func clampTop(top, lines, room int) int { return max(min(top, lines-room+1), 0) }

// trustLines are the question's lines and the list of every command of the
// pack by lesson and step, each with where it runs and what it is.
func (m *Model) trustLines(w int) (head, list []string) {
	c, th := m.ctx, m.ctx.Theme
	head = strings.Split(strings.Join([]string{
		th.Title.Render(c.T(i18n.TrustTitle)),
		render.Wrap(c.T(i18n.TrustIntro), w),
		th.Warning.Render(render.Wrap(c.T(i18n.TrustAsk, keys.Name(c.Keys.Yes), keys.Name(c.Keys.Up), keys.Name(c.Keys.Down)), w)),
		"",
	}, "\n"), "\n")
	step := ""
	for _, pc := range c.Lab.Catalog.PackCommands() {
		if s := pc.Lesson + "/" + pc.Step; s != step {
			step = s
			list = append(list, th.Title.Render(text.Sanitize(s)))
		}
		where := c.T(i18n.TrustHost)
		if pc.Where == lessons.OnNode {
			where = c.T(i18n.TrustNode, text.Sanitize(pc.Node))
		}
		what := c.T(i18n.TrustCommand)
		switch pc.What {
		case lessons.RunSolution:
			what = c.T(i18n.TrustSolution)
		case lessons.RunCheck:
			what = c.T(i18n.TrustCheck, text.Sanitize(pc.Check))
		}
		list = append(list, "  "+c.T(i18n.TrustEntry, where, what))
		for _, line := range strings.Split(strings.TrimRight(text.Sanitize(pc.Line), "\n"), "\n") {
			list = append(list, ansi.Truncate("    $ "+line, w, "…"))
		}
	}
	if len(list) == 0 {
		list = []string{c.T(i18n.TrustNone)}
	}
	return head, list
}
