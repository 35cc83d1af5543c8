// Package labtest has fakes of the lab's parts for the UI's unit and golden
// tests: a runner that plays scripted commands, a checker that evaluates a
// function of a shared World, an in-memory progress store and a cluster that
// reports what it is told. The interaction tests against the test cluster
// use the real parts instead.
package labtest

import (
	"kubelab/internal/msg"
	_ "kubelab/sandbox/kind" // registers the messages of the events a fake cluster sends

	"context"
	"reflect"
	"strings"
	"sync"
	"time"

	"kubelab/internal/progress"
	"kubelab/lessons"
	"kubelab/tui/lab"
)

// World is the fake cluster's state: flags that scripted commands set and
// checks read.
type World struct {
	mu      sync.Mutex
	flags   map[string]bool
	changed chan struct{}
}

// NewWorld returns an empty world.
func NewWorld() *World { return &World{flags: map[string]bool{}, changed: make(chan struct{}, 1)} }

// Set sets a flag and wakes the checker.
func (w *World) Set(flag string, v bool) {
	w.mu.Lock()
	w.flags[flag] = v
	w.mu.Unlock()
	select {
	case w.changed <- struct{}{}:
	default:
	}
}

// Get reads a flag.
func (w *World) Get(flag string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.flags[flag]
}

// Script is what a fake command prints and does.
type Script struct {
	Lines []string
	Exit  int
	// Sets are world flags the command sets to true.
	Sets []string
	// Block makes the command run until it is cancelled.
	Block bool
}

// Runner plays scripts by command line; an unknown command prints
// "unknown command" and exits 127, like a shell.
type Runner struct {
	World   *World
	Scripts map[string]Script

	mu  sync.Mutex
	Ran []string
	// Dirs are the working folders of the commands in Ran.
	Dirs []string
}

// Run implements lab.Runner.
func (r *Runner) Run(ctx context.Context, namespace, dir, line string, out func(string)) (int, error) {
	r.mu.Lock()
	r.Ran = append(r.Ran, line)
	r.Dirs = append(r.Dirs, dir)
	r.mu.Unlock()
	s, ok := r.Scripts[line]
	if !ok {
		out("sh: " + line + ": unknown command")
		return 127, nil
	}
	for _, l := range s.Lines {
		out(l)
	}
	if s.Block {
		<-ctx.Done()
		return -1, ctx.Err()
	}
	for _, f := range s.Sets {
		r.World.Set(f, true)
	}
	return s.Exit, nil
}

// Commands returns the command lines run so far.
func (r *Runner) Commands() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.Ran...)
}

// Checker evaluates Eval whenever the world changes or the UI asks.
type Checker struct {
	World *World
	// Eval computes a report for a request from the world.
	Eval func(w *World, req lab.WatchRequest, answers map[string]string) lab.Report

	mu     sync.Mutex
	broken error
}

// Break makes every watch started from now on end at once with err, as a
// watch does when the cluster goes away; nil mends it.
func (c *Checker) Break(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.broken = err
}

// Watch implements lab.Checker.
func (c *Checker) Watch(ctx context.Context, req lab.WatchRequest, emit func(lab.Report)) error {
	c.mu.Lock()
	broken := c.broken
	c.mu.Unlock()
	if broken != nil {
		return broken
	}
	var last *lab.Report
	for {
		rep := c.Eval(c.World, req, req.Answers())
		if last == nil || !reflect.DeepEqual(*last, rep) {
			emit(rep)
			last = &rep
		}
		select {
		case <-ctx.Done():
			return nil
		case <-c.World.changed:
		case <-req.Recheck:
		}
	}
}

// Progress is an in-memory progress store.
type Progress struct {
	mu        sync.Mutex
	done      map[string]bool
	answers   map[string]map[string]string
	help, how map[string]progress.Help // by "lesson/step"
	cur, step string
	// SeedText is the learner's seed for the order of quiz choices.
	SeedText string
	// Fail makes every write fail with this error.
	Fail error
	// SlowCurrent delays SetCurrent for these step ids, as a slow disk would.
	SlowCurrent map[string]time.Duration
}

// NewProgress returns an empty store.
func NewProgress() *Progress {
	return &Progress{done: map[string]bool{}, answers: map[string]map[string]string{}, help: map[string]progress.Help{}, how: map[string]progress.Help{}, SeedText: "learner"}
}

