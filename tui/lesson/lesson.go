// Package lesson is the screen where the learner works through a lesson's
// steps: the step list, the step's text, its commands (each run with one
// key), a prompt for any command, an output pane that streams, the step's
// checks as a live list, hints one at a time, the solution after a
// confirmation, and reset. A step whose checks all pass is saved as done at
// once and celebrated for a moment.
//
// Nothing here blocks: commands, checks and progress writes run in tea.Cmds
// and come back as messages tagged with the run or step they belong to, so a
// late message from a step the learner has left is ignored.
package lesson

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"kubelab/internal/render"
	"kubelab/lessons"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/lab"
	"kubelab/tui/program"
)

// FlashDuration is how long the success moment lasts.
var FlashDuration = 3 * time.Second

// maxOutputLines bounds the output pane's memory.
const maxOutputLines = 2000

// contentCacheBytes bounds the drawn step texts kept for paging back and
// forth and for widths seen before.
const contentCacheBytes = 1 << 20

type confirmKind int

const (
	confirmNone confirmKind = iota
	confirmSolution
	confirmReset
)

type pane int

const (
	paneText pane = iota
	paneOutput
)

// Model is the lesson screen.
type Model struct {
	ctx    *program.Context
	lesson *lessons.Lesson
	idx    int           // the open step's index
	step   *lessons.Step // the open step, expanded for the lesson's namespace
	expErr error         // why the step could not be expanded
	gen    int           // increases with every step opened; tags check messages

	width, height int
	text          viewport.Model
	out           viewport.Model
	outLines      []string
	prompt        textinput.Model
	focus         pane
	history       []string
	histIdx       int

	hints        int
	showSolution bool
	confirm      confirmKind
	notice       string // a one-line message under the title (no more hints, reset done)
	resetting    bool

	// The running command.
	runID   int
	running bool
	runLine string
	cancel  context.CancelFunc

	// The open step's checks.
	checks     []lab.CheckResult
	answers    answers
	saver      *positionSaver
	saveSeq    int
	answerFor  string // the quiz the prompt is answering; "" for commands
	recheck    chan struct{}
	checksErr  error
	watching   bool
	stopChecks context.CancelFunc
	flashUntil time.Time
	flashID    int
	justDone   bool // the open step turned done while open
	mdCache    *render.Cache[mdKey]
	wrappedAt  int // the output pane's width its lines were wrapped for
	contentKey mdKey
	now        func() time.Time
}

type mdKey struct {
	lesson, step, lang string
	width, hints       int
	solution           bool
}

// New builds an empty lesson screen; Open shows a lesson.
func New(ctx *program.Context) *Model {
	p := textinput.New()
	p.Prompt = "$ "
	p.CharLimit = 4096
	// A static cursor: no blink messages to wake the program, steady frames.
	p.Cursor.SetMode(cursor.CursorStatic)
	m := &Model{ctx: ctx, prompt: p, mdCache: render.NewCache[mdKey](contentCacheBytes, nil), now: time.Now, saver: &positionSaver{}}
	m.text = viewport.New(0, 0)
	m.out = viewport.New(0, 0)
	m.applyLang()
	return m
}

func (m *Model) applyLang() {
	m.prompt.Placeholder = m.ctx.T(i18n.PromptPlaceholder, keys.Name(m.ctx.Keys.RunPrompt), keys.Name(m.ctx.Keys.Back))
}

// Lesson is the open lesson, or nil.
func (m *Model) Lesson() *lessons.Lesson { return m.lesson }

// StepID is the open step's id.
func (m *Model) StepID() string {
	if m.lesson == nil {
		return ""
	}
	return m.lesson.Steps[m.idx].ID
}

// Running reports whether a command is running (Ctrl+C cancels it).
func (m *Model) Running() bool { return m.running }

// Capturing reports whether the prompt has the keyboard, or a confirmation
// waits for its answer: global keys must not act then.
func (m *Model) Capturing() bool { return m.prompt.Focused() || m.confirm != confirmNone }

