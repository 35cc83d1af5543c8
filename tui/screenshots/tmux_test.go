package screenshots

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kubelab/internal/progress"
)

// session is kubelab running in a private tmux server, driven by keys.
type session struct {
	t      *testing.T
	socket string
}

// start runs kubelab against kubeconfig in a fresh 100x30 tmux window with
// an empty environment but for what makes the screen the same on every
// machine: fresh XDG folders, xterm-256color (256 colours, never true
// colour, whatever the outer terminal), the dark theme, the given language.
func start(t *testing.T, kubelab, kubeconfig, lang string) *session {
	t.Helper()
	dir := t.TempDir()
	// A fixed seed for the order of quiz choices, so they are in the same
	// order on every run.
	store, _, err := progress.Open(filepath.Join(dir, "state", "kubelab"))
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Update(func(p *progress.Progress) error { p.Seed = "screenshots"; return nil }); err != nil {
		t.Fatal(err)
	}
	cmd := fmt.Sprintf("env -i HOME=%[1]s/home PATH=%[5]s XDG_STATE_HOME=%[1]s/state XDG_CONFIG_HOME=%[1]s/config XDG_CACHE_HOME=%[1]s/cache TERM=xterm-256color LANG=C.UTF-8 %[2]s --kubeconfig %[3]s --lang %[4]s --theme dark; sleep 600",
		dir, kubelab, kubeconfig, lang, os.Getenv("PATH"))
	s := &session{t: t, socket: fmt.Sprintf("kubelab-shots-%d-%d", os.Getpid(), time.Now().UnixNano())}
	s.run("-f", "/dev/null", "new-session", "-d", "-s", "lab", "-x", fmt.Sprint(cols), "-y", fmt.Sprint(rows), cmd)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

func (s *session) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (s *session) keys(keys ...string) { s.run(append([]string{"send-keys", "-t", "lab"}, keys...)...) }
func (s *session) text(text string)    { s.run("send-keys", "-t", "lab", "-l", text) }
func (s *session) screen() string      { return s.run("capture-pane", "-p", "-t", "lab") }

// frame is the screen with its colours, canonical and masked.
func (s *session) frame() string {
	return mask(canonical(s.run("capture-pane", "-e", "-p", "-t", "lab"), rows))
}

// waitFor polls the screen until it shows every text.
func (s *session) waitFor(timeout time.Duration, texts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	var scr string
	for time.Now().Before(deadline) {
		scr = s.screen()
		ok := true
		for _, t := range texts {
			ok = ok && strings.Contains(scr, t)
		}
		if ok {
			return scr
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatalf("after %s the screen does not show %q:\n%s", timeout, texts, scr)
	return ""
}

// settle waits for the texts, then for the screen to stay the same for a
// second (checks finishing, a passing message), and returns that frame.
func (s *session) settle(texts ...string) string {
	s.t.Helper()
	s.waitFor(90*time.Second, texts...)
	deadline := time.Now().Add(30 * time.Second)
	last, same := s.frame(), 0
	for time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		f := s.frame()
		if f != last {
			last, same = f, 0
			continue
		}
		if same++; same >= 5 {
			return f
		}
	}
	s.t.Fatalf("the screen keeps changing:\n%s", plain(last))
	return ""
}

// selectedLine is the home list's line under the cursor.
func selectedLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "▸") {
			return l
		}
	}
	return ""
}

var built struct {
	sync.Once
	path string
	err  error
}

// buildKubelab builds this tree's kubelab once per run into a folder of its
// own, with the `kubectl` link beside it the lab's commands run through.
func buildKubelab(t *testing.T) string {
	t.Helper()
	built.Do(func() {
		dir := filepath.Join(os.TempDir(), "kubelab-screenshots-bin")
		if built.err = os.MkdirAll(dir, 0o755); built.err != nil {
			return
		}
		built.path = filepath.Join(dir, "kubelab")
		tmp := fmt.Sprintf("%s.%d", built.path, os.Getpid())
		if out, err := exec.Command("go", "build", "-o", tmp, "kubelab/cmd/kubelab").CombinedOutput(); err != nil {
			os.Remove(tmp)
			built.err = fmt.Errorf("build kubelab: %v\n%s", err, out)
			return
		}
		if built.err = os.Rename(tmp, built.path); built.err != nil {
			return
		}
		if err := os.Symlink("kubelab", filepath.Join(dir, "kubectl")); err != nil && !os.IsExist(err) {
			built.err = err
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}
