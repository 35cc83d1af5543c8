package main

import (
	"errors"
	"io"
	"os"

	"github.com/spf13/cobra"

	"kubelab/internal/config"
	"kubelab/internal/xdg"
	"kubelab/lessons"
	"kubelab/sandbox/workspace"
)

// app carries the global flags and the folders every command works in.
// Commands receive it from newRootCommand and read what they need from it.
type app struct {
	langFlag   string       // --lang as given; empty when not given
	lessonsDir string       // --lessons: a lesson pack on disk instead of the built-in one
	kubeconfig string       // --kubeconfig: an existing cluster the learner names explicitly
	context    string       // --context: the context in that kubeconfig
	ui         uiFlags      // the root command's own flags, for the full-screen lab
	class      *classMember // the class joined, applied when no cluster is named
	trust      bool         // --trust: trust the --lessons pack's content and run it
	workspace  string       // --workspace: the folder of the learner's files instead of the config's
	// terminal says whether a reader is a terminal the learner answers on;
	// isTerminalReader when nil (tests replace it).
	terminal func(io.Reader) bool

	lang string           // resolved in PersistentPreRunE
	cat  *lessons.Catalog // loaded on first use by catalog()
}

func newRootCommand() *cobra.Command { return newRoot(&app{}) }

// newRoot is the root command working on a, whose resolved language main
// reads to print an error in it.
func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "kubelab",
		Short: "A terminal learning lab for Kubernetes, on a local kind cluster",
		Long: `kubelab walks you through Kubernetes lessons, runs each command against a
local kind cluster (1 control-plane + 2 workers) and checks the cluster's
state as you go. Run it with no arguments for the full-screen lab.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := a.resolveLang(); err != nil {
				return err
			}
			return a.applyJoinedClass()
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runUI(cmd, a) },
	}
	f := root.PersistentFlags()
	f.StringVar(&a.langFlag, "lang", "", "language of lessons and messages: en or zh (default from LC_ALL, LC_MESSAGES or LANG; remembered once chosen)")
	f.StringVar(&a.lessonsDir, "lessons", "", "use the lesson pack in this folder instead of the built-in lessons")
	f.BoolVar(&a.trust, "trust", false, "trust the --lessons pack as it is now (a pack is code: its commands run on this machine and in the lab's nodes) and run it without asking")
	f.StringVar(&a.kubeconfig, "kubeconfig", "", "use an existing cluster from this kubeconfig instead of the lab's kind cluster")
	f.StringVar(&a.context, "context", "", "the context to use in --kubeconfig (an existing cluster you name explicitly)")
	f.StringVar(&a.workspace, "workspace", "", `the folder lessons copy their starter files into, one folder per lesson (default: "workspace" in the settings file, else ~/kubelab)`)
	a.ui.add(root.Flags())
	// Every verb, one file each; help lists them in alphabetical order.
	root.AddCommand(
		newUpCommand(a),
		newDownCommand(a),
		newStatusCommand(a),
		newDoctorCommand(a),
		newLessonsCommand(a),
		newNotesCommand(a),
		newCheckCommand(a),
		newResetCommand(a),
		newExamCommand(a),
		newShellCommand(a),
		newKubectlCommand(a),
		newNodeShellCommand(a),
		newImagesCommand(a),
		newClassroomCommand(a),
		newLintCommand(a),
		newVersionCommand(a),
	)
	registerCompletions(root, a)
	return root
}

// workspaceRoot is the learner's workspace folder: --workspace, else the
// settings file's, else ~/kubelab.
func (a *app) workspaceRoot() (string, error) {
	override := a.workspace
	if override == "" {
		dir, err := xdg.ConfigDir()
		if err != nil {
			return "", err
		}
		c, err := config.Load(dir)
		if err != nil {
			return "", err
		}
		override = c.Workspace
	}
	return workspace.Root(override)
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
