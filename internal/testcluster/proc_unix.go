//go:build unix && !linux

package testcluster

import (
	"os/exec"
	"syscall"
)

// sysProcAttr puts each component in its own process group, so that Stop can
// signal everything it started and a Ctrl+C on the terminal reaches only the
// parent, which then stops the cluster in order.
func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

func terminate(cmd *exec.Cmd) { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }
func kill(cmd *exec.Cmd)      { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
