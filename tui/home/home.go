// Package home is the first screen: the curriculum's parts and lessons with
// progress marks, the selected lesson's summary, and where to resume.
package home

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"kubelab/internal/progress"
	"kubelab/internal/render"
	"kubelab/lessons"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/program"
)

// Model is the home screen.
type Model struct {
	ctx           *program.Context
	rows          []row
	cursor        int // index into rows; always a lesson row
	offset        int // first visible row
	width, height int
}

type row struct {
	part   string
	lesson *lessons.Lesson
}

// New builds the home screen with the cursor on the lesson the learner is in.
func New(ctx *program.Context) *Model {
	m := &Model{ctx: ctx}
	m.build()
	return m
}

func (m *Model) build() {
	m.rows = nil
	cat := m.ctx.Lab.Catalog
	if cat == nil {
		return
	}
	for _, p := range cat.Parts {
		var ls []*lessons.Lesson
		for _, l := range cat.Lessons {
			if l.Part == p.ID {
				ls = append(ls, l)
			}
		}
		if len(ls) == 0 {
			continue
		}
		m.rows = append(m.rows, row{part: p.ID})
		for _, l := range ls {
			m.rows = append(m.rows, row{lesson: l})
		}
	}
	m.cursor = m.firstLesson()
	if id, _ := m.current(); id != "" {
		m.Select(id)
	}
}

func (m *Model) current() (string, string) {
	if m.ctx.Lab.Progress == nil {
		return "", ""
	}
	return m.ctx.Lab.Progress.Current()
}

func (m *Model) firstLesson() int {
	for i, r := range m.rows {
		if r.lesson != nil {
			return i
		}
	}
	return 0
}

// Select moves the cursor to the lesson with id.
func (m *Model) Select(id string) {
	for i, r := range m.rows {
		if r.lesson != nil && r.lesson.ID == id {
			m.cursor = i
			m.scroll()
			return
		}
	}
}

// Selected is the lesson under the cursor, or nil when there are none.
func (m *Model) Selected() *lessons.Lesson {
	if m.cursor < len(m.rows) {
		return m.rows[m.cursor].lesson
	}
	return nil
}

// SetSize sets the area the screen may draw in.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.scroll()
}

// Title is the tab's label.
func (m *Model) Title() string { return m.ctx.T(i18n.TabHome) }

// Key shows the screen from anywhere.
func (m *Model) Key() key.Binding { return m.ctx.Keys.Home }

// Capturing is false: the home screen has no text field.
func (m *Model) Capturing() bool { return false }

// ShortHelp is the screen's keys for the one-line help.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	return []key.Binding{k.Up, k.Down, k.Open, k.Notes, k.Cluster, k.Lang, k.Help, k.Quit}
}

// FullHelp is the screen's keys for the help screen.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Open}}
}

// Update handles keys and messages.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		k := m.ctx.Keys
		switch {
		case key.Matches(msg, k.Up):
			m.move(-1)
		case key.Matches(msg, k.Down):
			m.move(1)
		case key.Matches(msg, k.PageUp):
			m.move(-m.listHeight())
		case key.Matches(msg, k.PageDown):
			m.move(m.listHeight())
		case key.Matches(msg, k.Open):
			if l := m.Selected(); l != nil {
				step := ""
				if cur, s := m.current(); cur == l.ID {
					step = s
				}
				return func() tea.Msg { return program.OpenLessonMsg{LessonID: l.ID, StepID: step} }
			}
		}
	case program.ProgressChangedMsg, program.LangChangedMsg:
		// Marks and titles are computed in View; nothing cached here.
	}
	return nil
}

func (m *Model) move(delta int) {
	dir := 1
	if delta < 0 {
		dir = -1
	}
	steps := delta * dir
	i := m.cursor
	for steps > 0 {
		j := i + dir
		for j >= 0 && j < len(m.rows) && m.rows[j].lesson == nil {
			j += dir
		}
		if j < 0 || j >= len(m.rows) {
			break
		}
		i = j
		steps--
	}
	m.cursor = i
	m.scroll()
}

// listHeight is how many rows of the list fit: the screen minus the resume
// block (two lines).
func (m *Model) listHeight() int { return max(m.height-3, 1) }

