package check

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"kubelab/internal/testcluster"
	"kubelab/lessons"
	"kubelab/sandbox"
	"kubelab/sandbox/runner"
)

// The proof: every built-in step that needs only an API server is run on the
// test cluster. On a fresh lesson namespace its checks must not all pass;
// after its own solution ran they must pass within the step's timeout; after
// the lesson's namespace is reset they must not all pass again. Quizzes: the
// answer computed from the cluster passes, a wrong one and none fail.
//
// Each lesson is a subtest and each step a subtest of it, so
// `-run 'TestEveryBuiltin/self-healing'` proves one lesson and
// `-run 'TestEveryBuiltin/self-healing/delete-pod'` one step (the solutions
// of the steps before it still run, unproven, to set it up). Lessons that
// leave the nodes alone run in parallel, each in its own namespace (raise
// -parallel to run more or fewer at once than proofParallel); the others run
// alone (see runsAlone).
//
// KUBELAB_PROOF_PACK=DIR proves the lesson pack in DIR instead (a teacher's
// own, or a work in progress).
func TestEveryBuiltinClusterStepIsProvenOnTheTestCluster(t *testing.T) {
	cat, err := lessons.Builtin()
	if dir := os.Getenv("KUBELAB_PROOF_PACK"); dir != "" {
		cat, err = lessons.LoadDir(dir)
	}
	if err != nil {
		t.Fatalf("the lessons do not load: %v", err)
	}
	if len(cat.Lessons) == 0 {
		t.Fatal("the pack has no lessons")
	}
	p := newProver(t)
	start := time.Now()
	// After every lesson's subtest, the parallel ones included.
	t.Cleanup(func() {
		summary := fmt.Sprintf("%d steps proven, %d need kind (not run here)", p.proven, p.needKind)
		fmt.Println(summary)
		t.Logf("%s, in %s", summary, time.Since(start).Round(time.Second))
		for _, n := range p.notes {
			t.Log(n)
		}
		if p.proven == 0 && p.needKind == 0 && !t.Failed() {
			t.Error("no step was proven: did -run pick no lesson?")
		}
	})
	for _, l := range cat.Lessons {
		t.Run(l.ID, func(t *testing.T) {
			if !runsAlone(l, false) {
				t.Parallel()
			}
			p.merge(p.lesson(t, cat, l, true))
		})
	}
}

// The proof must be able to fail: a pack whose bad step passes before its
// solution, and whose lazy step never turns green, is reported as failing.
func TestTheProofReportsAStepThatPassesBeforeItsSolution(t *testing.T) {
	cat, err := lessons.LoadDir(filepath.Join("testdata", "proofpack"))
	if err != nil {
		t.Fatalf("load the test pack: %v", err)
	}
	p := newProver(t)
	for _, l := range cat.Lessons {
		p.merge(p.lesson(t, cat, l, false))
	}
	t.Logf("%d steps proven, %d need kind (not run here)", p.proven, p.needKind)
	for _, f := range p.failures {
		t.Logf("reported: %s", f)
	}
	if p.proven != 3 || p.needKind != 1 {
		t.Errorf("proven %d, need kind %d; want 3 (create, quiz, loose) and 1 (node)", p.proven, p.needKind)
	}
	want := []string{
		"proof-demo/already: its checks all pass before its solution ran",
		"proof-demo/lazy: its checks did not pass within 3s after its solution",
		"proof-demo/loose: wrong attempt 1 (lesson.yaml:",
	}
	if len(p.failures) != len(want) {
		t.Fatalf("got %d failures, want %d: %q", len(p.failures), len(want), p.failures)
	}
	for i, w := range want {
		if !strings.HasPrefix(p.failures[i], w) {
			t.Errorf("failure %d: %q, want it to start %q", i, p.failures[i], w)
		}
	}
}

// A challenge with setup, a starter file and two wrong attempts is proven
// both ways and against each wrong attempt.
func TestAChallengeIsProvenBothWaysAndAgainstItsWrongAttempts(t *testing.T) {
	cat, err := lessons.LoadDir(filepath.Join("testdata", "challengepack"))
	if err != nil {
		t.Fatalf("load the test pack: %v", err)
	}
	p := newProver(t)
	for _, l := range cat.Lessons {
		p.merge(p.lesson(t, cat, l, true))
	}
	if p.proven != 1 || p.wrongFailed != 0 {
		t.Errorf("proven %d steps, %d wrong attempts let a check pass; want 1 and 0", p.proven, p.wrongFailed)
	}
}

