package exam

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"kubelab/lessons"
	"kubelab/sandbox"
	"kubelab/sandbox/check"
	"kubelab/sandbox/runner"
	"kubelab/sandbox/workspace"
)

// PassMark is the score, in percent, an exam is passed with (the CKA's).
const PassMark = 66.0

// Config is what an Exam works with.
type Config struct {
	Catalog *lessons.Catalog
	Target  *sandbox.Target
	// StateDir is the lab's state folder; the exam keeps its baselines,
	// setup logs and the running exam's record under StateDir/exam.
	StateDir string
	// Workspace is the workspace root; each task's starter files go to
	// Workspace/exam/<n>-<lesson>/.
	Workspace string
	// Practice shows the checks while the exam runs (Live); still timed.
	Practice bool
}

// Exam is one exam: its tasks, their open checks, the clock and, once it
// ended, the frozen report. Its methods are safe for concurrent use.
type Exam struct {
	cfg    Config
	tasks  []Task
	opener *check.Opener

	mu       sync.Mutex
	sessions []*check.Session
	state    State
	report   *Report
	ended    chan struct{}
	ending   sync.Once
}

// New returns an exam of the drawn tasks; nothing is prepared yet.
func New(cfg Config, tasks []Task, seed uint64, parts []string) *Exam {
	e := &Exam{cfg: cfg, tasks: tasks, ended: make(chan struct{})}
	e.opener = check.NewOpener(cfg.Target, Dir(cfg.StateDir))
	e.state = State{Seed: seed, Parts: parts, Practice: cfg.Practice, Tasks: make([]TaskState, len(tasks))}
	for i, t := range tasks {
		e.state.Tasks[i] = TaskState{Lesson: t.Lesson.ID, Step: t.Step.ID, Part: t.Part, Weight: t.Weight, Namespace: t.Namespace, Dir: e.TaskDir(i)}
	}
	return e
}

// Dir is the folder under the state folder that exams keep their files in.
func Dir(stateDir string) string { return filepath.Join(stateDir, "exam") }

// Tasks are the exam's tasks, in order.
func (e *Exam) Tasks() []Task { return e.tasks }

// Practice reports whether the exam shows its checks while it runs.
func (e *Exam) Practice() bool { return e.cfg.Practice }

// TaskDir is task i's workspace folder, where its starter files are.
func (e *Exam) TaskDir(i int) string {
	t := e.tasks[i]
	return filepath.Join(e.cfg.Workspace, "exam", fmt.Sprintf("%d-%s", t.N, t.Lesson.ID))
}

// SetupLog is where task i's setup wrote its output.
func (e *Exam) SetupLog(i int) string {
	return e.opener.SetupLog(e.tasks[i].Lesson.ID, e.tasks[i].Step.ID)
}

// Progress reports preparation: task Done of Of is being prepared (Done
// equals Of when all are ready).
type Progress struct {
	Done, Of int
	Task     *Task // nil when all are ready
}

// Prepare sets every task up before the clock starts, reporting progress:
// a fresh namespace of its own, the solutions of its lesson's earlier steps
// (as the proof runs them), the step's setup, its starter files in its
// workspace folder, and the baseline its checks compare with.
func (e *Exam) Prepare(ctx context.Context, progress func(Progress)) error {
	if progress == nil {
		progress = func(Progress) {}
	}
	sessions := make([]*check.Session, len(e.tasks))
	for i := range e.tasks {
		t := &e.tasks[i]
		progress(Progress{Done: i, Of: len(e.tasks), Task: t})
		s, err := e.prepare(ctx, i)
		if err != nil {
			return fmt.Errorf("prepare exam task %d (%s/%s): %w", t.N, t.Lesson.ID, t.Step.ID, err)
		}
		sessions[i] = s
	}
	e.mu.Lock()
	e.sessions = sessions
	e.mu.Unlock()
	progress(Progress{Done: len(e.tasks), Of: len(e.tasks)})
	return nil
}

// taskLesson is the task's lesson as the checks see it: in the task's
// namespace.
func (t *Task) taskLesson() *lessons.Lesson {
	l := *t.Lesson
	l.Namespace = t.Namespace
	return &l
}

func (e *Exam) env(ns string) (*sandbox.Env, error) { return e.cfg.Target.Env(ns) }

func (e *Exam) prepare(ctx context.Context, i int) (*check.Session, error) {
	t := &e.tasks[i]
	cat := e.cfg.Catalog
	if err := sandbox.ResetNamespace(ctx, e.cfg.Target.RESTConfig(), t.Namespace); err != nil {
		return nil, err
	}
	env, err := e.env(t.Namespace)
	if err != nil {
		return nil, err
	}
	vars := lessons.LabVars(t.Namespace)
	// The lesson's earlier steps, as a learner who got here did them, in a
	// folder of their own: the task's folder holds only its starter files.
	prep := filepath.Join(Dir(e.cfg.StateDir), "prep", t.Namespace)
	if err := os.RemoveAll(prep); err != nil {
		return nil, err
	}
	for _, s := range t.Lesson.Steps {
		if s == t.Step {
			break
		}
		exp, err := cat.ExpandStep(s, vars)
		if err != nil {
			return nil, err
		}
		if err := writeFiles(prep, s.Starter); err != nil {
			return nil, err
		}
		lines := append(append([]string{}, exp.Setup...), exp.Solution...)
		for _, line := range lines {
			spec := env.Spec(line, sandbox.SetupTimeout)
			spec.Dir = prep
			res, err := runner.Run(ctx, spec, nil)
			if err != nil {
				return nil, fmt.Errorf("step %s: %s: %w", s.ID, line, err)
			}
			if res.ExitCode != 0 {
				return nil, fmt.Errorf("step %s: %s exited %d: %s", s.ID, line, res.ExitCode, res.Output)
			}
		}
	}
	if _, err := workspace.Restore(e.TaskDir(i), t.Step.Starter); err != nil {
		return nil, err
	}
	sess, err := e.opener.Open(ctx, cat, t.taskLesson(), []*lessons.Step{t.Step}, true)
	if err != nil {
		return nil, err
	}
	if sess[0] == nil {
		return nil, fmt.Errorf("step %s: %w", t.Step.ID, sandbox.ErrNeedsKind)
	}
	return sess[0], nil
}

