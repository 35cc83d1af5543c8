//go:build !unix

package testcluster

import (
	"os/exec"
	"syscall"
)

// sysProcAttr has no process groups to set up outside Unix.
func sysProcAttr() *syscall.SysProcAttr { return nil }

func terminate(cmd *exec.Cmd) { _ = cmd.Process.Kill() }
func kill(cmd *exec.Cmd)      { _ = cmd.Process.Kill() }
