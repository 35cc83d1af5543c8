// Package shell opens the learner's own shell in the lab's environment
// (`kubelab shell`): KUBECONFIG pointing at the lab's cluster with the
// lesson's namespace, `kubectl` being kubelab's embedded kubectl, and a
// prompt marked "(kubelab:NAMESPACE)" so it is clear which terminal talks to
// the lab. With a command line it runs just that (`kubelab shell -c CMD`).
package shell

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"kubelab/sandbox"
)

// Marker is what the prompt starts with in a lab shell.
func Marker(env *sandbox.Env) string { return fmt.Sprintf("(kubelab:%s) ", env.Namespace) }

// Command returns the learner's shell ($SHELL, else sh) set up for env, with
// the process's standard streams attached. An empty command line opens an
// interactive shell; otherwise the shell runs it with -c. Call cleanup when
// the command has finished.
func Command(env *sandbox.Env, command string) (cmd *exec.Cmd, cleanup func(), err error) {
	sh := os.Getenv("SHELL")
	if sh == "" {
		sh = "/bin/sh"
	}
	vars := append(env.Vars(), sandbox.EnvShell+"=1")
	cleanup = func() {}
	if command != "" {
		cmd = exec.Command(sh, "-c", command)
	} else {
		var extra []string
		cmd, extra, cleanup, err = interactive(sh, Marker(env))
		if err != nil {
			return nil, nil, err
		}
		vars = append(vars, extra...)
	}
	cmd.Env = mergeEnv(os.Environ(), vars)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	return cmd, cleanup, nil
}

// interactive starts sh so that the learner's own startup files still run
// and the marker is put in front of whatever prompt they set.
func interactive(sh, marker string) (*exec.Cmd, []string, func(), error) {
	dir, err := os.MkdirTemp("", "kubelab-shell-")
	if err != nil {
		return nil, nil, nil, fmt.Errorf("prepare the lab shell: %w", err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	q := shellQuote(marker)
	switch filepath.Base(sh) {
	case "bash":
		rc := filepath.Join(dir, "bashrc")
		body := "[ -f ~/.bashrc ] && . ~/.bashrc\nPS1=" + q + "\"$PS1\"\n"
		if err := os.WriteFile(rc, []byte(body), 0o600); err != nil {
			cleanup()
			return nil, nil, nil, fmt.Errorf("prepare the lab shell: %w", err)
		}
		return exec.Command(sh, "--rcfile", rc, "-i"), nil, cleanup, nil
	case "zsh":
		home, _ := os.UserHomeDir()
		orig := os.Getenv("ZDOTDIR")
		if orig == "" {
			orig = home
		}
		body := "ZDOTDIR=" + shellQuote(orig) + "\n[ -f \"$ZDOTDIR/.zshrc\" ] && . \"$ZDOTDIR/.zshrc\"\nPROMPT=" + q + "\"$PROMPT\"\n"
		if err := os.WriteFile(filepath.Join(dir, ".zshrc"), []byte(body), 0o600); err != nil {
			cleanup()
			return nil, nil, nil, fmt.Errorf("prepare the lab shell: %w", err)
		}
		return exec.Command(sh, "-i"), []string{"ZDOTDIR=" + dir}, cleanup, nil
	default:
		ps1 := os.Getenv("PS1")
		if ps1 == "" {
			ps1 = "$ "
		}
		return exec.Command(sh, "-i"), []string{"PS1=" + marker + ps1}, cleanup, nil
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func mergeEnv(base, extra []string) []string {
	out := make([]string, 0, len(base)+len(extra))
	idx := map[string]int{}
	for _, kv := range append(append([]string{}, base...), extra...) {
		k, _, _ := strings.Cut(kv, "=")
		if i, ok := idx[k]; ok {
			out[i] = kv
			continue
		}
		idx[k] = len(out)
		out = append(out, kv)
	}
	return out
}
