package kind

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"

	"sigs.k8s.io/kind/pkg/log"

	"kubelab/internal/msg"
)

// EventKind says what an Event reports.
type EventKind int

const (
	// StepStarted opens a checklist item; StepDone and StepFailed close it.
	StepStarted EventKind = iota
	StepDone
	StepFailed
	// Info and Warning are free-standing messages.
	Info
	Warning
)

// Event is one line of progress for `up`, `down` and `images load`, as a
// message the view renders in the learner's language.
type Event struct {
	Kind EventKind
	Msg  msg.Msg
}

// Text is the event in lang.
func (e Event) Text(lang string) string { return e.Msg.Text(lang) }

// Progress receives events; it is called from the goroutine doing the work
// and must not block for long. A nil Progress drops them.
type Progress func(Event)

func (p Progress) emit(k EventKind, m msg.Msg) {
	if p != nil {
		p(Event{Kind: k, Msg: m})
	}
}

// step runs fn as one checklist item.
func (p Progress) step(title msg.Msg, fn func() error) error {
	p.emit(StepStarted, title)
	if err := fn(); err != nil {
		p.emit(StepFailed, title)
		return err
	}
	p.emit(StepDone, title)
	return nil
}

// kindLogger is kind's logger interface turned into Progress events. kind
// reports its phases through it as " • Step  ..." and " ✓ Step" lines when
// its logger is not its own spinner; they become StepStarted and StepDone.
type kindLogger struct{ p Progress }

var _ log.Logger = kindLogger{}

func (l kindLogger) Warn(message string)               { l.p.emit(Warning, msg.Plain(strings.TrimSpace(message))) }
func (l kindLogger) Warnf(format string, args ...any)  { l.Warn(fmt.Sprintf(format, args...)) }
func (l kindLogger) Error(message string)              { l.p.emit(Warning, msg.Plain(strings.TrimSpace(message))) }
func (l kindLogger) Errorf(format string, args ...any) { l.Error(fmt.Sprintf(format, args...)) }
func (l kindLogger) V(level log.Level) log.InfoLogger  { return kindInfo{p: l.p, on: level <= 0} }

type kindInfo struct {
	p  Progress
	on bool
}

func (i kindInfo) Enabled() bool                    { return i.on }
func (i kindInfo) Infof(format string, args ...any) { i.Info(fmt.Sprintf(format, args...)) }
func (i kindInfo) Info(message string) {
	if !i.on {
		return
	}
	for _, line := range strings.Split(message, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case strings.HasPrefix(line, "• "):
			i.p.emit(StepStarted, kindPhase(stepTitle(strings.TrimSuffix(strings.TrimPrefix(line, "• "), "..."))))
		case strings.HasPrefix(line, "✓ "):
			i.p.emit(StepDone, kindPhase(stepTitle(strings.TrimPrefix(line, "✓ "))))
		case strings.HasPrefix(line, "✗ "):
			i.p.emit(StepFailed, kindPhase(stepTitle(strings.TrimPrefix(line, "✗ "))))
		default:
			i.p.emit(Info, kindLine(line))
		}
	}
}

// stepTitle drops the emoji kind ends its phase names with.
func stepTitle(s string) string {
	return strings.TrimRightFunc(strings.TrimSpace(s), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) ||
			unicode.Is(unicode.Mn, r) || r == '\ufe0f' || r == '\u200d' || (r >= 0x1F000 && r <= 0x1FAFF)
	})
}

// Checklist prints Progress events for a person: on a terminal the running
// step has a spinner and is replaced by its result; elsewhere every event is
// one plain line.
type Checklist struct {
	w       io.Writer
	lang    string
	tty     bool
	mu      sync.Mutex
	running string
	frame   int
	stop    chan struct{}
	done    chan struct{}
}

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// NewChecklist writes to w in lang; tty selects the spinner. Call Close
// when done.
func NewChecklist(w io.Writer, tty bool, lang string) *Checklist {
	c := &Checklist{w: w, tty: tty, lang: lang}
	if tty {
		c.stop, c.done = make(chan struct{}), make(chan struct{})
		go c.spin()
	}
	return c
}

// Progress is c as a Progress.
func (c *Checklist) Progress() Progress { return c.Event }

// Event prints e.
func (c *Checklist) Event(e Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	text := e.Text(c.lang)
	switch e.Kind {
	case StepStarted:
		if c.running != "" && c.running != text {
			c.finish("✓", c.running)
		}
		c.running = text
		if c.tty {
			c.draw()
		} else {
			fmt.Fprintf(c.w, " • %s ...\n", text)
		}
	case StepDone, StepFailed:
		mark := "✓"
		if e.Kind == StepFailed {
			mark = "✗"
		}
		c.finish(mark, text)
		if c.running == text {
			c.running = ""
		}
	case Warning:
		c.line(" ! " + text)
	default:
		c.line("   " + text)
	}
}

func (c *Checklist) finish(mark, text string) {
	if c.tty {
		fmt.Fprintf(c.w, "\r\x1b[K %s %s\n", mark, text)
	} else {
		fmt.Fprintf(c.w, " %s %s\n", mark, text)
	}
}

func (c *Checklist) line(s string) {
	if c.tty {
		fmt.Fprintf(c.w, "\r\x1b[K%s\n", s)
		if c.running != "" {
			c.draw()
		}
		return
	}
	fmt.Fprintln(c.w, s)
}

func (c *Checklist) draw() {
	fmt.Fprintf(c.w, "\r\x1b[K %s %s", spinnerFrames[c.frame%len(spinnerFrames)], c.running)
}

func (c *Checklist) spin() {
	defer close(c.done)
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			c.mu.Lock()
			if c.running != "" {
				c.frame++
				c.draw()
			}
			c.mu.Unlock()
		}
	}
}

// Close stops the spinner and ends a step left running as failed.
func (c *Checklist) Close() {
	if c.tty {
		close(c.stop)
		<-c.done
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running != "" {
		c.finish("✗", c.running)
		c.running = ""
	}
}
