package lesson

import (
	"errors"
	"os"
	"strings"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"kubelab/internal/render"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/lab"
)

// setup is what the screen knows of the open step's setup: the commands,
// hidden from the learner, that put the cluster into the state the step
// starts from. The checker runs them when it opens the step, before its
// first report; until then the step is being prepared, and a failure stops
// the watch. Their output goes to a log the learner opens with a key, in
// place of the step's text.
type setup struct {
	reported bool            // the watch reported since it started: any setup is over
	failed   *lab.SetupError // the setup failed; the watch ended

	showLog bool
	log     viewport.Model
	logPath string
	logText string // the log as read, unwrapped
	logErr  error  // why it could not be read
	logGen  int    // the reading the screen waits for
}

// hasSetup reports whether the open step has setup commands.
func (m *Model) hasSetup() bool {
	return m.steps.lesson != nil && len(m.steps.lesson.Steps[m.steps.idx].Setup) > 0
}

// preparing reports whether the open step's setup may be running: the
// watch started and has not reported yet.
func (m *Model) preparing() bool {
	return m.hasSetup() && m.checks.watching && !m.setup.reported && m.setup.failed == nil
}

// setupLogPath is the open step's setup log, or "" when the lab keeps none.
func (m *Model) setupLogPath() string {
	if m.ctx.Lab.SetupLog == nil || !m.hasSetup() {
		return ""
	}
	return m.ctx.Lab.SetupLog(m.steps.lesson.ID, m.StepID())
}

// setupStarted forgets the last watch's setup: a new watch prepares the
// step again when the checker opens it afresh.
func (m *Model) setupStarted() {
	m.setup.reported, m.setup.failed = false, nil
}

// setupEnded takes the end of a watch: true when its setup failed. An open
// log is read again, to show the failure.
func (m *Model) setupEnded(err error) (bool, tea.Cmd) {
	var se *lab.SetupError
	if !errors.As(err, &se) {
		return false, nil
	}
	m.setup.failed = se
	if m.setup.showLog {
		return true, m.readSetupLog()
	}
	return true, nil
}

// setupReported takes a watch's report: the setup is over. An open log is
// read again when it was being written.
func (m *Model) setupReported() tea.Cmd {
	was := m.setup.reported
	m.setup.reported = true
	if !was && m.setup.showLog {
		return m.readSetupLog()
	}
	return nil
}

// setupChecksView is what the checks column shows instead of the checks
// while the step is prepared or when that failed; ok is false otherwise.
func (m *Model) setupChecksView(w int) (s string, ok bool) {
	c, th := m.ctx, m.ctx.Theme
	switch {
	case m.setup.failed != nil:
		return th.Error.Render(render.Wrap(th.Marks.Fail+" "+c.T(i18n.SetupFailedShort), w)) + "\n", true
	case m.preparing():
		return th.Warning.Render(render.Wrap(th.Marks.Running+" "+c.T(i18n.SetupPreparing), w)) + "\n" +
			th.Subtle.Render(render.Wrap(c.T(i18n.SetupPreparingNote), w)) + "\n", true
	}
	return "", false
}

// setupBanner says, under the title, that the setup failed, where its log
// is and which keys open it and try again.
func (m *Model) setupBanner() string {
	if m.setup.failed == nil {
		return ""
	}
	c := m.ctx
	path := m.setup.failed.Log
	if path == "" {
		path = m.setupLogPath()
	}
	return c.T(i18n.SetupFailed, shortPath(path), keys.Name(c.Keys.SetupLog), keys.Name(c.Keys.Retry))
}

// toggleSetupLog opens the step's setup log in place of its text, or
// closes it.
func (m *Model) toggleSetupLog() tea.Cmd {
	if m.setup.showLog {
		m.setup.showLog = false
		return nil
	}
	path := m.setupLogPath()
	if path == "" {
		m.notice = m.ctx.T(i18n.NoSetup)
		return nil
	}
	m.checks.showDetails = false
	m.setup.showLog, m.setup.logPath = true, path
	m.setup.logText, m.setup.logErr = "", nil
	m.setup.log.GotoTop()
	m.refreshSetupLog()
	return m.readSetupLog()
}

// setupLogMsg is the setup log as read for reading gen.
type setupLogMsg struct {
	gen  int
	text string
	err  error
}

// readSetupLog reads the open log from the disk.
func (m *Model) readSetupLog() tea.Cmd {
	m.setup.logGen++
	gen, path := m.setup.logGen, m.setup.logPath
	return func() tea.Msg {
		data, err := os.ReadFile(path)
		return setupLogMsg{gen: gen, text: string(data), err: err}
	}
}

func (m *Model) onSetupLog(msg setupLogMsg) {
	if msg.gen != m.setup.logGen {
		return
	}
	m.setup.logText, m.setup.logErr = msg.text, msg.err
	m.refreshSetupLog()
}

// refreshSetupLog draws the log pane again, keeping its scroll.
func (m *Model) refreshSetupLog() {
	if !m.setup.showLog {
		return
	}
	c, th, w := m.ctx, m.ctx.Theme, max(m.setup.log.Width, 10)
	var b strings.Builder
	b.WriteString(th.PaneTitle.Render(render.Wrap(c.T(i18n.SetupLogTitle, shortPath(m.setup.logPath), keys.Name(c.Keys.SetupLog)), w)) + "\n\n")
	switch {
	case errors.Is(m.setup.logErr, os.ErrNotExist):
		b.WriteString(th.Subtle.Render(render.Wrap(c.T(i18n.SetupLogNone), w)))
	case m.setup.logErr != nil:
		b.WriteString(th.Error.Render(render.Wrap(c.T(i18n.SetupLogUnreadable, m.setup.logErr), w)))
	default:
		// The commands' own output, as they wrote it, cut to the width:
		// nothing of it is dropped or moved.
		b.WriteString(ansi.Hardwrap(strings.TrimRight(ansi.Strip(m.setup.logText), "\n"), w, true))
	}
	y := m.setup.log.YOffset
	m.setup.log.SetContent(b.String())
	m.setup.log.SetYOffset(y)
}

// sizeSetupLog gives the log pane the text pane's size.
func (m *Model) sizeSetupLog(w, h int) {
	if m.setup.log.Width != w || m.setup.log.Height != h {
		m.setup.log.Width, m.setup.log.Height = w, h
		m.refreshSetupLog()
	}
}