// A lesson runs alone, never beside another, when the steps a proof runs
// change the nodes (cordon, drain, taint, label, delete them), work inside
// them (node shells, docker exec, crictl, kubeadm), or check where pods
// landed, which other lessons' pods would change. The rest run in parallel.
func TestLessonsThatTouchTheNodesRunAlone(t *testing.T) {
	cat, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	alone := map[string]bool{}
	for _, l := range cat.Lessons {
		alone[l.ID] = runsAlone(l, false)
	}
	t.Logf("run alone on the test cluster: %v", alone)
	for _, id := range []string{"self-healing", "bin-packing"} { // drain; where pods spread
		if !alone[id] {
			t.Errorf("%s runs in parallel, want it alone", id)
		}
	}
	for _, id := range []string{"scaling", "batch"} {
		if alone[id] {
			t.Errorf("%s runs alone, want it in parallel", id)
		}
	}
	if l := cat.Lesson("node-preparation"); l == nil || !runsAlone(l, true) {
		t.Error("node-preparation runs in parallel on kind, want it alone")
	}
}

// nodeWork are the words of commands that change or enter the nodes.
var nodeWork = regexp.MustCompile(`\b(cordon|uncordon|drain|taint|node-shell|crictl|kubeadm|systemctl|nsenter)\b|docker exec|\b(label|annotate|patch|edit|delete|replace)\s+(nodes?|no)\b|\bnodes?/`)

// runsAlone reports whether a lesson must run alone: see
// TestLessonsThatTouchTheNodesRunAlone. Only the steps the proof runs
// count: on the test cluster, those that need no kind.
func runsAlone(l *lessons.Lesson, onKind bool) bool {
	for _, s := range l.Steps {
		if s.Needs == lessons.NeedsKind && !onKind {
			continue
		}
		for _, line := range append(append([]string{}, s.Commands...), s.Solution...) {
			if nodeWork.MatchString(line) {
				return true
			}
		}
		for _, c := range s.Checks {
			queries := []lessons.Query{c.Query}
			paths := []string{c.Path}
			if c.Answer != nil && c.Answer.Count != nil {
				queries = append(queries, *c.Answer.Count)
			}
			if c.Answer != nil && c.Answer.Field != nil {
				queries = append(queries, c.Answer.Field.Query)
				paths = append(paths, c.Answer.Field.Path)
			}
			if c.On == "node" || nodeWork.MatchString(c.Run) {
				return true
			}
			for _, q := range queries {
				if strings.Contains(q.FieldSelector, "spec.nodeName") {
					return true
				}
			}
			for _, path := range paths {
				if strings.Contains(path, ".spec.nodeName") {
					return true
				}
			}
		}
	}
	return false
}

// prover runs lessons' solutions on a cluster and collects what did not
// hold. Lessons may run at once: each run keeps its own lessonRun, merged
// under mu when it is final.
type prover struct {
	cluster *testcluster.Cluster
	target  *sandbox.Target
	kubectl string // folder with the kubectl solutions run
	// workspaces holds, per lesson, the folder its solutions run in.
	workspaces string

	// On the lab's kind cluster (kind_proof_test.go) every step runs, and
	// the `needs: kind` ones are counted apart.
	onKind bool
	nodes  NodeExecer

	mu sync.Mutex
	lessonRun
	notes []string
	// flaky are lessons that failed on kind and held when run once more.
	flaky []string
}

// lessonRun is what one run of one lesson proved.
type lessonRun struct {
	failures   []string
	proven     int // steps that need no kind, proven
	needKind   int // steps that need kind, not run
	kindSteps  int // steps that need kind, run
	kindProven int // of those, proven
	// notProven are kind steps that held but could not be shown to fail
	// after a reset, as "lesson/step: reason".
	notProven []string
	// wrongFailed counts wrong attempts after which a check passed.
	wrongFailed int
}

