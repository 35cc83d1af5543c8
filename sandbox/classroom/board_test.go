package classroom

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"kubelab/lessons"
	"kubelab/sandbox"
	"kubelab/sandbox/check"
)

// boardWatcher records when the board first showed each learner's cell in a
// state.
type boardWatcher struct {
	mu     sync.Mutex
	last   Snapshot
	passAt map[string]time.Time // the step's checks pass
	doneAt map[string]time.Time // the step is done
	ready  chan struct{}
}

func watchBoard(ctx context.Context, b *Board, lesson, step string) *boardWatcher {
	w := &boardWatcher{passAt: map[string]time.Time{}, doneAt: map[string]time.Time{}, ready: make(chan struct{})}
	snaps, stop := b.Subscribe()
	go func() {
		defer stop()
		readyOnce := sync.OnceFunc(func() { close(w.ready) })
		for {
			select {
			case <-ctx.Done():
				return
			case s := <-snaps:
				now := time.Now()
				w.mu.Lock()
				w.last = s
				for _, l := range s.Learners {
					c, _ := s.Cell(l, lesson)
					if c.Step == step && c.Status == StatusPassing && w.passAt[l].IsZero() {
						w.passAt[l] = now
					}
					if c.Done >= 1 && w.doneAt[l].IsZero() {
						w.doneAt[l] = now
					}
				}
				w.mu.Unlock()
				if s.Ready {
					readyOnce()
				}
			}
		}
	}()
	return w
}

func (w *boardWatcher) snapshot() Snapshot {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last
}

// waitFor waits until cond holds for the board's records.
func (w *boardWatcher) waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		w.mu.Lock()
		ok := cond()
		w.mu.Unlock()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the board did not show %s within %s", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// learnerLab is one learner's side: the lab resolved from the class
// kubeconfig, exactly as `kubelab --kubeconfig FILE` resolves it.
type learnerLab struct {
	name   string
	ns     string
	env    *sandbox.Env
	engine *check.Engine
	cs     kubernetes.Interface
}

func openLearnerLab(t *testing.T, name, kubeconfig, ns string) *learnerLab {
	t.Helper()
	dir := t.TempDir()
	target, err := sandbox.Resolve(sandbox.Options{Kubeconfig: kubeconfig, ConfigDir: filepath.Join(dir, "config"), CacheDir: filepath.Join(dir, "cache")})
	if err != nil {
		t.Fatal(err)
	}
	env, err := target.Env(ns)
	if err != nil {
		t.Fatal(err)
	}
	engine, err := check.NewEngine(check.Config{REST: target.RESTConfig(), Runner: sandbox.Commands{Env: env}})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := kubernetes.NewForConfig(target.RESTConfig())
	if err != nil {
		t.Fatal(err)
	}
	return &learnerLab{name: name, ns: ns, env: env, engine: engine, cs: cs}
}

// completeStep does what a learner's lab does for one step: open it, report
// it to the class, run its solution with the learner's credentials, and
// evaluate it with the check engine until it passes; then mark it done.
// It returns when the learner's own engine first saw the checks pass and
// when the step was reported done.
func (ll *learnerLab) completeStep(ctx context.Context, cat *lessons.Catalog, l *lessons.Lesson, s *lessons.Step, answers map[string]string) (passed, done time.Time, err error) {
	sess, err := ll.engine.Open(ctx, cat, l, s, lessons.LabVars(ll.ns))
	if err != nil {
		return passed, done, err
	}
	if err := WriteProgress(ctx, ll.cs, ll.ns, func(p *Progress) {
		lp := p.Lesson(l.ID)
		lp.Step = s.ID
		lp.Answers = answers
		lp.Hints = map[string]int{s.ID: 1}
		lp.Baselines = map[string]check.Baseline{s.ID: sess.Baseline()}
	}); err != nil {
		return passed, done, err
	}
	run := sandbox.Commands{Env: ll.env, Timeout: 2 * time.Minute}
	for _, line := range sess.Step().Solution {
		code, out, err := run.Run(ctx, line)
		if err != nil || code != 0 {
			return passed, done, fmt.Errorf("solution %q: exit %d, %v\n%s", line, code, err, out)
		}
	}
	for {
		rep := sess.Evaluate(ctx, answers)
		if rep.Passed() {
			passed = time.Now()
			break
		}
		if ctx.Err() != nil {
			return passed, done, fmt.Errorf("the step's checks did not pass: %+v", rep.Results)
		}
		time.Sleep(100 * time.Millisecond)
	}
	next := ""
	if i := slices.IndexFunc(l.Steps, func(x *lessons.Step) bool { return x.ID == s.ID }); i+1 < len(l.Steps) {
		next = l.Steps[i+1].ID
	}
	if err := WriteProgress(ctx, ll.cs, ll.ns, func(p *Progress) {
		lp := p.Lesson(l.ID)
		lp.MarkDone(s.ID, time.Now())
		lp.Step = next
	}); err != nil {
		return passed, done, err
	}
	return passed, time.Now(), nil
}

