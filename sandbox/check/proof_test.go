package check

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kubelab/internal/testcluster"
	"kubelab/lessons"
	"kubelab/sandbox"
)

// The proof: every built-in step that needs only an API server is run on the
// test cluster. On a fresh lesson namespace its checks must not all pass;
// after its own solution ran they must pass within the step's timeout; after
// the lesson's namespace is reset they must not all pass again. Quizzes: the
// answer computed from the cluster passes, a wrong one and none fail.
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
	p := newProver(t)
	for _, l := range cat.Lessons {
		p.lesson(cat, l)
	}
	for _, f := range p.failures {
		t.Error(f)
	}
	for _, n := range p.notes {
		t.Log(n)
	}
	summary := fmt.Sprintf("%d steps proven, %d need kind (not run here)", p.proven, p.needKind)
	fmt.Println(summary)
	t.Log(summary)
	if p.proven == 0 && p.needKind == 0 {
		t.Fatal("no step was proven: the built-in pack has no lessons?")
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
		p.lesson(cat, l)
	}
	t.Logf("%d steps proven, %d need kind (not run here)", p.proven, p.needKind)
	for _, f := range p.failures {
		t.Logf("reported: %s", f)
	}
	if p.proven != 2 || p.needKind != 1 {
		t.Errorf("proven %d, need kind %d; want 2 (create, quiz) and 1 (node)", p.proven, p.needKind)
	}
	want := []string{
		"proof-demo/already: its checks all pass before its solution ran",
		"proof-demo/lazy: its checks did not pass within 3s after its solution",
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

// prover runs lessons' solutions on the test cluster and collects what did
// not hold.
type prover struct {
	t        *testing.T
	cluster  *testcluster.Cluster
	target   *sandbox.Target
	kubectl  string // folder with the kubectl solutions run
	proven   int
	needKind int
	failures []string
	notes    []string

	// On the lab's kind cluster (kind_proof_test.go) every step runs, and
	// the `needs: kind` ones are counted here.
	onKind     bool
	nodes      NodeExecer
	kindProven int
	// notProven are kind steps that held but could not be shown to fail
	// after a reset, as "lesson/step: reason".
	notProven []string
	// flaky are lessons that failed on kind and held when run once more.
	flaky []string
}

func newProver(t *testing.T) *prover {
	t.Helper()
	c := testcluster.Shared(t)
	dir := t.TempDir()
	target, err := sandbox.Resolve(sandbox.Options{Kubeconfig: c.Kubeconfig(), ConfigDir: filepath.Join(dir, "config"), CacheDir: filepath.Join(dir, "cache")})
	if err != nil {
		t.Fatalf("resolve the test cluster as a target: %v", err)
	}
	return &prover{t: t, cluster: c, target: target, kubectl: kubectlDir(t)}
}

func (p *prover) fail(l *lessons.Lesson, s *lessons.Step, format string, args ...any) {
	p.failures = append(p.failures, fmt.Sprintf("%s/%s: ", l.ID, s.ID)+fmt.Sprintf(format, args...))
}

func (p *prover) lesson(cat *lessons.Catalog, l *lessons.Lesson) {
	t := p.t
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
	for _, s := range l.Steps {
		if s.Needs == lessons.NeedsKind && !p.onKind {
			p.needKind++
			skippedKind = append(skippedKind, s.ID)
			continue
		}
		if p.step(ctx, engine, runner, cat, l, s, vars, skippedKind) {
			proven = append(proven, s)
		}
	}
	if len(proven) == 0 {
		return
	}
	// Reset: every proven step must fail again on the emptied namespace.
	if err := sandbox.ResetNamespace(ctx, cfg, ns); err != nil {
		t.Fatalf("lesson %s: reset: %v", l.ID, err)
	}
	for _, s := range proven {
		held := true
		if hasClusterChecks(s) { // a quiz-only step reads the cluster only for its answer
			sess, err := engine.Open(ctx, cat, l, s, vars)
			if err != nil {
				p.fail(l, s, "open after reset: %v", err)
				continue
			}
			answers := p.rightAnswers(ctx, sess)
			rep := sess.Evaluate(ctx, answers)
			if p.onKind && s.Needs == lessons.NeedsKind {
				p.t.Logf("%s/%s after reset: %s", l.ID, s.ID, summary(rep))
			}
			if clusterChecksPass(rep) {
				if p.onKind && readsNodes(s) {
					// A namespace reset cannot undo what lives on the nodes.
					p.notProven = append(p.notProven, fmt.Sprintf("%s/%s: its checks read the nodes, which a namespace reset does not undo, and still pass after it", l.ID, s.ID))
					continue
				}
				p.fail(l, s, "its checks all pass again after `reset`: %s", summary(rep))
				held = false
			}
		}
		if !held {
			continue
		}
		if s.Needs == lessons.NeedsKind {
			p.kindProven++
			p.t.Logf("proven: %s/%s", l.ID, s.ID)
		} else {
			p.proven++
		}
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
func (p *prover) step(ctx context.Context, e *Engine, run sandbox.Commands, cat *lessons.Catalog, l *lessons.Lesson, s *lessons.Step, vars lessons.Vars, skippedKind []string) bool {
	sess, err := e.Open(ctx, cat, l, s, vars)
	if err != nil {
		p.fail(l, s, "open: %v", err)
		return false
	}
	ok := true
	// Before: the checks that read the cluster must not all pass, whatever
	// the quizzes are answered.
	before := sess.Evaluate(ctx, p.rightAnswers(ctx, sess))
	if hasClusterChecks(sess.Step()) && clusterChecksPass(before) {
		p.fail(l, s, "its checks all pass before its solution ran: %s", summary(before))
		ok = false
	}
	for _, line := range sess.Step().Solution {
		code, out, err := run.Run(ctx, line)
		if err != nil || code != 0 {
			p.fail(l, s, "solution %q exited %d (%v): %s", line, code, err, tail(out, 400))
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
		p.fail(l, s, "its checks did not pass within %s after its solution%s: %s", timeout, hint, summary(after))
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
			if r := find(sess.Evaluate(ctx, answers), c.ID); r.Pass {
				p.fail(l, s, "quiz %s passes with %s (%q)", c.ID, what, answers[key])
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
