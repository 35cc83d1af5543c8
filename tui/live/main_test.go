package live

import (
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
		dir, err := os.MkdirTemp("", "kubelab-tui-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.kubelab = filepath.Join(dir, "kubelab")
		if out, err := exec.Command("go", "build", "-o", built.kubelab, "kubelab/cmd/kubelab").CombinedOutput(); err != nil {
			built.err = &buildError{err, string(out)}
			return
		}
		as := filepath.Join(dir, "kubectl")
		if err := os.Symlink(built.kubelab, as); err != nil {
			built.err = err
			return
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
