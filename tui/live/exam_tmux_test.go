package live

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kubelab/internal/testcluster"
)

// A person sits a one-minute exam in the built kubelab, against the test
// cluster, with the challenge pack: one task, prepared before the clock
// starts; they fix the Service's starter file in their editor and apply it
// from the prompt in the task's folder, the clock runs out by itself, and
// the report gives
// 100 %, with the task's checks, kept in the history.
func TestInARealTerminalAOneMinuteExamIsScoredWhenTheClockRunsOut(t *testing.T) {
	requireTmux(t)
	kubelab := buildKubelab(t)
	c := testcluster.Shared(t)
	pack, err := filepath.Abs(filepath.Join("..", "..", "sandbox", "check", "testdata", "challengepack"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// The learner's editor: it writes the fixed Service into the file.
	editor := filepath.Join(dir, "editor.sh")
	script := "#!/bin/sh\ncat > \"$1\" <<'EOF'\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\nEOF\n"
	if err := os.WriteFile(editor, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := fmt.Sprintf("env HOME=%[1]s/home XDG_STATE_HOME=%[1]s/state XDG_CONFIG_HOME=%[1]s/config XDG_CACHE_HOME=%[1]s/cache TERM=xterm-256color EDITOR=%[5]s %[2]s --kubeconfig %[3]s --lang en --lessons %[4]s --trust; echo kubelab-exited-$?; sleep 600",
		dir, kubelab, c.Kubeconfig(), pack, editor)
	s := newTmux(t, cmd)
	s.waitFor(20*time.Second, "3/3 nodes Ready")
	s.keys("E")
	s.waitFor(5*time.Second, "Practice (checks shown)")
	for range 4 {
		s.keys("-") // 5 tasks -> 1
	}
	s.keys("Down")
	for range 12 {
		s.keys("-") // 30 minutes -> 1
	}
	s.waitFor(5*time.Second, "< 1 >")
	s.keys("Enter")
	scr := s.waitFor(90*time.Second, "Time left 0", "task 1 of 1", "Make the service find its pods")
	if strings.Contains(scr, "Checks") || strings.Contains(scr, "Hint") {
		t.Errorf("an exam that is not practice shows checks or hints:\n%s", scr)
	}
	started := time.Now()
	s.keys("e") // the editor fixes the starter file in the task's folder
	time.Sleep(500 * time.Millisecond)
	s.keys(":")
	s.text("kubectl apply -f service.yaml")
	s.keys("Enter")
	s.waitFor(30*time.Second, "service/web configured", "exit 0")
	scr = s.waitFor(90*time.Second, "Score 100% (pass mark 66%): passed", "selects-web", "namespaces are removed")
	if took := time.Since(started); took < 40*time.Second {
		t.Errorf("the one-minute exam ended after %s", took)
	}
	t.Logf("the report:\n%s", scr)
	s.keys("q")
	s.waitFor(10*time.Second, "kubelab-exited-0")
	// The report is in the history.
	hist := fmt.Sprintf("env HOME=%[1]s/home XDG_STATE_HOME=%[1]s/state XDG_CONFIG_HOME=%[1]s/config XDG_CACHE_HOME=%[1]s/cache %[2]s exam --history --lang en --lessons %[3]s; sleep 600", dir, kubelab, pack)
	h := newTmux(t, hist)
	h.waitFor(10*time.Second, "100%  passed  1 of 1 task(s)")
}
