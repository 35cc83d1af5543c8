// Package notes is the screen of concept notes: every lesson's notes and the
// glossary in the current language, a full-text search across titles and
// text, and a jump from a note to its lesson.
package notes

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"kubelab/internal/render"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/program"
)

// Model is the notes screen.
type Model struct {
	ctx     *program.Context
	notes   []note
	matches []int // indexes into notes that match the search
	cursor  int   // index into matches
	offset  int
	search  textinput.Model
	view    viewport.Model
	shown   shownKey
	cache   *render.Cache[cacheKey]

	width, height int
	// builtFor is the language the notes were collected in ("" before
	// the screen is first used: collecting them parses every lesson's
	// prose, which the first frame does not need).
	builtFor string
}

type note struct {
	title, text, lessonID string
	// lower-cased title and text for searching
	hay string
}

// cacheKey names a note's rendering, which does not depend on the search.
type cacheKey struct {
	note  int
	lang  string
	width int
}

// shownKey is what the viewport shows: a rendering, scrolled to the search.
type shownKey struct {
	cacheKey
	query string
}

// cacheBytes bounds the drawn notes kept for moving back and forth.
const cacheBytes = 1 << 20

// New builds the notes screen.
func New(ctx *program.Context) *Model {
	s := textinput.New()
	s.Prompt = "/ "
	s.Cursor.SetMode(cursor.CursorStatic)
	return &Model{ctx: ctx, search: s, view: viewport.New(0, 0), cache: render.NewCache[cacheKey](cacheBytes, nil)}
}

// build collects the notes in the current language, unless it has already.
func (m *Model) build() {
	c := m.ctx
	if m.builtFor == c.Lang {
		return
	}
	m.builtFor = c.Lang
	m.notes = nil
	if c.Lab.Catalog != nil {
		for _, l := range c.Lab.Catalog.Lessons {
			p := l.Text(c.Lang)
			if p.Notes == "" {
				continue
			}
			m.notes = append(m.notes, note{title: p.Title, text: p.Notes, lessonID: l.ID})
		}
	}
	if g := glossary(c); g != "" {
		m.notes = append(m.notes, note{title: c.T(i18n.Glossary), text: g})
	}
	for i := range m.notes {
		m.notes[i].hay = strings.ToLower(m.notes[i].title + "\n" + m.notes[i].text)
	}
	m.search.Placeholder = c.T(i18n.SearchPlaceholder)
	m.filter()
}

func (m *Model) filter() {
	q := strings.ToLower(strings.TrimSpace(m.search.Value()))
	m.matches = m.matches[:0]
	for i, n := range m.notes {
		if q == "" || matchAll(n.hay, q) {
			m.matches = append(m.matches, i)
		}
	}
	m.cursor, m.offset = 0, 0
}

// matchAll reports whether every word of q is in hay.
func matchAll(hay, q string) bool {
	for _, w := range strings.Fields(q) {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// Capturing reports whether the search field has the keyboard.
func (m *Model) Capturing() bool { return m.search.Focused() }

// Query is the search text.
func (m *Model) Query() string { return m.search.Value() }

// Selected is the note under the cursor's lesson id ("" for the glossary).
func (m *Model) Selected() (title, lessonID string) {
	m.build()
	if len(m.matches) == 0 {
		return "", ""
	}
	n := m.notes[m.matches[m.cursor]]
	return n.title, n.lessonID
}

// SetSize sets the area the screen may draw in.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.view.Width, m.view.Height = m.textWidth(), max(h-1, 1)
	m.search.Width = max(m.listWidth()-4, 1)
}

func (m *Model) listWidth() int { return min(max(m.width/3, 22), 36) }
func (m *Model) textWidth() int { return max(m.width-m.listWidth()-3, 10) }

// Title is the tab's label.
func (m *Model) Title() string { return m.ctx.T(i18n.TabNotes) }

// Key shows the screen from anywhere.
func (m *Model) Key() key.Binding { return m.ctx.Keys.Notes }

// ShortHelp is the screen's keys for the one-line help.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	if m.search.Focused() {
		return []key.Binding{k.Open, k.Back}
	}
	return []key.Binding{k.Search, k.Up, k.Down, k.PageDown, k.OpenLesson, k.Back, k.Help}
}

// FullHelp is the screen's keys for the help screen.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	return [][]key.Binding{{k.Search, k.Up, k.Down, k.PageUp, k.PageDown, k.OpenLesson}}
}

