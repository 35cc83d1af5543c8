package check

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kubelab/lessons"
	"kubelab/sandbox"
)

// KindProofEnv turns on the proof on the lab's real kind cluster: `make
// e2e-kind` sets it after `kubelab up`, with XDG_CONFIG_HOME pointing at the
// lab config that up wrote (and DOCKER_HOST at the engine the nodes run in).
const KindProofEnv = "KUBELAB_E2E_KIND"

// The proof on kind: every step of every built-in lesson runs, in order, on
// the lab's kind cluster, so the `needs: kind` steps run after the steps they
// build on. Each must fail before its solution, pass within its timeout
// after it, and fail again after the lesson's namespace is reset. A kind
// step whose checks read the nodes themselves (a namespace reset cannot undo
// what it did there) and that still passes after the reset is counted as not
// proven, with that reason, never as proven.
func TestEveryKindStepIsProvenOnTheLabKindCluster(t *testing.T) {
	if os.Getenv(KindProofEnv) != "1" {
		t.Skipf("set %s=1 with the lab's kind cluster up (make e2e-kind) to prove the needs: kind steps", KindProofEnv)
	}
	cat, err := lessons.Builtin()
	if dir := os.Getenv("KUBELAB_PROOF_PACK"); dir != "" {
		cat, err = lessons.LoadDir(dir)
	}
	if err != nil {
		t.Fatalf("the lessons do not load: %v", err)
	}
	target, err := sandbox.Resolve(sandbox.Options{CacheDir: filepath.Join(t.TempDir(), "cache")})
	if err != nil {
		t.Fatalf("the lab's kind cluster: %v (run `kubelab up` first, with the same XDG_CONFIG_HOME)", err)
	}
	if target.Backend != sandbox.BackendKind {
		t.Fatalf("the target is %s, not the lab's kind cluster", target.Backend)
	}
	nodes, err := target.Nodes()
	if err != nil {
		t.Fatal(err)
	}
	p := &prover{t: t, target: target, kubectl: kubectlDir(t), onKind: true, nodes: nodes}
	only := os.Getenv("KUBELAB_PROOF_LESSONS") // comma-separated lesson ids, to iterate on a few
	kindSteps := 0
	for _, l := range cat.Lessons {
		if only != "" && !strings.Contains(","+only+",", ","+l.ID+",") {
			continue
		}
		for _, s := range l.Steps {
			if s.Needs == lessons.NeedsKind {
				kindSteps++
			}
		}
		start := time.Now()
		if first := p.lessonOnKind(cat, l, true); first != nil {
			// A real cluster on two shared cores has timing a solution
			// cannot always absorb: a lesson that failed runs once more,
			// from a reset namespace. If that run holds, the first run's
			// failures are reported as flaky; if not, its failures fail
			// the test.
			t.Logf("lesson %s failed, running it once more: %s", l.ID, strings.Join(first, "; "))
			if p.lessonOnKind(cat, l, false) == nil {
				p.flaky = append(p.flaky, fmt.Sprintf("%s: failed once, held on the second run: %s", l.ID, strings.Join(first, "; ")))
			}
		}
		t.Logf("lesson %s done in %s: %d kind steps proven so far", l.ID, time.Since(start).Round(time.Second), p.kindProven)
	}
	for _, f := range p.failures {
		t.Error(f)
	}
	for _, n := range p.notes {
		t.Log(n)
	}
	notProven := kindSteps - p.kindProven
	summary := fmt.Sprintf("%d kind steps proven, %d not proven", p.kindProven, notProven)
	var reasons []string
	for _, n := range p.notProven {
		reasons = append(reasons, "  not proven: "+n)
	}
	if failed := notProven - len(p.notProven); failed > 0 {
		reasons = append(reasons, fmt.Sprintf("  not proven: %d failed (see the errors above)", failed))
	}
	summary += fmt.Sprintf(" (%d steps without needs: kind proven on the same cluster)", p.proven)
	for _, f := range p.flaky {
		reasons = append(reasons, "  flaky: "+f)
	}
	fmt.Println(summary)
	for _, r := range reasons {
		fmt.Println(r)
	}
	t.Log(summary + "\n" + strings.Join(reasons, "\n"))
	if kindSteps == 0 {
		t.Fatal("no needs: kind step was found: the built-in pack has no lessons?")
	}
}

// lessonOnKind proves one lesson and returns its failures. With undo, a
// failed run leaves the counts and failures as they were before it, so that
// a second run counts afresh; without, its failures stay and fail the test.
func (p *prover) lessonOnKind(cat *lessons.Catalog, l *lessons.Lesson, undo bool) []string {
	failures, proven, kindProven, notProven := len(p.failures), p.proven, p.kindProven, len(p.notProven)
	p.lesson(cat, l)
	if len(p.failures) == failures {
		return nil
	}
	got := append([]string(nil), p.failures[failures:]...)
	for _, f := range got {
		p.t.Logf("lesson %s: %s", l.ID, f)
	}
	if !undo {
		return got
	}
	p.failures, p.proven, p.kindProven, p.notProven = p.failures[:failures], proven, kindProven, p.notProven[:notProven]
	return got
}

// The retry's bookkeeping, on the test cluster with the pack whose lesson
// fails: a first run leaves nothing behind, a second one keeps its failures,
// and the counts are those of one run.
func TestALessonRunAgainOnKindIsCountedOnce(t *testing.T) {
	cat, err := lessons.LoadDir(filepath.Join("testdata", "proofpack"))
	if err != nil {
		t.Fatalf("load the test pack: %v", err)
	}
	p := newProver(t)
	l := cat.Lessons[0]
	first := p.lessonOnKind(cat, l, true)
	if len(first) != 2 || len(p.failures) != 0 || p.proven != 0 {
		t.Fatalf("after a first run with undo: returned %q, kept failures %q, proven %d; want 2 returned, none kept, 0 proven", first, p.failures, p.proven)
	}
	second := p.lessonOnKind(cat, l, false)
	if len(second) != 2 || len(p.failures) != 2 || p.proven != 2 {
		t.Fatalf("after a second run: returned %q, kept failures %q, proven %d; want 2 returned, 2 kept, 2 proven", second, p.failures, p.proven)
	}
}
