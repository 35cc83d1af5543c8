// Package exam is the Exam screen: the learner chooses an exam, watches its
// tasks being prepared, works them against a clock that is always on
// screen (moving freely between tasks, flagging some for review, with a
// prompt of their own in each task's namespace, and no hints, no solutions
// and no checks unless they practise), and reads the report when the time
// is up or they end the exam. The exam itself runs behind lab.Exams.
package exam

import (
	lmsg "kubelab/internal/msg"

	"context"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"kubelab/internal/progress"
	"kubelab/tui/lab"
	"kubelab/tui/lesson"
	"kubelab/tui/program"
)

type phase int

const (
	phaseSetup phase = iota
	phasePreparing
	phaseRunning
	phaseEnding
	phaseReport
)

// Setup fields, in the order they are listed.
const (
	fieldTasks = iota
	fieldMinutes
	fieldPractice
	fieldPart
	fields
)

// maxOutput bounds the output lines kept.
const maxOutput = 500

// Model is the Exam screen.
type Model struct {
	ctx  *program.Context
	w, h int

	phase    phase
	field    int
	tasks    int
	minutes  int
	part     int // 0: every part, else cat.Parts[part-1]
	practice bool

	token            int // the current exam's; messages of another are dropped
	ex               lab.Exam
	list             []lab.ExamTask
	flags            []bool
	cur              int
	seed             uint64
	prepDone, prepOf int
	prepErr          error
	confirm          bool

	input   textinput.Model
	typing  bool
	out     []string
	running bool
	cancel  context.CancelFunc
	runID   int
	live    map[int]lab.Report

	rec      *progress.Exam
	cleaning bool
	cleanErr error
	cleaned  bool
	report   viewport.Model
}

// New builds the Exam screen.
func New(ctx *program.Context) *Model {
	in := textinput.New()
	in.Prompt = "$ "
	in.CharLimit = 4096
	in.Cursor.SetMode(cursor.CursorStatic)
	return &Model{
		ctx: ctx, tasks: 5, minutes: 30, input: in, report: viewport.New(0, 0),
	}
}

// Now is the screen's clock, and Seed draws each exam's seed; tests fix
// them so that frames do not change with the time.
var (
	Now  = time.Now
	Seed = func() uint64 { return rand.Uint64N(1 << 31) }
)

func (m *Model) t(key string, args ...any) string { return lmsg.New(key, args...).Text(m.ctx.Lang) }

// SetSize sets the area the screen may draw in.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.input.Width = max(w-4, 10)
	m.report.Width, m.report.Height = w, max(h, 1)
	if m.rec != nil {
		m.report.SetContent(m.reportText())
	}
}

// Title is the tab's label; while the clock runs it carries the time left,
// so the time stays on screen whichever screen the learner is on.
func (m *Model) Title() string {
	if m.phase == phaseRunning {
		return m.t("tui.exam.titleClock", clock(m.ex.Deadline().Sub(Now())))
	}
	return m.t("tui.exam.title")
}

// Key shows the screen from anywhere.
func (m *Model) Key() key.Binding { return m.ctx.Keys.Exam }

// Capturing: the prompt has the focus, or the end waits for its answer.
func (m *Model) Capturing() bool { return m.typing || m.confirm }

// Stop cancels a running command when the program ends. A running exam is
// left as it is: `kubelab exam --end` scores it.
func (m *Model) Stop() {
	if m.cancel != nil {
		m.cancel()
	}
}

// ShortHelp are the keys of the help line.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	switch {
	case m.typing:
		return []key.Binding{k.RunPrompt, k.Back}
	case m.confirm:
		return []key.Binding{k.Yes}
	}
	switch m.phase {
	case phaseSetup:
		return []key.Binding{k.Open, k.Up, k.Down, k.Less, k.More}
	case phaseRunning:
		return []key.Binding{k.Prompt, k.Edit, k.NextTask, k.PrevTask, k.JumpTask, k.Flag, k.EndExam}
	case phaseReport:
		return []key.Binding{k.Up, k.Down, k.Open}
	}
	return nil
}

// FullHelp groups the keys for the help screen.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	return [][]key.Binding{{k.Open, k.Less, k.More}, {k.Prompt, k.RunPrompt, k.Edit, k.NextTask, k.PrevTask, k.JumpTask, k.Flag, k.EndExam}}
}

