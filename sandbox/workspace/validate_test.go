package workspace

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kubelab/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }

func texts(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Text("en"))
	}
	return out
}

func TestSplitFieldReadsTheServersFieldPaths(t *testing.T) {
	for in, want := range map[string]string{
		"spec.template.spec.containers[0].image": "spec/template/spec/containers/0/image",
		"metadata.labels[app]":                   "metadata/labels/app",
		"spec.ports[1]":                          "spec/ports/1",
		".spec.replicas":                         "spec/replicas",
	} {
		if got := strings.Join(splitField(in), "/"); got != want {
			t.Errorf("splitField(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestAYAMLSyntaxErrorNamesItsLineWithoutAskingTheCluster(t *testing.T) {
	v := &Validator{} // no cluster: parsing fails first
	ps, err := v.Validate(t.Context(), "deploy.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b: c\n"))
	if err != nil || len(ps) != 1 || !strings.HasPrefix(ps[0].Text("en"), "deploy.yaml:6: not valid YAML") {
		t.Errorf("problems %q, err %v", texts(ps), err)
	}
	if zh := ps[0].Text("zh"); !strings.Contains(zh, "不是有效的 YAML") {
		t.Errorf("zh: %q", zh)
	}
}

const deployment = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  colour: blue
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
`

func TestADryRunNamesTheLineOfTheFieldTheServerRefuses(t *testing.T) {
	c, ns := testcluster.Namespace(t)
	v, err := NewValidator(c.RESTConfig(), ns)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	cases := []struct {
		name, manifest string
		want           []string
	}{
		{"a missing image, under the container it belongs to", deployment, []string{"deploy.yaml:20: spec.template.spec.containers[0].image: Required value"}},
		{"a valid manifest", deployment + "          image: nginx:1.29\n", nil},
		{"a field the schema does not have", strings.Replace(deployment, "  selector:", "  replica: 3\n  selector:", 1) + "          image: nginx:1.29\n", []string{"deploy.yaml:13: "}},
		{"an unknown kind", "apiVersion: v1\nkind: Gadget\nmetadata:\n  name: x\n", []string{"deploy.yaml:2: the cluster serves no kind Gadget in v1"}},
		{"no kind", "metadata:\n  name: x\n", []string{"deploy.yaml:1: a document without apiVersion and kind"}},
		{"no name", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n", []string{"deploy.yaml:3: ConfigMap without metadata.name"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := v.Validate(ctx, "deploy.yaml", []byte(tc.manifest))
			if err != nil {
				t.Fatal(err)
			}
			got := texts(ps)
			t.Logf("%q", got)
			if len(got) != len(tc.want) {
				t.Fatalf("problems %q, want %q", got, tc.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("problem %q, want it to start %q", got[i], tc.want[i])
				}
			}
		})
	}
	// A dry run stores nothing.
	if _, err := c.Clientset().CoreV1().ConfigMaps(ns).Get(ctx, "settings", metav1GetOptions); err == nil {
		t.Error("the dry run created ConfigMap settings")
	}
}

func TestADryRunOfAnObjectThatExistsChecksTheUpdate(t *testing.T) {
	c, ns := testcluster.Namespace(t)
	v, err := NewValidator(c.RESTConfig(), ns)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "cm.yaml")
	os.WriteFile(path, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: exists\ndata:\n  a: b\n"), 0o644)
	if _, err := c.Clientset().CoreV1().ConfigMaps(ns).Create(ctx, configMap("exists"), metav1CreateOptions); err != nil {
		t.Fatal(err)
	}
	ps, err := v.ValidateFile(ctx, path)
	if err != nil || len(ps) != 0 {
		t.Errorf("an existing object, valid: %q, %v", texts(ps), err)
	}
	os.WriteFile(path, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: exists\ndata:\n  a: b\nbogus: 1\n"), 0o644)
	ps, err = v.ValidateFile(ctx, path)
	if err != nil || len(ps) != 1 || !slices.ContainsFunc(texts(ps), func(s string) bool { return strings.HasPrefix(s, "cm.yaml:7: ") }) {
		t.Errorf("an existing object with an unknown field: %q, %v", texts(ps), err)
	}
}
