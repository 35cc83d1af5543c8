package check

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"sync"

	"kubelab/lessons"
	"kubelab/sandbox"
)

// Opener opens lesson steps for checking on one cluster. `kubelab check` and
// the UI both open steps through it, so they build the engine the same way
// and agree on when a step opened: a step is resumed with the baseline saved
// the first time either of them opened it, kept in a file per cluster in the
// lab's state folder. It is safe for concurrent use.
type Opener struct {
	target *sandbox.Target
	path   string // the baselines file

	mu      sync.Mutex         // guards engines and the baselines file
	engines map[string]*Engine // by lesson namespace
}

// NewOpener returns an Opener for the target, keeping baselines under
// stateDir; nothing is contacted yet.
func NewOpener(t *sandbox.Target, stateDir string) *Opener {
	id := sha256.Sum256([]byte(t.Server() + "\x00" + t.Context))
	return &Opener{
		target:  t,
		path:    filepath.Join(stateDir, "checks", hex.EncodeToString(id[:6])+".json"),
		engines: map[string]*Engine{},
	}
}

// OnKind reports whether the target is the lab's kind cluster, where steps
// that need kind can be opened.
func (o *Opener) OnKind() bool { return o.target.Backend == sandbox.BackendKind }

// Open opens the steps of lesson l, in order, and saves their baselines. A
// step opened before is resumed with its saved baseline (unless the lesson's
// namespace was recreated since); with reopen, or when none was saved, its
// baseline is captured now. A step that needs the lab's kind cluster on any
// other cluster is not opened: its session is nil.
func (o *Opener) Open(ctx context.Context, cat *lessons.Catalog, l *lessons.Lesson, steps []*lessons.Step, reopen bool) ([]*Session, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	e, err := o.engine(l.Namespace)
	if err != nil {
		return nil, err
	}
	baselines, err := ReadBaselines(o.path)
	if err != nil {
		return nil, err
	}
	vars := lessons.LabVars(l.Namespace)
	sessions := make([]*Session, len(steps))
	for i, s := range steps {
		if s.Needs == lessons.NeedsKind && !o.OnKind() {
			continue
		}
		key := l.ID + "/" + s.ID
		if b, ok := baselines[key]; ok && !reopen {
			sessions[i], err = e.Resume(ctx, cat, l, s, vars, b)
		} else {
			sessions[i], err = e.Open(ctx, cat, l, s, vars)
		}
		if err != nil {
			return nil, err
		}
		baselines[key] = sessions[i].Baseline()
	}
	if err := baselines.Write(o.path); err != nil {
		return nil, err
	}
	return sessions, nil
}

// engine returns the engine for a lesson's namespace: its `command` checks
// run with that namespace in their environment. Called with mu held.
func (o *Opener) engine(ns string) (*Engine, error) {
	if e := o.engines[ns]; e != nil {
		return e, nil
	}
	env, err := o.target.Env(ns)
	if err != nil {
		return nil, err
	}
	cfg := Config{REST: o.target.RESTConfig(), Runner: sandbox.Commands{Env: env}}
	if o.OnKind() {
		nodes, err := o.target.Nodes()
		if err != nil {
			return nil, err
		}
		cfg.Nodes = nodes
	}
	e, err := NewEngine(cfg)
	if err != nil {
		return nil, err
	}
	o.engines[ns] = e
	return e, nil
}
