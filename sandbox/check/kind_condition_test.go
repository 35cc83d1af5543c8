package check

import (
	"testing"

	"kubelab/lessons"
)

func TestConditionWantsStatusAndReason(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	createDeployment(t, env, "web", 1)
	avail := openStep(t, e, env.ns, &lessons.Check{ID: "available", Kind: lessons.KindCondition,
		Query: lessons.Query{Resource: "deployments", Name: "web"}, Type: "Available"})
	wantPass(t, eventually(t, avail, nil), "deployments/web: Available=True")
	reason := openStep(t, e, env.ns, &lessons.Check{ID: "progress", Kind: lessons.KindCondition,
		Query: lessons.Query{Resource: "deployments", Name: "web"}, Type: "Progressing", Reason: "ProgressDeadlineExceeded"})
	wantFail(t, only(t, reason, nil), "Progressing=True (reason NewReplicaSetAvailable)")
	nodes := openStep(t, e, env.ns, &lessons.Check{ID: "nodes", Kind: lessons.KindCondition,
		Query: lessons.Query{Resource: "nodes"}, Type: "Ready"})
	wantPass(t, only(t, nodes, nil), "nodes/kubelab-control-plane: Ready=True")
	noSuch := openStep(t, e, env.ns, &lessons.Check{ID: "frozen", Kind: lessons.KindCondition,
		Query: lessons.Query{Resource: "nodes", Name: "kubelab-worker"}, Type: "Frozen", Status: "False"})
	wantFail(t, only(t, noSuch, nil), "nodes/kubelab-worker has no Frozen condition")
}
