package topology

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestNodeNamesDeriveFromTheClusterName(t *testing.T) {
	if got := strings.Join(NodeNames(DefaultWorkers), ","); got != "kubelab-control-plane,kubelab-worker,kubelab-worker2" {
		t.Errorf("NodeNames(%d) = %s", DefaultWorkers, got)
	}
	if got := WorkerNode(3); got != "kubelab-worker3" {
		t.Errorf("WorkerNode(3) = %s, want kind's kubelab-worker3", got)
	}
	if got := NodeNames(0); !slices.Equal(got, []string{ControlPlaneNode}) {
		t.Errorf("NodeNames(0) = %v, want only the control plane", got)
	}
	for _, n := range NodeNames(3) {
		if !strings.HasPrefix(n, ClusterName+"-") {
			t.Errorf("node %s is not named after the cluster %s", n, ClusterName)
		}
	}
}

// The version the lessons write is the version of the node image `kubelab
// up` creates by default.
func TestKubernetesVersionIsTheDefaultImagesTag(t *testing.T) {
	ref, digest, ok := strings.Cut(DefaultImage, "@sha256:")
	if !ok || !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(digest) {
		t.Fatalf("DefaultImage %q is not pinned by a sha256 digest", DefaultImage)
	}
	repo, tag, ok := strings.Cut(ref, ":")
	if !ok || repo != "kindest/node" {
		t.Fatalf("DefaultImage %q is not a kindest/node image named without a registry host", DefaultImage)
	}
	if tag != KubernetesVersion {
		t.Errorf("DefaultImage's tag is %s but KubernetesVersion is %s: change both together", tag, KubernetesVersion)
	}
	if minorOf(KubernetesVersion) != KubernetesMinor {
		t.Errorf("KubernetesVersion %s is not of the lab's minor %s", KubernetesVersion, KubernetesMinor)
	}
}

func TestSubnetsAreDisjointNetworks(t *testing.T) {
	for _, s := range []string{PodSubnet, ServiceSubnet} {
		if !regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+/\d+$`).MatchString(s) {
			t.Errorf("%q is not an IPv4 CIDR", s)
		}
	}
	if PodSubnet != "10.244.0.0/16" || ServiceSubnet != "10.96.0.0/12" {
		t.Errorf("subnets %s and %s, want the notes' 10.244.0.0/16 and 10.96.0.0/12", PodSubnet, ServiceSubnet)
	}
}

// minorOf is "1.36" for "v1.36.4", "v0.36.3" taken as the staging module of
// 1.36, or "" when v is no such version.
func minorOf(v string) string {
	m := regexp.MustCompile(`^v?(\d+)\.(\d+)\.\d+`).FindStringSubmatch(v)
	if m == nil {
		return ""
	}
	if m[1] == "0" { // k8s.io staging modules: v0.X.Y ships with Kubernetes v1.X.Y
		m[1] = "1"
	}
	return m[1] + "." + m[2]
}

// Every Kubernetes piece the project builds or pins is of KubernetesMinor;
// only the patch may differ (see the package doc).
func TestOneKubernetesMinorEverywhere(t *testing.T) {
	root := moduleRoot(t)
	pins := []struct{ file, pattern string }{
		{"go.mod", `(?m)^\s*k8s\.io/client-go (\S+)`},
		{"go.mod", `(?m)^\s*k8s\.io/kubectl (\S+)`},
		{"tools/testcluster/go.mod", `(?m)^\s*k8s\.io/kubernetes (\S+)`},
		{"tools/kindnode/go.mod", `(?m)k8s\.io/kubernetes (\S+)`},
		{"tools/kindnode/lib.sh", `(?m)^KUBE_VERSION=(\S+)`},
	}
	for _, p := range pins {
		data, err := os.ReadFile(filepath.Join(root, p.file))
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(p.pattern).FindSubmatch(data)
		if m == nil {
			t.Errorf("%s: no match for %s", p.file, p.pattern)
			continue
		}
		if got := minorOf(string(m[1])); got != KubernetesMinor {
			t.Errorf("%s pins %s, of Kubernetes %s; the lab targets %s only", p.file, m[1], got, KubernetesMinor)
		}
	}
}

// The values of this package are written here only: everywhere else a Go
// string literal that spells one of them out (or a piece of one, such as a
// node name inside a help text) is a copy that can drift.
func TestNoOtherPackageRepeatsTheTopology(t *testing.T) {
	root := moduleRoot(t)
	hits := repeats(t, root)
	if len(hits) > 0 {
		t.Errorf("string literals repeat internal/topology's values; use the constants instead:\n%s", strings.Join(hits, "\n"))
	}
}

// The scan finds what it is meant to find.
func TestRepeatsFindsACopy(t *testing.T) {
	dir := t.TempDir()
	src := "package x\n\nconst image = \"my.mirror/kindest/node:" + KubernetesVersion + "\"\n\nvar nodes = []string{\"kubelab-worker2\", `" + ServiceSubnet + "`}\n\n// kubelab-worker in a comment is prose, not a copy.\nvar minor = \"Kubernetes " + KubernetesMinor + "\"\n"
	if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "x_test.go"), []byte("package x\n\nconst w = \"kubelab-worker\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := repeats(t, dir)
	if len(got) != 4 {
		t.Errorf("found %d copies, want 4 (image tag, worker, service subnet, minor) and none in tests or comments:\n%s", len(got), strings.Join(got, "\n"))
	}
}

// forbidden are the pieces a literal must not contain.
func forbidden() []*regexp.Regexp {
	var res []*regexp.Regexp
	for _, s := range []string{ControlPlaneNode, WorkerNode(1), PodSubnet, ServiceSubnet, KubernetesVersion,
		"kindest/node:", strings.TrimSuffix(PodSubnet, "0/16"), strings.TrimSuffix(ServiceSubnet, "0/12")} {
		res = append(res, regexp.MustCompile(regexp.QuoteMeta(s)))
	}
	// The minor on its own ("1.36", "v1.36.x"), but not inside another
	// number such as "0.1.365".
	res = append(res, regexp.MustCompile(`(^|[^0-9.])v?`+regexp.QuoteMeta(KubernetesMinor)+`([^0-9]|$)`))
	return res
}

// allowed are the files that pin a version of their own, tied to its source
// by their package's tests: the test cluster runs the release
// tools/testcluster/go.mod pins.
var allowed = map[string]bool{
	"internal/testcluster/bin.go": true,
}

// repeats lists the string literals in the non-test Go files under root
// (this package and testdata excluded) that contain a forbidden piece.
func repeats(t *testing.T, root string) []string {
	t.Helper()
	pats := forbidden()
	var hits []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if d.Name() == "testdata" || (d.Name() != "." && strings.HasPrefix(d.Name(), ".")) || rel == "internal/topology" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || allowed[rel] {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, p := range pats {
				if p.MatchString(s) {
					pos := fset.Position(lit.Pos())
					hits = append(hits, rel+":"+strconv.Itoa(pos.Line)+": "+lit.Value)
					break
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// moduleRoot is the repository's top folder, two levels above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod in %s: %v", root, err)
	}
	return root
}
