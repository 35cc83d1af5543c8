package check

import (
	"context"
	"strings"
	"testing"

	"kubelab/lessons"
)

func TestCommandChecksExitCodeAndOutput(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	ok := openStep(t, e, env.ns, &lessons.Check{ID: "echo", Kind: lessons.KindCommand, Run: "echo hello {{.Namespace}}", Contains: "hello " + env.ns})
	wantPass(t, only(t, ok, nil), "exited 0")
	code := openStep(t, e, env.ns, &lessons.Check{ID: "exit", Kind: lessons.KindCommand, Run: "echo nope; exit 3"})
	wantFail(t, only(t, code, nil), `exited 3, printed "nope"`)
	three := 3
	wantCode := openStep(t, e, env.ns, &lessons.Check{ID: "exit", Kind: lessons.KindCommand, Run: "exit 3", ExitCode: &three})
	wantPass(t, only(t, wantCode, nil), "exited 3, printed nothing")
	matches := openStep(t, e, env.ns, &lessons.Check{ID: "m", Kind: lessons.KindCommand, Run: "echo v1.2.3", Matches: `^v2\.`})
	wantFail(t, only(t, matches, nil), "v1.2.3")

	onNode := openStep(t, e, env.ns, &lessons.Check{ID: "swap", Kind: lessons.KindCommand, On: "node", Node: "{{.Nodes.Worker}}", Run: "swapon --show"})
	rep := onNode.Evaluate(t.Context(), nil)
	if r := rep.Results[0]; r.Pass || r.Err == nil || !strings.Contains(r.Message("en"), "only the lab's kind cluster has node shells") {
		t.Errorf("a node command without kind: pass=%v err=%v message %q", r.Pass, r.Err, r.Message("en"))
	}

	nodes := &fakeNodes{out: "Swap: 0B"}
	withNodes := newEngine(t, env, Config{Nodes: nodes})
	onNode = openStep(t, withNodes, env.ns, &lessons.Check{ID: "swap", Kind: lessons.KindCommand, On: "node", Node: "{{.Nodes.Worker}}", Run: "free", Contains: "Swap: 0B"})
	wantPass(t, only(t, onNode, nil), "Swap: 0B")
	if nodes.node != "kubelab-worker" {
		t.Errorf("ran on node %q", nodes.node)
	}
}

type fakeNodes struct{ node, out string }

func (f *fakeNodes) Exec(ctx context.Context, node, command string) (int, string, error) {
	f.node = node
	return 0, f.out, nil
}