func writeFiles(dir string, files []lessons.StarterFile) error {
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return os.MkdirAll(dir, 0o755)
}

// ErrNotPrepared is returned by Start before Prepare succeeded.
var ErrNotPrepared = errors.New("the exam is not prepared")

// Start starts the clock at now for d; task 0 is the current one. The
// exam ends by itself when the time is up (see Run).
func (e *Exam) Start(now time.Time, d time.Duration) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.sessions == nil {
		return ErrNotPrepared
	}
	e.state.Started = now
	e.state.Deadline = now.Add(d)
	e.state.Current = 0
	e.state.CurrentSince = now
	return nil
}

// Deadline is when the time is up; zero before Start.
func (e *Exam) Deadline() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.state.Deadline
}

// Remaining is the time left at now, never below zero.
func (e *Exam) Remaining(now time.Time) time.Duration {
	return max(0, e.Deadline().Sub(now))
}

// Expired reports whether the time is up at now.
func (e *Exam) Expired(now time.Time) bool {
	d := e.Deadline()
	return !d.IsZero() && !now.Before(d)
}

// Current is the index of the task the learner is on.
func (e *Exam) Current() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.state.Current
}

// Select makes task i the current one at now: the time since the last
// change counts for the task that was current. Nothing counts after the end.
func (e *Exam) Select(i int, now time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if i < 0 || i >= len(e.tasks) || e.report != nil {
		return
	}
	e.account(now)
	e.state.Current = i
}

// account adds the time since CurrentSince to the current task. Called
// with mu held.
func (e *Exam) account(now time.Time) {
	if e.state.Started.IsZero() {
		return
	}
	if d := e.state.Deadline; now.After(d) {
		now = d
	}
	if now.After(e.state.CurrentSince) {
		e.state.Tasks[e.state.Current].Spent += now.Sub(e.state.CurrentSince)
	}
	e.state.CurrentSince = now
}

// ToggleFlag flags task i for review, or takes the flag away.
func (e *Exam) ToggleFlag(i int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if i >= 0 && i < len(e.tasks) {
		e.state.Tasks[i].Flagged = !e.state.Tasks[i].Flagged
	}
}

// Flagged reports whether task i is flagged.
func (e *Exam) Flagged(i int) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.state.Tasks[i].Flagged
}

// Spent is the time task i has been the current one, up to now.
func (e *Exam) Spent(i int, now time.Time) time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	d := e.state.Tasks[i].Spent
	if e.report == nil && i == e.state.Current && !e.state.Started.IsZero() {
		if dl := e.state.Deadline; now.After(dl) {
			now = dl
		}
		d += max(0, now.Sub(e.state.CurrentSince))
	}
	return d
}

// Live evaluates task i now, for practice mode; an exam that is not in
// practice shows no checks, and this returns false.
func (e *Exam) Live(ctx context.Context, i int) (check.Report, bool) {
	e.mu.Lock()
	s := e.sessions
	e.mu.Unlock()
	if !e.cfg.Practice || s == nil {
		return check.Report{}, false
	}
	return s[i].Evaluate(ctx, nil), true
}

// Ended is closed once the exam has ended and its score is frozen.
func (e *Exam) Ended() <-chan struct{} { return e.ended }

// Run waits until the time is up, then ends the exam, unless it ended
// before (End) or ctx is done first. It returns the report, or nil when
// ctx was done before the end.
func (e *Exam) Run(ctx context.Context) *Report {
	timer := time.NewTimer(time.Until(e.Deadline()))
	defer timer.Stop()
	select {
	case <-timer.C:
		return e.end(context.WithoutCancel(ctx), e.Deadline(), true)
	case <-e.ended:
		return e.Report()
	case <-ctx.Done():
		return nil
	}
}

// End ends the exam now, unless it has ended: every task is evaluated
// once, at this moment, and the report is frozen. Later calls return the
// same report.
func (e *Exam) End(ctx context.Context) *Report {
	now := time.Now()
	return e.end(ctx, now, e.Expired(now))
}

func (e *Exam) end(ctx context.Context, at time.Time, expired bool) *Report {
	e.ending.Do(func() {
		e.mu.Lock()
		e.account(at)
		sessions := e.sessions
		st := e.state
		st.Tasks = append([]TaskState(nil), e.state.Tasks...)
		e.mu.Unlock()
		reps := make([]check.Report, len(sessions))
		var wg sync.WaitGroup
		for i, s := range sessions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				reps[i] = s.Evaluate(ctx, nil)
			}()
		}
		wg.Wait()
		r := score(e.cfg.Catalog, e.tasks, st, reps, at, expired)
		e.mu.Lock()
		e.report = r
		e.mu.Unlock()
		close(e.ended)
	})
	return e.Report()
}

// Report is the frozen report, or nil before the end.
func (e *Exam) Report() *Report {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.report
}
