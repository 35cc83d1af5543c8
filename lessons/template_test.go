package lessons

import (
	"strings"
	"testing"
	"time"
)

func TestExpandFillsLabNamesAndPinnedImages(t *testing.T) {
	c := &Catalog{Images: map[string]Image{"web": {Ref: "nginx:1.29"}}}
	got, err := c.Expand(`kubectl -n {{.Namespace}} create deploy web --image={{image "web"}} # {{.Nodes.ControlPlane}} {{.Nodes.Worker2}} {{.PodSubnet}} {{.ServiceSubnet}} {{.Cluster}} {{.KubernetesVersion}}`, LabVars("pods"))
	if err != nil {
		t.Fatal(err)
	}
	want := "kubectl -n pods create deploy web --image=nginx:1.29 # kubelab-control-plane kubelab-worker2 10.244.0.0/16 10.96.0.0/12 kubelab v1.36.4"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestExpandRejectsUnknownImagesAndFields(t *testing.T) {
	c := &Catalog{Images: map[string]Image{}}
	if _, err := c.Expand(`{{image "db"}}`, LabVars("x")); err == nil || !strings.Contains(err.Error(), `unknown image "db"`) {
		t.Errorf("image: %v", err)
	}
	if _, err := c.Expand(`{{.Nodes.Worker3}}`, LabVars("x")); err == nil {
		t.Error("unknown field: no error")
	}
	if _, err := c.Expand(`{{.Namespace`, LabVars("x")); err == nil {
		t.Error("unclosed action: no error")
	}
}

func TestExpandStepCopiesAndLeavesTheOriginalAlone(t *testing.T) {
	c, err := LoadDir("testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	orig := c.Lessons[0].Steps[0]
	got, err := c.ExpandStep(orig, LabVars("ns1"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Commands[0] != "kubectl create deployment web --image=nginx:1.29 --replicas=2 -n ns1" {
		t.Errorf("command = %q", got.Commands[0])
	}
	if got.Checks[1].Matches != "^kubelab-worker2?$" {
		t.Errorf("matches = %q", got.Checks[1].Matches)
	}
	if orig.Checks[1].Matches != "^{{.Nodes.Worker}}2?$" || !strings.Contains(orig.Commands[0], "{{") {
		t.Error("ExpandStep changed the catalog's step")
	}
	quiz := c.Lessons[0].Steps[1].Checks[0]
	q, err := c.ExpandCheck(&Check{ID: "q", Kind: KindQuiz, Answer: &Answer{Count: &Query{Resource: "pods", Namespace: "{{.Namespace}}"}}}, LabVars("ns2"))
	if err != nil || q.Answer.Count.Namespace != "ns2" {
		t.Errorf("answer query not expanded: %+v, %v", q.Answer.Count, err)
	}
	_ = quiz
}

func TestExpandRefusesEverythingButFieldsAndImagesBeforeRunning(t *testing.T) {
	c := &Catalog{Images: map[string]Image{"web": {Ref: "nginx:1.29"}}}
	for _, text := range []string{
		`{{range 3}}x{{end}}`,
		`{{range 3}}{{range 3}}x{{end}}{{end}}`,
		`{{if .Namespace}}x{{end}}`,
		`{{with .Nodes}}{{.Worker}}{{end}}`,
		`{{define "t"}}{{template "t"}}{{end}}{{template "t"}}`,
		`{{block "b" .}}x{{end}}`,
		`{{$x := .Namespace}}{{$x}}`,
		`{{.Namespace | printf "%s%s%s"}}`,
		`{{printf "%05d" 1}}`,
		`{{len .Namespace}}`,
		`{{call .Namespace}}`,
		`{{image .Namespace}}`,
		`{{image "web" "web"}}`,
		`{{.}}`,
		`{{"text"}}`,
	} {
		start := time.Now()
		_, err := c.Expand(text, LabVars("x"))
		if err == nil || !strings.Contains(err.Error(), "allowed") {
			t.Errorf("%s: err = %v, want a refusal naming what is allowed", text, err)
		}
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Errorf("%s: took %s to refuse", text, d)
		}
	}
	got, err := c.Expand(`{{/* a comment */}}{{ .Namespace }}-{{image "web"}}`, LabVars("x"))
	if err != nil || got != "x-nginx:1.29" {
		t.Errorf("fields, images and comments: %q, %v", got, err)
	}
}

func TestExpandCapsTheOutput(t *testing.T) {
	c := &Catalog{Images: map[string]Image{"big": {Ref: strings.Repeat("a", 1000)}}}
	text := strings.Repeat(`{{image "big"}}`, MaxExpansion/1000+1)
	_, err := c.Expand(text, LabVars("x"))
	if err == nil || !strings.Contains(err.Error(), "more than 64 KiB") {
		t.Errorf("err = %v, want the output cap", err)
	}
	if err != nil && len(err.Error()) > 300 {
		t.Errorf("the error quotes the whole template: %d bytes", len(err.Error()))
	}
}

func TestLintReportsAForbiddenTemplateWithItsLine(t *testing.T) {
	ps := damage(t, [3]string{yml, `--image={{image "web"}} --replicas=2 -n`, `--image={{range 3}}x{{end}} --replicas=2 -n`})
	wantProblem(t, ps, yml+":9", "range is not allowed")
}
