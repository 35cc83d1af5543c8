// Package tui is kubelab's full-screen terminal UI: a root model that owns
// the shared program context and switches between the screens (home, lesson,
// notes, cluster, help, and a teacher's class board), each a package of its
// own behind one contract,
// program.Component. Keys live in tui/keys,
// styles in tui/theme, words in tui/i18n, and what the UI needs from the
// rest of kubelab in tui/lab.
package tui

import (
	lmsg "kubelab/internal/msg"

	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"kubelab/internal/render"
	"kubelab/tui/board"
	"kubelab/tui/cluster"
	"kubelab/tui/exam"
	"kubelab/tui/helpview"
	"kubelab/tui/home"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/lab"
	"kubelab/tui/lesson"
	"kubelab/tui/notes"
	"kubelab/tui/program"
	"kubelab/tui/theme"
)

// MinWidth and MinHeight are the smallest window the UI draws in; below it
// says so instead.
const (
	MinWidth  = 60
	MinHeight = 20
)

// StatusInterval is how often the cluster's status is refreshed.
var StatusInterval = 10 * time.Second

// Options configure the UI.
type Options struct {
	Lab   lab.Lab
	Lang  string
	Theme theme.Options
}

// Model is the root model.
type Model struct {
	ctx *program.Context
	// screens are the tabs, in order; active is the one on screen. The root
	// also knows two by name: home, where esc goes back to and whose cursor
	// follows the open lesson, and the lesson screen, which opens lessons.
	screens []program.Component
	active  program.Component
	home    *home.Model
	lesson  *lesson.Model
	board   *board.Model // a teacher's lab only

	showHelp bool
	err      error
	// asking is a lesson waiting for the learner to trust the pack;
	// trusted: the learner trusted it in this run (see trust.go).
	asking    *trustAsk
	trusted   bool
	quitArmed bool
	quitting  bool
	// seedErr is why the learner's seed could not be saved, shown once
	// the program runs.
	seedErr error
}

// New builds the root model. It decides nothing about the terminal: the
// theme's options come from the caller.
func New(o Options) *Model {
	ctx := program.New(o.Lab, theme.New(o.Theme), o.Lang)
	m := &Model{ctx: ctx, home: home.New(ctx), lesson: lesson.New(ctx)}
	m.screens = []program.Component{m.home, m.lesson, notes.New(ctx), cluster.New(ctx), exam.New(ctx)}
	m.active = m.home
	if p := o.Lab.Progress; p != nil {
		// Read before the program runs, as it may write the first time:
		// the screens then order quiz choices without touching the disk.
		// Without a seed the choices still come shuffled, in one order.
		ctx.Seed, m.seedErr = p.Seed()
	}
	if o.Lab.Board != nil {
		// A teacher's lab, opened for a class: it starts on the class.
		m.board = board.New(ctx)
		m.screens = append(m.screens, m.board)
		m.active = m.board
	}
	return m
}

// Run starts the program on the terminal and returns when the learner quits.
// The terminal is restored on every path: a normal quit, an error, a panic
// in Update, View or a command (bubbletea catches those), and a panic here.
func Run(o Options, opts ...tea.ProgramOption) error { return run(New(o), opts...) }

func run(m *Model, opts ...tea.ProgramOption) (err error) {
	// The renderer draws on a ticker that starts with the program, so the
	// first frame waits for a tick: at bubbletea's highest rate that is 8 ms
	// instead of 17 (a frame is drawn only when it changed).
	p := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithAltScreen(), tea.WithFPS(120)}, opts...)...)
	defer func() {
		m.stop()
		if r := recover(); r != nil {
			p.Kill()
			_ = p.ReleaseTerminal()
			err = fmt.Errorf("the lab crashed (%v); please report it with this trace:\n%s", r, debug.Stack())
		}
	}()
	_, err = p.Run()
	if errors.Is(err, tea.ErrProgramPanic) {
		return fmt.Errorf("the lab crashed and restored the terminal; please report the trace above: %w", err)
	}
	return err
}

// Init opens where the learner left off, or a teacher's class board, and
// checks the cluster.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.statusCmd()}
	if m.seedErr != nil {
		cmds = append(cmds, program.Fail(lmsg.Errorf(m.seedErr, string(i18n.ErrSaveSeed))))
	}
	if m.board != nil {
		return tea.Batch(append(cmds, m.board.Opened())...)
	}
	if p := m.ctx.Lab.Progress; p != nil {
		if id, step := p.Current(); m.ctx.Lesson(id) != nil {
			cmds = append(cmds, m.openLesson(id, step))
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) stop() {
	for _, s := range m.screens {
		if st, ok := s.(program.Stopper); ok {
			st.Stop()
		}
	}
}

type statusTickMsg struct{}

type disarmQuitMsg struct{}

func (m *Model) statusCmd() tea.Cmd {
	cl := m.ctx.Lab.Cluster
	if cl == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		st, err := cl.Status(ctx)
		return program.StatusMsg{Status: st, Err: err}
	}
}

