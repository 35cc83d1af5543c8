package main

import (
	"kubelab/internal/msg"

	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"kubelab/internal/xdg"
	"kubelab/sandbox"
	"kubelab/sandbox/kind"
)

// target resolves the cluster the global flags name (the lab's kind cluster
// when none is named).
func (a *app) target() (*sandbox.Target, error) {
	return sandbox.Resolve(sandbox.Options{Kubeconfig: a.kubeconfig, Context: a.context})
}

// namedCluster reports whether the learner named an existing cluster.
func (a *app) namedCluster() bool { return a.kubeconfig != "" || a.context != "" }

// refuseNamedCluster refuses commands that only make sense for the lab's
// own kind cluster when the learner named another one.
func (a *app) refuseNamedCluster(verb string) error {
	if a.namedCluster() {
		return msg.Errorf(nil, "cmd.namedCluster", verb)
	}
	return nil
}

// interruptible is the command's context, cancelled on Ctrl+C or SIGTERM.
func interruptible(cmd *cobra.Command) (context.Context, context.CancelFunc) {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}

// checklist prints kind progress to the command's stderr, with a spinner
// when that is a terminal.
func checklist(cmd *cobra.Command, lang string) *kind.Checklist {
	w := cmd.ErrOrStderr()
	return kind.NewChecklist(w, isTerminal(w), lang)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func labConfigDir() (string, error) { return xdg.ConfigDir() }
