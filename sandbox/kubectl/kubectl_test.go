package kubectl

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"kubelab/internal/testcluster"
	"kubelab/sandbox"
	"kubelab/sandbox/runner"
)

// TestMain makes this test binary a kubectl when it is invoked under that
// name, as kubelab's main does, so the tests run the real shim.
func TestMain(m *testing.M) {
	if InvokedAsKubectl(os.Args[0]) {
		os.Exit(Main(os.Args[1:], Options{}))
	}
	testcluster.Main(m)
}

func TestArgv0NamesKubectlOnlyWhenTheProgramIsCalledKubectl(t *testing.T) {
	for argv0, want := range map[string]bool{
		"kubectl": true, "/home/x/.cache/kubelab/bin/kubectl": true, "kubectl.exe": true,
		"kubelab": false, "/usr/bin/kubelab": false, "kubectl-foo": false, "./kubectlx": false,
	} {
		if got := InvokedAsKubectl(argv0); got != want {
			t.Errorf("InvokedAsKubectl(%q) = %v, want %v", argv0, got, want)
		}
	}
}

func TestTargetFlagsAreTakenOutOfKubectlsArguments(t *testing.T) {
	rest, kc, ctx := extractTargetFlags([]string{"--kubeconfig", "/k", "get", "--context=c", "pods", "--", "--context", "x"})
	if kc != "/k" || ctx != "c" || strings.Join(rest, " ") != "get pods -- --context x" {
		t.Errorf("got rest %q kubeconfig %q context %q", rest, kc, ctx)
	}
}

// labBin returns a PATH whose kubectl is this test binary, first.
func labBin(t *testing.T) string {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin, err := sandbox.EnsureBinDir(filepath.Join(t.TempDir(), "bin"), exe)
	if err != nil {
		t.Fatal(err)
	}
	return bin + string(filepath.ListSeparator) + os.Getenv("PATH")
}

// isolated is an environment with no lab cluster and empty lab folders.
func isolated(t *testing.T) []string {
	return []string{
		"PATH=" + labBin(t),
		"XDG_CONFIG_HOME=" + t.TempDir(),
		"XDG_CACHE_HOME=" + t.TempDir(),
		"HOME=" + t.TempDir(),
		sandbox.EnvServer + "=",
	}
}

func run(t *testing.T, command string, env []string) runner.Result {
	t.Helper()
	res, err := runner.Run(t.Context(), runner.Spec{Command: command, Env: env, Timeout: time.Minute}, nil)
	if err != nil {
		t.Fatalf("%s: %v\n%s", command, err, res.Output)
	}
	return res
}

type decoy struct {
	*httptest.Server
	hits atomic.Int64
}

