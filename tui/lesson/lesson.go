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
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"kubelab/lessons"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/program"
)

// FlashDuration is how long the success moment lasts.
var FlashDuration = 3 * time.Second

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

// Model is the lesson screen. Its parts are sub-models, each in its own
// file: the open step and its text (steps), the command line (prompt), the
// output pane and its command (output), and the step's checks (checks).
// What is left here ties them together.
type Model struct {
	ctx *program.Context

	steps  steps
	prompt prompt
	output output
	checks checks
	files  files // the open step's files in the learner's workspace

	typeAlong bool // number keys put a listed command into the prompt

	width, height int
	focus         pane
	confirm       confirmKind
	notice        string // a one-line message under the title (no more hints, reset done)
	resetting     bool
	saver         *positionSaver
	saveSeq       int
	now           func() time.Time
}

// New builds an empty lesson screen; Open shows a lesson.
func New(ctx *program.Context) *Model {
	m := &Model{ctx: ctx, steps: newSteps(), prompt: newPrompt(), output: newOutput(), checks: checks{details: viewport.New(0, 0)}, now: time.Now, saver: &positionSaver{}, typeAlong: ctx.Lab.TypeAlong}
	m.applyLang()
	return m
}

func (m *Model) applyLang() {
	m.prompt.input.Placeholder = m.ctx.T(i18n.PromptPlaceholder, keys.Name(m.ctx.Keys.RunPrompt), keys.Name(m.ctx.Keys.Back))
}

// Lesson is the open lesson, or nil.
func (m *Model) Lesson() *lessons.Lesson { return m.steps.lesson }

// StepID is the open step's id.
func (m *Model) StepID() string {
	if m.steps.lesson == nil {
		return ""
	}
	return m.steps.lesson.Steps[m.steps.idx].ID
}

// Capturing reports whether the prompt has the keyboard, or a confirmation
// waits for its answer: global keys must not act then.
func (m *Model) Capturing() bool { return m.prompt.input.Focused() || m.confirm != confirmNone }

// Open shows a lesson at stepID, or at its first step not done yet.
func (m *Model) Open(l *lessons.Lesson, stepID string) tea.Cmd {
	if m.steps.lesson != nil && m.steps.lesson.ID == l.ID && (stepID == "" || stepID == m.StepID()) {
		return nil
	}
	m.steps.lesson = l
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
	m.output.clear()
	return m.openStep(idx)
}

func (m *Model) openStep(idx int) tea.Cmd {
	m.checks.end()
	m.steps.gen++
	m.steps.idx = idx
	m.steps.hints, m.steps.showSolution, m.confirm, m.notice = 0, false, confirmNone, ""
	m.checks.results, m.checks.err, m.checks.justDone, m.checks.flashUntil = nil, nil, false, time.Time{}
	m.checks.showDetails = false
	if m.ctx.Lab.Progress != nil {
		m.checks.answers.load(m.ctx.Lab.Progress.Answers(m.steps.lesson.ID))
	}
	m.setAnswerMode("")
	raw := m.steps.lesson.Steps[idx]
	m.steps.step, m.steps.expErr = raw, nil
	if cat := m.ctx.Lab.Catalog; cat != nil {
		if s, err := cat.ExpandStep(raw, lessons.LabVars(m.steps.lesson.Namespace)); err == nil {
			m.steps.step = s
		} else {
			m.steps.expErr = err
		}
	}
	filesCmd := m.openFiles(raw)
	m.refreshContent(true)
	return tea.Batch(m.saveCurrent(), m.watchChecks(), filesCmd)
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
	if !m.output.running {
		return false
	}
	m.output.stop()
	return true
}

// Stop cancels the running command and the checks' watch.
func (m *Model) Stop() {
	m.output.stop()
	m.checks.end()
}

