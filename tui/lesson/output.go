package lesson

import (
	"kubelab/internal/text"

	"context"
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/program"
)

// maxOutputLines bounds the output pane's memory.
const maxOutputLines = 2000

// output is the output pane and the command whose output it streams.
type output struct {
	view      viewport.Model
	lines     []string
	wrappedAt int // the width the lines were wrapped for

	runID   int // increases with every command; tags its messages
	running bool
	line    string // the running command line
	cancel  context.CancelFunc
}

func newOutput() output { return output{view: viewport.New(0, 0)} }

// add appends lines, keeping the newest maxOutputLines, and follows them
// when the pane was at its bottom.
func (o *output) add(lines ...string) {
	atBottom := o.view.AtBottom() || len(o.lines) <= o.view.Height
	o.lines = append(o.lines, lines...)
	if over := len(o.lines) - maxOutputLines; over > 0 {
		o.lines = append([]string(nil), o.lines[over:]...)
	}
	o.view.SetContent(strings.Join(o.wrap(o.lines), "\n"))
	if atBottom {
		o.view.GotoBottom()
	}
}

// clear empties the pane.
func (o *output) clear() {
	o.lines = nil
	o.view.SetContent("")
}

// setSize sizes the pane, wrapping the lines again when its width changed.
func (o *output) setSize(w, h int) {
	o.view.Width, o.view.Height = w, h
	if w != o.wrappedAt {
		o.wrappedAt = w
		o.view.SetContent(strings.Join(o.wrap(o.lines), "\n"))
		o.view.GotoBottom()
	}
}

// wrap fits output lines to the pane: long lines wrap, so nothing is lost
// off the right edge.
func (o *output) wrap(lines []string) []string {
	w := max(o.view.Width, 8)
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		// A command's output is anyone's bytes (a pod's logs, a pack's
		// command): colours pass, every other escape shows as text.
		l = text.SanitizeStyled(strings.ReplaceAll(l, "\t", "    "))
		if ansi.StringWidth(l) <= w {
			out = append(out, l)
			continue
		}
		out = append(out, strings.Split(ansi.Hardwrap(l, w, false), "\n")...)
	}
	return out
}

// stop cancels the running command.
func (o *output) stop() {
	if o.running && o.cancel != nil {
		o.cancel()
	}
}

// runEvent is what the runner's goroutine reports: output lines, then one
// final event with the exit code.
type runEvent struct {
	line string
	done bool
	code int
	err  error
}

// runMsg carries a batch of events of run id.
type runMsg struct {
	id     int
	events []runEvent
	ch     <-chan runEvent
}

// run starts a command line in a goroutine; its output comes back as runMsgs.
func (m *Model) run(line string) tea.Cmd {
	if m.output.running {
		m.notice = m.ctx.T(i18n.AlreadyRunning, keys.Name(m.ctx.Keys.Interrupt))
		return nil
	}
	m.output.add(m.ctx.Theme.Command.Render("$ " + line))
	if m.ctx.ReadingMode() {
		m.output.add(m.ctx.Theme.Banner.Render(m.ctx.T(i18n.RunReadingMode, keys.Name(m.ctx.Keys.Cluster))))
		return nil
	}
	m.output.runID++
	m.output.running, m.output.line = true, line
	ctx, cancel := context.WithCancel(context.Background())
	m.output.cancel = cancel
	runner, ns, dir := m.ctx.Lab.Runner, m.steps.lesson.Namespace, m.runDir()
	code := -1 // stays -1 when the runner panics
	ch := program.Go(256, "the command runner", func(ch chan runEvent) error {
		defer cancel()
		var err error
		code, err = runner.Run(ctx, ns, dir, line, func(l string) { ch <- runEvent{line: l} })
		if errors.Is(ctx.Err(), context.Canceled) {
			err = context.Canceled
		}
		return err
	}, func(ch chan runEvent, err error) {
		ch <- runEvent{done: true, code: code, err: err}
	})
	return waitRun(m.output.runID, ch)
}

// waitRun waits for the next events of a run.
func waitRun(id int, ch <-chan runEvent) tea.Cmd {
	return program.Next(ch, 200, func(evs []runEvent, open bool) tea.Msg {
		msg := runMsg{id: id, events: evs}
		if open {
			msg.ch = ch
		}
		return msg
	})
}

func (m *Model) onRun(msg runMsg) tea.Cmd {
	if msg.id != m.output.runID {
		return nil
	}
	th := m.ctx.Theme
	var lines []string
	finished := msg.ch == nil
	for _, ev := range msg.events {
		if !ev.done {
			lines = append(lines, ev.line)
			continue
		}
		finished = true
		switch {
		case errors.Is(ev.err, context.Canceled):
			lines = append(lines, th.Warning.Render(m.ctx.T(i18n.Canceled)))
		case ev.err != nil:
			lines = append(lines, th.Error.Render(m.ctx.T(i18n.RunFailed, ev.err)))
		case ev.code != 0:
			lines = append(lines, th.Error.Render(m.ctx.T(i18n.Exited, ev.code)))
		default:
			lines = append(lines, th.Faint.Render(m.ctx.T(i18n.Exited, ev.code)))
		}
	}
	if len(lines) > 0 {
		m.output.add(lines...)
	}
	if finished {
		m.output.running, m.output.cancel = false, nil
		m.checks.poke() // the command may have changed what the checks read
		return nil
	}
	return waitRun(msg.id, msg.ch)
}
