package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"kubelab/internal/testcluster"
)

var (
	builtOnce sync.Once
	builtPath string
	builtErr  error
	builtOut  []byte
)

// kubelabBinary builds this command once per test run, so tests can run it
// the way a learner does: as a process, and as `kubectl` through its link.
func kubelabBinary(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		// One fixed place, replaced on every run, so runs leave no copies.
		dir := filepath.Join(os.TempDir(), fmt.Sprintf("kubelab-cmd-test-%d", os.Getuid()))
		if builtErr = os.MkdirAll(dir, 0o700); builtErr != nil {
			return
		}
		builtPath = filepath.Join(dir, "kubelab")
		tmp := fmt.Sprintf("%s.%d", builtPath, os.Getpid())
		cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", tmp, ".")
		if builtOut, builtErr = cmd.CombinedOutput(); builtErr == nil {
			builtErr = os.Rename(tmp, builtPath)
		}
	})
	if builtErr != nil {
		t.Fatalf("build kubelab: %v\n%s", builtErr, builtOut)
	}
	return builtPath
}

// runLabBinary runs the built binary with a PATH holding only the system
// folders given, and fresh lab folders.
func runLabBinary(t *testing.T, path string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(kubelabBinary(t), args...)
	cmd.Env = []string{
		"PATH=" + path,
		"HOME=" + t.TempDir(),
		"XDG_CONFIG_HOME=" + t.TempDir(),
		"XDG_CACHE_HOME=" + t.TempDir(),
		"XDG_STATE_HOME=" + t.TempDir(),
		"SHELL=/bin/sh",
		"KUBECONFIG=" + filepath.Join(t.TempDir(), "never-read"),
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func TestUpAndDoctorWithoutAnEngineFailFastSayingWhatToInstall(t *testing.T) {
	empty := t.TempDir()
	for _, verb := range []string{"up", "doctor"} {
		out, errOut, code := runLabBinary(t, empty, verb)
		if code != 1 || !strings.Contains(out+errOut, "install Docker") {
			t.Errorf("kubelab %s without an engine: exit %d, output:\n%s%s", verb, code, out, errOut)
		}
	}
}

func TestUpWithAStoppedDaemonSaysToStartIt(t *testing.T) {
	dir := t.TempDir()
	script := "#!/bin/sh\necho 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "docker"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runLabBinary(t, dir+":/bin:/usr/bin", "up")
	if code != 1 || !strings.Contains(errOut, "systemctl start docker") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestKubectlVersionClientWorksWithoutKubectlOrCluster(t *testing.T) {
	out, errOut, code := runLabBinary(t, t.TempDir(), "kubectl", "version", "--client")
	if code != 0 || !strings.Contains(out, "Client Version: v1.36.") {
		t.Errorf("exit %d, output:\n%s%s", code, out, errOut)
	}
}

func TestShellRunsKubectlAgainstTheNamedClusterAndListsThreeNodes(t *testing.T) {
	c := testcluster.Shared(t)
	// /usr/bin may hold a kubectl of its own: the lab's must come first.
	out, errOut, code := runLabBinary(t, "/usr/bin:/bin", "--kubeconfig", c.Kubeconfig(),
		"shell", "-c", "command -v kubectl; kubectl get nodes --no-headers")
	if code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], filepath.Join("kubelab", "bin", "kubectl")) {
		t.Fatalf("want the lab's kubectl and 3 nodes, got:\n%s", out)
	}
	for i, name := range []string{"kubelab-control-plane", "kubelab-worker", "kubelab-worker2"} {
		if f := strings.Fields(lines[i+1]); len(f) < 2 || f[0] != name || f[1] != "Ready" {
			t.Errorf("node line %q, want %s Ready", lines[i+1], name)
		}
	}
}

func TestNodeShellOnANamedClusterSaysItNeedsKind(t *testing.T) {
	c := testcluster.Shared(t)
	_, errOut, code := runLabBinary(t, "/usr/bin:/bin", "--kubeconfig", c.Kubeconfig(), "node-shell", "kubelab-worker")
	if code == 0 || !strings.Contains(errOut, "needs the lab's kind cluster") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestKubelabsGlobalFlagsBeforeKubectlAreKubelabsAndTheRestKubectls(t *testing.T) {
	root := newRootCommand()
	kc, _, err := root.Find([]string{"kubectl"})
	if err != nil {
		t.Fatal(err)
	}
	rest, err := takeLeadingGlobalFlags(kc, []string{"--lang", "en", "--kubeconfig=/k", "get", "pods", "--context", "x"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rest, " ") != "get pods --context x" {
		t.Errorf("kubectl gets %q", rest)
	}
	if got := root.PersistentFlags().Lookup("kubeconfig").Value.String(); got != "/k" {
		t.Errorf("kubelab's --kubeconfig is %q, want /k", got)
	}
	if _, err := takeLeadingGlobalFlags(kc, []string{"--context"}); err == nil {
		t.Error("a global flag without its value was accepted")
	}
}