func TestThirtyLearnersFinishAStepAndTheBoardShowsEachWithinTwoSeconds(t *testing.T) {
	const lessonID, stepID = "self-healing", "deploy"
	var learners []string
	for i := 1; i <= 30; i++ {
		learners = append(learners, fmt.Sprintf("l%02d", i))
	}
	start := time.Now()
	c, cs, r := testClass(t, "scale", learners, lessonID)
	t.Logf("create: %s", time.Since(start).Round(time.Millisecond))
	kcs := issue(t, c, cs, r)
	cat := builtin(t)
	l := cat.Lesson(lessonID)
	step := l.Step(stepID)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	board, err := NewBoard(ctx, BoardConfig{REST: c.RESTConfig(), Catalog: cat, Class: r.Name})
	if err != nil {
		t.Fatal(err)
	}
	boardErr := make(chan error, 1)
	go func() { boardErr <- board.Run(ctx) }()
	w := watchBoard(ctx, board, lessonID, stepID)
	select {
	case <-w.ready:
	case err := <-boardErr:
		t.Fatalf("the board stopped: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the board was not ready within 30s")
	}
	for _, learner := range learners {
		cell, _ := w.snapshot().Cell(learner, lessonID)
		if cell.Step != stepID || cell.Status != StatusFailing {
			t.Fatalf("before any work, %s's cell is %+v; want step %s failing", learner, cell, stepID)
		}
	}

	answers := map[string]string{lessons.AnswerKey(stepID, "owner"): "b"}
	passed := map[string]time.Time{}
	done := map[string]time.Time{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 6)
	errs := make(chan error, len(learners))
	work := time.Now()
	for _, learner := range learners {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ll := openLearnerLab(t, learner, kcs[learner], r.ProgressNamespace(learner))
			p, d, err := ll.completeStep(ctx, cat, l, step, answers)
			if err != nil {
				errs <- fmt.Errorf("%s: %w", learner, err)
				return
			}
			mu.Lock()
			passed[learner], done[learner] = p, d
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.FailNow()
	}
	t.Logf("30 learners ran the solution and saw it pass in %s", time.Since(work).Round(time.Millisecond))
	w.waitFor(t, "every learner done", 10*time.Second, func() bool { return len(w.doneAt) == len(learners) })
	var passLag, doneLag []time.Duration
	for _, learner := range learners {
		if w.passAt[learner].IsZero() && w.doneAt[learner].IsZero() {
			t.Errorf("the board never showed %s's step passing", learner)
		}
		// The board evaluates on watch events, the learner's engine polls:
		// the board may well be first (a negative lag).
		if !w.passAt[learner].IsZero() {
			passLag = append(passLag, w.passAt[learner].Sub(passed[learner]))
		}
		doneLag = append(doneLag, w.doneAt[learner].Sub(done[learner]))
	}
	slices.Sort(passLag)
	slices.Sort(doneLag)
	t.Logf("board lag after the learner's engine saw the step pass: min %s max %s; after the step was reported done: min %s max %s",
		passLag[0], passLag[len(passLag)-1], doneLag[0], doneLag[len(doneLag)-1])
	if m := passLag[len(passLag)-1]; m > 2*time.Second {
		t.Errorf("the board showed a passing step %s after the learner's engine did; want within 2s", m)
	}
	if m := doneLag[len(doneLag)-1]; m > 2*time.Second {
		t.Errorf("the board showed a finished step %s after it was reported; want within 2s", m)
	}

	// The report matches what each learner did.
	snap := w.snapshot()
	rows := Report(snap, "en")
	if len(rows) != len(learners) {
		t.Fatalf("report has %d rows, want %d", len(rows), len(learners))
	}
	for i, row := range rows {
		if row.Learner != learners[i] || row.Lesson != lessonID || row.StepsDone != 1 || row.Steps != len(r.Lessons[0].Steps) || row.Step != "delete-pod" || row.Hints != 1 || row.Answers != 1 {
			t.Errorf("report row %d = %+v; want %s with 1 step done, delete-pod reached, 1 hint, 1 answer", i, row, learners[i])
		}
	}
	var js, cv bytes.Buffer
	if err := WriteJSON(&js, rows); err != nil {
		t.Fatal(err)
	}
	var back []ReportRow
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back) != len(rows) || back[3].Learner != rows[3].Learner {
		t.Errorf("the JSON report does not read back: %v", err)
	}
	if err := WriteCSV(&cv, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&cv).ReadAll()
	if err != nil || len(recs) != len(rows)+1 || recs[1][0] != learners[0] || recs[1][2] != "1" {
		t.Errorf("the CSV report is not one header and one row per cell: %v %v", err, recs[:min(2, len(recs))])
	}
	text := RenderText(snap, "zh")
	if !bytes.Contains([]byte(text), []byte("l30")) {
		t.Errorf("the board text lacks a learner:\n%s", text)
	}
	cancel()

	// Delete leaves nothing of the class.
	dctx, dcancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer dcancel()
	start = time.Now()
	if _, err := Delete(dctx, cs, r.Name, 80*time.Second); err != nil {
		t.Fatal(err)
	}
	t.Logf("delete (namespaces gone): %s", time.Since(start).Round(time.Millisecond))
	left, err := List(dctx, cs, r.Name)
	if err != nil || len(left) != 0 {
		t.Errorf("after delete the class still has %v (%v)", left, err)
	}
	nss, err := cs.CoreV1().Namespaces().List(dctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nss.Items {
		if n.Labels[LabelClass] == r.Name {
			t.Errorf("namespace %s of the class is left", n.Name)
		}
	}
}
