package main

import (
	"errors"
	"os"

	"github.com/spf13/cobra"

	"kubelab/internal/config"
	"kubelab/internal/xdg"
	"kubelab/lessons"
)

// app carries the global flags and the folders every command works in.
// Commands receive it from newRootCommand and read what they need from it.
type app struct {
	langFlag   string // --lang as given; empty when not given
	lessonsDir string // --lessons: a lesson pack on disk instead of the built-in one
	kubeconfig string // --kubeconfig: an existing cluster the learner names explicitly
	context    string // --context: the context in that kubeconfig

	lang string           // resolved in PersistentPreRunE
	cat  *lessons.Catalog // loaded on first use by catalog()
}

// commandFactories holds one constructor per verb; each verb's file adds its
// own in an init function, so verbs live in files of their own.
var commandFactories []func(*app) *cobra.Command

func register(f func(*app) *cobra.Command) { commandFactories = append(commandFactories, f) }

func newRootCommand() *cobra.Command {
	a := &app{}
	root := &cobra.Command{
		Use:   "kubelab",
		Short: "A terminal learning lab for Kubernetes, on a local kind cluster",
		Long: `kubelab walks you through Kubernetes lessons, runs each command against a
local kind cluster (1 control-plane + 2 workers) and checks the cluster's
state as you go. Run it with no arguments for the full-screen lab.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return a.resolveLang()
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runUI(cmd, a) },
	}
	f := root.PersistentFlags()
	f.StringVar(&a.langFlag, "lang", "", "language of lessons and messages: en or zh (default from LC_ALL, LC_MESSAGES or LANG; remembered once chosen)")
	f.StringVar(&a.lessonsDir, "lessons", "", "use the lesson pack in this folder instead of the built-in lessons")
	f.StringVar(&a.kubeconfig, "kubeconfig", "", "use an existing cluster from this kubeconfig instead of the lab's kind cluster")
	f.StringVar(&a.context, "context", "", "the context to use in --kubeconfig (an existing cluster you name explicitly)")
	for _, newCmd := range commandFactories {
		root.AddCommand(newCmd(a))
	}
	registerCompletions(root, a)
	return root
}

func (a *app) resolveLang() error {
	dir, err := xdg.ConfigDir()
	if err != nil {
		return err
	}
	a.lang, err = config.ResolveLang(dir, a.langFlag, os.Getenv)
	return err
}

// exitError carries a process exit code other than 1 (for example from
// `kubelab check`, whose code says whether checks passed).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func exitCode(err error) int {
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	return 1
}
