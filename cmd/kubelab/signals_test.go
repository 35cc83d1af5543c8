//go:build unix

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"kubelab/internal/testcluster"
)

// waitPack is a lesson pack whose one check is a command that starts a
// background sleep, writes its pid to pidFile and waits; its one command does
// the same with pidFile+".cmd".
func waitPack(t *testing.T, pidFile string) string {
	dir := t.TempDir()
	files := map[string]string{
		"course.yaml":    "parts:\n  - id: basics\n",
		"course.en.yaml": "parts:\n  basics: Basics\n",
		"course.zh.yaml": "parts:\n  basics: 基础\n",
		"01-wait/lesson.yaml": fmt.Sprintf(`id: wait
part: basics
steps:
  - id: long
    needs: cluster
    commands: ['sleep 300 & echo $! > %[1]s.cmd; wait']
    solution: [sleep 1]
    checks:
      - id: sleeper
        kind: command
        run: 'sleep 300 & echo $! > %[1]s; wait'
`, pidFile),
	}
	for _, lang := range []string{"en", "zh"} {
		files["01-wait/"+lang+".md"] = "# Wait\n\nA long check.\n\n## Notes\n\nNothing.\n\n## Step long: Wait\n\nWait.\n\n### Hint\n\nWait.\n\n### Hint\n\nWait more.\n\n### Check sleeper\n\nIt sleeps.\n"
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// psHas reports whether ps still lists pid (a zombie counts as gone).
func psHas(t *testing.T, pid int) bool {
	out, _ := exec.Command("ps", "-o", "stat=", "-p", strconv.Itoa(pid)).Output()
	st := strings.TrimSpace(string(out))
	return st != "" && !strings.HasPrefix(st, "Z")
}

// waitForPid waits until the command has written its pid.
func waitForPid(t *testing.T, pidFile string, cmd *exec.Cmd, out fmt.Stringer) int {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(pidFile); err == nil && strings.HasSuffix(string(data), "\n") {
			pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
			return pid
		}
		time.Sleep(20 * time.Millisecond)
	}
	if cmd != nil {
		cmd.Process.Kill()
	}
	t.Fatalf("the command never started:\n%s", out)
	return 0
}

func TestCheckStopsItsCommandsOnEachSignal(t *testing.T) {
	if _, err := exec.LookPath("ps"); err != nil {
		t.Skip("no ps")
	}
	c := testcluster.Shared(t)
	bin := kubelabBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "pid")
			cmd := exec.Command(bin, "--lessons", waitPack(t, pidFile), "--trust", "--kubeconfig", c.Kubeconfig(), "check", "wait")
			cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir())
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pid := waitForPid(t, pidFile, cmd, &out)
			if !psHas(t, pid) {
				t.Fatalf("the check's sleep %d is not running", pid)
			}
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("kubelab did not stop within 10s of %v:\n%s", sig, out.String())
			}
			if code := cmd.ProcessState.ExitCode(); code != 128+int(sig) {
				t.Errorf("exit %d, want %d:\n%s", code, 128+int(sig), out.String())
			}
			if psHas(t, pid) {
				syscall.Kill(pid, syscall.SIGKILL)
				t.Errorf("after %v, the check's sleep %d still runs (ps lists it)", sig, pid)
			}
		})
	}
}

func TestShellPassesEachSignalToTheLearnersShell(t *testing.T) {
	if _, err := exec.LookPath("ps"); err != nil {
		t.Skip("no ps")
	}
	bin := kubelabBinary(t)
	kc := filepath.Join(t.TempDir(), "k.kubeconfig")
	os.WriteFile(kc, []byte("apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n"), 0o600)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "pid")
			cmd := exec.Command(bin, "--kubeconfig", kc, "shell", "-c", "echo $$ > "+pidFile+"; exec sleep 300")
			cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir(), "SHELL=/bin/sh")
			// Its own process group, as a signal from kill (not a terminal)
			// reaches kubelab alone.
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pid := waitForPid(t, pidFile, cmd, &out)
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				syscall.Kill(pid, syscall.SIGKILL)
				t.Fatalf("kubelab did not stop within 10s of %v:\n%s", sig, out.String())
			}
			if psHas(t, pid) {
				syscall.Kill(pid, syscall.SIGKILL)
				t.Errorf("after %v, the shell's command %d still runs (ps lists it)", sig, pid)
			}
		})
	}
}

func TestClosingTheTerminalUnderTheUILeavesNoProcessBehind(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("no tmux")
	}
	if _, err := exec.LookPath("ps"); err != nil {
		t.Skip("no ps")
	}
	c := testcluster.Shared(t)
	bin := kubelabBinary(t)
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	socket := fmt.Sprintf("kubelab-hup-%d-%d", os.Getpid(), time.Now().UnixNano())
	tmux := func(args ...string) string {
		out, err := exec.Command("tmux", append([]string{"-L", socket}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	line := fmt.Sprintf("env XDG_STATE_HOME=%[1]s/state XDG_CONFIG_HOME=%[1]s/config XDG_CACHE_HOME=%[1]s/cache TERM=xterm-256color %[2]s --lessons %[3]s --trust --kubeconfig %[4]s --lang en",
		dir, bin, waitPack(t, pidFile), c.Kubeconfig())
	tmux("-f", "/dev/null", "new-session", "-d", "-s", "lab", "-x", "100", "-y", "30", line)
	t.Cleanup(func() { exec.Command("tmux", "-L", socket, "kill-server").Run() })
	uiPid, _ := strconv.Atoi(strings.TrimSpace(tmux("list-panes", "-t", "lab", "-F", "#{pane_pid}")))

	// Open the lesson (its check starts at once), then run its command.
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(tmux("capture-pane", "-p", "-t", "lab"), "Step 1/") && time.Now().Before(deadline) {
		tmux("send-keys", "-t", "lab", "Enter")
		time.Sleep(300 * time.Millisecond)
	}
	tmux("send-keys", "-t", "lab", "1")
	var screen strings.Builder
	checkPid := waitForPid(t, pidFile, nil, &screen)
	cmdPid := waitForPid(t, pidFile+".cmd", nil, &screen)
	for _, pid := range []int{uiPid, checkPid, cmdPid} {
		if !psHas(t, pid) {
			t.Fatalf("process %d is not running before the terminal closes", pid)
		}
	}

	// Close the terminal: the pane's pty goes away and kubelab gets SIGHUP.
	tmux("kill-server")
	deadline = time.Now().Add(10 * time.Second)
	for (psHas(t, uiPid) || psHas(t, checkPid) || psHas(t, cmdPid)) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	for name, pid := range map[string]int{"kubelab": uiPid, "the check's sleep": checkPid, "the command's sleep": cmdPid} {
		if psHas(t, pid) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Errorf("%s (%d) still runs after the terminal closed (ps lists it)", name, pid)
		}
	}
}
