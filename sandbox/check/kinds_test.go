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
