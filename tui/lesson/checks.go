package lesson

import (
	lmsg "kubelab/internal/msg"
	"kubelab/tui/i18n"

	"context"
	"errors"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"kubelab/tui/keys"
	"kubelab/tui/lab"
	"kubelab/tui/program"
)

// checks are the open step's checks as the watch last reported them, the
// watch itself, the learner's quiz answers, and the success moment of a
// step that just turned done.
type checks struct {
	results  []lab.CheckResult
	err      error // the last report's error, or why the watch ended
	answers  answers
	watching bool
	stop     context.CancelFunc
	recheck  chan struct{}

	flashUntil time.Time
	flashID    int
	justDone   bool // the open step turned done while open
}

// end stops the watch.
func (c *checks) end() {
	if c.stop != nil {
		c.stop()
		c.stop = nil
	}
	c.watching = false
}

// poke asks the watch to evaluate again now.
func (c *checks) poke() {
	if c.recheck == nil {
		return
	}
	select {
	case c.recheck <- struct{}{}:
	default:
	}
}

// flashing reports whether the success moment is on at now.
func (c *checks) flashing(now time.Time) bool {
	return !c.flashUntil.IsZero() && now.Before(c.flashUntil)
}

// answers are the open lesson's quiz answers, read by the checks engine's
// goroutine and written by Update.
type answers struct {
	mu sync.Mutex
	m  map[string]string
}

func (a *answers) snapshot() map[string]string {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make(map[string]string, len(a.m))
	for k, v := range a.m {
		out[k] = v
	}
	return out
}

func (a *answers) set(key, v string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		a.m = map[string]string{}
	}
	a.m[key] = v
}

func (a *answers) get(key string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.m[key]
}

func (a *answers) load(m map[string]string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.m = make(map[string]string, len(m))
	for k, v := range m {
		a.m[k] = v
	}
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
	m.checks.end()
	if m.ctx.ReadingMode() || m.steps.expErr != nil || m.steps.step == nil {
		return nil
	}
	if rs, blocked := m.classSkipped(); blocked {
		m.checks.results = rs
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
			m.checks.err = lmsg.Errorf(msg.err, string(i18n.ErrWatch), m.StepID(), keys.Name(m.ctx.Keys.Retry))
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
