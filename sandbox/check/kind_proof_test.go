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
		before, start := len(p.failures), time.Now()
		p.lesson(cat, l)
		for _, f := range p.failures[before:] {
			t.Logf("lesson %s: %s", l.ID, f)
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
	fmt.Println(summary)
	for _, r := range reasons {
		fmt.Println(r)
	}
	t.Log(summary + "\n" + strings.Join(reasons, "\n"))
	if kindSteps == 0 {
		t.Fatal("no needs: kind step was found: the built-in pack has no lessons?")
	}
}
