package live

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"kubelab/internal/testcluster"
)

// kubectlEnv names the kubectl a test binary started as `kubectl` runs: the
// lab's environment puts a `kubectl` link to this executable first on PATH,
// as kubelab answers as kubectl; the test binary hands over to a real one.
const kubectlEnv = "KUBELAB_TEST_KUBECTL"

func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == "kubectl" {
		if k := os.Getenv(kubectlEnv); k != "" {
			err := syscall.Exec(k, append([]string{"kubectl"}, os.Args[1:]...), os.Environ())
			os.Stderr.WriteString("kubectl: " + err.Error() + "\n")
		}
		os.Stderr.WriteString("kubectl: this test binary stands in for kubelab; " + kubectlEnv + " is not set\n")
		os.Exit(127)
	}
	testcluster.Main(m)
}

var built struct {
	sync.Once
	dir     string
	kubelab string // the kubelab binary built from this tree
	kubectl string // what runs as kubectl: kubelab when it answers so, else kubectl on PATH
	err     error
}

// buildKubelab builds this tree's kubelab once per test run and decides
// which kubectl the learner's commands use.
func buildKubelab(t *testing.T) (kubelab, kubectl string) {
	t.Helper()
	built.Do(func() {
		dir, err := os.MkdirTemp("", "kubelab-tui-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.dir = dir
		built.kubelab = filepath.Join(dir, "kubelab")
		if out, err := exec.Command("go", "build", "-o", built.kubelab, "kubelab/cmd/kubelab").CombinedOutput(); err != nil {
			built.err = &buildError{err, string(out)}
			return
		}
		as := filepath.Join(dir, "kubectl")
		if err := os.Symlink(built.kubelab, as); err == nil {
			if out, err := exec.Command(as, "version", "--client").CombinedOutput(); err == nil && strings.Contains(string(out), "Client Version") {
				built.kubectl = as
				return
			}
		}
		if p, err := exec.LookPath("kubectl"); err == nil {
			built.kubectl = p
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	if built.kubectl == "" {
		t.Skip("kubelab does not answer as kubectl yet and there is no kubectl on PATH: the learner's commands cannot run")
	}
	return built.kubelab, built.kubectl
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "go build kubelab: " + e.err.Error() + "\n" + e.out }