func newDecoy(t *testing.T) (*decoy, string) {
	d := &decoy{}
	d.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"kind":"PodList","apiVersion":"v1","items":[]}`))
	}))
	t.Cleanup(d.Close)
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["decoy"] = &clientcmdapi.Cluster{Server: d.URL}
	cfg.AuthInfos["decoy"] = &clientcmdapi.AuthInfo{Token: "t"}
	cfg.Contexts["decoy"] = &clientcmdapi.Context{Cluster: "decoy", AuthInfo: "decoy"}
	cfg.CurrentContext = "decoy"
	path := filepath.Join(t.TempDir(), "decoy.kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	return d, path
}

func TestKubectlVersionClientWorksWithoutAnyKubectlOrCluster(t *testing.T) {
	env := isolated(t)
	res := run(t, "command -v kubectl; kubectl version --client", env)
	lines := strings.SplitN(res.Output, "\n", 2)
	if !strings.HasPrefix(lines[0], strings.SplitN(strings.TrimPrefix(env[0], "PATH="), ":", 2)[0]) {
		t.Fatalf("kubectl resolved to %q, not the lab's link", lines[0])
	}
	if res.ExitCode != 0 {
		t.Fatalf("exit %d:\n%s", res.ExitCode, res.Output)
	}
	if !strings.Contains(res.Output, "Client Version: v1.36.") {
		t.Errorf("output does not name a 1.36 client:\n%s", res.Output)
	}
}

func TestADecoyKubeconfigInKUBECONFIGIsNeverContacted(t *testing.T) {
	d, path := newDecoy(t)
	env := append(isolated(t), "KUBECONFIG="+path)
	res := run(t, "kubectl get pods", env)
	if res.ExitCode == 0 {
		t.Errorf("kubectl get pods succeeded without a lab cluster:\n%s", res.Output)
	}
	if !strings.Contains(res.Output, "kubelab up") {
		t.Errorf("the refusal does not say to run kubelab up:\n%s", res.Output)
	}
	if n := d.hits.Load(); n != 0 {
		t.Errorf("the decoy received %d requests", n)
	}
}

func TestInsideTheLabEnvironmentAnotherServerIsRefused(t *testing.T) {
	d, path := newDecoy(t)
	env := append(isolated(t), "KUBECONFIG="+path, sandbox.EnvServer+"=https://127.0.0.1:1")
	for _, cmd := range []string{"kubectl get pods", "kubectl --server " + d.URL + " get pods", "kubectl --kubeconfig " + path + " get pods"} {
		res := run(t, cmd, env)
		if res.ExitCode == 0 || !strings.Contains(res.Output, "refused") {
			t.Errorf("%s: exit %d, want a refusal:\n%s", cmd, res.ExitCode, res.Output)
		}
	}
	if n := d.hits.Load(); n != 0 {
		t.Errorf("the decoy received %d requests", n)
	}
}

func TestCommandsRunThroughTheRunnerAndShimAgainstTheNamedCluster(t *testing.T) {
	c, ns := testcluster.Namespace(t)
	tg, err := sandbox.Resolve(sandbox.Options{Kubeconfig: c.Kubeconfig(), ConfigDir: t.TempDir(), CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	env, err := tg.Env(ns)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	res, err := runner.Run(t.Context(), env.Spec("kubectl get nodes -o name", time.Minute), func(l runner.Line) { lines = append(lines, l.Text) })
	if err != nil || res.ExitCode != 0 {
		t.Fatalf("exit %d, %v:\n%s", res.ExitCode, err, res.Output)
	}
	want := "node/kubelab-control-plane node/kubelab-worker node/kubelab-worker2"
	if got := strings.Join(lines, " "); got != want {
		t.Errorf("nodes %q, want %q", got, want)
	}

	// The namespace comes from the lab's overlay: no -n needed.
	res, err = runner.Run(t.Context(), env.Spec("kubectl create configmap from-shim --from-literal=k=v >/dev/null && kubectl get configmap from-shim -o jsonpath='{.metadata.namespace}'", time.Minute), nil)
	if err != nil || res.ExitCode != 0 || res.Output != ns {
		t.Errorf("configmap landed in %q (exit %d, %v), want %q", res.Output, res.ExitCode, err, ns)
	}
}

func TestTheFallbackKubectlVersionMatchesGoMod(t *testing.T) {
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\tk8s.io/kubectl "+kubectlModule+"\n") && !strings.Contains(string(data), "\tk8s.io/kubectl "+kubectlModule+" ") {
		t.Errorf("go.mod does not require k8s.io/kubectl %s; update kubectlModule", kubectlModule)
	}
}

func TestUnsettingOneVariableDoesNotLiftTheGuard(t *testing.T) {
	d, path := newDecoy(t)
	overlayDir := filepath.Join(t.TempDir(), "sessions")
	os.MkdirAll(overlayDir, 0o700)
	overlay := filepath.Join(overlayDir, "lesson-0123abcd.kubeconfig")
	data, _ := os.ReadFile(path)
	os.WriteFile(overlay, data, 0o600)
	for name, extra := range map[string][]string{
		"namespace left":  {sandbox.EnvNamespace + "=lesson", "KUBECONFIG=" + path},
		"backend left":    {sandbox.EnvBackend + "=existing", "KUBECONFIG=" + path},
		"CA left":         {sandbox.EnvCASHA256 + "=abc", "KUBECONFIG=" + path},
		"shell mark left": {sandbox.EnvShell + "=1", "KUBECONFIG=" + path},
		"overlay left":    {"KUBECONFIG=" + overlay},
	} {
		env := append(isolated(t), extra...)
		for _, cmd := range []string{"kubectl get pods", "kubectl --kubeconfig " + path + " get pods", "kubectl --context decoy get pods"} {
			res := run(t, cmd, env)
			if res.ExitCode == 0 || !strings.Contains(res.Output, "lab's environment") {
				t.Errorf("%s, %s: exit %d, want a refusal naming the lab's environment:\n%s", name, cmd, res.ExitCode, res.Output)
			}
		}
	}
	if n := d.hits.Load(); n != 0 {
		t.Errorf("the decoy received %d requests", n)
	}
}