// Open shows a lesson at stepID, or at its first step not done yet.
func (m *Model) Open(l *lessons.Lesson, stepID string) tea.Cmd {
	if m.lesson != nil && m.lesson.ID == l.ID && (stepID == "" || stepID == m.StepID()) {
		return nil
	}
	m.lesson = l
	idx := -1
	for i, s := range l.Steps {
		if s.ID == stepID {
			idx = i
		}
	}
	if idx < 0 {
		idx = 0
		for i, s := range l.Steps {
			if m.ctx.Lab.Progress == nil || !m.ctx.Lab.Progress.Done(l.ID, s.ID) {
				idx = i
				break
			}
		}
	}
	m.outLines = nil
	m.out.SetContent("")
	return m.openStep(idx)
}

// Close stops the checks of the open step (leaving the screen keeps the
// lesson open, but nobody watches).
func (m *Model) Close() {
	if m.stopChecks != nil {
		m.stopChecks()
		m.stopChecks = nil
	}
	m.watching = false
}

func (m *Model) openStep(idx int) tea.Cmd {
	m.Close()
	m.gen++
	m.idx = idx
	m.hints, m.showSolution, m.confirm, m.notice = 0, false, confirmNone, ""
	m.checks, m.checksErr, m.justDone, m.flashUntil = nil, nil, false, time.Time{}
	if m.ctx.Lab.Progress != nil {
		m.answers.load(m.ctx.Lab.Progress.Answers(m.lesson.ID))
	}
	m.setAnswerMode("")
	raw := m.lesson.Steps[idx]
	m.step, m.expErr = raw, nil
	if cat := m.ctx.Lab.Catalog; cat != nil {
		if s, err := cat.ExpandStep(raw, lessons.LabVars(m.lesson.Namespace)); err == nil {
			m.step = s
		} else {
			m.expErr = err
		}
	}
	m.refreshContent(true)
	return tea.Batch(m.saveCurrent(), m.watchChecks())
}

// SetSize sets the area the screen may draw in.
func (m *Model) SetSize(w, h int) {
	if w == m.width && h == m.height {
		return
	}
	m.width, m.height = w, h
	m.layout()
	m.refreshContent(false)
}

// Title is the tab's label.
func (m *Model) Title() string { return m.ctx.T(i18n.TabLesson) }

// Key is none: a lesson opens from the home screen or a note.
func (m *Model) Key() key.Binding { return key.Binding{} }

// Interrupt cancels the running command (Ctrl+C), on screen or not.
func (m *Model) Interrupt(bool) bool {
	if !m.running {
		return false
	}
	m.Cancel()
	return true
}

// Stop cancels the running command and the checks' watch.
func (m *Model) Stop() {
	m.Cancel()
	m.Close()
}

// ShortHelp is the screen's keys for the one-line help.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	if m.prompt.Focused() {
		return []key.Binding{k.RunPrompt, k.History, k.Back, k.Interrupt}
	}
	if len(m.quizzes()) > 0 {
		return []key.Binding{k.RunCommand, k.Prompt, k.Answer, k.NextStep, k.PrevStep, k.Hint, k.Solution, k.Back, k.Help}
	}
	return []key.Binding{k.RunCommand, k.Prompt, k.NextStep, k.PrevStep, k.Hint, k.Solution, k.Back, k.Help}
}

// FullHelp is the screen's keys for the help screen.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	return [][]key.Binding{
		{k.RunCommand, k.Prompt, k.RunPrompt, k.History, k.Interrupt, k.Answer},
		{k.NextStep, k.PrevStep, k.Hint, k.Solution, k.Retry, k.Reset},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Focus},
	}
}