func (m *Model) openLesson(id, step string) tea.Cmd {
	l := m.ctx.Lesson(id)
	if l == nil {
		return program.Fail(lmsg.Errorf(nil, string(i18n.ErrNoLesson), id))
	}
	if m.needsTrust() {
		m.asking = &trustAsk{lessonID: id, stepID: step}
		m.showHelp = false
		return nil
	}
	m.active = m.lesson
	m.home.Select(id)
	return m.lesson.Open(l, step)
}

// body is the screens' area: the window minus the tab bar, the short help,
// the status bar and the error line.
func (m *Model) bodySize() (int, int) {
	h := m.ctx.Height - 3
	if m.err != nil {
		h -= len(strings.Split(m.errView(), "\n"))
	}
	return m.ctx.Width, max(h, 1)
}

func (m *Model) resize() {
	w, h := m.bodySize()
	for _, s := range m.screens {
		s.SetSize(w, h)
	}
}

// Update routes messages: global keys first, then the active screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.ctx.Width, m.ctx.Height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			// Keys typed faster than the terminal is read arrive together;
			// take them one by one so that "/" or "1" still act as keys.
			var cmds []tea.Cmd
			for _, r := range msg.Runes {
				cmds = append(cmds, m.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
			}
			return m, tea.Batch(cmds...)
		}
		return m, m.key(msg)
	case program.OpenLessonMsg:
		m.showHelp = false
		return m, m.openLesson(msg.LessonID, msg.StepID)
	case program.ErrMsg:
		m.err = msg.Err
		m.resize()
		return m, nil
	case program.RefreshStatusMsg:
		return m, m.statusCmd()
	case program.StatusMsg:
		first := !m.ctx.Checked
		m.ctx.Checked = true
		if msg.Err != nil {
			m.ctx.Status = lab.Status{Backend: m.ctx.Backend(), Detail: lmsg.FromError(msg.Err)}
		} else {
			m.ctx.Status = msg.Status
		}
		cmd := m.broadcast(msg)
		m.resize()
		tick := tea.Tick(StatusInterval, func(time.Time) tea.Msg { return statusTickMsg{} })
		if !first {
			tick = nil // one tick chain only: the first status starts it
		}
		return m, tea.Batch(cmd, tick)
	case statusTickMsg:
		return m, tea.Batch(m.statusCmd(), tea.Tick(StatusInterval, func(time.Time) tea.Msg { return statusTickMsg{} }))
	case disarmQuitMsg:
		m.quitArmed = false
		return m, nil
	case program.LangChangedMsg, program.ProgressChangedMsg:
		return m, m.broadcast(msg)
	}
	// The screens' own messages (command output, check results, progress of
	// a cluster operation) carry ids; each screen ignores what is not its own.
	return m, m.broadcast(msg)
}

func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, len(m.screens))
	for i, s := range m.screens {
		cmds[i] = s.Update(msg)
	}
	return tea.Batch(cmds...)
}

func (m *Model) show(s program.Component) {
	m.active = s
	m.showHelp = false
}

func (m *Model) tooSmall() bool { return m.ctx.Width < MinWidth || m.ctx.Height < MinHeight }

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	if key.Matches(msg, k.Interrupt) {
		for _, s := range m.screens {
			if in, ok := s.(program.Interrupter); ok && in.Interrupt(s == m.active) {
				return nil
			}
		}
		if m.quitArmed {
			return m.quit()
		}
		m.quitArmed = true
		return tea.Tick(2*time.Second, func(time.Time) tea.Msg { return disarmQuitMsg{} })
	}
	m.quitArmed = false
	if m.err != nil && key.Matches(msg, k.Back) { // the error line names this key
		m.err = nil
		m.resize()
		return nil
	}
	if m.tooSmall() {
		if key.Matches(msg, k.Quit) {
			return m.quit()
		}
		return nil
	}
	if m.asking != nil {
		return m.trustKey(msg)
	}
	if m.showHelp {
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Help, k.Back):
			m.showHelp = false
		}
		return nil
	}
	if !m.active.Capturing() {
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Help):
			m.showHelp = true
			return nil
		case key.Matches(msg, k.Lang):
			return m.switchLang()
		case key.Matches(msg, k.Back) && m.active != program.Component(m.home):
			m.show(m.home)
			return nil
		}
		for _, s := range m.screens {
			if key.Matches(msg, s.Key()) {
				m.show(s)
				if o, ok := s.(program.Opener); ok {
					return o.Opened()
				}
				return nil
			}
		}
	}
	return m.active.Update(msg)
}

