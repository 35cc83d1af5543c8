// Command kubelab is a terminal learning lab for Kubernetes. With no
// arguments it opens the full-screen UI; its subcommands do the same work for
// scripts, graders and people who prefer a shell.
package main

import (
	"fmt"
	"os"

	"kubelab/sandbox/kubectl"
	"kubelab/sandbox/runner"
)

func main() {
	// Invoked as `kubectl` (the link the lab puts first on PATH): be kubectl.
	if kubectl.InvokedAsKubectl(os.Args[0]) {
		os.Exit(kubectl.Main(os.Args[1:], kubectl.Options{}))
	}
	ctx, signalled := stopOnSignals()
	err := newRootCommand().ExecuteContext(ctx)
	if sig := signalled(); sig != nil {
		// The commands' contexts are cancelled; make sure their process
		// groups are gone before this process is.
		runner.StopAll()
		fmt.Fprintf(os.Stderr, "kubelab: stopped by %v\n", sig)
		os.Exit(signalExitCode(sig))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubelab:", err)
		os.Exit(exitCode(err))
	}
}
