// Command kubelab is a terminal learning lab for Kubernetes. With no
// arguments it opens the full-screen UI; its subcommands do the same work for
// scripts, graders and people who prefer a shell.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := newRootCommand().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "kubelab:", err)
		os.Exit(exitCode(err))
	}
}
