package live

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"kubelab/internal/testcluster"
	"kubelab/sandbox/kubectl"
)

func TestMain(m *testing.M) {
	// The lab's environment puts a `kubectl` link to this executable first
	// on PATH, as kubelab answers as kubectl; so does this test binary.
	if kubectl.InvokedAsKubectl(os.Args[0]) {
		os.Exit(kubectl.Main(os.Args[1:], kubectl.Options{}))
	}
	testcluster.Main(m)
}

var built struct {
	sync.Once
	kubelab string
	err     error
}

// buildKubelab builds this tree's kubelab once per test run and checks that
// it answers as kubectl, as the learner's commands need.
func buildKubelab(t testing.TB) string {
	t.Helper()
	built.Do(func() {
		// One folder, rebuilt by every run (the binary is large: no copy
		// per run is left behind); a run builds beside it and renames.
		dir := filepath.Join(os.TempDir(), "kubelab-tui-test-bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			built.err = err
			return
		}
		built.kubelab = filepath.Join(dir, "kubelab")
		tmp := fmt.Sprintf("%s.%d", built.kubelab, os.Getpid())
		if out, err := exec.Command("go", "build", "-o", tmp, "kubelab/cmd/kubelab").CombinedOutput(); err != nil {
			os.Remove(tmp)
			built.err = &buildError{err, string(out)}
			return
		}
		if err := os.Rename(tmp, built.kubelab); err != nil {
			built.err = err
			return
		}
		as := filepath.Join(dir, "kubectl")
		if _, err := os.Lstat(as); err != nil {
			if err := os.Symlink(built.kubelab, as); err != nil && !os.IsExist(err) {
				built.err = err
				return
			}
		}
		if out, err := exec.Command(as, "version", "--client").CombinedOutput(); err != nil || !strings.Contains(string(out), "Client Version") {
			built.err = &buildError{err, "kubelab does not answer as kubectl: " + string(out)}
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.kubelab
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "build kubelab: " + e.out }