func (p *Progress) Seed() (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.SeedText, nil
}

func (p *Progress) HowDone(l, s string) (progress.Help, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	h, ok := p.how[l+"/"+s]
	return h, ok && p.done[l+"/"+s]
}

// HelpTaken is the help recorded on a step so far.
func (p *Progress) HelpTaken(l, s string) progress.Help {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.help[l+"/"+s]
}

func (p *Progress) UseHints(l, s string, n int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Fail != nil {
		return p.Fail
	}
	h := p.help[l+"/"+s]
	h.Hints = max(h.Hints, n)
	p.help[l+"/"+s] = h
	return nil
}

func (p *Progress) ShowSolution(l, s string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Fail != nil {
		return p.Fail
	}
	h := p.help[l+"/"+s]
	h.Solution = true
	p.help[l+"/"+s] = h
	return nil
}

func (p *Progress) Done(l, s string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done[l+"/"+s]
}

func (p *Progress) Current() (string, string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cur, p.step
}

func (p *Progress) Answers(l string) map[string]string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]string{}
	for k, v := range p.answers[l] {
		out[k] = v
	}
	return out
}

func (p *Progress) MarkDone(l, s string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Fail != nil {
		return p.Fail
	}
	if !p.done[l+"/"+s] {
		p.how[l+"/"+s] = p.help[l+"/"+s]
	}
	p.done[l+"/"+s] = true
	return nil
}

func (p *Progress) SetCurrent(l, s string) error {
	time.Sleep(p.SlowCurrent[s])
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Fail != nil {
		return p.Fail
	}
	p.cur, p.step = l, s
	return nil
}

func (p *Progress) SetAnswer(l, key, answer string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Fail != nil {
		return p.Fail
	}
	if p.answers[l] == nil {
		p.answers[l] = map[string]string{}
	}
	p.answers[l][key] = answer
	return nil
}

func (p *Progress) ResetLesson(l string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Fail != nil {
		return p.Fail
	}
	for k := range p.done {
		if strings.HasPrefix(k, l+"/") {
			delete(p.done, k)
		}
	}
	for _, m := range []map[string]progress.Help{p.help, p.how} {
		for k := range m {
			if strings.HasPrefix(k, l+"/") {
				delete(m, k)
			}
		}
	}
	delete(p.answers, l)
	return nil
}

// Cluster reports a fixed status and plays scripted create events.
type Cluster struct {
	Name         string // backend name; "kind" when empty
	St           lab.Status
	CreateEvents []lab.Event
	Findings     []lab.Finding
	CreateErr    error

	mu     sync.Mutex
	Resets []string
}

func (c *Cluster) Backend() string {
	if c.Name == "" {
		return "kind"
	}
	return c.Name
}

func (c *Cluster) CanCreate() bool { return c.Backend() == "kind" }

func (c *Cluster) Status(ctx context.Context) (lab.Status, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.St
	st.Backend = c.Backend()
	return st, nil
}

// SetStatus changes what Status reports.
func (c *Cluster) SetStatus(st lab.Status) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.St = st
}

func (c *Cluster) Create(ctx context.Context, progress func(lab.Event)) error {
	for _, ev := range c.CreateEvents {
		progress(ev)
	}
	if c.CreateErr != nil {
		return c.CreateErr
	}
	c.SetStatus(lab.Status{Reachable: true, Nodes: 3, NodesReady: 3})
	return nil
}

func (c *Cluster) Delete(ctx context.Context, progress func(lab.Event)) error {
	progress(lab.Event{Msg: msg.New("kind.line.deleting", "kubelab"), State: lab.Done})
	c.SetStatus(lab.Status{Detail: msg.Plain("no kind cluster named kubelab")})
	return nil
}

func (c *Cluster) Doctor(ctx context.Context, lang string) ([]lab.Finding, error) {
	return c.Findings, nil
}

func (c *Cluster) ResetLesson(ctx context.Context, cat *lessons.Catalog, l *lessons.Lesson) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Resets = append(c.Resets, l.Namespace)
	return nil
}

// Ready is the status of a healthy three-node cluster.
var Ready = lab.Status{Reachable: true, Nodes: 3, NodesReady: 3}
