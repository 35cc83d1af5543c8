package check

import (
	"strings"
	"testing"

	"kubelab/lessons"
)

func TestCountComparesTheNumberOfReadyObjects(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	three := openStep(t, e, env.ns, &lessons.Check{ID: "three", Kind: lessons.KindCount,
		Query: lessons.Query{Resource: "pods", Selector: "app=web", Condition: "Ready"}, Op: ">=", Value: "3"})
	wantFail(t, only(t, three, nil), "0 pods -l app=web (Ready)")
	createDeployment(t, env, "web", 3)
	wantPass(t, eventually(t, three, nil), "3 pods -l app=web (Ready)")
	zero := openStep(t, e, env.ns, &lessons.Check{ID: "zero", Kind: lessons.KindCount,
		Query: lessons.Query{Resource: "pods", Selector: "app=web", FieldSelector: "spec.nodeName=kubelab-control-plane"}, Op: "==", Value: "0"})
	wantPass(t, only(t, zero, nil), "0 pods")
	if got := only(t, zero, nil).Observed.Text("zh"); !strings.HasPrefix(got, "0 个 pods") {
		t.Errorf("zh: %q", got)
	}
}
