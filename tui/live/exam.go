package live

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"kubelab/internal/progress"
	"kubelab/lessons"
	"kubelab/sandbox"
	"kubelab/sandbox/exam"
	"kubelab/sandbox/runner"
	"kubelab/tui/lab"
)

// Exams returns the exams of the lab's cluster, drawn from cat, their
// starter files under the workspace root, their reports kept in store.
func (p *Parts) Exams(cat *lessons.Catalog, store *progress.Store, workspace string) lab.Exams {
	return examsPart{p: p, cat: cat, store: store, workspace: workspace}
}

type examsPart struct {
	p         *Parts
	cat       *lessons.Catalog
	store     *progress.Store
	workspace string
}

func (x examsPart) New(spec lab.ExamSpec) (lab.Exam, error) {
	t, err := x.p.resolve()
	if err != nil {
		return nil, err
	}
	if st, err := exam.LoadState(exam.StateFile(x.p.o.StateDir)); err == nil && st.PID != os.Getpid() {
		return nil, fmt.Errorf("an exam started with `kubelab exam` is running or was left unscored: end it with `kubelab exam --end`")
	}
	tasks, err := exam.Draw(x.cat, spec.Parts, spec.Tasks, spec.Seed, t.Backend == sandbox.BackendKind)
	if err != nil {
		return nil, err
	}
	cfg := exam.Config{Catalog: x.cat, Target: t, StateDir: x.p.o.StateDir, Workspace: x.workspace, Practice: spec.Practice}
	return &examPart{e: exam.New(cfg, tasks, spec.Seed, spec.Parts), t: t, stateDir: x.p.o.StateDir}, nil
}

func (x examsPart) Save(rec progress.Exam) error {
	if x.store == nil {
		return nil
	}
	return x.store.AddExam(rec)
}

// examPart is one exam of the lab's cluster; its clock runs in a goroutine
// that ends the exam at the deadline.
type examPart struct {
	e        *exam.Exam
	t        *sandbox.Target
	stateDir string
	stop     context.CancelFunc
}

func (x *examPart) Tasks() []lab.ExamTask {
	var out []lab.ExamTask
	for i, t := range x.e.Tasks() {
		out = append(out, lab.ExamTask{N: t.N, Lesson: t.Lesson, Step: t.Step, Part: t.Part, Weight: t.Weight, Namespace: t.Namespace, Dir: x.e.TaskDir(i)})
	}
	return out
}

func (x *examPart) Prepare(ctx context.Context, progress func(done, of int)) error {
	return x.e.Prepare(ctx, func(p exam.Progress) { progress(p.Done, p.Of) })
}

func (x *examPart) Start(now time.Time, d time.Duration) error {
	if err := x.e.Start(now, d); err != nil {
		return err
	}
	// The running exam's file says a UI keeps this exam's clock, so that
	// `kubelab exam` does not start another over the same namespaces.
	if err := x.e.State(os.Getpid()).Save(exam.StateFile(x.stateDir)); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	x.stop = cancel
	go x.e.Run(ctx)
	return nil
}

func (x *examPart) Deadline() time.Time         { return x.e.Deadline() }
func (x *examPart) Select(i int, now time.Time) { x.e.Select(i, now) }
func (x *examPart) ToggleFlag(i int)            { x.e.ToggleFlag(i) }
func (x *examPart) End(ctx context.Context) progress.Exam {
	rec := x.e.End(ctx).Record()
	if x.stop != nil {
		x.stop()
	}
	return rec
}

func (x *examPart) Live(ctx context.Context, i int) (lab.Report, bool) {
	rep, ok := x.e.Live(ctx, i)
	if !ok {
		return lab.Report{}, false
	}
	return convert(rep), true
}

func (x *examPart) Run(ctx context.Context, i int, line string, out func(string)) (int, error) {
	t := x.e.Tasks()[i]
	env, err := x.t.Env(t.Namespace)
	if err != nil {
		return -1, fmt.Errorf("run %q: %w", line, err)
	}
	spec := env.Spec(line, 0)
	spec.Dir = x.e.TaskDir(i)
	res, err := runner.Run(ctx, spec, func(l runner.Line) { out(l.Text) })
	if errors.Is(err, context.Canceled) {
		return res.ExitCode, context.Canceled
	}
	return res.ExitCode, err
}

func (x *examPart) Cleanup(ctx context.Context) error { return x.e.Cleanup(ctx) }