// ShortHelp is the screen's keys for the one-line help.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	if m.prompt.input.Focused() {
		return []key.Binding{k.RunPrompt, k.History, k.Back, k.Interrupt}
	}
	out := []key.Binding{k.RunCommand, k.Prompt}
	if m.files.active() {
		out = append(out, k.Edit, k.Apply)
	}
	if len(m.quizzes()) > 0 {
		out = append(out, k.Answer)
	}
	if m.checks.err != nil && !m.checks.watching {
		out = append(out, k.Retry) // the watch ended: say how to start it again
	}
	out = append(out, k.NextStep, k.PrevStep, k.Hint, k.Solution)
	if m.checks.showDetails || m.hasDetails() {
		out = append(out, k.Details) // a reason was summarised: say where the rest is
	}
	return append(out, k.Back, k.Help)
}

// FullHelp is the screen's keys for the help screen.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	return [][]key.Binding{
		{k.RunCommand, k.Prompt, k.RunPrompt, k.History, k.Interrupt, k.Answer},
		{k.Edit, k.Apply, k.TypeAlong},
		{k.NextStep, k.PrevStep, k.Hint, k.Solution, k.Retry, k.Details, k.Reset},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Focus},
	}
}

// Update handles keys and the screen's own messages.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.filesUpdate(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if m.steps.lesson == nil {
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
		if msg.id == m.checks.flashID {
			m.checks.flashUntil = time.Time{}
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
		if m.steps.lesson != nil && msg.lesson == m.steps.lesson.ID {
			cmd := m.openStep(0)
			m.notice = m.ctx.T(i18n.ResetDone, m.steps.lesson.Namespace)
			if len(msg.saved) > 0 {
				m.notice += " " + m.ctx.T(i18n.FilesRestored, savedList(msg.saved))
			}
			return tea.Batch(cmd, func() tea.Msg { return program.ProgressChangedMsg{} })
		}
	case program.StatusMsg:
		// The reading-mode banner may have come or gone: lay out again.
		m.refreshContent(true)
		if m.steps.lesson != nil && !m.checks.watching && !m.ctx.ReadingMode() {
			return tea.Batch(m.watchChecks(), m.revalidatePending())
		}
		return m.revalidatePending()
	case program.LangChangedMsg:
		// Check results are messages rendered in the view: the watch goes
		// on, and the next frame speaks the new language.
		m.applyLang()
		m.refreshContent(true)
		m.refreshDetails()
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
			m.steps.showSolution = true
			m.refreshContent(true)
			return m.saveSolution()
		case confirmReset:
			m.resetting = true
			m.notice = m.ctx.T(i18n.Resetting, m.steps.lesson.Namespace)
			return m.reset()
		}
		return nil
	}
	if m.resetting {
		return nil // the lesson is being reset: wait for it
	}
	if m.prompt.input.Focused() {
		return m.promptKey(msg)
	}
	m.notice = ""
	switch {
	case key.Matches(msg, k.RunCommand):
		n := int(msg.String()[0] - '1')
		if why, blocked := m.classBlocked(m.steps.idx); blocked {
			m.notice = why.Text(m.ctx.Lang)
			return nil
		}
		if m.steps.step != nil && n < len(m.steps.step.Commands) {
			if m.typeAlong {
				return m.typeAlongCommand(m.steps.step.Commands[n])
			}
			return m.run(m.steps.step.Commands[n])
		}
	case key.Matches(msg, k.Edit):
		return m.edit()
	case key.Matches(msg, k.Apply):
		if !m.files.active() {
			m.notice = m.ctx.T(i18n.NoFiles)
			return nil
		}
		return m.run(m.applyCommand())
	case key.Matches(msg, k.TypeAlong):
		return m.toggleTypeAlong()
	case key.Matches(msg, k.Prompt):
		m.setAnswerMode("")
		return m.prompt.input.Focus()
	case key.Matches(msg, k.Answer):
		if id := m.openQuiz(); id != "" {
			m.setAnswerMode(id)
			return m.prompt.input.Focus()
		}
		m.notice = m.ctx.T(i18n.NoQuiz)
	case key.Matches(msg, k.NextStep):
		if m.steps.idx+1 < len(m.steps.lesson.Steps) {
			return m.openStep(m.steps.idx + 1)
		}
		m.notice = m.ctx.T(i18n.LastStep, keys.Name(k.Back))
	case key.Matches(msg, k.PrevStep):
		if m.steps.idx > 0 {
			return m.openStep(m.steps.idx - 1)
		}
	case key.Matches(msg, k.Hint):
		if n := len(m.stepProse().Hints); m.steps.hints < n {
			m.steps.hints++
			m.refreshContent(true)
			m.steps.text.GotoBottom()
			return m.saveHints(m.steps.hints)
		} else {
			m.notice = m.ctx.T(i18n.NoMoreHints, keys.Name(k.Solution))
		}
	case key.Matches(msg, k.Solution):
		if !m.steps.showSolution {
			m.confirm = confirmSolution
		}
	case key.Matches(msg, k.Reset):
		m.confirm = confirmReset
	case key.Matches(msg, k.Retry):
		// Check again, changing nothing: a watch that ended (the cluster
		// went away) starts again, a running one evaluates now.
		if m.checks.watching {
			m.checks.poke()
			return nil
		}
		m.checks.err = nil
		return m.watchChecks()
	case key.Matches(msg, k.Details):
		m.toggleDetails()
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
		return &m.output.view
	}
	if m.checks.showDetails {
		return &m.checks.details
	}
	return &m.steps.text
}

