package exam

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kubelab/lessons"
	"kubelab/sandbox"
)

// On the lab's kind cluster (make e2e-kind): an exam of one node-level
// task, worker2's kubelet stopped by its setup, scores nothing when left
// alone and everything when solved; its cleanup starts the kubelet again
// either way, as a lesson reset does.
func TestOnKindANodeTaskIsScoredBeforeAndAfterItsSolution(t *testing.T) {
	if os.Getenv("KUBELAB_E2E_KIND") != "1" {
		t.Skip("set KUBELAB_E2E_KIND=1 with the lab's kind cluster up (make e2e-kind) to sit an exam with a node-level task")
	}
	cat, err := lessons.LoadDir(filepath.Join("testdata", "kindpack"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	target, err := sandbox.Resolve(sandbox.Options{CacheDir: filepath.Join(dir, "cache")})
	if err != nil || target.Backend != sandbox.BackendKind {
		t.Fatalf("the lab's kind cluster: %v (run `kubelab up` first, with the same XDG_CONFIG_HOME)", err)
	}
	nodes, err := target.Nodes()
	if err != nil {
		t.Fatal(err)
	}
	worker2 := lessons.LabVars("").Nodes.Worker2
	kubelet := func() string {
		_, out, err := nodes.Exec(t.Context(), worker2, "systemctl is-active kubelet")
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(out)
	}
	sit := func(solved bool) *Report {
		tasks, err := Draw(cat, nil, 1, 1, true)
		if err != nil || len(tasks) != 1 {
			t.Fatalf("draw: %v %v", tasks, err)
		}
		e := New(Config{Catalog: cat, Target: target, StateDir: filepath.Join(dir, "state"), Workspace: filepath.Join(dir, "ws")}, tasks, 1, nil)
		if err := e.Prepare(t.Context(), nil); err != nil {
			t.Fatal(err)
		}
		if got := kubelet(); got == "active" {
			t.Errorf("after the task's setup the kubelet is %q", got)
		}
		if err := e.Start(time.Now(), 10*time.Minute); err != nil {
			t.Fatal(err)
		}
		if solved {
			solve(t, e, 0)
		}
		r := e.End(t.Context())
		if err := e.Cleanup(t.Context()); err != nil {
			t.Errorf("clean up: %v", err)
		}
		if got := kubelet(); got != "active" {
			t.Errorf("after the exam's cleanup the kubelet is %q; want active again", got)
		}
		return r
	}
	before := sit(false)
	if before.Score != 0 || before.Tasks[0].Err != nil || len(before.Tasks[0].Results) != 1 {
		t.Fatalf("left alone: %.0f%%, %+v", before.Score, before.Tasks[0])
	}
	if o := before.Tasks[0].Results[0].Observed.Text("en"); !strings.Contains(o, "inactive") {
		t.Errorf("the failing check says %q; want what systemctl said", o)
	}
	after := sit(true)
	if after.Score != 100 || after.Got != 3 {
		t.Errorf("solved: %.0f%% (%d of %d)", after.Score, after.Got, after.Of)
	}
	t.Logf("node-level task: %.0f%% before its solution, %.0f%% after", before.Score, after.Score)
}
