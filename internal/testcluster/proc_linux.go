package testcluster

import (
	"os/exec"
	"syscall"
)

// sysProcAttr puts each component in its own process group, so that Stop can
// signal everything it started and a Ctrl+C on the terminal reaches only the
// parent, which then stops the cluster in order. Pdeathsig kills a component
// if the test binary dies without stopping it (a timeout panic, a kill -9).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

func terminate(cmd *exec.Cmd) { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }
func kill(cmd *exec.Cmd)      { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
