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
//
// As on the test cluster, each lesson is a subtest and each step a subtest
// of it (`-run 'TestEveryKindStep/storage'`), and lessons that leave the
// nodes alone run in parallel; KUBELAB_PROOF_LESSONS=id,id also picks
// lessons.
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
	// Starter files and the solutions that edit them live in a temporary
	// workspace, as on the test cluster, never in the package folder.
	p := &prover{target: target, kubectl: kubectlDir(t), onKind: true, nodes: nodes, workspaces: filepath.Join(t.TempDir(), "workspaces")}
	only := os.Getenv("KUBELAB_PROOF_LESSONS") // comma-separated lesson ids, to iterate on a few
	// After every lesson's subtest, the parallel ones included.
	t.Cleanup(func() {
		for _, n := range p.notes {
			t.Log(n)
		}
		notProven := p.kindSteps - p.kindProven
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
		if p.kindSteps == 0 && !t.Failed() {
			t.Error("no needs: kind step ran: the pack has none, or -run or KUBELAB_PROOF_LESSONS picked none")
		}
	})
	for _, l := range cat.Lessons {
		if only != "" && !strings.Contains(","+only+",", ","+l.ID+",") {
			continue
		}
		t.Run(l.ID, func(t *testing.T) {
			if !runsAlone(l, true) {
				t.Parallel()
			}
			start := time.Now()
			if first := p.lessonOnKind(t, cat, l, true); first != nil {
				// A real cluster on two shared cores has timing a solution
				// cannot always absorb: a lesson that failed runs once more,
				// from a reset namespace. If that run holds, the first run's
				// failures are reported as flaky; if not, its failures fail
				// the test.
				t.Logf("lesson %s failed, running it once more: %s", l.ID, strings.Join(first, "; "))
				second := p.lessonOnKind(t, cat, l, false)
				if second == nil {
					p.mu.Lock()
					p.flaky = append(p.flaky, fmt.Sprintf("%s: failed once, held on the second run: %s", l.ID, strings.Join(first, "; ")))
					p.mu.Unlock()
				}
				for _, f := range second {
					t.Error(f)
				}
			}
			t.Logf("lesson %s done in %s", l.ID, time.Since(start).Round(time.Second))
		})
	}
}

// lessonOnKind proves one lesson and returns its failures. With undo, a
// failed run is not counted, so that a second run counts afresh; without,
// it is, and its failures stay.
func (p *prover) lessonOnKind(t *testing.T, cat *lessons.Catalog, l *lessons.Lesson, undo bool) []string {
	r := p.lesson(t, cat, l, false)
	for _, f := range r.failures {
		t.Logf("lesson %s: %s", l.ID, f)
	}
	if len(r.failures) == 0 || !undo {
		p.merge(r)
	}
	return r.failures
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
	first := p.lessonOnKind(t, cat, l, true)
	// The pack's lesson fails three ways (already, lazy, loose's wrong
	// attempt) and proves three steps (create, quiz, loose).
	if len(first) != 3 || len(p.failures) != 0 || p.proven != 0 || p.wrongFailed != 0 {
		t.Fatalf("after a first run with undo: returned %q, kept failures %q, proven %d; want 3 returned, none kept, 0 proven", first, p.failures, p.proven)
	}
	second := p.lessonOnKind(t, cat, l, false)
	if len(second) != 3 || len(p.failures) != 3 || p.proven != 3 || p.wrongFailed != 1 {
		t.Fatalf("after a second run: returned %q, kept failures %q, proven %d, wrong attempts failed %d; want 3 returned, 3 kept, 3 proven, 1", second, p.failures, p.proven, p.wrongFailed)
	}
}