// Update handles keys and the screen's own messages.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if m.lesson == nil {
			return nil
		}
		cmd := m.key(msg)
		m.layout() // banners may have come or gone
		return cmd
	case runMsg:
		return m.onRun(msg)
	case checksMsg:
		return m.onChecks(msg)
	case flashEndMsg:
		if msg.id == m.flashID {
			m.flashUntil = time.Time{}
		}
	case savedMsg:
		if msg.err != nil {
			return program.Fail(msg.err)
		}
		return func() tea.Msg { return program.ProgressChangedMsg{} }
	case resetMsg:
		m.resetting = false
		if msg.err != nil {
			m.notice = ""
			return tea.Batch(program.Fail(msg.err), m.watchChecks())
		}
		if m.lesson != nil && msg.lesson == m.lesson.ID {
			cmd := m.openStep(0)
			m.notice = m.ctx.T(i18n.ResetDone, m.lesson.Namespace)
			return tea.Batch(cmd, func() tea.Msg { return program.ProgressChangedMsg{} })
		}
	case program.StatusMsg:
		if m.lesson != nil && !m.watching && !m.ctx.ReadingMode() {
			return m.watchChecks()
		}
		m.refreshContent(true)
	case program.LangChangedMsg:
		m.applyLang()
		m.refreshContent(true)
		if m.lesson != nil && m.watching {
			// Check messages are worded in the learner's language: watch again.
			return m.watchChecks()
		}
	}
	return nil
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	if m.confirm != confirmNone {
		c := m.confirm
		m.confirm = confirmNone
		if !key.Matches(msg, k.Yes) {
			return nil
		}
		switch c {
		case confirmSolution:
			m.showSolution = true
			m.refreshContent(true)
		case confirmReset:
			m.resetting = true
			m.notice = m.ctx.T(i18n.Resetting, m.lesson.Namespace)
			return m.reset()
		}
		return nil
	}
	if m.resetting {
		return nil // the lesson is being reset: wait for it
	}
	if m.prompt.Focused() {
		return m.promptKey(msg)
	}
	m.notice = ""
	switch {
	case key.Matches(msg, k.RunCommand):
		n := int(msg.String()[0] - '1')
		if m.step != nil && n < len(m.step.Commands) {
			return m.run(m.step.Commands[n])
		}
	case key.Matches(msg, k.Prompt):
		m.setAnswerMode("")
		return m.prompt.Focus()
	case key.Matches(msg, k.Answer):
		if id := m.openQuiz(); id != "" {
			m.setAnswerMode(id)
			return m.prompt.Focus()
		}
		m.notice = m.ctx.T(i18n.NoQuiz)
	case key.Matches(msg, k.NextStep):
		if m.idx+1 < len(m.lesson.Steps) {
			return m.openStep(m.idx + 1)
		}
		m.notice = m.ctx.T(i18n.LastStep, keys.Name(k.Back))
	case key.Matches(msg, k.PrevStep):
		if m.idx > 0 {
			return m.openStep(m.idx - 1)
		}
	case key.Matches(msg, k.Hint):
		if n := len(m.stepProse().Hints); m.hints < n {
			m.hints++
			m.refreshContent(true)
			m.text.GotoBottom()
		} else {
			m.notice = m.ctx.T(i18n.NoMoreHints, keys.Name(k.Solution))
		}
	case key.Matches(msg, k.Solution):
		if !m.showSolution {
			m.confirm = confirmSolution
		}
	case key.Matches(msg, k.Reset):
		m.confirm = confirmReset
	case key.Matches(msg, k.Retry):
		// Check again, changing nothing: a watch that ended (the cluster
		// went away) starts again, a running one evaluates now.
		if m.watching {
			m.poke()
			return nil
		}
		m.checksErr = nil
		return m.watchChecks()
	case key.Matches(msg, k.Focus):
		m.focus = 1 - m.focus
	case key.Matches(msg, k.Up):
		m.pane().ScrollUp(1)
	case key.Matches(msg, k.Down):
		m.pane().ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		m.pane().HalfPageUp()
	case key.Matches(msg, k.PageDown):
		m.pane().HalfPageDown()
	}
	return nil
}

func (m *Model) pane() *viewport.Model {
	if m.focus == paneOutput {
		return &m.out
	}
	return &m.text
}

func (m *Model) promptKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	switch {
	case msg.Type == tea.KeyEsc:
		m.prompt.Blur()
		m.setAnswerMode("")
		return nil
	case msg.Type == tea.KeyEnter && m.answerFor != "":
		text := strings.TrimSpace(m.prompt.Value())
		id := m.answerFor
		m.prompt.Blur()
		m.setAnswerMode("")
		if text == "" {
			return nil
		}
		return m.answer(id, text)
	case msg.Type == tea.KeyEnter:
		line := strings.TrimSpace(m.prompt.Value())
		if line == "" {
			return nil
		}
		if len(m.history) == 0 || m.history[len(m.history)-1] != line {
			m.history = append(m.history, line)
		}
		m.histIdx = len(m.history)
		m.prompt.SetValue("")
		return m.run(line)
	case key.Matches(msg, k.History) && msg.Type == tea.KeyUp:
		if m.histIdx > 0 {
			m.histIdx--
			m.prompt.SetValue(m.history[m.histIdx])
			m.prompt.CursorEnd()
		}
		return nil
	case key.Matches(msg, k.History) && msg.Type == tea.KeyDown:
		if m.histIdx < len(m.history) {
			m.histIdx++
			if m.histIdx == len(m.history) {
				m.prompt.SetValue("")
			} else {
				m.prompt.SetValue(m.history[m.histIdx])
			}
			m.prompt.CursorEnd()
		}
		return nil
	case msg.Type == tea.KeyPgUp:
		m.out.HalfPageUp()
		return nil
	case msg.Type == tea.KeyPgDown:
		m.out.HalfPageDown()
		return nil
	}
	var cmd tea.Cmd
	m.prompt, cmd = m.prompt.Update(msg)
	return cmd
}

