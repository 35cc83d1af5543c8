// Package runner runs one shell command line for the lab the way a terminal
// would, but safely for a long-lived program: the command runs with `sh -c`
// in a process group of its own, its output (stdout and stderr merged, in the
// order it was written) is streamed line by line to a callback and only the
// last bytes of it are kept in memory, a timeout or a cancelled context kills
// the whole group, and nothing the command started is left running when Run
// returns.
//
// The lab's environment (KUBECONFIG, namespace, a PATH whose `kubectl` is
// kubelab itself) is not known here: callers pass it in Spec.Env, usually from
// sandbox.Env.Vars.
package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// DefaultMaxOutput is how many bytes of output Result.Output keeps when
// Spec.MaxOutput is zero: the last 1 MiB.
const DefaultMaxOutput = 1 << 20

// MaxLineBytes is the longest line handed to the callback; a longer run of
// bytes without a newline (say, `cat` of a binary file) is split into lines
// of this size so memory stays bounded.
const MaxLineBytes = 64 << 10

// drainGrace is how long Run keeps reading output after the process group
// has been killed, in case a process that escaped the group (a daemon that
// called setsid) still holds the output open.
const drainGrace = 2 * time.Second

// Spec says what to run.
type Spec struct {
	// Command is a shell command line, run with `sh -c`.
	Command string
	// Env is added to the current process's environment; a later entry wins
	// over an earlier one and over the inherited value ("KEY=value").
	Env []string
	// Dir is the working folder; empty means the current one.
	Dir string
	// Timeout kills the command after this long; zero means no timeout
	// other than the context's.
	Timeout time.Duration
	// Stdin is the command's standard input; nil means none (/dev/null).
	Stdin io.Reader
	// MaxOutput is how many bytes of output Result.Output keeps (the last
	// ones); zero means DefaultMaxOutput.
	MaxOutput int
}

// Line is one line of output, without its trailing newline.
type Line struct {
	Text string
	// Partial is true when the line was split because it grew past
	// MaxLineBytes, or when it is the last output and had no newline.
	Partial bool
}

// Result is what a finished command left behind.
type Result struct {
	// ExitCode is the command's exit status; -1 when it was killed (by a
	// timeout, a cancel or a signal) or never ran.
	ExitCode int
	// Output is the merged stdout and stderr, at most Spec.MaxOutput bytes:
	// the last ones when Truncated.
	Output string
	// Truncated says that earlier output was dropped; Dropped says how many
	// bytes.
	Truncated bool
	Dropped   int64
	// Duration is the wall time from start to exit.
	Duration time.Duration
	// TimedOut and Canceled say why a killed command was killed.
	TimedOut bool
	Canceled bool
}

// ErrTimeout is wrapped by the error Run returns when Spec.Timeout expired.
var ErrTimeout = errors.New("command timed out")

// Run runs spec.Command and waits for it. onLine (which may be nil) is called
// from one goroutine, in order, for every line as it arrives.
//
// A command that ran and exited non-zero is not an error: see
// Result.ExitCode. The error is for a command that could not be started, or
// that was killed: it wraps ErrTimeout after Spec.Timeout, or the context's
// error after a cancel. Result is filled in either way.
func Run(ctx context.Context, spec Spec, onLine func(Line)) (Result, error) {
	res := Result{ExitCode: -1}
	max := spec.MaxOutput
	if max <= 0 {
		max = DefaultMaxOutput
	}
	runCtx := ctx
	var cancel context.CancelFunc
	if spec.Timeout > 0 {
		runCtx, cancel = context.WithTimeoutCause(ctx, spec.Timeout, ErrTimeout)
	} else {
		runCtx, cancel = context.WithCancel(ctx)
	}
	defer cancel()

	pr, pw, err := os.Pipe()
	if err != nil {
		return res, fmt.Errorf("run %q: make output pipe: %w", spec.Command, err)
	}
	cmd := exec.Command("sh", "-c", spec.Command)
	cmd.Dir = spec.Dir
	cmd.Env = mergeEnv(os.Environ(), spec.Env)
	cmd.Stdin = spec.Stdin
	cmd.Stdout = pw
	cmd.Stderr = pw
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}

	start := time.Now()
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		return res, fmt.Errorf("run %q: start sh: %w", spec.Command, err)
	}
	// Only the child holds the write end now, so the reader sees EOF once
	// every process that inherited it has exited.
	pw.Close()
	pgid := cmd.Process.Pid
	live.Store(pgid, struct{}{})
	defer live.Delete(pgid)

	tail := newTailBuffer(max)
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		splitLines(pr, func(b []byte, partial bool) {
			tail.Write(b)
			if !partial {
				tail.Write([]byte{'\n'})
			}
			if onLine != nil {
				onLine(Line{Text: string(b), Partial: partial})
			}
		})
	}()

	waitDone := make(chan error, 1)
	go func() { waitDone <- cmd.Wait() }()

	var waitErr error
	select {
	case waitErr = <-waitDone:
	case <-runCtx.Done():
		killGroup(pgid)
		waitErr = <-waitDone
	}
	res.Duration = time.Since(start)
	// Whatever the shell left in the background goes with it: a lab command
	// must not leave processes behind.
	killGroup(pgid)
	select {
	case <-readDone:
	case <-time.After(drainGrace):
		pr.Close()
		<-readDone
	}
	pr.Close()

	res.Output, res.Dropped = tail.String()
	res.Truncated = res.Dropped > 0

	if runCtx.Err() != nil && !exited(waitErr) {
		switch {
		case errors.Is(context.Cause(runCtx), ErrTimeout):
			res.TimedOut = true
			return res, fmt.Errorf("run %q: killed after %s: %w", spec.Command, spec.Timeout, ErrTimeout)
		default:
			res.Canceled = true
			return res, fmt.Errorf("run %q: cancelled: %w", spec.Command, ctx.Err())
		}
	}
	var exitErr *exec.ExitError
	switch {
	case waitErr == nil:
		res.ExitCode = 0
	case errors.As(waitErr, &exitErr):
		res.ExitCode = exitErr.ExitCode() // -1 when killed by a signal
	default:
		return res, fmt.Errorf("run %q: %w", spec.Command, waitErr)
	}
	return res, nil
}

// exited reports whether the shell ended by itself (an exit status) rather
// than by a signal; a command that finished just as the deadline passed is
// reported as finished.
func exited(waitErr error) bool {
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

// live holds the process groups of the commands Run has started and not
// yet cleaned up after, for StopAll.
var live sync.Map // pgid -> struct{}

// StopAll kills the process group of every command still running. A program
// about to exit on a signal calls it: cancelling the commands' contexts is
// not enough, since the Run calls may not get to kill their groups before
// the process is gone.
func StopAll() {
	live.Range(func(k, _ any) bool {
		killGroup(k.(int))
		return true
	})
}

func killGroup(pgid int) {
	// ESRCH (the group is already gone) is the normal case here.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
}

// mergeEnv returns base with extra applied: a key set in extra replaces the
// same key in base.
func mergeEnv(base, extra []string) []string {
	if len(extra) == 0 {
		return base
	}
	idx := map[string]int{}
	out := make([]string, 0, len(base)+len(extra))
	for _, kv := range append(append([]string{}, base...), extra...) {
		k := kv
		for i := 0; i < len(kv); i++ {
			if kv[i] == '=' {
				k = kv[:i]
				break
			}
		}
		if i, ok := idx[k]; ok {
			out[i] = kv
			continue
		}
		idx[k] = len(out)
		out = append(out, kv)
	}
	return out
}