// Messages of the screen's work, tagged with the exam's token.
type (
	prepEvent struct {
		done, of int
		finished bool
		err      error
	}
	prepMsg struct {
		token int
		evs   []prepEvent
		ch    <-chan prepEvent
	}
	tickMsg   struct{ token int }
	editedMsg struct {
		token int
		err   error
	}
	endedMsg struct {
		token int
		rec   progress.Exam
		err   error
	}
	cleanedMsg struct {
		token int
		err   error
	}
	liveMsg struct {
		token, task int
		rep         lab.Report
	}
	runEvent struct {
		line string
		done bool
		code int
		err  error
	}
	runMsg struct {
		token, id int
		evs       []runEvent
		ch        <-chan runEvent
	}
)

// Update handles keys (when the screen is on top) and the screen's work.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m.key(msg)
	case prepMsg:
		if msg.token != m.token {
			return nil
		}
		return m.onPrep(msg)
	case tickMsg:
		if msg.token != m.token || m.phase != phaseRunning {
			return nil
		}
		if !Now().Before(m.ex.Deadline()) {
			return m.end()
		}
		return m.tick()
	case endedMsg:
		if msg.token != m.token {
			return nil
		}
		rec := msg.rec
		m.rec, m.phase, m.cleaning = &rec, phaseReport, true
		m.report.SetContent(m.reportText())
		m.report.GotoTop()
		ex, token := m.ex, m.token
		save := m.ctx.Lab.Exams.Save
		return func() tea.Msg {
			err := save(rec)
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			return cleanedMsg{token: token, err: errors.Join(err, ex.Cleanup(ctx))}
		}
	case cleanedMsg:
		if msg.token == m.token {
			m.cleaning, m.cleaned, m.cleanErr = false, true, msg.err
			m.report.SetContent(m.reportText())
		}
		return nil
	case editedMsg:
		if msg.token == m.token && msg.err != nil {
			m.addOutput(m.t("tui.exam.editorFailed", strings.Join(lesson.EditorCommand(os.Getenv), " "), msg.err.Error()))
		}
		return m.liveCmd()
	case liveMsg:
		if msg.token == m.token {
			m.live[msg.task] = msg.rep
		}
		return nil
	case runMsg:
		if msg.token != m.token || msg.id != m.runID {
			return nil
		}
		return m.onRun(msg)
	case program.LangChangedMsg:
		if m.rec != nil {
			m.report.SetContent(m.reportText())
		}
	}
	return nil
}

func (m *Model) tick() tea.Cmd {
	token := m.token
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{token: token} })
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	if m.confirm {
		m.confirm = false
		if key.Matches(msg, k.Yes) {
			return m.end()
		}
		return nil
	}
	if m.typing {
		return m.promptKey(msg)
	}
	switch m.phase {
	case phaseSetup:
		return m.setupKey(msg)
	case phaseRunning:
		return m.runningKey(msg)
	case phaseReport:
		if key.Matches(msg, k.Open) && !m.cleaning {
			m.phase, m.rec, m.ex = phaseSetup, nil, nil
			return nil
		}
		var cmd tea.Cmd
		m.report, cmd = m.report.Update(msg)
		return cmd
	}
	return nil
}

func (m *Model) setupKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	switch {
	case key.Matches(msg, k.Up):
		m.field = (m.field + fields - 1) % fields
	case key.Matches(msg, k.Down):
		m.field = (m.field + 1) % fields
	case key.Matches(msg, k.Less):
		m.change(-1)
	case key.Matches(msg, k.More):
		m.change(1)
	case key.Matches(msg, k.Open):
		return m.begin()
	}
	return nil
}

func (m *Model) change(d int) {
	switch m.field {
	case fieldTasks:
		m.tasks = min(max(m.tasks+d, 1), 50)
	case fieldMinutes:
		step := 5
		if m.minutes+d*step < 5 || (m.minutes < 5 && d > 0) {
			step = 1
		}
		m.minutes = min(max(m.minutes+d*step, 1), 240)
	case fieldPractice:
		m.practice = !m.practice
	case fieldPart:
		n := len(m.ctx.Lab.Catalog.Parts) + 1
		m.part = (m.part + d + n) % n
	}
}

