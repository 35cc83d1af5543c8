// Package live builds the UI's lab (tui/lab) from kubelab's real parts: the
// sandbox's target and command runner, the checks engine, kind's cluster
// management, and the progress store. The cluster is resolved lazily and
// again after a create or delete, so a UI opened in reading mode comes alive
// the moment the lab's cluster is up.
package live

import (
	"kubelab/internal/msg"
	"kubelab/tui/i18n"

	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"kubelab/lessons"
	"kubelab/sandbox"
	"kubelab/sandbox/check"
	"kubelab/sandbox/doctor"
	"kubelab/sandbox/kind"
	"kubelab/sandbox/labcluster"
	"kubelab/sandbox/runner"
	"kubelab/sandbox/workspace"
	"kubelab/tui/lab"
)

// Options say which cluster the lab uses and where its files are.
type Options struct {
	// Kubeconfig and Context name an existing cluster (--kubeconfig,
	// --context); both empty means the lab's kind cluster.
	Kubeconfig, Context string
	// ConfigDir, CacheDir and StateDir are the lab's folders.
	ConfigDir, CacheDir, StateDir string
	// Workspace is the learner's workspace root (absolute); empty means
	// the lab has no workspace.
	Workspace string
}

// Parts are the real runner, checker and cluster over one target.
type Parts struct {
	o Options

	mu      sync.Mutex
	target  *sandbox.Target
	opener  *check.Opener
	nsReady map[string]bool
	// validators check workspace files, by lesson namespace, on target.
	validators map[string]*workspace.Validator
}

// New returns the parts; nothing is contacted yet.
func New(o Options) *Parts {
	return &Parts{o: o, nsReady: map[string]bool{}, validators: map[string]*workspace.Validator{}}
}

// Lab returns a lab with these parts and the given catalog and progress.
func (p *Parts) Lab(cat *lessons.Catalog, progress lab.Progress) lab.Lab {
	l := lab.Lab{Catalog: cat, Runner: runnerPart{p}, Checker: checkerPart{p}, Cluster: clusterPart{p}, Progress: progress}
	if p.o.Workspace != "" {
		l.Workspace = workspacePart{p}
	}
	return l
}

func (p *Parts) existing() bool { return p.o.Kubeconfig != "" || p.o.Context != "" }

// resolve returns the target, resolving it when it is not known yet.
func (p *Parts) resolve() (*sandbox.Target, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.target != nil {
		return p.target, nil
	}
	t, err := sandbox.Resolve(sandbox.Options{Kubeconfig: p.o.Kubeconfig, Context: p.o.Context, ConfigDir: p.o.ConfigDir, CacheDir: p.o.CacheDir})
	if err != nil {
		return nil, err
	}
	p.target, p.opener, p.nsReady = t, check.NewOpener(t, p.o.StateDir), map[string]bool{}
	p.validators = map[string]*workspace.Validator{}
	return t, nil
}

// forget drops the resolved target (after a create or delete).
func (p *Parts) forget() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.target, p.opener, p.nsReady = nil, nil, map[string]bool{}
	p.validators = map[string]*workspace.Validator{}
}

// ensureNamespace creates a lesson's namespace once per target.
func (p *Parts) ensureNamespace(ctx context.Context, t *sandbox.Target, ns string) error {
	p.mu.Lock()
	done := p.nsReady[ns]
	p.mu.Unlock()
	if done {
		return nil
	}
	if err := sandbox.EnsureNamespace(ctx, t.RESTConfig(), ns); err != nil {
		return err
	}
	p.mu.Lock()
	p.nsReady[ns] = true
	p.mu.Unlock()
	return nil
}

// steps returns the opener of steps on t, a target resolve returned; one
// for t alone when the lab forgot t since (a create or delete).
func (p *Parts) steps(t *sandbox.Target) *check.Opener {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.target != t {
		return check.NewOpener(t, p.o.StateDir)
	}
	return p.opener
}

// runnerPart runs the learner's commands with the lab's environment.
type runnerPart struct{ p *Parts }

func (r runnerPart) Run(ctx context.Context, namespace, dir, line string, out func(string)) (int, error) {
	t, err := r.p.resolve()
	if err != nil {
		return -1, fmt.Errorf("run %q: %w", line, err)
	}
	if err := r.p.ensureNamespace(ctx, t, namespace); err != nil {
		return -1, fmt.Errorf("run %q: create namespace %s: %w", line, namespace, err)
	}
	env, err := t.Env(namespace)
	if err != nil {
		return -1, fmt.Errorf("run %q: %w", line, err)
	}
	spec := env.Spec(line, 0)
	spec.Dir = dir
	res, err := runner.Run(ctx, spec, func(l runner.Line) { out(l.Text) })
	if errors.Is(err, context.Canceled) {
		return res.ExitCode, context.Canceled
	}
	return res.ExitCode, err
}

// checkerPart watches a step's checks with the checks engine.
type checkerPart struct{ p *Parts }

