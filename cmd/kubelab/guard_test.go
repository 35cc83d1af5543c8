package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"kubelab/sandbox"
)

func TestInsideTheLabEnvironmentKubelabsOwnFlagsCannotReachAnotherCluster(t *testing.T) {
	var hits atomic.Int64
	decoy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"kind":"PodList","apiVersion":"v1","items":[]}`))
	}))
	defer decoy.Close()
	kc := filepath.Join(t.TempDir(), "other.kubeconfig")
	os.WriteFile(kc, []byte("apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: '"+decoy.URL+"'}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: other, context: {cluster: c, user: u}}]\ncurrent-context: other\n"), 0o600)
	bin := kubelabBinary(t)
	lab := []string{
		"PATH=/usr/bin:/bin", "HOME=" + t.TempDir(),
		"XDG_CONFIG_HOME=" + t.TempDir(), "XDG_CACHE_HOME=" + t.TempDir(), "XDG_STATE_HOME=" + t.TempDir(),
		"KUBECONFIG=" + kc,
	}
	for name, env := range map[string][]string{
		"full lab environment":  append(lab, sandbox.EnvServer+"=https://127.0.0.1:1", sandbox.EnvNamespace+"=lesson"),
		"server variable unset": append(lab, sandbox.EnvNamespace+"=lesson", sandbox.EnvBackend+"=kind"),
		"only the shell's mark": append(lab, sandbox.EnvShell+"=1"),
	} {
		for _, args := range [][]string{
			{"kubectl", "--kubeconfig", kc, "get", "pods"},
			{"kubectl", "--context", "other", "get", "pods"},
			{"--kubeconfig", kc, "kubectl", "get", "pods"},
			{"--context", "other", "kubectl", "get", "pods"},
			{"--kubeconfig", kc, "status"},
			{"--kubeconfig", kc, "check", "what-is-kubernetes"},
			{"--kubeconfig", kc, "shell", "-c", "kubectl get pods"},
		} {
			cmd := exec.Command(bin, args...)
			cmd.Env = env
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			if err == nil || !strings.Contains(out.String(), "refused") {
				t.Errorf("%s: kubelab %s: %v, want a refusal:\n%s", name, strings.Join(args, " "), err, out.String())
			}
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the other cluster received %d requests", n)
	}
}