// Update handles keys and messages.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case program.LangChangedMsg:
		// The root lays screens out again before it tells them: a note
		// drawn in between holds the old language's text under the new
		// language's key, so nothing drawn before the switch is kept.
		m.cache.Purge()
		m.shown = shownKey{}
	case tea.KeyMsg:
		// Scrolling acts on the drawn note.
		m.draw()
		k := m.ctx.Keys
		if m.search.Focused() {
			switch msg.Type {
			case tea.KeyEnter, tea.KeyEsc:
				m.search.Blur()
				if msg.Type == tea.KeyEsc {
					m.search.SetValue("")
					m.filter()
				}
				return nil
			case tea.KeyUp, tea.KeyDown:
				m.move(map[bool]int{true: -1, false: 1}[msg.Type == tea.KeyUp])
				return nil
			}
			before := m.search.Value()
			var cmd tea.Cmd
			m.search, cmd = m.search.Update(msg)
			if m.search.Value() != before {
				m.filter()
			}
			return cmd
		}
		switch {
		case key.Matches(msg, k.Search):
			return m.search.Focus()
		case key.Matches(msg, k.Up):
			m.move(-1)
		case key.Matches(msg, k.Down):
			m.move(1)
		case key.Matches(msg, k.PageUp):
			m.view.HalfPageUp()
		case key.Matches(msg, k.PageDown):
			m.view.HalfPageDown()
		case key.Matches(msg, k.OpenLesson):
			if _, id := m.Selected(); id != "" {
				return func() tea.Msg { return program.OpenLessonMsg{LessonID: id} }
			}
		}
	}
	return nil
}

func (m *Model) move(d int) {
	if len(m.matches) == 0 {
		return
	}
	m.cursor = max(0, min(m.cursor+d, len(m.matches)-1))
	h := m.height - 2
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
}

// draw renders the selected note into the viewport, cached per note,
// language and width, and scrolls it to the search's first word; it does
// nothing when the viewport already shows that. It runs when the screen is
// drawn or scrolled, not when the selection or the size changes: the root
// sizes every screen as the lab starts, and rendering a note then would
// delay the first frame for a screen the learner may never open; for the
// same reason it is where the notes are first collected.
func (m *Model) draw() {
	m.build()
	if m.width == 0 {
		return
	}
	if len(m.matches) == 0 {
		// The message names the search as typed.
		shown := shownKey{cacheKey: cacheKey{note: -1, lang: m.ctx.Lang, width: m.textWidth()}, query: m.search.Value()}
		if shown != m.shown {
			m.shown = shown
			m.view.SetContent(m.ctx.Theme.Subtle.Render(render.Wrap(m.ctx.T(i18n.NoMatch, shown.query, keys.Name(m.ctx.Keys.Back)), shown.width)))
		}
		return
	}
	k := cacheKey{note: m.matches[m.cursor], lang: m.ctx.Lang, width: m.textWidth()}
	shown := shownKey{cacheKey: k, query: strings.TrimSpace(m.search.Value())}
	if shown == m.shown {
		return
	}
	s, ok := m.cache.Get(k)
	if !ok {
		n := m.notes[k.note]
		s = m.ctx.Theme.Title.Render(render.Wrap(n.title, k.width)) + "\n\n" + m.ctx.Markdown(n.text, k.width)
		if n.lessonID != "" {
			s += "\n\n" + m.ctx.Theme.Subtle.Render(render.Wrap(m.ctx.T(i18n.JumpToLesson, keys.Name(m.ctx.Keys.OpenLesson)), k.width))
		}
		m.cache.Put(k, s)
	}
	m.shown = shown
	m.view.SetContent(s)
	m.view.GotoTop()
	if shown.query != "" {
		m.scrollToMatch(s, strings.ToLower(strings.Fields(shown.query)[0]))
	}
}

// scrollToMatch scrolls the note to the first line that holds word.
func (m *Model) scrollToMatch(s, word string) {
	for i, l := range strings.Split(s, "\n") {
		if strings.Contains(strings.ToLower(ansi.Strip(l)), word) {
			m.view.SetYOffset(max(i-2, 0))
			return
		}
	}
}

// View draws the screen.
func (m *Model) View() string {
	m.draw()
	c, th := m.ctx, m.ctx.Theme
	lw := m.listWidth()
	var lines []string
	if m.search.Focused() || m.search.Value() != "" {
		lines = append(lines, m.search.View())
	} else {
		lines = append(lines, th.Faint.Render(ansi.Truncate(c.T(i18n.SearchHint, keys.Name(c.Keys.Search), len(m.notes)), lw, "…")))
	}
	for i := m.offset; i < len(m.matches) && len(lines) < m.height; i++ {
		n := m.notes[m.matches[i]]
		cur := "  "
		if i == m.cursor {
			cur = th.Marks.Cursor + " "
		}
		line := ansi.Truncate(cur+n.title, lw-1, "…")
		if i == m.cursor {
			line = th.Selected.Render(line)
		}
		lines = append(lines, line)
	}
	list := lipgloss.NewStyle().Width(lw).Height(m.height).MaxHeight(m.height).Render(strings.Join(lines, "\n"))
	sepChar := "│"
	if th.ASCII {
		sepChar = "|"
	}
	sep := th.Faint.Render(strings.TrimSuffix(strings.Repeat(sepChar+"\n", m.height), "\n"))
	text := lipgloss.NewStyle().Width(m.textWidth()).MaxHeight(m.height).Render(m.view.View())
	return lipgloss.JoinHorizontal(lipgloss.Top, list, " ", sep, " ", text)
}

func glossary(c *program.Context) string {
	if c.Lab.Catalog == nil {
		return ""
	}
	return c.Lab.Catalog.Glossary[c.Lang]
}
