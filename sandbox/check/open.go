package check

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
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
	target   *sandbox.Target
	path     string // the baselines file
	stateDir string
	// binDir, when set, replaces the environment's kubectl folder for setup
	// commands (tests run them with a kubectl built from this tree).
	binDir string

	mu      sync.Mutex              // guards engines, envs and the baselines file
	engines map[string]*Engine      // by lesson namespace
	envs    map[string]*sandbox.Env // by lesson namespace
}

// SetupLog is where the setup of a lesson's step logs its output (see
// sandbox.SetupLog): a screen offers to open it.
func (o *Opener) SetupLog(lesson, step string) string {
	return sandbox.SetupLog(o.stateDir, lesson, step)
}

// NewOpener returns an Opener for the target, keeping baselines under
// stateDir; nothing is contacted yet.
func NewOpener(t *sandbox.Target, stateDir string) *Opener {
	id := sha256.Sum256([]byte(t.Server() + "\x00" + t.Context))
	return &Opener{
		target:   t,
		path:     filepath.Join(stateDir, "checks", hex.EncodeToString(id[:6])+".json"),
		stateDir: stateDir,
		engines:  map[string]*Engine{},
		envs:     map[string]*sandbox.Env{},
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
//
// A step opened afresh (the first time, with reopen, or after its namespace
// was reset) runs its setup commands first, with the lab's environment and
// their output in SetupLog, and captures its baseline after them: the
// broken state the learner must diagnose is what the step opened with.
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
		fresh := true
		if b, ok := baselines[key]; ok && !reopen {
			sessions[i], err = e.Resume(ctx, cat, l, s, vars, b)
			if err != nil {
				return nil, err
			}
			// Resume captures anew when the namespace was reset since.
			fresh = !sessions[i].Baseline().OpenedAt.Equal(b.OpenedAt)
		}
		if fresh {
			if err := o.setup(ctx, cat, l, s, vars); err != nil {
				return nil, err
			}
			if sessions[i], err = e.Open(ctx, cat, l, s, vars); err != nil {
				return nil, err
			}
		}
		baselines[key] = sessions[i].Baseline()
	}
	if err := baselines.Write(o.path); err != nil {
		return nil, err
	}
	return sessions, nil
}

// setup runs a step's setup commands, if it has any. Called with mu held.
func (o *Opener) setup(ctx context.Context, cat *lessons.Catalog, l *lessons.Lesson, s *lessons.Step, vars lessons.Vars) error {
	if len(s.Setup) == 0 {
		return nil
	}
	exp, err := cat.ExpandStep(s, vars)
	if err != nil {
		return fmt.Errorf("lesson %s step %s: %w", l.ID, s.ID, err)
	}
	env := o.envs[l.Namespace]
	if o.binDir != "" {
		cp := *env
		cp.BinDir = o.binDir
		env = &cp
	}
	if err := sandbox.EnsureNamespace(ctx, o.target.RESTConfig(), l.Namespace); err != nil {
		return fmt.Errorf("set up lesson %s step %s: %w", l.ID, s.ID, err)
	}
	if err := env.RunSetup(ctx, exp.Setup, o.SetupLog(l.ID, s.ID)); err != nil {
		return &SetupError{Lesson: l.ID, Step: s.ID, Log: o.SetupLog(l.ID, s.ID), Err: err}
	}
	return nil
}

// SetupError is a step whose setup commands failed: the step was not
// opened, its checks would judge a half-prepared state. Log holds the
// commands' whole output; opening the step again runs them again.
type SetupError struct {
	Lesson, Step, Log string
	Err               error
}

func (e *SetupError) Error() string { return e.Err.Error() }
func (e *SetupError) Unwrap() error { return e.Err }

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
	o.envs[ns] = env
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
