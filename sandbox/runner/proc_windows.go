//go:build windows

package runner

import (
	"errors"
	"fmt"
	"os/exec"
	"unsafe"

	"golang.org/x/sys/windows"
)

// killExitCode is the exit status TerminateJobObject gives every process
// in the job: STATUS_CONTROL_C_EXIT, the one a console Ctrl+C leaves, so a
// killed command is told apart from one that exited by itself.
const killExitCode = 0xC000013A

// group is a job object holding the shell and everything it starts. The
// shell is created suspended and resumed only once it is in the job, so not
// even its first child can escape; closing the last handle kills what is
// left (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE), also when kubelab itself dies.
type group struct{ job windows.Handle }

// prepare creates the command suspended; started resumes it inside a job.
func prepare(cmd *exec.Cmd) {
	cmd.SysProcAttr = &windows.SysProcAttr{CreationFlags: windows.CREATE_SUSPENDED}
}

// started puts the suspended command in a new job object and lets it run.
// On error the command has been killed.
func started(cmd *exec.Cmd) (*group, error) {
	g, err := newJob()
	if err == nil {
		err = g.adopt(uint32(cmd.Process.Pid))
		if err != nil {
			g.close()
		}
	}
	if err == nil {
		err = resume(uint32(cmd.Process.Pid))
		if err != nil {
			g.kill()
			g.close()
		}
	}
	if err != nil {
		_ = cmd.Process.Kill()
		return nil, err
	}
	return g, nil
}

func newJob() (*group, error) {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return nil, fmt.Errorf("create a job object: %w", err)
	}
	info := windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION{
		BasicLimitInformation: windows.JOBOBJECT_BASIC_LIMIT_INFORMATION{
			LimitFlags: windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
		},
	}
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		windows.CloseHandle(job)
		return nil, fmt.Errorf("set up the job object: %w", err)
	}
	return &group{job: job}, nil
}

func (g *group) adopt(pid uint32) error {
	h, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, pid)
	if err != nil {
		return fmt.Errorf("open process %d: %w", pid, err)
	}
	defer windows.CloseHandle(h)
	if err := windows.AssignProcessToJobObject(g.job, h); err != nil {
		return fmt.Errorf("put process %d in its job object: %w", pid, err)
	}
	return nil
}

// resume starts the threads of a process created suspended (it has one).
func resume(pid uint32) error {
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPTHREAD, 0)
	if err != nil {
		return fmt.Errorf("list threads: %w", err)
	}
	defer windows.CloseHandle(snap)
	te := windows.ThreadEntry32{Size: uint32(unsafe.Sizeof(windows.ThreadEntry32{}))}
	resumed := 0
	for err = windows.Thread32First(snap, &te); err == nil; err = windows.Thread32Next(snap, &te) {
		if te.OwnerProcessID != pid {
			continue
		}
		th, err := windows.OpenThread(windows.THREAD_SUSPEND_RESUME, false, te.ThreadID)
		if err != nil {
			return fmt.Errorf("open thread %d of process %d: %w", te.ThreadID, pid, err)
		}
		_, err = windows.ResumeThread(th)
		windows.CloseHandle(th)
		if err != nil {
			return fmt.Errorf("resume process %d: %w", pid, err)
		}
		resumed++
	}
	if resumed == 0 {
		return fmt.Errorf("resume process %d: no thread found", pid)
	}
	return nil
}

// kill stops every process in the job.
func (g *group) kill() { _ = windows.TerminateJobObject(g.job, killExitCode) }

func (g *group) close() { windows.CloseHandle(g.job) }

// exited reports whether the shell ended by itself rather than by the job's
// termination; Windows has no signals, so a kill is recognised by its exit
// status after Run asked for one.
func exited(waitErr error, killed bool) bool {
	if waitErr == nil {
		return true
	}
	var exitErr *exec.ExitError
	if errors.As(waitErr, &exitErr) {
		return !killed || uint32(exitErr.ExitCode()) != killExitCode
	}
	return false
}
