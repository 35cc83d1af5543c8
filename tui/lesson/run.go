package lesson

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/lab"
	"kubelab/tui/program"
)

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
	runner, ns := m.ctx.Lab.Runner, m.steps.lesson.Namespace
	code := -1 // stays -1 when the runner panics
	ch := program.Go(256, "the command runner", func(ch chan runEvent) error {
		defer cancel()
		var err error
		code, err = runner.Run(ctx, ns, line, func(l string) { ch <- runEvent{line: l} })
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

// checksMsg carries a report of step generation gen.
type checksMsg struct {
	gen    int
	report lab.Report
	err    error
	ended  bool
	ch     <-chan checksMsg
}

// watchChecks starts watching the open step's checks.
func (m *Model) watchChecks() tea.Cmd {
	m.Close()
	if m.ctx.ReadingMode() || m.steps.expErr != nil || m.steps.step == nil {
		return nil
	}
	gen := m.steps.gen
	ctx, cancel := context.WithCancel(context.Background())
	recheck := make(chan struct{}, 1)
	m.checks.stop, m.checks.watching, m.checks.recheck = cancel, true, recheck
	req := lab.WatchRequest{
		Catalog: m.ctx.Lab.Catalog,
		Lesson:  m.steps.lesson,
		Step:    m.steps.lesson.Steps[m.steps.idx],
		Lang:    m.ctx.Lang,
		Answers: m.checks.answers.snapshot,
		Recheck: recheck,
	}
	checker := m.ctx.Lab.Checker
	ch := program.Go(1, "the checks engine", func(ch chan checksMsg) error {
		return checker.Watch(ctx, req, func(rep lab.Report) {
			latest := checksMsg{gen: gen, report: rep}
			for {
				select {
				case ch <- latest:
					return
				case <-ctx.Done():
					return
				default:
				}
				// Keep only the newest report: drop an unread older one.
				select {
				case <-ch:
				default:
				}
			}
		})
	}, func(ch chan checksMsg, err error) {
		if ctx.Err() == nil {
			ch <- checksMsg{gen: gen, err: err, ended: true}
		}
	})
	return waitChecks(ch)
}

func waitChecks(ch <-chan checksMsg) tea.Cmd {
	return program.Next(ch, 1, func(msgs []checksMsg, open bool) tea.Msg {
		if len(msgs) == 0 {
			return nil
		}
		msg := msgs[0]
		msg.ch = ch
		return msg
	})
}

func (m *Model) onChecks(msg checksMsg) tea.Cmd {
	if msg.gen != m.steps.gen || m.steps.lesson == nil {
		return nil
	}
	if msg.ended {
		m.checks.watching = false
		if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
			m.checks.err = fmt.Errorf("watch the checks of step %s: %w; press %s to check again after fixing the cluster", m.StepID(), msg.err, keys.Name(m.ctx.Keys.Retry))
		}
		return nil
	}
	m.checks.results, m.checks.err = msg.report.Results, msg.report.Err
	cmds := []tea.Cmd{waitChecks(msg.ch)}
	if msg.report.Err == nil && allPass(m.checks.results) && !m.stepDone(m.steps.idx) && !m.checks.justDone {
		m.checks.justDone = true
		m.checks.flashID++
		m.checks.flashUntil = m.now().Add(FlashDuration)
		id := m.checks.flashID
		cmds = append(cmds, m.markDone(), tea.Tick(FlashDuration, func(time.Time) tea.Msg { return flashEndMsg{id} }))
	}
	return tea.Batch(cmds...)
}

func allPass(rs []lab.CheckResult) bool {
	if len(rs) == 0 {
		return false
	}
	for _, r := range rs {
		if !r.Pass || r.Skipped {
			return false
		}
	}
	return true
}

type flashEndMsg struct{ id int }

type savedMsg struct{ err error }

func (m *Model) markDone() tea.Cmd {
	p, l, s := m.ctx.Lab.Progress, m.steps.lesson.ID, m.StepID()
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		if err := p.MarkDone(l, s); err != nil {
			return savedMsg{fmt.Errorf("save progress of %s/%s: %w; check that the state folder is writable", l, s, err)}
		}
		return savedMsg{}
	}
}

// positionSaver orders the writes of the learner's position: commands run
// concurrently, so paging quickly through steps could otherwise save an
// older step after a newer one.
type positionSaver struct {
	mu      sync.Mutex
	written int // the sequence number of the position on disk
}

func (m *Model) saveCurrent() tea.Cmd {
	p, l, s := m.ctx.Lab.Progress, m.steps.lesson.ID, m.StepID()
	if p == nil {
		return nil
	}
	m.saveSeq++
	seq, sv := m.saveSeq, m.saver
	return func() tea.Msg {
		sv.mu.Lock()
		defer sv.mu.Unlock()
		if seq < sv.written {
			return nil // a later position is already saved
		}
		sv.written = seq
		if err := p.SetCurrent(l, s); err != nil {
			return savedMsg{fmt.Errorf("remember the current step %s/%s: %w; check that the state folder is writable", l, s, err)}
		}
		return savedMsg{}
	}
}

// answer saves the learner's answer to quiz checkID and re-evaluates.
func (m *Model) answer(checkID, text string) tea.Cmd {
	key := lab.AnswerKey(m.StepID(), checkID)
	m.checks.answers.set(key, text)
	m.checks.poke()
	m.refreshContent(true)
	p, l := m.ctx.Lab.Progress, m.steps.lesson.ID
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		if err := p.SetAnswer(l, key, text); err != nil {
			return savedMsg{fmt.Errorf("save your answer to %s: %w; check that the state folder is writable", key, err)}
		}
		return savedMsg{}
	}
}
