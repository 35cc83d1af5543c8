//go:build unix

package runner

import (
	"errors"
	"os/exec"
	"syscall"
)

// group is the process group the shell leads; everything it starts stays
// in it unless it calls setsid.
type group struct{ pgid int }

// prepare makes the command the leader of a new process group.
func prepare(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

// started returns the group of a started command.
func started(cmd *exec.Cmd) (*group, error) { return &group{pgid: cmd.Process.Pid}, nil }

// kill stops every process in the group.
func (g *group) kill() {
	// ESRCH (the group is already gone) is the normal case here.
	_ = syscall.Kill(-g.pgid, syscall.SIGKILL)
}

func (g *group) close() {}

// exited reports whether the shell ended by itself (an exit status) rather
// than by a signal; a command that finished just as the deadline passed is
// reported as finished.
func exited(waitErr error, _ bool) bool {
	if waitErr == nil {
		return true
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok {
			return ws.Exited()
		}
	}
	return false
}
