package live

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kubelab/internal/testcluster"
)

// tmuxSession is the built kubelab running in a private tmux server, driven
// the way a person would: keys in, screen text out.
type tmuxSession struct {
	t      *testing.T
	socket string
	cmd    string
	// diagnose, when set, says what the cluster looks like after a failure.
	diagnose func() string
}

func newTmux(t *testing.T, cmd string) *tmuxSession {
	t.Helper()
	s := &tmuxSession{t: t, socket: fmt.Sprintf("kubelab-test-%d-%d", os.Getpid(), time.Now().UnixNano()), cmd: cmd}
	s.run("-f", "/dev/null", "new-session", "-d", "-s", "lab", "-x", "100", "-y", "30", cmd)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// keys sends tmux key names (Enter, Down, Escape) or literal text with -l.
func (s *tmuxSession) keys(keys ...string) {
	s.run(append([]string{"send-keys", "-t", "lab"}, keys...)...)
}
func (s *tmuxSession) text(text string) { s.run("send-keys", "-t", "lab", "-l", text) }

func (s *tmuxSession) screen() string { return s.run("capture-pane", "-p", "-t", "lab") }

// waitFor polls the screen until it shows every text.
func (s *tmuxSession) waitFor(timeout time.Duration, texts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	var scr string
	for time.Now().Before(deadline) {
		scr = s.screen()
		ok := true
		for _, t := range texts {
			if !strings.Contains(scr, t) {
				ok = false
			}
		}
		if ok {
			return scr
		}
		time.Sleep(100 * time.Millisecond)
	}
	diag := ""
	if s.diagnose != nil {
		diag = "\nthe cluster:\n" + s.diagnose()
	}
	s.t.Fatalf("after %s the screen does not show %q:\n%s%s", timeout, texts, scr, diag)
	return ""
}

// restart runs the command again in the same pane.
func (s *tmuxSession) restart() { s.run("respawn-pane", "-k", "-t", "lab", s.cmd) }

func requireTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed, and CI=true: the real-terminal test must run in CI (apt-get install tmux)")
		}
		t.Skip("tmux is not installed: skipping the real-terminal test (apt-get install tmux to run it)")
	}
}

// A person at a 100x30 terminal, against the test cluster, with fresh state:
// open self-healing, run its first command, see the checks go green, answer
// the quiz, move on, quit, start again and land on the same step; shrink the
// window to 50x15 and back. In English and in Chinese.
func TestInARealTerminalTheLabRunsSelfHealingAndResumesWhereTheLearnerLeft(t *testing.T) {
	requireTmux(t)
	kubelab := buildKubelab(t)
	kubectl := filepath.Join(filepath.Dir(kubelab), "kubectl")
	c := testcluster.Shared(t)
	for _, tc := range []struct {
		lang, lesson, ready, step1, step2, reset, exit, done, small string
	}{
		{"en", "Self-healing", "3/3 nodes Ready", "Step 1/", "Step 2/", "Lesson reset", "exit ", "Step done", "The window is 50x15"},
		// The Chinese run finds the English run's deployment: creating it
		// again fails (AlreadyExists) and its checks pass at once. Resetting
		// instead would recreate a ReplicaSet of the same name, which the
		// controller may take minutes to act on under load.
		{"zh", "自我修复", "3/3 个节点就绪", "第 1/", "第 2/", "", "退出码 ", "步骤完成", "窗口为 50x15"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			dir := t.TempDir()
			cmd := fmt.Sprintf("env XDG_STATE_HOME=%[1]s/state XDG_CONFIG_HOME=%[1]s/config XDG_CACHE_HOME=%[1]s/cache TERM=xterm-256color %[2]s --kubeconfig %[3]s --lang %[4]s; echo kubelab-exited-$?; sleep 600",
				dir, kubelab, c.Kubeconfig(), tc.lang)
			s := newTmux(t, cmd)
			s.diagnose = func() string {
				out, _ := exec.Command(kubectl, "--kubeconfig", c.Kubeconfig(), "get", "deploy,rs,pods,events", "-n", "self-healing", "-o", "wide").CombinedOutput()
				return string(out)
			}
			s.waitFor(20*time.Second, tc.ready)

			// Home: move down to the lesson.
			for i := 0; i < 30 && !strings.Contains(selectedLine(s.screen()), tc.lesson); i++ {
				s.keys("Down")
				time.Sleep(50 * time.Millisecond)
			}
			if !strings.Contains(selectedLine(s.screen()), tc.lesson) {
				t.Fatalf("could not select %s on the home screen:\n%s", tc.lesson, s.screen())
			}
			s.keys("Enter")
			s.waitFor(10*time.Second, tc.step1)
			if tc.reset != "" {
				// Reset the lesson: its namespace is recreated empty.
				s.keys("R")
				s.keys("y")
				s.waitFor(90*time.Second, tc.reset)
			}

			s.keys("1")
			s.waitFor(60*time.Second, "$ kubectl create deployment web", tc.exit)
			// The choices come in this learner's own order: answer with
			// the letter the screen shows for the ReplicaSet.
			s.keys("a")
			s.text(choiceLetter(t, s.screen(), "ReplicaSet"))
			s.keys("Enter")
			scr := s.waitFor(90*time.Second, tc.done)
			t.Logf("the success moment:\n%s", scr)

			// Shrink the window below the minimum and back: a clear message,
			// then the same screen as before, without debris.
			s.keys("n")
			before := s.waitFor(10*time.Second, tc.step2)
			time.Sleep(300 * time.Millisecond)
			before = s.screen()
			s.run("resize-window", "-t", "lab", "-x", "50", "-y", "15")
			small := s.waitFor(10*time.Second, tc.small)
			for _, l := range strings.Split(small, "\n") {
				if len([]rune(l)) > 50 {
					t.Errorf("a line wider than 50 columns at 50x15: %q", l)
				}
			}
			s.run("resize-window", "-t", "lab", "-x", "100", "-y", "30")
			after := s.waitFor(10*time.Second, tc.step2)
			time.Sleep(300 * time.Millisecond)
			after = s.screen()
			if after != before {
				t.Errorf("the screen after resizing back differs from before:\nbefore:\n%s\nafter:\n%s", before, after)
			}

			// Quit: the terminal is back to the shell's screen.
			s.keys("q")
			out := s.waitFor(10*time.Second, "kubelab-exited-0")
			if strings.Contains(out, tc.step2) {
				t.Errorf("the lab's screen is still there after quitting:\n%s", out)
			}

			// Start again: the same step.
			s.restart()
			s.waitFor(20*time.Second, tc.step2, tc.ready)
			s.keys("q")
			s.waitFor(10*time.Second, "kubelab-exited-0")
		})
	}
}

// selectedLine is the home list's line under the cursor.
// choiceLetter is the letter the screen shows before the quiz choice that
// names what.
func choiceLetter(t *testing.T, screen, what string) string {
	t.Helper()
	m := regexp.MustCompile(`([a-z])\) [^\n]*` + regexp.QuoteMeta(what)).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no quiz choice naming %q on the screen:\n%s", what, screen)
	}
	return m[1]
}

func selectedLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "▸") {
			return l
		}
	}
	return ""
}
