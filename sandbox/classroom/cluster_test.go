package classroom

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"kubelab/internal/testcluster"
	"kubelab/sandbox/kubectl"
)

// TestMain runs the tests against the package's test cluster. The test
// binary also answers as kubectl when invoked by that name, so lesson
// solutions run through the lab's own environment (a `kubectl` link on PATH
// to the running executable), as they do for a learner.
func TestMain(m *testing.M) {
	if kubectl.InvokedAsKubectl(os.Args[0]) {
		os.Exit(kubectl.Main(os.Args[1:], kubectl.Options{}))
	}
	testcluster.Main(m)
}

// testClass creates a class on the test cluster for one test and deletes it
// (waiting for its namespaces) when the test ends.
func testClass(t testing.TB, name string, learners []string, lessonIDs ...string) (*testcluster.Cluster, kubernetes.Interface, *Roster) {
	t.Helper()
	c := testcluster.Shared(t)
	cs := c.Clientset()
	plan, err := Plan(builtin(t), lessonIDs)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := Create(ctx, cs, Spec{Name: name, Learners: learners, Lessons: plan, Quota: DefaultQuota}); err != nil {
		t.Fatalf("create class %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		if _, err := Delete(ctx, cs, name, 0); err != nil {
			t.Errorf("delete class %s: %v", name, err)
		}
	})
	r, err := LoadRoster(ctx, cs, name)
	if err != nil {
		t.Fatal(err)
	}
	return c, cs, r
}

// learnerClient is a client with the learner's own token, from the
// kubeconfig the class hands out.
func learnerClient(t testing.TB, path string) kubernetes.Interface {
	t.Helper()
	cfg, err := clientcmd.BuildConfigFromFlags("", path)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func issue(t testing.TB, c *testcluster.Cluster, cs kubernetes.Interface, r *Roster) map[string]string {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	issued, err := IssueKubeconfigs(ctx, cs, c.RESTConfig(), r, time.Hour, dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, i := range issued {
		if filepath.Dir(i.Path) != dir {
			t.Errorf("kubeconfig %s is not in %s", i.Path, dir)
		}
		out[i.Learner] = i.Path
	}
	return out
}

func writeFile(path string, data []byte) error { return os.WriteFile(path, data, 0o600) }
