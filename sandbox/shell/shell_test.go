package shell

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"kubelab/internal/testcluster"
	"kubelab/sandbox"
	"kubelab/sandbox/kubectl"
)

func TestMain(m *testing.M) {
	if kubectl.InvokedAsKubectl(os.Args[0]) {
		os.Exit(kubectl.Main(os.Args[1:], kubectl.Options{}))
	}
	testcluster.Main(m)
}

func TestShellCommandListsTheNamedClustersThreeNodes(t *testing.T) {
	c, ns := testcluster.Namespace(t)
	tg, err := sandbox.Resolve(sandbox.Options{Kubeconfig: c.Kubeconfig(), ConfigDir: t.TempDir(), CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	env, err := tg.Env(ns)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("SHELL", "/bin/sh")
	cmd, cleanup, err := Command(env, "kubectl get nodes --no-headers | wc -l; echo $KUBELAB_NAMESPACE")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	// Stdout only: a kubectl built with -race says so on stderr.
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v:\n%s%s", err, out.String(), stderr.String())
	}
	if got := strings.Fields(out.String()); len(got) != 2 || got[0] != "3" || got[1] != ns {
		t.Errorf("output %q (stderr %q), want 3 nodes and the namespace %s", out.String(), stderr.String(), ns)
	}
}

func TestInteractiveBashKeepsTheLearnersRcAndMarksThePrompt(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash here")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	if err := os.WriteFile(home+"/.bashrc", []byte("PS1='mine> '\nLEARNER_RC=loaded\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd, _, cleanup, err := interactive(bash, "(kubelab:lesson-1) ")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	// Run the same startup non-interactively and print what it set.
	args := append(cmd.Args[1:len(cmd.Args)-1], "-ic", `echo "$LEARNER_RC|$PS1"`)
	out, err := exec.Command(bash, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !strings.Contains(string(out), "loaded|(kubelab:lesson-1) mine> ") {
		t.Errorf("bash started with %q, want the learner's rc loaded and the marker before their prompt", out)
	}
}
