package lesson

import (
	"context"
	"sync"
	"time"

	"kubelab/tui/lab"
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
