// Package board is the teacher's screen for a class: learners × lessons,
// each cell the step the learner reached and whether its checks pass now,
// the help they took, and above the grid the most common failing check of
// each step. The board itself is computed elsewhere, from the cluster (see
// lab.Board); this screen subscribes to it and draws the newest snapshot.
// A cursor moves over the cells and the line under the grid says what the
// selected cell's learner is failing.
package board

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	lmsg "kubelab/internal/msg"
	"kubelab/internal/render"
	"kubelab/tui/i18n"
	"kubelab/tui/lab"
	"kubelab/tui/program"
)

// Widths of the grid's columns: wide enough for "2/3 delete-pod ✗ h2 s",
// narrow enough that a few lessons fit side by side.
const (
	maxLearnerWidth = 16
	maxCellWidth    = 26
	gap             = 2
	// maxStuck bounds the headline of failing checks above the grid.
	maxStuck = 3
)

// Model is the Board screen.
type Model struct {
	ctx *program.Context

	snap   lab.BoardSnapshot
	have   bool // a snapshot arrived
	ended  bool // the subscription ended
	stop   func()
	subbed bool

	row, col       int // the selected cell
	rowOff, colOff int // the first learner and lesson on screen

	// widths are the lesson columns' widths for the snapshot, in widthsLang.
	widths     []int
	widthsLang string

	width, height int
}

// New builds the Board screen; it subscribes to the lab's board when first
// shown (Opened).
func New(ctx *program.Context) *Model { return &Model{ctx: ctx} }

// snapMsg carries a new snapshot and the channel to read the next from.
type snapMsg struct {
	snap lab.BoardSnapshot
	ch   <-chan lab.BoardSnapshot
}

type endedMsg struct{}

// Opened subscribes to the board the first time the screen is shown.
func (m *Model) Opened() tea.Cmd {
	if m.subbed || m.ctx.Lab.Board == nil {
		return nil
	}
	m.subbed = true
	ch, stop := m.ctx.Lab.Board.Subscribe()
	m.stop = stop
	return next(ch)
}

func next(ch <-chan lab.BoardSnapshot) tea.Cmd {
	return func() tea.Msg {
		s, ok := <-ch
		if !ok {
			return endedMsg{}
		}
		return snapMsg{snap: s, ch: ch}
	}
}

// Stop ends the subscription.
func (m *Model) Stop() {
	if m.stop != nil {
		m.stop()
		m.stop = nil
	}
}

// SetSize sets the area the screen may draw in.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.follow()
}

// Title is the tab's label.
func (m *Model) Title() string { return m.ctx.T(i18n.TabBoard) }

// Key shows the screen from anywhere.
func (m *Model) Key() key.Binding { return m.ctx.Keys.Board }

// Capturing is false: the screen has no text field.
func (m *Model) Capturing() bool { return false }

// ShortHelp is the screen's keys for the one-line help.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	return []key.Binding{k.Up, k.Down, k.Left, k.Right, k.PageDown, k.Help}
}

// FullHelp is the screen's keys for the help screen.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.Left, k.Right}}
}

// Update takes new snapshots and moves the cursor.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case snapMsg:
		m.snap, m.have, m.widths = msg.snap, true, nil
		m.follow()
		return next(msg.ch)
	case endedMsg:
		m.ended = true
	case tea.KeyMsg:
		k := m.ctx.Keys
		page := max(m.gridRows()-1, 1)
		switch {
		case key.Matches(msg, k.Up):
			m.row--
		case key.Matches(msg, k.Down):
			m.row++
		case key.Matches(msg, k.PageUp):
			m.row, m.rowOff = m.row-page, m.rowOff-page
		case key.Matches(msg, k.PageDown):
			m.row, m.rowOff = m.row+page, m.rowOff+page
		case key.Matches(msg, k.Left):
			m.col--
		case key.Matches(msg, k.Right):
			m.col++
		default:
			return nil
		}
		m.follow()
	}
	return nil
}

