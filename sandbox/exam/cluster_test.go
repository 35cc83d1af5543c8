package exam

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"kubelab/internal/testcluster"
	"kubelab/lessons"
	"kubelab/sandbox"
	"kubelab/sandbox/kubectl"
	"kubelab/sandbox/runner"
)

func TestMain(m *testing.M) {
	// Setup and solutions run `kubectl` through the lab's link to this
	// executable: the test binary answers as kubectl, as kubelab does.
	if kubectl.InvokedAsKubectl(os.Args[0]) {
		os.Exit(kubectl.Main(os.Args[1:], kubectl.Options{}))
	}
	testcluster.Main(m)
}

// newExam draws every task of the exam pack (in seed 7's order) and
// prepares them on the test cluster; the exam is cleaned up after the test.
func newExam(t *testing.T, practice bool) *Exam {
	t.Helper()
	c := testcluster.Shared(t)
	dir := t.TempDir()
	target, err := sandbox.Resolve(sandbox.Options{Kubeconfig: c.Kubeconfig(), ConfigDir: filepath.Join(dir, "config"), CacheDir: filepath.Join(dir, "cache")})
	if err != nil {
		t.Fatal(err)
	}
	cat := loadPack(t)
	tasks, err := Draw(cat, nil, 10, 7, false)
	if err != nil {
		t.Fatal(err)
	}
	e := New(Config{Catalog: cat, Target: target, StateDir: filepath.Join(dir, "state"), Workspace: filepath.Join(dir, "ws"), Practice: practice}, tasks, 7, nil)
	var seen []Progress
	if err := e.Prepare(t.Context(), func(p Progress) { seen = append(seen, p) }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(tasks)+1 || seen[0].Done != 0 || seen[len(tasks)].Done != len(tasks) || seen[len(tasks)].Task != nil {
		t.Errorf("progress reported: %+v", seen)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := e.Cleanup(ctx); err != nil {
			t.Errorf("clean up: %v", err)
		}
	})
	return e
}

// solve runs task i's solution in its workspace folder, as a learner would.
func solve(t *testing.T, e *Exam, i int) {
	t.Helper()
	task := e.Tasks()[i]
	exp, err := e.cfg.Catalog.ExpandStep(task.Step, lessons.LabVars(task.Namespace))
	if err != nil {
		t.Fatal(err)
	}
	env, err := e.env(task.Namespace)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range exp.Solution {
		spec := env.Spec(line, time.Minute)
		spec.Dir = e.TaskDir(i)
		res, err := runner.Run(t.Context(), spec, nil)
		if err != nil || res.ExitCode != 0 {
			t.Fatalf("task %d: %s: %v exit %d\n%s", task.N, line, err, res.ExitCode, res.Output)
		}
	}
}

func byLesson(e *Exam, lesson string) int {
	for i, t := range e.Tasks() {
		if t.Lesson.ID == lesson {
			return i
		}
	}
	return -1
}

