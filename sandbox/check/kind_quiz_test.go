package check

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/version"

	"kubelab/lessons"
)

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

func TestQuizAnswersAreComparedForgivingly(t *testing.T) {
	for _, c := range []struct {
		given, right string
		same         bool
	}{
		{"3", "3", true},
		{" 3 ", "3", true},
		{"3.0", "3", true},
		{"B", "b", true},
		{"v1.36", "1.36", true},
		{"1.36", "v1.36.3", false},
		{"10.0.0.2, 10.0.0.1", "10.0.0.1 10.0.0.2", true},
		{"10.0.0.1", "10.0.0.1 10.0.0.2", false},
		{"\"kube-proxy\"", "kube-proxy", true},
		{"4", "3", false},
		{"", "", false},
	} {
		if got := sameAnswer(c.given, c.right); got != c.same {
			t.Errorf("sameAnswer(%q, %q) = %v, want %v", c.given, c.right, got, c.same)
		}
	}
}

func TestMinorVersionIsMajorDotMinor(t *testing.T) {
	for _, c := range []struct {
		v    version.Info
		want string
	}{
		{version.Info{Major: "1", Minor: "36", GitVersion: "v1.36.3"}, "1.36"},
		{version.Info{Major: "1", Minor: "36+", GitVersion: "v1.36.3-gke.1"}, "1.36"},
		{version.Info{GitVersion: "v1.35.0"}, "1.35"},
	} {
		if got := minorVersion(&c.v); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.v, got, c.want)
		}
	}
}
