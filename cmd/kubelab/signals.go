package main

import (
	"context"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"kubelab/sandbox/runner"
)

// stopSignals end a verb: Ctrl+C, kill, and the terminal closing.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// stopOnSignals returns a context cancelled by the first of stopSignals,
// and a function that tells which one arrived (nil while none has). The
// first signal does not kill the process, so every verb gets to stop the
// commands it started: a lab command runs in a process group of its own,
// which a signal to kubelab does not reach. A second one kills those groups
// and exits at once.
func stopOnSignals() (context.Context, func() os.Signal) {
	ctx, cancel := context.WithCancel(context.Background())
	var got atomic.Value
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, stopSignals...)
	go func() {
		s := <-ch
		got.Store(s)
		cancel()
		// A second signal is the learner insisting: stop now.
		s = <-ch
		runner.StopAll()
		os.Exit(signalExitCode(s))
	}()
	return ctx, func() os.Signal {
		s, _ := got.Load().(os.Signal)
		return s
	}
}

// signalExitCode is the shell's convention for a process ended by sig.
func signalExitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}

// forwardSignals passes every stop signal this process receives to p, until
// the returned function is called. A program kubelab runs in the
// foreground (the learner's shell) decides itself what a signal means.
func forwardSignals(p *os.Process) (stop func()) {
	ch := make(chan os.Signal, 4)
	done := make(chan struct{})
	signal.Notify(ch, stopSignals...)
	go func() {
		for {
			select {
			case s := <-ch:
				_ = p.Signal(s)
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(ch)
		close(done)
	}
}