// begin draws the exam and prepares it.
func (m *Model) begin() tea.Cmd {
	exams := m.ctx.Lab.Exams
	if exams == nil || m.ctx.ReadingMode() {
		return program.Fail(lmsg.Errorf(nil, "tui.exam.noExams"))
	}
	spec := lab.ExamSpec{Tasks: m.tasks, Minutes: m.minutes, Seed: Seed(), Practice: m.practice}
	if m.part > 0 {
		spec.Parts = []string{m.ctx.Lab.Catalog.Parts[m.part-1].ID}
	}
	ex, err := exams.New(spec)
	if err != nil {
		return program.Fail(err)
	}
	m.token++
	m.ex, m.list, m.seed = ex, ex.Tasks(), spec.Seed
	m.flags, m.cur, m.out, m.live = make([]bool, len(m.list)), 0, nil, map[int]lab.Report{}
	m.phase, m.prepDone, m.prepOf, m.prepErr = phasePreparing, 0, len(m.list), nil
	token := m.token
	ch := program.Go(16, "the exam's preparation", func(ch chan prepEvent) error {
		return ex.Prepare(context.Background(), func(done, of int) { ch <- prepEvent{done: done, of: of} })
	}, func(ch chan prepEvent, err error) { ch <- prepEvent{finished: true, err: err} })
	return waitPrep(token, ch)
}

func waitPrep(token int, ch <-chan prepEvent) tea.Cmd {
	return program.Next(ch, 16, func(evs []prepEvent, open bool) tea.Msg {
		msg := prepMsg{token: token, evs: evs}
		if open {
			msg.ch = ch
		}
		return msg
	})
}

func (m *Model) onPrep(msg prepMsg) tea.Cmd {
	for _, ev := range msg.evs {
		if !ev.finished {
			m.prepDone, m.prepOf = ev.done, ev.of
			continue
		}
		if ev.err != nil {
			m.prepErr, m.phase = ev.err, phaseSetup
			ex := m.ex
			return tea.Batch(program.Fail(lmsg.Errorf(ev.err, "tui.exam.prepFailed", ev.err.Error())), func() tea.Msg {
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
				defer cancel()
				ex.Cleanup(ctx)
				return nil
			})
		}
		// The clock starts only now: preparing never counts.
		if err := m.ex.Start(Now(), time.Duration(m.minutes)*time.Minute); err != nil {
			m.phase = phaseSetup
			return program.Fail(err)
		}
		m.phase = phaseRunning
		return tea.Batch(m.tick(), m.liveCmd())
	}
	if msg.ch == nil {
		return nil
	}
	return waitPrep(msg.token, msg.ch)
}

func (m *Model) runningKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	switch {
	case key.Matches(msg, k.Prompt):
		m.typing = true
		m.input.Focus()
	case key.Matches(msg, k.NextTask):
		return m.selectTask((m.cur + 1) % len(m.list))
	case key.Matches(msg, k.PrevTask):
		return m.selectTask((m.cur + len(m.list) - 1) % len(m.list))
	case key.Matches(msg, k.JumpTask):
		if n := int(msg.Runes[0] - '1'); n < len(m.list) {
			return m.selectTask(n)
		}
	case key.Matches(msg, k.Flag):
		m.flags[m.cur] = !m.flags[m.cur]
		m.ex.ToggleFlag(m.cur)
	case key.Matches(msg, k.Edit):
		return m.edit()
	case key.Matches(msg, k.EndExam):
		m.confirm = true
	}
	return nil
}

// edit opens the task's first starter file in the learner's editor, in the
// task's folder; the program takes the terminal back when it exits.
func (m *Model) edit() tea.Cmd {
	t := m.list[m.cur]
	if len(t.Step.Starter) == 0 {
		m.addOutput(m.t("tui.exam.noFiles"))
		return nil
	}
	argv := lesson.EditorCommand(os.Getenv)
	c := exec.Command(argv[0], append(argv[1:], t.Step.Starter[0].Name)...)
	c.Dir = t.Dir
	token := m.token
	return tea.ExecProcess(c, func(err error) tea.Msg { return editedMsg{token: token, err: err} })
}

func (m *Model) selectTask(i int) tea.Cmd {
	if i == m.cur {
		return nil
	}
	m.ex.Select(i, Now())
	m.cur = i
	return m.liveCmd()
}

// liveCmd evaluates the current task in practice mode.
func (m *Model) liveCmd() tea.Cmd {
	ex, token, i := m.ex, m.token, m.cur
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		rep, ok := ex.Live(ctx, i)
		if !ok {
			return nil
		}
		return liveMsg{token: token, task: i, rep: rep}
	}
}

func (m *Model) end() tea.Cmd {
	if m.phase != phaseRunning {
		return nil
	}
	m.phase = phaseEnding
	m.Stop()
	// Nothing typed counts any more: the prompt goes with the clock.
	m.typing, m.confirm = false, false
	m.input.Blur()
	ex, token := m.ex, m.token
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		return endedMsg{token: token, rec: ex.End(ctx)}
	}
}