func (m *Model) scroll() {
	h := m.listHeight()
	top := m.cursor
	if top > 0 && m.rows[top-1].lesson == nil {
		top-- // keep the part's title in view
	}
	if top < m.offset {
		m.offset = top
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
	m.offset = max(0, min(m.offset, len(m.rows)-h))
}

// View draws the screen.
func (m *Model) View() string {
	c, th := m.ctx, m.ctx.Theme
	if len(m.rows) == 0 {
		return th.Banner.Render(render.Wrap(c.T(i18n.HomeNoLessons), m.width))
	}
	listW := min(max(m.width*11/20, 40), m.width)
	detailW := m.width - listW - 3

	var lines []string
	for i := m.offset; i < len(m.rows) && len(lines) < m.listHeight(); i++ {
		r := m.rows[i]
		if r.lesson == nil {
			lines = append(lines, th.Title.Render(truncate(c.Lab.Catalog.PartTitle(c.Lang, r.part), listW)))
			continue
		}
		l := r.lesson
		count := m.count(l)
		cursor := "  "
		if i == m.cursor {
			cursor = th.Marks.Cursor + " "
		}
		title := fmt.Sprintf("%02d %s", l.Order, l.Title(c.Lang))
		mark := c.Mark(l)
		room := listW - lipgloss.Width(cursor) - lipgloss.Width(mark) - 1 - lipgloss.Width(count) - 1
		title = truncate(title, room)
		pad := strings.Repeat(" ", max(room-lipgloss.Width(title), 0))
		line := cursor + mark + " " + title + pad + " " + th.Subtle.Render(count)
		if i == m.cursor {
			line = th.Selected.Render(cursor+mark+" "+title+pad+" ") + th.Subtle.Render(count)
		}
		lines = append(lines, line)
	}
	list := lipgloss.NewStyle().Width(listW).Render(strings.Join(lines, "\n"))

	second := ""
	if c.ReadingMode() && (c.Checked || c.Lab.Cluster == nil) {
		// Say how to get a cluster where the learner looks first.
		msg := c.T(i18n.HomeReadingMode, keys.Name(c.Keys.Cluster), keys.Name(c.Keys.Create))
		if c.Lab.Cluster != nil && !c.Lab.Cluster.CanCreate() {
			msg = c.T(i18n.HomeUnreachable, keys.Name(c.Keys.Cluster))
		}
		second = th.Banner.Render(truncate(msg, m.width))
	}
	out := m.resume() + "\n" + second + "\n"
	if detailW >= 20 {
		sep := th.Faint.Render(strings.Repeat("│\n", max(m.listHeight()-1, 0)) + "│")
		if th.ASCII {
			sep = th.Faint.Render(strings.Repeat("|\n", max(m.listHeight()-1, 0)) + "|")
		}
		out += lipgloss.JoinHorizontal(lipgloss.Top, list, " ", sep, " ", m.detail(detailW))
	} else {
		out += list
	}
	return out
}

func (m *Model) resume() string {
	c, th := m.ctx, m.ctx.Theme
	id, stepID := m.current()
	l := c.Lesson(id)
	if l == nil {
		if first := m.rows[m.firstLesson()].lesson; first != nil {
			return truncate(th.Accent.Render(c.T(i18n.HomeStart, first.Title(c.Lang), keys.Name(c.Keys.Open))), m.width)
		}
		return ""
	}
	n, title := 1, ""
	for i, s := range l.Steps {
		if s.ID == stepID {
			n = i + 1
			if sp := l.Text(c.Lang).Steps[s.ID]; sp != nil {
				title = sp.Title
			}
		}
	}
	return truncate(th.Accent.Render(c.T(i18n.HomeResume, l.Title(c.Lang), n, len(l.Steps), title, keys.Name(c.Keys.Open))), m.width)
}

func (m *Model) detail(w int) string {
	c, th := m.ctx, m.ctx.Theme
	l := m.Selected()
	if l == nil {
		return ""
	}
	p := l.Text(c.Lang)
	var b strings.Builder
	b.WriteString(th.Bold.Render(render.Wrap(p.Title, w)))
	b.WriteString("\n\n")
	b.WriteString(render.Wrap(p.Summary, w))
	b.WriteString("\n\n")
	for _, s := range l.Steps {
		mark := th.Faint.Render(th.Marks.NotStarted)
		if c.Lab.Progress != nil && c.Lab.Progress.Done(l.ID, s.ID) {
			mark = th.Success.Render(th.Marks.Done)
		}
		title := s.ID
		if sp := p.Steps[s.ID]; sp != nil {
			title = sp.Title
		}
		line := mark + " " + title
		if how := c.HowDone(l.ID, s.ID); how != "" {
			line += th.Subtle.Render(" · " + how)
		}
		b.WriteString(truncate(line, w) + "\n")
	}
	if needsKind(l) {
		b.WriteString("\n" + th.Subtle.Render(render.Wrap(c.T(i18n.HomeNeedsKind), w)))
	}
	return lipgloss.NewStyle().Width(w).MaxHeight(m.listHeight()).Render(strings.TrimRight(b.String(), "\n"))
}

// count is a lesson's steps done of its steps and, once the lab knows how
// some were done, how many the learner did on their own ("5/7 · 3 on
// your own").
func (m *Model) count(l *lessons.Lesson) string {
	c := m.ctx
	done, own, known := c.StepsDone(l), 0, false
	if p := c.Lab.Progress; p != nil {
		for _, s := range l.Steps {
			if h, ok := p.HowDone(l.ID, s.ID); ok {
				known = true
				if h.By() == progress.ByLearner {
					own++
				}
			}
		}
	}
	if !known {
		return fmt.Sprintf("%d/%d", done, len(l.Steps))
	}
	return c.T(i18n.HomeCountOwn, done, len(l.Steps), own)
}

func needsKind(l *lessons.Lesson) bool {
	for _, s := range l.Steps {
		if s.Needs == lessons.NeedsKind {
			return true
		}
	}
	return false
}

// truncate cuts s, which may be styled, to w columns, marking the cut.
func truncate(s string, w int) string { return ansi.Truncate(s, max(w, 0), "…") }
