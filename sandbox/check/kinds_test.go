package check

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/utils/ptr"

	"kubelab/lessons"
)

var testCatalog = &lessons.Catalog{Images: map[string]lessons.Image{"web": {Ref: "registry.invalid/web:1"}}}

func newEngine(t *testing.T, env testEnv, cfg Config) *Engine {
	t.Helper()
	cfg.REST = env.rest
	if cfg.Runner == nil {
		cfg.Runner = hostRunner{"KUBECONFIG=" + env.kubeconfig}
	}
	e, err := NewEngine(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func openStep(t *testing.T, e *Engine, ns string, checks ...*lessons.Check) *Session {
	t.Helper()
	step := &lessons.Step{ID: "step", Needs: lessons.NeedsCluster, Checks: checks}
	lesson := &lessons.Lesson{ID: "lesson", Steps: []*lessons.Step{step}}
	s, err := e.Open(t.Context(), testCatalog, lesson, step, lessons.LabVars(ns))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// only evaluates a one-check step and returns its result, failing the test
// when the engine could not evaluate it at all.
func only(t *testing.T, s *Session, answers map[string]string) Result {
	t.Helper()
	rep := s.Evaluate(t.Context(), answers)
	if rep.Err != nil {
		t.Fatalf("report error: %v", rep.Err)
	}
	if len(rep.Results) != 1 {
		t.Fatalf("got %d results", len(rep.Results))
	}
	r := rep.Results[0]
	if r.Err != nil {
		t.Fatalf("check %s could not be evaluated: %v", r.Check, r.Err)
	}
	for _, lang := range lessons.Languages {
		if r.Expected.Text(lang) == "" || r.Observed.Text(lang) == "" || strings.Contains(r.Message(lang), "%!") {
			t.Errorf("check %s explains itself badly in %s: expected %q, observed %q", r.Check, lang, r.Expected.Text(lang), r.Observed.Text(lang))
		}
	}
	return r
}

func wantPass(t *testing.T, r Result, observed string) {
	t.Helper()
	if !r.Pass {
		t.Errorf("check %s failed: %s", r.Check, r.Message("en"))
	}
	if !strings.Contains(r.Observed.Text("en"), observed) {
		t.Errorf("check %s: observed %q, want it to mention %q", r.Check, r.Observed.Text("en"), observed)
	}
}

func wantFail(t *testing.T, r Result, observed string) {
	t.Helper()
	if r.Pass {
		t.Errorf("check %s passed, want a failure: %s", r.Check, r.Message("en"))
	}
	if !strings.Contains(r.Observed.Text("en"), observed) {
		t.Errorf("check %s: observed %q, want it to mention %q", r.Check, r.Observed.Text("en"), observed)
	}
}

func createDeployment(t testing.TB, env testEnv, name string, replicas int32) {
	t.Helper()
	labels := map[string]string{"app": name}
	d := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To(replicas),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "registry.invalid/web:1"}}},
			},
		},
	}
	if _, err := env.cs.AppsV1().Deployments(env.ns).Create(t.Context(), d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// eventually evaluates until the one check passes or time runs out.
func eventually(t *testing.T, s *Session, answers map[string]string) Result {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := only(t, s, answers)
		if r.Pass || time.Now().After(deadline) {
			return r
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestExistsAndAbsentFollowTheObject(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	exists := openStep(t, e, env.ns, &lessons.Check{ID: "cm", Kind: lessons.KindExists, Query: lessons.Query{Resource: "configmaps", Name: "settings"}})
	absent := openStep(t, e, env.ns, &lessons.Check{ID: "cm", Kind: lessons.KindAbsent, Query: lessons.Query{Resource: "cm", Name: "settings"}})
	wantFail(t, only(t, exists, nil), "no configmaps/settings found")
	wantPass(t, only(t, absent, nil), "no cm/settings found")

	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "settings"}, Data: map[string]string{"a": "1"}}
	if _, err := env.cs.CoreV1().ConfigMaps(env.ns).Create(t.Context(), cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	wantPass(t, only(t, exists, nil), "found configmaps/settings")
	wantFail(t, only(t, absent, nil), "found cm/settings")
	if got := only(t, absent, nil).Message("zh"); !strings.Contains(got, "应为 没有 cm/settings") {
		t.Errorf("zh message: %q", got)
	}
}

func TestFieldChecksEveryMatchingObject(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	createDeployment(t, env, "web", 3)
	ready := openStep(t, e, env.ns, &lessons.Check{ID: "ready", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "deployments.apps", Name: "web"}, Path: "{.status.readyReplicas}", Op: ">=", Value: "3"})
	r := eventually(t, ready, nil)
	wantPass(t, r, `deployments/web: .status.readyReplicas is "3"`)

	tooMany := openStep(t, e, env.ns, &lessons.Check{ID: "ready", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "deployments", Name: "web"}, Path: "{.status.readyReplicas}", Op: ">=", Value: "4"})
	r = only(t, tooMany, nil)
	wantFail(t, r, `.status.readyReplicas is "3"`)
	if !strings.Contains(r.Message("en"), "want .status.readyReplicas >= 4") {
		t.Errorf("message: %s", r.Message("en"))
	}

	image := openStep(t, e, env.ns, &lessons.Check{ID: "image", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "pods", Selector: "app=web"}, Path: "{.spec.containers[0].image}", Equals: ptr.To(`{{image "web"}}`)})
	wantPass(t, only(t, image, nil), "registry.invalid/web:1")
	matches := openStep(t, e, env.ns, &lessons.Check{ID: "image", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "pods", Selector: "app=web"}, Path: "{.spec.containers[0].image}", Matches: `:2$`})
	wantFail(t, only(t, matches, nil), "registry.invalid/web:1")

	podIPs := openStep(t, e, env.ns, &lessons.Check{ID: "ip", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "pods", Selector: "app=web", Condition: "Ready"}, Path: "{.status.podIP}", InCIDR: "{{.PodSubnet}}"})
	wantPass(t, only(t, podIPs, nil), "10.244.")
	wrongCIDR := openStep(t, e, env.ns, &lessons.Check{ID: "ip", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "pods", Selector: "app=web"}, Path: "{.status.podIP}", InCIDR: "{{.ServiceSubnet}}"})
	wantFail(t, only(t, wrongCIDR, nil), "10.244.")

	missing := openStep(t, e, env.ns, &lessons.Check{ID: "missing", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "deployments", Name: "web"}, Path: "{.status.nothing}", Equals: ptr.To("x")})
	wantFail(t, only(t, missing, nil), "deployments/web has no .status.nothing")
	none := openStep(t, e, env.ns, &lessons.Check{ID: "none", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "deployments", Name: "api"}, Path: "{.spec.replicas}", Equals: ptr.To("1")})
	wantFail(t, only(t, none, nil), "no deployments/api found")
}

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