func (p *prover) merge(r lessonRun) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failures = append(p.failures, r.failures...)
	p.proven += r.proven
	p.needKind += r.needKind
	p.kindSteps += r.kindSteps
	p.kindProven += r.kindProven
	p.notProven = append(p.notProven, r.notProven...)
	p.wrongFailed += r.wrongFailed
}

func newProver(t *testing.T) *prover {
	t.Helper()
	c := testcluster.Shared(t)
	dir := t.TempDir()
	target, err := sandbox.Resolve(sandbox.Options{Kubeconfig: c.Kubeconfig(), ConfigDir: filepath.Join(dir, "config"), CacheDir: filepath.Join(dir, "cache")})
	if err != nil {
		t.Fatalf("resolve the test cluster as a target: %v", err)
	}
	return &prover{cluster: c, target: target, kubectl: kubectlDir(t), workspaces: filepath.Join(dir, "workspaces")}
}

// workspace is the folder a lesson's solutions run in, as the learner's
// workspace: each step's starter files are copied in when it opens (over
// what an earlier step left, as a fresh proof run would find them).
func (p *prover) workspace(t *testing.T, l *lessons.Lesson, s *lessons.Step) string {
	dir := filepath.Join(p.workspaces, l.ID)
	for _, f := range s.Starter {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runIn runs a command line in the lab's environment inside dir.
func runIn(ctx context.Context, run sandbox.Commands, dir, line string) (int, string, error) {
	spec := run.Env.Spec(line, sandbox.DefaultTimeout)
	spec.Dir = dir
	res, err := runner.Run(ctx, spec, nil)
	return res.ExitCode, res.Output, err
}

// fail records a failure of step s; with report, it also fails t.
func (r *lessonRun) fail(t *testing.T, report bool, l *lessons.Lesson, s *lessons.Step, format string, args ...any) {
	t.Helper()
	f := fmt.Sprintf("%s/%s: ", l.ID, s.ID) + fmt.Sprintf(format, args...)
	r.failures = append(r.failures, f)
	if report {
		t.Error(f)
	}
}

// lesson proves lesson l in its namespace, one subtest of t per step, and
// returns what it proved. With report, every failure also fails the subtest
// it happened in; without, the caller decides (the kind proof runs a failed
// lesson once more).
func (p *prover) lesson(t *testing.T, cat *lessons.Catalog, l *lessons.Lesson, report bool) lessonRun {
	var r lessonRun
	ctx := t.Context()
	ns := l.Namespace
	cfg := p.target.RESTConfig()
	if err := sandbox.ResetNamespace(ctx, cfg, ns); err != nil {
		t.Fatalf("lesson %s: a fresh namespace: %v", l.ID, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		sandbox.ResetNamespace(ctx, cfg, ns)
	})
	env, err := p.target.Env(ns)
	if err != nil {
		t.Fatal(err)
	}
	env.BinDir = p.kubectl
	runner := sandbox.Commands{Env: env}
	engine, err := NewEngine(Config{REST: cfg, Runner: runner, Nodes: p.nodes})
	if err != nil {
		t.Fatal(err)
	}
	vars := lessons.LabVars(ns)
	var proven []*lessons.Step
	var skippedKind []string
	// pending are steps a -run filter left out: their solutions run, as a
	// set-up, before the next step that does run.
	var pending []*lessons.Step
	for _, s := range l.Steps {
		runs := s.Needs != lessons.NeedsKind || p.onKind
		ran := false
		t.Run(s.ID, func(t *testing.T) {
			ran = true
			if !runs {
				r.needKind++
				skippedKind = append(skippedKind, s.ID)
				t.Skip("needs the lab's kind cluster: not run on the test cluster")
			}
			if s.Needs == lessons.NeedsKind {
				r.kindSteps++
			}
			before := pending
			pending = nil
			for _, b := range before {
				if !p.setUp(t, ctx, engine, runner, cat, l, b, vars) {
					r.fail(t, report, l, s, "step %s, run before it to set it up, did not pass", b.ID)
					return
				}
			}
			if p.step(t, ctx, &r, report, engine, runner, cat, l, s, vars, skippedKind) {
				proven = append(proven, s)
			}
		})
		if !ran && runs {
			pending = append(pending, s)
		}
	}
	if len(proven) == 0 {
		return r
	}
	// Reset: every proven step must fail again on the emptied namespace.
	if err := sandbox.ResetNamespace(ctx, cfg, ns); err != nil {
		t.Fatalf("lesson %s: reset: %v", l.ID, err)
	}
	for _, s := range proven {
		held := true
		if hasClusterChecks(s) { // a quiz-only step reads the cluster only for its answer
			// The lab runs a step's setup again after a reset.
			if err := runSetup(t, ctx, runner, cat, l, s, vars); err != nil {
				r.fail(t, report, l, s, "after reset: %v", err)
				continue
			}
			sess, err := engine.Open(ctx, cat, l, s, vars)
			if err != nil {
				r.fail(t, report, l, s, "open after reset: %v", err)
				continue
			}
			answers := p.rightAnswers(ctx, sess)
			rep := sess.Evaluate(ctx, answers)
			if p.onKind && s.Needs == lessons.NeedsKind {
				t.Logf("%s/%s after reset: %s", l.ID, s.ID, summary(rep))
			}
			if clusterChecksPass(rep) {
				if p.onKind && readsNodes(s) {
					// A namespace reset cannot undo what lives on the nodes.
					r.notProven = append(r.notProven, fmt.Sprintf("%s/%s: its checks read the nodes, which a namespace reset does not undo, and still pass after it", l.ID, s.ID))
					continue
				}
				r.fail(t, report, l, s, "its checks all pass again after `reset`: %s", summary(rep))
				held = false
			}
		}
		if !held {
			continue
		}
		if s.Needs == lessons.NeedsKind {
			r.kindProven++
			t.Logf("proven: %s/%s", l.ID, s.ID)
		} else {
			r.proven++
		}
	}
	// Wrong attempts: each from a reset namespace, after the steps before
	// it and the step's own setup, must leave the checks it names failing.
	// On kind only the needs: kind steps' attempts run: the others were
	// proven against theirs on the test cluster, and each attempt replays
	// the lesson up to its step, which on a real cluster costs minutes.
	for i, s := range proven {
		if p.onKind && s.Needs != lessons.NeedsKind || len(s.Wrong) == 0 {
			continue
		}
		before := proven[:i]
		if len(s.Setup) > 0 && p.standsAlone(t, ctx, engine, runner, cat, l, s, vars) {
			before = nil
		}
		for k, w := range s.Wrong {
			if !p.wrongAttempt(t, ctx, &r, report, engine, runner, cat, l, before, s, k, w, vars) {
				r.wrongFailed++
			}
		}
	}
	// `kubelab reset` also puts back what the lesson changed outside its
	// namespace: on kind its undo commands run, and then every node must be
	// Ready and schedulable, as the next lesson expects.
	if p.onKind {
		if err := p.undo(ctx, runner, cat, l, vars); err != nil {
			t.Errorf("lesson %s: reset did not put the nodes back: %v", l.ID, err)
		}
	}
	return r
}

// undo runs the lesson's undo commands, as `kubelab reset` does on kind,
// and waits until every node is Ready and schedulable.
func (p *prover) undo(ctx context.Context, run sandbox.Commands, cat *lessons.Catalog, l *lessons.Lesson, vars lessons.Vars) error {
	lines, err := cat.ExpandUndo(l, vars)
	if err != nil {
		return err
	}
	run.Timeout = 5 * time.Minute
	if err := run.RunAll(ctx, lines); err != nil {
		return err
	}
	cs, err := kubernetes.NewForConfig(p.target.RESTConfig())
	if err != nil {
		return err
	}
	deadline := time.Now().Add(3 * time.Minute)
	for {
		nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		var bad []string
		if err != nil {
			bad = append(bad, err.Error())
		} else {
			for _, n := range nodes.Items {
				ready := false
				for _, c := range n.Status.Conditions {
					ready = ready || (c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue)
				}
				switch {
				case !ready:
					bad = append(bad, n.Name+" is not Ready")
				case n.Spec.Unschedulable:
					bad = append(bad, n.Name+" is cordoned")
				}
			}
		}
		if len(bad) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("after its undo commands: %s", strings.Join(bad, ", "))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}

// runSetup runs a step's setup as the lab does when the step opens, with
// its output in a log under the test's temporary folder.
func runSetup(t *testing.T, ctx context.Context, run sandbox.Commands, cat *lessons.Catalog, l *lessons.Lesson, s *lessons.Step, vars lessons.Vars) error {
	if len(s.Setup) == 0 {
		return nil
	}
	exp, err := cat.ExpandStep(s, vars)
	if err != nil {
		return err
	}
	return run.Env.RunSetup(ctx, exp.Setup, sandbox.SetupLog(t.TempDir(), l.ID, s.ID))
}

// wrongSettle is how long the checks a wrong attempt names are watched for
// passing after it ran: long enough for a controller to act on it.
const wrongSettle = 4 * time.Second

// wrongAttempt proves one wrong attempt at step s and reports whether it held.
// before are the proven steps ahead of s, whose solutions set it up.
func (p *prover) wrongAttempt(t *testing.T, ctx context.Context, r *lessonRun, report bool, e *Engine, run sandbox.Commands, cat *lessons.Catalog, l *lessons.Lesson, before []*lessons.Step, s *lessons.Step, k int, w *lessons.Wrong, vars lessons.Vars) bool {
	what := fmt.Sprintf("wrong attempt %d (lesson.yaml:%d)", k+1, w.Line)
	if err := sandbox.ResetNamespace(ctx, p.target.RESTConfig(), l.Namespace); err != nil {
		t.Fatalf("lesson %s: reset: %v", l.ID, err)
	}
	// On kind, `kubelab reset` also runs the lesson's undo: what a setup
	// changed on a node (a stopped component) is put back before the steps
	// ahead of the attempt run again, as they would after a learner's reset.
	if p.onKind {
		if err := p.undo(ctx, run, cat, l, vars); err != nil {
			r.fail(t, report, l, s, "%s: reset did not put the nodes back: %v", what, err)
			return false
		}
	}
	for _, b := range before {
		if !p.setUp(t, ctx, e, run, cat, l, b, vars) {
			r.fail(t, report, l, s, "%s: step %s, run before it, did not pass", what, b.ID)
			return false
		}
	}
	if err := runSetup(t, ctx, run, cat, l, s, vars); err != nil {
		r.fail(t, report, l, s, "%s: %v", what, err)
		return false
	}
	sess, err := e.Open(ctx, cat, l, s, vars)
	if err != nil {
		r.fail(t, report, l, s, "%s: open: %v", what, err)
		return false
	}
	dir := t.TempDir()
	exp := sess.Step().Wrong[k]
	for name, content := range exp.Files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, line := range exp.Commands {
		code, _, err := runIn(ctx, run, dir, line)
		if err != nil {
			r.fail(t, report, l, s, "%s: %q could not run: %v", what, line, err)
			return false
		}
		t.Logf("%s: %q exited %d", what, line, code) // a wrong attempt may fail
	}
	deadline := time.Now().Add(wrongSettle)
	for {
		rep := sess.Evaluate(ctx, nil)
		for _, id := range exp.Fail {
			if res := find(rep, id); res.Pass {
				r.fail(t, report, l, s, "%s: check %s passes after it: %s", what, id, res.Message("en"))
				return false
			}
		}
		if time.Now().After(deadline) {
			return true
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// standsAlone reports whether step s, a step with setup, is solved from
// what a learner finds after a reset: an emptied namespace (and on kind the
// nodes put back) with only s's own setup run again, as the lab does when
// the step opens. Then its wrong attempts start from there too, a state a
// learner really meets, instead of replaying every step before it once per
// attempt (minutes each on kind for a lesson that stops a kubelet).
func (p *prover) standsAlone(t *testing.T, ctx context.Context, e *Engine, run sandbox.Commands, cat *lessons.Catalog, l *lessons.Lesson, s *lessons.Step, vars lessons.Vars) bool {
	if err := sandbox.ResetNamespace(ctx, p.target.RESTConfig(), l.Namespace); err != nil {
		t.Fatalf("lesson %s: reset: %v", l.ID, err)
	}
	if p.onKind {
		if err := p.undo(ctx, run, cat, l, vars); err != nil {
			return false
		}
	}
	ok := p.setUp(t, ctx, e, run, cat, l, s, vars)
	if ok {
		t.Logf("%s/%s is solved from a reset and its own setup: its wrong attempts start there", l.ID, s.ID)
	} else {
		t.Logf("%s/%s needs the steps before it: its wrong attempts replay them", l.ID, s.ID)
	}
	return ok
}

// setUp runs the solution of a step a -run filter left out, and waits until
// its checks pass, so that the steps after it find what they build on.
func (p *prover) setUp(t *testing.T, ctx context.Context, e *Engine, run sandbox.Commands, cat *lessons.Catalog, l *lessons.Lesson, s *lessons.Step, vars lessons.Vars) bool {
	if err := runSetup(t, ctx, run, cat, l, s, vars); err != nil {
		t.Logf("set up %s: %v", s.ID, err)
		return false
	}
	sess, err := e.Open(ctx, cat, l, s, vars)
	if err != nil {
		t.Logf("set up %s: open: %v", s.ID, err)
		return false
	}
	ws := p.workspace(t, l, s)
	for _, line := range sess.Step().Solution {
		if code, out, err := runIn(ctx, run, ws, line); err != nil || code != 0 {
			t.Logf("set up %s: solution %q exited %d (%v): %s", s.ID, line, code, err, tail(out, 400))
			return false
		}
	}
	deadline := time.Now().Add(s.StepTimeout())
	for {
		rep := sess.Evaluate(ctx, p.rightAnswers(ctx, sess))
		if rep.Passed() {
			return true
		}
		if time.Now().After(deadline) {
			t.Logf("set up %s: %s", s.ID, summary(rep))
			return false
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// readsNodes reports whether a step's checks look at the nodes themselves
// (a command inside a node or through docker exec, or Node objects).
func readsNodes(s *lessons.Step) bool {
	for _, c := range s.Checks {
		if c.On == "node" || c.Resource == "nodes" || strings.Contains(c.Run, "docker exec") {
			return true
		}
	}
	return false
}

// step proves one step and reports whether it held.
func (p *prover) step(t *testing.T, ctx context.Context, r *lessonRun, report bool, e *Engine, run sandbox.Commands, cat *lessons.Catalog, l *lessons.Lesson, s *lessons.Step, vars lessons.Vars, skippedKind []string) bool {
	// Setup runs twice, as the lab may run it again after a reset over what
	// it left: it must be idempotent.
	for range 2 {
		if err := runSetup(t, ctx, run, cat, l, s, vars); err != nil {
			r.fail(t, report, l, s, "%v", err)
			return false
		}
	}
	sess, err := e.Open(ctx, cat, l, s, vars)
	if err != nil {
		r.fail(t, report, l, s, "open: %v", err)
		return false
	}
	ok := true
	// Before: the checks that read the cluster must not all pass, whatever
	// the quizzes are answered.
	before := sess.Evaluate(ctx, p.rightAnswers(ctx, sess))
	if hasClusterChecks(sess.Step()) && clusterChecksPass(before) {
		r.fail(t, report, l, s, "its checks all pass before its solution ran: %s", summary(before))
		ok = false
	}
	ws := p.workspace(t, l, s)
	for _, line := range sess.Step().Solution {
		code, out, err := runIn(ctx, run, ws, line)
		if err != nil || code != 0 {
			r.fail(t, report, l, s, "solution %q exited %d (%v): %s", line, code, err, tail(out, 400))
			return false
		}
	}
	// After: everything passes within the step's timeout.
	timeout := s.StepTimeout()
	deadline := time.Now().Add(timeout)
	var after Report
	for {
		after = sess.Evaluate(ctx, p.rightAnswers(ctx, sess))
		if after.Passed() || time.Now().After(deadline) {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if !after.Passed() {
		hint := ""
		if len(skippedKind) > 0 {
			hint = fmt.Sprintf(" (earlier steps %s need kind and were not run: if this step depends on them, say so)", strings.Join(skippedKind, ", "))
		}
		r.fail(t, report, l, s, "its checks did not pass within %s after its solution%s: %s", timeout, hint, summary(after))
		return false
	}
	// Quizzes: a wrong answer and no answer fail.
	right := p.rightAnswers(ctx, sess)
	for _, c := range sess.Step().Checks {
		if c.Kind != lessons.KindQuiz {
			continue
		}
		key := lessons.AnswerKey(s.ID, c.ID)
		for what, answers := range map[string]map[string]string{
			"a wrong answer": with(right, key, wrongAnswer(right[key], c.Choices)),
			"no answer":      with(right, key, ""),
		} {
			if res := find(sess.Evaluate(ctx, answers), c.ID); res.Pass {
				r.fail(t, report, l, s, "quiz %s passes with %s (%q)", c.ID, what, answers[key])
				ok = false
			}
		}
	}
	return ok
}

// rightAnswers are the step's quiz answers as the cluster gives them now.
func (p *prover) rightAnswers(ctx context.Context, s *Session) map[string]string {
	out := map[string]string{}
	for _, c := range s.Step().Checks {
		if c.Kind == lessons.KindQuiz {
			if a, err := s.RightAnswer(ctx, c.ID); err == nil {
				out[lessons.AnswerKey(s.Step().ID, c.ID)] = a
			}
		}
	}
	return out
}

func with(m map[string]string, key, value string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	out[key] = value
	return out
}

// wrongAnswer is an answer that cannot be right: another choice, another
// number, or another word.
func wrongAnswer(right string, choices []string) string {
	for _, c := range choices {
		if !sameAnswer(c, right) {
			return c
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(right)); err == nil {
		return strconv.Itoa(n + 1)
	}
	return "not-" + right
}

func hasClusterChecks(s *lessons.Step) bool {
	for _, c := range s.Checks {
		if c.Kind != lessons.KindQuiz {
			return true
		}
	}
	return false
}

// clusterChecksPass reports whether every check other than a quiz passed.
func clusterChecksPass(r Report) bool {
	if r.Err != nil {
		return false
	}
	for _, res := range r.Results {
		if res.Kind != lessons.KindQuiz && !res.Pass {
			return false
		}
	}
	return true
}

func find(r Report, id string) Result {
	for _, res := range r.Results {
		if res.Check == id {
			return res
		}
	}
	return Result{}
}

func summary(r Report) string {
	if r.Err != nil {
		return r.Err.Error()
	}
	var parts []string
	for _, res := range r.Results {
		mark := "✗"
		if res.Pass {
			mark = "✓"
		}
		parts = append(parts, fmt.Sprintf("%s %s: %s", mark, res.Check, res.Message("en")))
	}
	return strings.Join(parts, "; ")
}

var kubectlOnce struct {
	sync.Once
	dir string
	err error
}

// kubectlDir is a folder whose `kubectl` runs the solutions: this tree's
// kubelab, which answers as kubectl when invoked by that name, exactly as in
// the learner's environment. There is no fallback to a kubectl on PATH: a
// fresh machine has none, and the proof must use the kubectl learners get.
func kubectlDir(t testing.TB) string {
	kubectlOnce.Do(func() {
		// One reused folder: the binary is large, and a copy per run would
		// pile up in the temp folder.
		dir := filepath.Join(os.TempDir(), "kubelab-proof-bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			kubectlOnce.err = err
			return
		}
		bin := filepath.Join(dir, "kubectl")
		tmp := fmt.Sprintf("%s.%d", bin, os.Getpid())
		if out, err := exec.Command("go", "build", "-o", tmp, "kubelab/cmd/kubelab").CombinedOutput(); err != nil {
			os.Remove(tmp)
			kubectlOnce.err = fmt.Errorf("build kubelab as kubectl: %v\n%s", err, out)
			return
		}
		if err := os.Rename(tmp, bin); err != nil {
			kubectlOnce.err = err
			return
		}
		if out, err := exec.Command(bin, "version", "--client").CombinedOutput(); err != nil || !strings.Contains(string(out), "Client Version") {
			kubectlOnce.err = fmt.Errorf("kubelab does not answer as kubectl: %v\n%s", err, out)
			return
		}
		kubectlOnce.dir = dir
	})
	if kubectlOnce.err != nil {
		t.Fatal(kubectlOnce.err)
	}
	return kubectlOnce.dir
}
