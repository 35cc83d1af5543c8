package live

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kubelab/internal/testcluster"
)

// The manifests the learner's editor writes: first with a field the API
// server does not know at line 6, then the fix.
const (
	badManifest = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selectr:
    app: web
  ports:
    - port: 80
`
	fixedManifest = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`
)

// editorScript is an editor that writes the bad manifest into the file it
// is given the first time it runs, and the fixed one after that.
func editorScript(t *testing.T, dir string) string {
	t.Helper()
	for name, data := range map[string]string{"bad.yaml": badManifest, "fixed.yaml": fixedManifest} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(dir, "editor.sh")
	body := fmt.Sprintf(`#!/bin/sh
# The learner's editor: a mistake first, then the fix.
if [ -e %[1]s/edited ]; then cp %[1]s/fixed.yaml "$1"; else cp %[1]s/bad.yaml "$1"; touch %[1]s/edited; fi
`, dir)
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return script
}

// A learner works the challenge pack's step in a real terminal against the
// test cluster: the setup broke the Service's selector; they open
// service.yaml in their editor (EDITOR), write a field the API server does
// not know and see it with its line at once, write the fix, apply it and
// see the step done, solved on their own. Then again with type along on: a
// number key puts a look-up command into the prompt and Enter runs it, and
// the fix is applied by a relative path typed into the prompt, which runs
// in the workspace folder.
func TestInARealTerminalALearnerFixesAChallengeInTheirEditor(t *testing.T) {
	requireTmux(t)
	kubelab := buildKubelab(t)
	kubectl := filepath.Join(filepath.Dir(kubelab), "kubectl")
	c := testcluster.Shared(t)
	pack, err := filepath.Abs("../../sandbox/check/testdata/challengepack")
	if err != nil {
		t.Fatal(err)
	}
	for _, typeAlong := range []bool{false, true} {
		t.Run(map[bool]string{false: "editor-and-apply-key", true: "type-along"}[typeAlong], func(t *testing.T) {
			dir := t.TempDir()
			ws := filepath.Join(dir, "work")
			editor := editorScript(t, dir)
			env := fmt.Sprintf("env XDG_STATE_HOME=%[1]s/state XDG_CONFIG_HOME=%[1]s/config XDG_CACHE_HOME=%[1]s/cache TERM=xterm-256color VISUAL= EDITOR=%[2]s", dir, editor)
			flags := fmt.Sprintf("--kubeconfig %s --lessons %s --workspace %s --lang en", c.Kubeconfig(), pack, ws)
			s := newTmux(t, fmt.Sprintf("%s %s %s --trust; echo kubelab-exited-$?; sleep 600", env, kubelab, flags))
			s.diagnose = func() string {
				out, _ := exec.Command(kubectl, "--kubeconfig", c.Kubeconfig(), "get", "svc,deploy,pods", "-n", "fix-service", "-o", "wide", "--show-labels").CombinedOutput()
				return string(out)
			}
			s.waitFor(20*time.Second, "3/3 nodes Ready")
			s.keys("Enter")
			// The setup ran (the check sees the broken selector) and the
			// starter file is in the workspace, valid as it ships.
			s.waitFor(90*time.Second, "Step 1/1", "Your files in", "service.yaml: valid (server dry run)", "✗ The service selects pods", "✓ At least two pods")
			if data, err := os.ReadFile(filepath.Join(ws, "fix-service", "service.yaml")); err != nil || !strings.Contains(string(data), "# TODO") {
				t.Fatalf("the starter file is not in the workspace: %q, %v", data, err)
			}

			if typeAlong {
				s.keys("t")
				s.waitFor(5*time.Second, "Type along is on")
				s.keys("1")
				s.waitFor(5*time.Second, "$ kubectl get service web -o wide")
				s.keys("Enter")
				s.waitFor(60*time.Second, "ClusterIP", "wbe", "exit 0")
				s.keys("Escape") // the prompt keeps the keyboard until then
				// Apart from the next key: ESC and a key at once read as alt+key.
				time.Sleep(300 * time.Millisecond)
			}

			// The editor's first write has an error: its line on screen.
			s.keys("e")
			s.waitFor(60*time.Second, "service.yaml:6: spec.selectr")
			// The second write is the fix.
			s.keys("e")
			s.waitFor(60*time.Second, "service.yaml: valid (server dry run)")
			if typeAlong {
				s.keys(":")
				s.text("kubectl apply -f service.yaml")
				s.keys("Enter")
			} else {
				s.keys("A")
			}
			scr := s.waitFor(90*time.Second, "$ kubectl apply -f service.yaml", "service/web configured", "Step done")
			t.Logf("the step done:\n%s", scr)
			if typeAlong {
				s.keys("Escape")
				time.Sleep(300 * time.Millisecond)
			}
			s.keys("q")
			s.waitFor(10*time.Second, "kubelab-exited-0")

			// Solved on the learner's own, in `kubelab lessons --json`.
			cmd := exec.Command(kubelab, "lessons", "--json", "--lessons", pack, "--workspace", ws)
			cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+dir+"/state", "XDG_CONFIG_HOME="+dir+"/config", "XDG_CACHE_HOME="+dir+"/cache")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("kubelab lessons --json: %v\n%s", err, out)
			}
			var rows []struct {
				ID        string `json:"id"`
				Done      int    `json:"done"`
				Solo      int    `json:"solo"`
				Workspace string `json:"workspace"`
				Completed []struct {
					Step, By string
				} `json:"completed"`
			}
			if err := json.Unmarshal(out, &rows); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if len(rows) != 1 || rows[0].Done != 1 || rows[0].Solo != 1 || len(rows[0].Completed) != 1 || rows[0].Completed[0].By != "learner" {
				t.Errorf("the step is not solved on the learner's own:\n%s", out)
			}
			if rows[0].Workspace != filepath.Join(ws, "fix-service") {
				t.Errorf("lessons --json says the workspace is %q; want %s", rows[0].Workspace, filepath.Join(ws, "fix-service"))
			}
			if typeAlong {
				data, _ := os.ReadFile(filepath.Join(dir, "config", "kubelab", "config.json"))
				if !strings.Contains(string(data), `"typeAlong": true`) {
					t.Errorf("type along is not saved in the settings: %s", data)
				}
			}
		})
	}
}