func TestEventCountsOnlyEventsSinceTheStepOpened(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	emit := func(name, reason string) {
		ev := &corev1.Event{
			ObjectMeta:     metav1.ObjectMeta{Name: name},
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "fragile", Namespace: env.ns},
			Reason:         reason, Message: "probe failed", Type: corev1.EventTypeWarning,
			FirstTimestamp: metav1.Now(), LastTimestamp: metav1.Now(), Count: 1,
		}
		if _, err := env.cs.CoreV1().Events(env.ns).Create(t.Context(), ev, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	emit("old", "Unhealthy")
	check := &lessons.Check{ID: "probe", Kind: lessons.KindEvent, Reason: "Unhealthy", InvolvedKind: "Pod", InvolvedName: "fragile", EventType: "Warning"}
	s := openStep(t, e, env.ns, check)
	wantFail(t, only(t, s, nil), "1 older ones from before it")
	killing := openStep(t, e, env.ns, &lessons.Check{ID: "killed", Kind: lessons.KindEvent, Reason: "Killing"})
	emit("other", "Scheduled")
	wantFail(t, only(t, s, nil), "1 older ones from before it")
	wantFail(t, only(t, killing, nil), "no such event since the step opened (1 other new events)")
	emit("new", "Unhealthy")
	wantPass(t, only(t, s, nil), "event Unhealthy on Pod/fragile: probe failed")
}

func TestChangedSeesANewPodAfterTheOldOneIsDeleted(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	createDeployment(t, env, "web", 2)
	eventually(t, openStep(t, e, env.ns, &lessons.Check{ID: "c", Kind: lessons.KindCount,
		Query: lessons.Query{Resource: "pods", Selector: "app=web", Condition: "Ready"}, Op: "==", Value: "2"}), nil)
	s := openStep(t, e, env.ns, &lessons.Check{ID: "new-uid", Kind: lessons.KindChanged,
		Query: lessons.Query{Resource: "pods", Selector: "app=web"}, Path: "{.metadata.uid}"})
	if got := len(s.Baseline().Values["new-uid"]); got != 2 {
		t.Fatalf("baseline holds %d UIDs, want 2", got)
	}
	wantFail(t, only(t, s, nil), "is still")
	pods, err := env.cs.CoreV1().Pods(env.ns).List(t.Context(), metav1.ListOptions{LabelSelector: "app=web"})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.cs.CoreV1().Pods(env.ns).Delete(t.Context(), pods.Items[0].Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	wantPass(t, eventually(t, s, nil), "is now")

	// A resumed session keeps comparing with the values from when it opened.
	again, err := e.Resume(t.Context(), testCatalog, &lessons.Lesson{ID: "lesson"}, s.Step(), lessons.LabVars(env.ns), s.Baseline())
	if err != nil {
		t.Fatal(err)
	}
	wantPass(t, only(t, again, nil), "is now")
	fresh := openStep(t, e, env.ns, s.Step().Checks...)
	wantFail(t, only(t, fresh, nil), "is still")
}

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

func TestQuizAnswersComputedFromTheCluster(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	nodes := &lessons.Check{ID: "nodes", Kind: lessons.KindQuiz, Answer: &lessons.Answer{Count: &lessons.Query{Resource: "nodes"}}}
	s := openStep(t, e, env.ns, nodes)
	key := lessons.AnswerKey("step", "nodes")
	wantFail(t, only(t, s, nil), "not answered yet")
	wantFail(t, only(t, s, map[string]string{key: "2"}), `you answered "2"`)
	r := only(t, s, map[string]string{key: " 3 "})
	wantPass(t, r, "which is right")
	if r.Answer != "3" || r.Expected.Text("en") != "the right answer, read from the cluster" {
		t.Errorf("answer %q, expected %q", r.Answer, r.Expected.Text("en"))
	}
	if right, err := s.RightAnswer(t.Context(), "nodes"); err != nil || right != "3" {
		t.Errorf("RightAnswer = %q, %v", right, err)
	}

	version := openStep(t, e, env.ns, &lessons.Check{ID: "v", Kind: lessons.KindQuiz, Answer: &lessons.Answer{ServerVersion: "minor"}})
	wantPass(t, only(t, version, map[string]string{lessons.AnswerKey("step", "v"): "1.36"}), "right")
	field := openStep(t, e, env.ns, &lessons.Check{ID: "cidr", Kind: lessons.KindQuiz, Answer: &lessons.Answer{Field: &lessons.FieldAnswer{
		Query: lessons.Query{Resource: "nodes", Name: "{{.Nodes.Worker}}"}, Path: "{.spec.podCIDR}"}}})
	right, err := field.RightAnswer(t.Context(), "cidr")
	if err != nil || !strings.HasPrefix(right, "10.244.") {
		t.Fatalf("podCIDR answer %q, %v", right, err)
	}
	wantPass(t, only(t, field, map[string]string{lessons.AnswerKey("step", "cidr"): right}), "right")
	literal := openStep(t, e, env.ns, &lessons.Check{ID: "pick", Kind: lessons.KindQuiz, Choices: []string{"a", "b"}, Answer: &lessons.Answer{Literal: "b"}})
	wantFail(t, only(t, literal, map[string]string{lessons.AnswerKey("step", "pick"): "a"}), `you answered "a"`)
	wantPass(t, only(t, literal, map[string]string{lessons.AnswerKey("step", "pick"): "B"}), "right")

	many := openStep(t, e, env.ns, &lessons.Check{ID: "ip", Kind: lessons.KindQuiz, Answer: &lessons.Answer{Field: &lessons.FieldAnswer{
		Query: lessons.Query{Resource: "nodes"}, Path: "{.spec.podCIDR}"}}})
	rep := many.Evaluate(t.Context(), nil)
	if r := rep.Results[0]; r.Err == nil || !strings.Contains(r.Message("en"), "matches 3 objects; the quiz needs exactly one") {
		t.Errorf("an ambiguous quiz: %q", r.Message("en"))
	}
}

func TestAnyResourceWorksIncludingACRDInstalledAfterTheEngineStarted(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	check := &lessons.Check{ID: "crd", Kind: lessons.KindExists, Query: lessons.Query{Resource: "widgets.lab.kubelab.test", Name: "w1"}}
	s := openStep(t, e, env.ns, check)
	// A step may open before the CRD it installs exists: nothing then.
	created := openStep(t, e, env.ns, &lessons.Check{ID: "new", Kind: lessons.KindChanged,
		Query: lessons.Query{Resource: "widgets.lab.kubelab.test"}, Path: "{.metadata.uid}"})
	rep := s.Evaluate(t.Context(), nil)
	if r := rep.Results[0]; r.Err == nil || !strings.Contains(r.Message("en"), `serves no resource "widgets.lab.kubelab.test"`) {
		t.Fatalf("an unknown resource: %q", r.Message("en"))
	}

	dyn := dynamic.NewForConfigOrDie(env.rest)
	crdGVR := schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}
	group := "lab.kubelab.test"
	crd := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
		"metadata": map[string]any{"name": "widgets." + group},
		"spec": map[string]any{
			"group": group, "scope": "Namespaced",
			"names": map[string]any{"plural": "widgets", "singular": "widget", "kind": "Widget", "shortNames": []any{"wdg"}},
			"versions": []any{map[string]any{"name": "v1", "served": true, "storage": true,
				"schema": map[string]any{"openAPIV3Schema": map[string]any{"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}},
		},
	}}
	if _, err := dyn.Resource(crdGVR).Create(t.Context(), crd, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dyn.Resource(crdGVR).Delete(context.Background(), crd.GetName(), metav1.DeleteOptions{}) })
	w := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": group + "/v1", "kind": "Widget",
		"metadata": map[string]any{"name": "w1"}, "spec": map[string]any{"size": int64(3)},
	}}
	widgets := schema.GroupVersionResource{Group: group, Version: "v1", Resource: "widgets"}
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := dyn.Resource(widgets).Namespace(env.ns).Create(t.Context(), w, metav1.CreateOptions{})
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("create a widget: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(2 * time.Second) // the engine refreshes discovery at most every 2s
	wantPass(t, only(t, s, nil), "found widgets/w1")
	short := openStep(t, e, env.ns, &lessons.Check{ID: "size", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "wdg", Name: "w1"}, Path: "{.spec.size}", Op: "==", Value: "3"})
	wantPass(t, only(t, short, nil), `wdg/w1: .spec.size is "3"`)
	wantPass(t, only(t, created, nil), "widgets/w1: .metadata.uid is now")
}

