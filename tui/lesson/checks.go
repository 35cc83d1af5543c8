package lesson

import (
	lmsg "kubelab/internal/msg"
	"kubelab/tui/i18n"

	"context"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"kubelab/internal/render"
	"kubelab/internal/text"
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

	// showDetails puts the checks' full reports, every value they saw, in
	// place of the step's text; details is that pane.
	showDetails bool
	details     viewport.Model
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
	m.refreshDetails()
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

// reasonLines is how many lines of the checks column a check's reason may
// take; the whole of it is in the details.
const reasonLines = 2

// summary fits s into at most n lines of width w, wrapped by the text
// rules (Chinese breaks between characters, each two columns wide); when
// it needs more, the last line shown ends with "…". more, when not empty,
// ends the summary of a text that was cut or says less than there is (a
// check with details), fitted in as well; clipped says whether anything
// was cut.
func summary(s string, w, n int, more string, hasMore bool) (out string, clipped bool) {
	lines := strings.Split(render.Wrap(s, w), "\n")
	clipped = len(lines) > n
	if clipped {
		lines = lines[:n]
	}
	if !clipped && (more == "" || !hasMore) {
		return strings.Join(lines, "\n"), false
	}
	suffix := more
	if r, _ := utf8.DecodeRuneInString(more); more != "" && !text.IsCJK(r) {
		suffix = " " + more // a full-width bracket brings its own space
	}
	room := w - ansi.StringWidth(suffix)
	last := strings.TrimRight(lines[len(lines)-1], " ")
	switch {
	case !clipped && ansi.StringWidth(last) <= room:
		lines[len(lines)-1] = last + suffix
	case !clipped && len(lines) < n:
		lines = append(lines, strings.TrimLeft(suffix, " "))
	default:
		if ansi.StringWidth(last)+1 > room {
			last = ansi.Truncate(last, max(room-1, 0), "")
		}
		lines[len(lines)-1] = last + "…" + suffix
	}
	return strings.Join(lines, "\n"), clipped
}

// hasDetails reports whether a failing check says more than the checks
// column shows: its reason was summarised or it saw more values.
func (m *Model) hasDetails() bool {
	w := m.sideWidth() - 1 - (ansi.StringWidth(m.ctx.Theme.Marks.Fail) + 1)
	for _, r := range m.checks.results {
		if r.Pass || r.Skipped {
			continue
		}
		if !r.Detail.IsZero() {
			return true
		}
		if _, clipped := summary(r.Message.Text(m.ctx.Lang), w, reasonLines, "", false); clipped {
			return true
		}
	}
	return false
}

// toggleDetails shows or hides the checks' details.
func (m *Model) toggleDetails() {
	m.checks.showDetails = !m.checks.showDetails
	m.checks.details.GotoTop()
	m.refreshDetails()
}

// refreshDetails draws the details pane again when it shows.
func (m *Model) refreshDetails() {
	if !m.checks.showDetails || m.steps.lesson == nil {
		return
	}
	y := m.checks.details.YOffset
	m.checks.details.SetContent(m.detailsView(m.checks.details.Width))
	m.checks.details.SetYOffset(y)
}

// detailsView is every check of the open step with the whole of its
// report: what it saw, what it wants, and every value behind a summary.
func (m *Model) detailsView(w int) string {
	c, th := m.ctx, m.ctx.Theme
	var b strings.Builder
	b.WriteString(th.PaneTitle.Render(render.Wrap(c.T(i18n.DetailsTitle, keys.Name(c.Keys.Details)), w)) + "\n")
	if len(m.checks.results) == 0 {
		b.WriteString("\n" + th.Subtle.Render(render.Wrap(c.T(i18n.DetailsNone), w)) + "\n")
	}
	for _, r := range m.checks.results {
		mark := th.Faint.Render(th.Marks.Skipped)
		switch {
		case r.Skipped:
		case r.Pass:
			mark = th.Success.Render(th.Marks.Pass)
		default:
			mark = th.Error.Render(th.Marks.Fail)
		}
		mw := ansi.StringWidth(mark) + 1
		b.WriteString("\n" + indent(mark+" ", render.Wrap(strings.ReplaceAll(m.checkTitle(r.ID), "`", ""), w-mw), mw) + "\n")
		if t := r.Message.Text(c.Lang); t != "" {
			b.WriteString(indent(strings.Repeat(" ", mw), render.Wrap(t, w-mw), mw) + "\n")
		}
		if !r.Detail.IsZero() {
			b.WriteString(indent(strings.Repeat(" ", mw), th.Subtle.Render(c.T(i18n.DetailsFull)), mw) + "\n")
			b.WriteString(indent(strings.Repeat(" ", mw), render.Wrap(r.Detail.Text(c.Lang), w-mw), mw) + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