func (c checkerPart) Watch(ctx context.Context, req lab.WatchRequest, emit func(lab.Report)) error {
	t, err := c.p.resolve()
	if err != nil {
		return err
	}
	if req.Step.Needs == lessons.NeedsKind && t.Backend != sandbox.BackendKind {
		// Node shells and real containers exist only on the lab's cluster:
		// every check of this step is skipped, and says why.
		rep := lab.Report{}
		for _, ch := range req.Step.Checks {
			rep.Results = append(rep.Results, lab.CheckResult{ID: ch.ID, Skipped: true, Message: check.SkippedMsg(req.Step.ID)})
		}
		emit(rep)
		<-ctx.Done()
		return nil
	}
	ns := req.Lesson.Namespace
	openCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := c.p.ensureNamespace(openCtx, t, ns); err != nil {
		return fmt.Errorf("create namespace %s: %w", ns, err)
	}
	// Resumed with the baseline saved when the step was first opened, here
	// or by `kubelab check`.
	sessions, err := c.p.steps(t).Open(openCtx, req.Catalog, req.Lesson, []*lessons.Step{req.Step}, false)
	if err != nil {
		return err
	}
	sess := sessions[0]
	reports := sess.Watch(ctx, req.Answers)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-req.Recheck:
			sess.Refresh()
		case rep, ok := <-reports:
			if !ok {
				return nil
			}
			emit(convert(rep))
		}
	}
}

func convert(rep check.Report) lab.Report {
	out := lab.Report{}
	if rep.Err != nil {
		out.Err = rep.Err
		return out
	}
	for _, r := range rep.Results {
		out.Results = append(out.Results, lab.CheckResult{ID: r.Check, Pass: r.Pass, Message: r.Msg(), Detail: r.Detail})
	}
	return out
}

// clusterPart manages the lab's cluster.
type clusterPart struct{ p *Parts }

func (c clusterPart) Backend() string {
	if c.p.existing() {
		return string(sandbox.BackendExisting)
	}
	return string(sandbox.BackendKind)
}

func (c clusterPart) CanCreate() bool { return !c.p.existing() }

func (c clusterPart) Status(ctx context.Context) (lab.Status, error) {
	st := lab.Status{Backend: c.Backend()}
	t, err := c.p.resolve()
	if err != nil {
		if errors.Is(err, labcluster.ErrNoRecord) {
			st.NotCreated = true
			return st, nil
		}
		st.Detail = msg.FromError(err)
		return st, nil
	}
	cs, err := kubernetes.NewForConfig(t.RESTConfig())
	if err != nil {
		st.Detail = msg.FromError(err)
		return st, nil
	}
	nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		st.Detail = i18n.M(i18n.APIUnreachable, t.Server(), err)
		return st, nil
	}
	st.Reachable = true
	st.Nodes = len(nodes.Items)
	for _, n := range nodes.Items {
		for _, cond := range n.Status.Conditions {
			if cond.Type == corev1.NodeReady && cond.Status == corev1.ConditionTrue {
				st.NodesReady++
			}
		}
	}
	return st, nil
}

func progressOf(f func(lab.Event)) kind.Progress {
	return func(ev kind.Event) {
		e := lab.Event{Msg: ev.Msg}
		switch ev.Kind {
		case kind.StepStarted:
			e.State = lab.Running
		case kind.StepDone:
			e.State = lab.Done
		case kind.StepFailed:
			e.State = lab.Failed
		default:
			e.State = lab.Info
		}
		f(e)
	}
}

func (c clusterPart) Create(ctx context.Context, progress func(lab.Event)) error {
	if c.p.existing() {
		return msg.Errorf(nil, string(i18n.ErrCreateNamed))
	}
	defer c.p.forget()
	// The same fast checks as `kubelab up`: a missing or stopped engine
	// says so at once instead of failing deep inside kind.
	if err := doctor.Preflight(ctx, doctor.Options{ConfigDir: c.p.o.ConfigDir}); err != nil {
		return err
	}
	_, err := kind.Up(ctx, kind.UpOptions{ConfigDir: c.p.o.ConfigDir, DetectCgroup: true, Progress: progressOf(progress)})
	return err
}

func (c clusterPart) Delete(ctx context.Context, progress func(lab.Event)) error {
	if c.p.existing() {
		return msg.Errorf(nil, string(i18n.ErrDeleteNamed))
	}
	defer c.p.forget()
	_, err := kind.Down(ctx, c.p.o.ConfigDir, "", progressOf(progress))
	return err
}

func (c clusterPart) Doctor(ctx context.Context, lang string) ([]lab.Finding, error) {
	return doctorFindings(ctx, c.p, lang)
}

func (c clusterPart) ResetLesson(ctx context.Context, cat *lessons.Catalog, l *lessons.Lesson) error {
	t, err := c.p.resolve()
	if err != nil {
		return err
	}
	var undo []string
	if t.Backend == sandbox.BackendKind { // kubelab changes no node of a cluster the learner named
		if undo, err = cat.ExpandUndo(l, lessons.LabVars(l.Namespace)); err != nil {
			return err
		}
	}
	// The namespace's new UID tells the checks engine that baselines taken
	// before the reset no longer apply.
	return sandbox.ResetLesson(ctx, t, l.Namespace, undo)
}