func TestAnUnreachableClusterIsOneErrorNotFailedChecks(t *testing.T) {
	env := newTestEnv(t)
	cfg := *env.rest
	cfg.Host = "https://127.0.0.1:1" // nothing listens on port 1
	e := newEngine(t, testEnv{rest: &cfg, kubeconfig: env.kubeconfig}, Config{Retry: Retry{Attempts: 2, Delay: 10 * time.Millisecond}})
	step := &lessons.Step{ID: "step", Checks: []*lessons.Check{
		{ID: "a", Kind: lessons.KindExists, Query: lessons.Query{Resource: "pods", Name: "x"}},
		{ID: "b", Kind: lessons.KindCount, Query: lessons.Query{Resource: "pods"}, Op: ">", Value: "0"},
	}}
	_, err := e.Open(t.Context(), testCatalog, &lessons.Lesson{ID: "l"}, step, lessons.LabVars("x"))
	var u *UnreachableError
	if !errors.As(err, &u) {
		t.Fatalf("Open on an unreachable cluster: %v, want an UnreachableError", err)
	}
	s, err := e.session(testCatalog, &lessons.Lesson{ID: "l"}, step, lessons.LabVars("x"))
	if err != nil {
		t.Fatal(err)
	}
	rep := s.Evaluate(t.Context(), nil)
	if !errors.As(rep.Err, &u) || rep.Passed() {
		t.Fatalf("report error %v, want an UnreachableError", rep.Err)
	}
	if got := u.Msg().Text("en"); !strings.Contains(got, "cannot reach the cluster at https://127.0.0.1:1") || !strings.Contains(got, "connection refused") {
		t.Errorf("message: %q", got)
	}
	if got := u.Msg().Text("zh"); !strings.Contains(got, "无法连接集群") {
		t.Errorf("zh message: %q", got)
	}
}