func (m *Model) quit() tea.Cmd {
	m.quitting = true
	m.stop()
	return tea.Quit
}

func (m *Model) switchLang() tea.Cmd {
	lang := i18n.Next(m.ctx.Lang)
	m.ctx.SetLang(lang)
	m.resize()
	save := m.ctx.Lab.SaveLang
	cmds := []tea.Cmd{m.broadcast(program.LangChangedMsg{})}
	if save != nil {
		cmds = append(cmds, func() tea.Msg {
			if err := save(lang); err != nil {
				return program.ErrMsg{Err: lmsg.Errorf(err, string(i18n.ErrSaveLang), lang)}
			}
			return nil
		})
	}
	return tea.Batch(cmds...)
}

// View draws the window.
func (m *Model) View() string {
	c, th := m.ctx, m.ctx.Theme
	if m.quitting {
		return ""
	}
	if c.Width == 0 {
		return ""
	}
	if m.tooSmall() {
		return render.Wrap(c.T(i18n.TooSmall, c.Width, c.Height, MinWidth, MinHeight, keys.Name(c.Keys.Quit)), c.Width)
	}
	w, h := m.bodySize()
	var body string
	var short []key.Binding
	switch {
	case m.asking != nil:
		body = m.trustView(w, h)
		short = []key.Binding{c.Keys.Yes, c.Keys.Up, c.Keys.Down, c.Keys.Interrupt}
	case m.showHelp:
		body = helpview.View(c, m.helpSections(), w, h)
		short = []key.Binding{c.Keys.Help, c.Keys.Quit}
	default:
		body, short = m.active.View(), m.active.ShortHelp()
	}
	body = lipgloss.NewStyle().Width(w).Height(h).MaxHeight(h).MaxWidth(w).Render(body)
	parts := []string{m.tabs(), body}
	if m.err != nil {
		parts = append(parts, m.errView())
	}
	helpLine := ansi.Truncate(helpview.Short(c, short, w), w, "…")
	if m.quitArmed {
		helpLine = th.Warning.Render(c.T(i18n.QuitConfirm, keys.Name(c.Keys.Interrupt), keys.Name(c.Keys.Quit)))
	}
	parts = append(parts, helpLine, m.statusBar())
	return strings.Join(parts, "\n")
}

func (m *Model) errView() string {
	th, w := m.ctx.Theme, m.ctx.Width
	s := render.Wrap(m.ctx.T(i18n.ErrorLine, lmsg.ErrorText(m.err, m.ctx.Lang), keys.Name(m.ctx.Keys.Back)), w)
	lines := strings.Split(s, "\n")
	if len(lines) > 4 {
		lines = append(lines[:3], ansi.Truncate(lines[3], w-1, "")+"…")
	}
	return th.ErrorBanner.Render(strings.Join(lines, "\n"))
}

func (m *Model) tabs() string {
	c, th := m.ctx, m.ctx.Theme
	out := th.Title.Render("kubelab") + " "
	for _, s := range m.screens {
		name := s.Title()
		if b := s.Key(); b.Enabled() {
			name = keys.Name(b) + " " + name
		}
		if s == m.active && !m.showHelp {
			out += th.ActiveTab.Render(name)
		} else {
			out += th.Tab.Render(name)
		}
	}
	if m.showHelp {
		out += th.ActiveTab.Render(keys.Name(c.Keys.Help) + " " + c.T(i18n.HelpTitle))
	}
	return ansi.Truncate(out, c.Width, "…")
}

func (m *Model) statusBar() string {
	c, th := m.ctx, m.ctx.Theme
	sep := th.StatusBar.Render(" · ")
	left := th.StatusKey.Render(" "+c.Backend()) + sep + th.StatusBar.Render(c.StatusLine()) + sep + th.StatusBar.Render(c.T(i18n.LangName))
	right := th.StatusBar.Render(c.T(i18n.StatusHelp, keys.Name(c.Keys.Help)) + " ")
	gap := c.Width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return ansi.Truncate(left, c.Width, "…")
	}
	return left + th.StatusBar.Render(strings.Repeat(" ", gap)) + right
}

func (m *Model) helpSections() []helpview.Section {
	k := m.ctx.Keys
	var show []key.Binding
	for _, s := range m.screens {
		if b := s.Key(); b.Enabled() {
			show = append(show, b)
		}
	}
	sections := []helpview.Section{{Title: m.ctx.T(i18n.HelpGlobal), Bindings: [][]key.Binding{append(show, k.Lang), {k.Help, k.Back, k.Quit, k.Interrupt}}}}
	for _, s := range m.screens {
		sections = append(sections, helpview.Section{Title: s.Title(), Bindings: s.FullHelp()})
	}
	return sections
}