// Cancel stops the running command (Ctrl+C).
func (m *Model) Cancel() {
	if m.running && m.cancel != nil {
		m.cancel()
	}
}

// quizzes are the open step's quiz checks, in order.
func (m *Model) quizzes() []*lessons.Check {
	var out []*lessons.Check
	if m.step == nil {
		return nil
	}
	for _, c := range m.step.Checks {
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
		for _, r := range m.checks {
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

// setAnswerMode points the prompt at a quiz (id) or back at commands ("").
func (m *Model) setAnswerMode(id string) {
	m.answerFor = id
	if id == "" {
		m.prompt.Prompt = "$ "
		m.prompt.Placeholder = m.ctx.T(i18n.PromptPlaceholder, keys.Name(m.ctx.Keys.RunPrompt), keys.Name(m.ctx.Keys.Back))
		m.prompt.SetValue("")
		return
	}
	m.prompt.Prompt = m.ctx.T(i18n.AnswerPrompt, m.quizNumber(id)) + " "
	m.prompt.Placeholder = ""
	m.prompt.SetValue(m.answers.get(lab.AnswerKey(m.StepID(), id)))
	m.prompt.CursorEnd()
}

func (m *Model) stepProse() *lessons.StepProse {
	if m.lesson == nil {
		return &lessons.StepProse{}
	}
	if sp := m.lesson.Text(m.ctx.Lang).Steps[m.lesson.Steps[m.idx].ID]; sp != nil {
		return sp
	}
	return &lessons.StepProse{Title: m.lesson.Steps[m.idx].ID}
}

// stepDone reports whether the open step is saved as done.
func (m *Model) stepDone(i int) bool {
	return m.ctx.Lab.Progress != nil && m.ctx.Lab.Progress.Done(m.lesson.ID, m.lesson.Steps[i].ID)
}

func (m *Model) appendOutput(lines ...string) {
	atBottom := m.out.AtBottom() || len(m.outLines) <= m.out.Height
	m.outLines = append(m.outLines, lines...)
	if over := len(m.outLines) - maxOutputLines; over > 0 {
		m.outLines = append([]string(nil), m.outLines[over:]...)
	}
	m.out.SetContent(strings.Join(m.wrapOutput(m.outLines), "\n"))
	if atBottom {
		m.out.GotoBottom()
	}
}

func (m *Model) rewrapOutput() {
	m.out.SetContent(strings.Join(m.wrapOutput(m.outLines), "\n"))
	m.out.GotoBottom()
}

func (m *Model) reset() tea.Cmd {
	// Read everything now: the command runs beside Update, which writes the
	// model and the program context.
	l, c, reachable := m.lesson, m.ctx.Lab, !m.ctx.ReadingMode()
	clusterKey := keys.Name(m.ctx.Keys.Cluster)
	m.Cancel()
	m.Close()
	return func() tea.Msg {
		if c.Cluster != nil && reachable {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			if err := c.Cluster.ResetNamespace(ctx, l.Namespace); err != nil {
				return resetMsg{lesson: l.ID, err: fmt.Errorf("reset lesson %s: recreate namespace %s: %w; check the cluster on the Cluster screen (%s)", l.ID, l.Namespace, err, clusterKey)}
			}
		}
		if c.Progress != nil {
			if err := c.Progress.ResetLesson(l.ID); err != nil {
				return resetMsg{lesson: l.ID, err: fmt.Errorf("reset lesson %s: %w", l.ID, err)}
			}
		}
		return resetMsg{lesson: l.ID}
	}
}

type resetMsg struct {
	lesson string
	err    error
}