// follow keeps the cursor on the grid and the grid's window around it.
func (m *Model) follow() {
	n, l := len(m.snap.Learners), len(m.snap.Lessons)
	m.row = clamp(m.row, 0, n-1)
	m.col = clamp(m.col, 0, l-1)
	rows := m.gridRows()
	m.rowOff = clamp(m.rowOff, 0, max(n-rows, 0))
	if m.row < m.rowOff {
		m.rowOff = m.row
	}
	if m.row >= m.rowOff+rows {
		m.rowOff = m.row - rows + 1
	}
	m.rowOff = clamp(m.rowOff, 0, max(n-rows, 0))
	if m.col < m.colOff {
		m.colOff = m.col
	}
	for m.colOff < m.col && m.colOff+len(m.visibleLessons(m.colOff)) <= m.col {
		m.colOff++
	}
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// The screen from top to bottom: the title, the failing checks, a blank
// line, the grid's header and rows, the selected cell, the position and the
// legend.
func (m *Model) top() []string {
	c, th, s := m.ctx, m.ctx.Theme, m.snap
	title := c.T(i18n.BoardTitle, s.Class, len(s.Learners), len(s.Lessons), s.Updated.Format("15:04:05"))
	if !s.Ready {
		title += " · " + c.T(i18n.BoardChecking)
	}
	out := []string{th.Title.Render(ansi.Truncate(title, m.width, "…"))}
	if s.Err != nil {
		out = append(out, m.wrapped(th.Error.Render, c.T(i18n.BoardStopped, lmsg.ErrorText(s.Err, c.Lang)))...)
	}
	for i, st := range s.Stuck {
		if i == maxStuck {
			out = append(out, th.Subtle.Render(ansi.Truncate(c.T(i18n.BoardStuckMore, len(s.Stuck)-maxStuck), m.width, "…")))
			break
		}
		what := st.Check
		if t := st.Seen.Text(c.Lang); t != "" {
			what += ": " + t
		}
		out = append(out, th.Warning.Render(ansi.Truncate(c.T(i18n.BoardStuck, st.Count, st.Of, st.Lesson, st.Step, what), m.width, "…")))
	}
	if len(s.Stuck) == 0 && s.Ready {
		out = append(out, th.Subtle.Render(ansi.Truncate(c.T(i18n.BoardNoneStuck), m.width, "…")))
	}
	return append(out, "")
}

// bottom is the lines under the grid; their number does not depend on rows,
// the learners the grid shows.
func (m *Model) bottom(rows int) []string {
	c, th := m.ctx, m.ctx.Theme
	var out []string
	if d := m.detail(); d != "" {
		lines := m.wrapped(th.Subtle.Render, d)
		out = append(out, lines[:min(len(lines), 2)]...)
	}
	n, l := len(m.snap.Learners), len(m.snap.Lessons)
	vis := len(m.visibleLessons(m.colOff))
	last := min(m.rowOff+rows, n)
	out = append(out, th.Faint.Render(ansi.Truncate(c.T(i18n.BoardPosition, min(m.rowOff+1, n), last, n, min(m.colOff+1, l), m.colOff+vis, l), m.width, "…")))
	mk := th.Marks
	return append(out, m.wrapped(th.Faint.Render, c.T(i18n.BoardLegend, mk.Pass, mk.Fail, mk.Pending, mk.Warn))...)
}

func (m *Model) wrapped(style func(...string) string, s string) []string {
	lines := strings.Split(render.Wrap(s, max(m.width, 10)), "\n")
	for i := range lines {
		lines[i] = style(lines[i])
	}
	return lines
}

// gridRows is how many learners fit under the grid's header.
func (m *Model) gridRows() int {
	if !m.have {
		return 1
	}
	return max(m.height-len(m.top())-1-len(m.bottom(0)), 1)
}

// detail says what the selected cell is: the step, the help taken, and
// what its first failing check saw.
func (m *Model) detail() string {
	c, s := m.ctx, m.snap
	if m.row >= len(s.Cells) || m.col >= len(s.Cells[m.row]) {
		return ""
	}
	cell, learner, lesson := s.Cells[m.row][m.col], s.Learners[m.row], s.Lessons[m.col]
	switch {
	case !cell.Started:
		return c.T(i18n.BoardCellNew, learner, lesson)
	case cell.Status == lab.BoardDone:
		return c.T(i18n.BoardCellDone, learner, lesson, cell.Steps, cell.Hints, cell.Solutions)
	}
	out := c.T(i18n.BoardCell, learner, lesson, cell.Step, cell.Done, cell.Steps, cell.Hints, cell.Solutions)
	switch {
	case cell.Status == lab.BoardError:
		out += lmsg.Separator(c.Lang) + c.T(i18n.BoardCellError, cell.Error)
	case cell.Status == lab.BoardFailing && cell.Failing != "":
		what := cell.Failing
		if t := cell.FailingSeen.Text(c.Lang); t != "" {
			what += ": " + t
		}
		out += lmsg.Separator(c.Lang) + c.T(i18n.BoardCellFail, what)
	}
	return out
}

// cellText is a cell as the grid shows it, "1/3 delete-pod ✗ h2 s" or
// "0/2 ○" for a lesson not started, plain and styled.
func (m *Model) cellText(cell lab.BoardCell) (plain, styled string) {
	c, th := m.ctx, m.ctx.Theme
	if cell.Status == lab.BoardDone {
		s := fmt.Sprintf("%d/%d %s", cell.Done, cell.Steps, c.T(i18n.BoardDoneAll))
		return s, th.Success.Render(s)
	}
	if !cell.Started {
		// Nobody opened it: its first step's checks fail, and say nothing.
		s := fmt.Sprintf("%d/%d %s", cell.Done, cell.Steps, th.Marks.NotStarted)
		return s, th.Faint.Render(s)
	}
	mark, style := th.Marks.Pending, th.Faint.Render
	switch cell.Status {
	case lab.BoardPassing:
		mark, style = th.Marks.Pass, th.Success.Render
	case lab.BoardFailing:
		mark, style = th.Marks.Fail, th.Error.Render
	case lab.BoardError:
		mark, style = th.Marks.Warn, th.Warning.Render
	}
	head := fmt.Sprintf("%d/%d %s", cell.Done, cell.Steps, cell.Step)
	var help string
	if cell.Hints > 0 {
		help += fmt.Sprintf(" h%d", cell.Hints)
	}
	if cell.Solutions > 0 {
		help += " s"
	}
	return head + " " + mark + help, head + " " + style(mark) + help
}

func (m *Model) learnerWidth() int {
	w := ansi.StringWidth(m.ctx.T(i18n.BoardLearner))
	for _, l := range m.snap.Learners {
		w = max(w, ansi.StringWidth(l))
	}
	return min(w, maxLearnerWidth)
}

// columnWidth is the width of lesson j's column: its widest cell or its
// name, at most maxCellWidth.
func (m *Model) columnWidth(j int) int {
	if m.widthsLang != m.ctx.Lang || len(m.widths) != len(m.snap.Lessons) {
		m.widthsLang, m.widths = m.ctx.Lang, make([]int, len(m.snap.Lessons))
		for j := range m.widths {
			m.widths[j] = m.measure(j)
		}
	}
	return m.widths[j]
}

func (m *Model) measure(j int) int {
	w := ansi.StringWidth(m.snap.Lessons[j])
	for _, row := range m.snap.Cells {
		if j < len(row) {
			p, _ := m.cellText(row[j])
			w = max(w, ansi.StringWidth(p))
		}
	}
	return min(w, maxCellWidth)
}

// visibleLessons are the lessons' indexes that fit the width from the
// first one; always at least one.
func (m *Model) visibleLessons(from int) []int {
	used := ansi.StringWidth(m.ctx.Theme.Marks.Cursor) + 1 + m.learnerWidth()
	var out []int
	for j := from; j < len(m.snap.Lessons); j++ {
		w := gap + m.columnWidth(j)
		if len(out) > 0 && used+w > m.width {
			break
		}
		used += w
		out = append(out, j)
	}
	return out
}

// pad fits s (shown as plain) to w columns, truncating with "…".
func pad(plain, styled string, w int) string {
	if ansi.StringWidth(plain) > w {
		return ansi.Truncate(styled, w, "…")
	}
	return styled + strings.Repeat(" ", w-ansi.StringWidth(plain))
}

// View draws the screen.
func (m *Model) View() string {
	c, th := m.ctx, m.ctx.Theme
	if !m.have {
		s := c.T(i18n.BoardWaiting)
		if m.ended {
			s = c.T(i18n.BoardStopped, "")
		}
		return th.Subtle.Render(render.Wrap(s, max(m.width, 10)))
	}
	lines := m.top()
	cols := m.visibleLessons(m.colOff)
	lw := m.learnerWidth()
	cw := ansi.StringWidth(th.Marks.Cursor) + 1
	head := strings.Repeat(" ", cw) + pad(c.T(i18n.BoardLearner), th.PaneTitle.Render(c.T(i18n.BoardLearner)), lw)
	for _, j := range cols {
		name := m.snap.Lessons[j]
		head += strings.Repeat(" ", gap) + pad(name, th.PaneTitle.Render(name), m.columnWidth(j))
	}
	lines = append(lines, ansi.Truncate(head, m.width, "…"))
	rows := m.gridRows()
	for i := m.rowOff; i < min(m.rowOff+rows, len(m.snap.Learners)); i++ {
		name := m.snap.Learners[i]
		styledName, cursor := name, strings.Repeat(" ", cw)
		if i == m.row {
			styledName, cursor = th.Selected.Render(name), th.Accent.Render(th.Marks.Cursor)+" "
		}
		line := cursor + pad(name, styledName, lw)
		for _, j := range cols {
			var plain, styled string
			if j < len(m.snap.Cells[i]) {
				plain, styled = m.cellText(m.snap.Cells[i][j])
			}
			if i == m.row && j == m.col {
				styled = th.Selected.Render(plain)
			}
			line += strings.Repeat(" ", gap) + pad(plain, styled, m.columnWidth(j))
		}
		lines = append(lines, ansi.Truncate(line, m.width, "…"))
	}
	bottom := m.bottom(rows)
	for len(lines) < m.height-len(bottom) {
		lines = append(lines, "")
	}
	return strings.Join(append(lines, bottom...), "\n")
}