func (m *Model) promptKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	switch {
	case msg.Type == tea.KeyEsc:
		m.prompt.input.Blur()
		m.setAnswerMode("")
		return nil
	case msg.Type == tea.KeyEnter && m.prompt.answerFor != "":
		text := strings.TrimSpace(m.prompt.input.Value())
		id := m.prompt.answerFor
		m.prompt.input.Blur()
		m.setAnswerMode("")
		if text == "" {
			return nil
		}
		return m.answer(id, text)
	case msg.Type == tea.KeyEnter:
		line := strings.TrimSpace(m.prompt.input.Value())
		if line == "" {
			return nil
		}
		m.prompt.remember(line)
		m.prompt.input.SetValue("")
		return m.run(line)
	case key.Matches(msg, k.History) && msg.Type == tea.KeyUp:
		m.prompt.back()
		return nil
	case key.Matches(msg, k.History) && msg.Type == tea.KeyDown:
		m.prompt.forward()
		return nil
	case msg.Type == tea.KeyPgUp:
		m.output.view.HalfPageUp()
		return nil
	case msg.Type == tea.KeyPgDown:
		m.output.view.HalfPageDown()
		return nil
	}
	var cmd tea.Cmd
	m.prompt.input, cmd = m.prompt.input.Update(msg)
	return cmd
}

// setAnswerMode points the prompt at a quiz (id) or back at commands ("").
func (m *Model) setAnswerMode(id string) {
	m.prompt.answerFor = id
	if id == "" {
		m.prompt.input.Prompt = "$ "
		m.prompt.input.Placeholder = m.ctx.T(i18n.PromptPlaceholder, keys.Name(m.ctx.Keys.RunPrompt), keys.Name(m.ctx.Keys.Back))
		m.prompt.input.SetValue("")
		return
	}
	m.prompt.input.Prompt = m.ctx.T(i18n.AnswerPrompt, m.quizNumber(id)) + " "
	m.prompt.input.Placeholder = ""
	answer := m.checks.answers.get(lessons.AnswerKey(m.StepID(), id))
	if c := m.quizCheck(id); c != nil && answer != "" {
		answer = m.choiceLetter(c, answer)
	}
	m.prompt.input.SetValue(answer)
	m.prompt.input.CursorEnd()
}
