// Command kubelab is a terminal learning lab for Kubernetes. With no
// arguments it opens the full-screen UI; its subcommands do the same work for
// scripts, graders and people who prefer a shell.
package main

import (
	"fmt"
	"os"

	"kubelab/internal/msg"
	"kubelab/sandbox/kubectl"
	"kubelab/sandbox/runner"
)

func main() {
	// Invoked as `kubectl` (the link the lab puts first on PATH): be kubectl.
	if kubectl.InvokedAsKubectl(os.Args[0]) {
		os.Exit(kubectl.Main(os.Args[1:], kubectl.Options{}))
	}
	ctx, signalled := stopOnSignals()
	a := &app{}
	err := newRoot(a).ExecuteContext(ctx)
	if sig := signalled(); sig != nil {
		// The commands' contexts are cancelled; make sure their process
		// groups are gone before this process is.
		runner.StopAll()
		fmt.Fprintln(os.Stderr, msg.New("cmd.stopped", sig.String()).Text(a.lang))
		os.Exit(signalExitCode(sig))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, msg.New("cmd.error", msg.FromError(err)).Text(a.lang))
		os.Exit(exitCode(err))
	}
}