func TestAnExamOfEverySolvedTaskScoresFullMarks(t *testing.T) {
	e := newExam(t, false)
	if err := e.Start(time.Now(), 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	for i := range e.Tasks() {
		solve(t, e, i)
	}
	r := e.End(t.Context())
	if r.Score != 100 || !r.Passed || r.Got != 4 || r.Of != 4 || r.Expired {
		t.Fatalf("all solved: score %.1f%% (%d of %d), passed %v; want 100%%", r.Score, r.Got, r.Of, r.Passed)
	}
	for _, tr := range r.Tasks {
		if tr.Revisit() != "" || len(tr.Results) == 0 {
			t.Errorf("task %d: revisit %q, %d results", tr.N, tr.Revisit(), len(tr.Results))
		}
	}
}

func TestAnExamOfNoWorkScoresNothingAndSaysWhatToRevisit(t *testing.T) {
	e := newExam(t, false)
	if _, ok := e.Live(t.Context(), 0); ok {
		t.Error("an exam not in practice shows its checks")
	}
	if err := e.Start(time.Now(), 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	r := e.End(t.Context())
	if r.Score != 0 || r.Passed || r.Got != 0 {
		t.Fatalf("nothing solved: score %.1f%%; want 0", r.Score)
	}
	i := byLesson(e, "fix-service")
	tr := r.Tasks[i]
	if tr.Revisit() != "fix-service" {
		t.Errorf("revisit %q", tr.Revisit())
	}
	var why string
	for _, res := range tr.Results {
		if !res.Pass {
			why = res.Observed.Text("en") + " / " + res.Expected.Text("en")
		}
	}
	if !strings.Contains(why, "wbe") || !strings.Contains(why, "web") {
		t.Errorf("the failing check's reason %q does not say what it saw and wanted", why)
	}
	rec := r.Record()
	if rec.Tasks[i].Checks[0].Observed["zh"] == "" || rec.Score != 0 {
		t.Errorf("record: %+v", rec.Tasks[i])
	}
}

func TestAHalfSolvedExamScoresTheWeightOfWhatWasSolved(t *testing.T) {
	e := newExam(t, true)
	t0 := time.Now().Add(-time.Minute)
	if err := e.Start(t0, 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	fix := byLesson(e, "fix-service")
	e.Select(fix, t0.Add(20*time.Second))
	solve(t, e, fix) // weight 2 of 4
	if rep, ok := e.Live(t.Context(), fix); !ok || !rep.Passed() {
		t.Errorf("practice: the solved task's live checks: %v %+v", ok, rep)
	}
	e.ToggleFlag(byLesson(e, "scale-web"))
	r := e.End(t.Context())
	if r.Score != 50 || r.Passed || r.Got != 2 || r.Of != 4 {
		t.Fatalf("score %.1f%% (%d of %d); want 50%% (2 of 4)", r.Score, r.Got, r.Of)
	}
	parts := fmt.Sprint(r.ByPart)
	if parts != "[{basics 2 3} {ops 0 1}]" {
		t.Errorf("by part %s", parts)
	}
	if s := r.Tasks[0].Spent; s != 20*time.Second && fix != 0 {
		t.Errorf("task 1 was current for the first 20s; spent %s", s)
	}
	if s := r.Tasks[fix].Spent; s < 40*time.Second || s > 2*time.Minute {
		t.Errorf("the solved task was current from 20s to the end; spent %s", s)
	}
	if !r.Tasks[byLesson(e, "scale-web")].Flagged {
		t.Error("the flag was lost")
	}
}

func TestTheScoreFreezesWhenTheClockRunsOut(t *testing.T) {
	e := newExam(t, false)
	if err := e.Start(time.Now(), 2*time.Second); err != nil {
		t.Fatal(err)
	}
	r := e.Run(t.Context())
	if r == nil || !r.Expired || r.Score != 0 {
		t.Fatalf("at expiry: %+v", r)
	}
	for i := range e.Tasks() {
		solve(t, e, i)
	}
	again := e.End(t.Context())
	if again != r || again.Score != 0 || e.Report().Score != 0 {
		t.Errorf("a fix after the time was up changed the score to %.1f%%", again.Score)
	}
	select {
	case <-e.Ended():
	default:
		t.Error("Ended is not closed")
	}
}

func TestCleanupRemovesOnlyTheExamsNamespaces(t *testing.T) {
	c, other := testcluster.Namespace(t)
	e := newExam(t, false)
	st := e.State(os.Getpid())
	if err := st.Save(StateFile(e.cfg.StateDir)); err != nil {
		t.Fatal(err)
	}
	if err := e.Cleanup(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, task := range e.Tasks() {
		if _, err := c.Clientset().CoreV1().Namespaces().Get(t.Context(), task.Namespace, metav1.GetOptions{}); err == nil {
			t.Errorf("namespace %s is still there", task.Namespace)
		}
	}
	if _, err := c.Clientset().CoreV1().Namespaces().Get(t.Context(), other, metav1.GetOptions{}); err != nil {
		t.Errorf("another namespace went too: %v", err)
	}
	if _, err := LoadState(StateFile(e.cfg.StateDir)); err != ErrNoExam {
		t.Errorf("the running exam's file: %v", err)
	}
}

// A running exam saved by one process is resumed by another with the
// baselines of its preparation, and scores the same.
func TestASavedExamResumesAndScoresWhatWasDone(t *testing.T) {
	e := newExam(t, false)
	if err := e.Start(time.Now(), 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	e.ToggleFlag(1)
	path := StateFile(e.cfg.StateDir)
	if err := e.State(os.Getpid()).Save(path); err != nil {
		t.Fatal(err)
	}
	solve(t, e, byLesson(e, "config-mode"))
	st, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Resume(t.Context(), e.cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	r := back.End(t.Context())
	if r.Got != 1 || !r.Tasks[1].Flagged || r.Tasks[byLesson(e, "config-mode")].Passed != true {
		t.Errorf("resumed exam: %d of %d, flags %v", r.Got, r.Of, r.Tasks[1].Flagged)
	}
}
