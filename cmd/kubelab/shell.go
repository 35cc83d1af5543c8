package main

import (
	"kubelab/internal/msg"

	"errors"
	"fmt"
	"os/exec"

	"github.com/spf13/cobra"

	"kubelab/sandbox"
	"kubelab/sandbox/shell"
)

func newShellCommand(a *app) *cobra.Command {
	var f struct {
		command   string
		lesson    string
		namespace string
	}
	cmd := &cobra.Command{
		Use:   "shell",
		Short: "Open your shell (or run one command) with kubectl pointed at the lab's cluster",
		Long: `shell opens your own shell ($SHELL) with KUBECONFIG set to the lab's cluster,
the lesson's namespace as the default namespace, and ` + "`kubectl`" + ` being kubelab's.
The prompt starts with (kubelab:NAMESPACE) so you can tell this terminal apart.
With -c it runs one command line instead and exits with its status.`,
		Example: "  kubelab shell\n  kubelab shell --lesson 03\n  kubelab shell -c 'kubectl get nodes'",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := a.target()
			if err != nil {
				return err
			}
			ns := f.namespace
			if f.lesson != "" {
				l, err := a.lesson(f.lesson)
				if err != nil {
					return err
				}
				ns = l.Namespace
			}
			if ns != "" {
				ctx, cancel := interruptible(cmd)
				err := sandbox.EnsureNamespace(ctx, t.RESTConfig(), ns)
				cancel()
				if err != nil {
					return err
				}
			}
			env, err := t.Env(ns)
			if err != nil {
				return err
			}
			c, cleanup, err := shell.Command(env, f.command)
			if err != nil {
				return err
			}
			defer cleanup()
			c.Stdin, c.Stdout, c.Stderr = cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
			if f.command == "" {
				fmt.Fprintln(cmd.ErrOrStderr(), msg.New("cmd.shell.banner", t.Server(), string(t.Backend), env.Namespace).Text(a.lang))
			}
			if err = c.Start(); err == nil {
				stop := forwardSignals(c.Process)
				err = c.Wait()
				stop()
			}
			var exitErr *exec.ExitError
			if errors.As(err, &exitErr) {
				return &exitError{code: exitErr.ExitCode(), err: msg.Errorf(nil, "cmd.shell.exit", exitErr.ExitCode())}
			}
			if err != nil {
				return msg.Errorf(err, "cmd.shell.run")
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.command, "command", "c", "", "run this command line and exit")
	fl.StringVar(&f.lesson, "lesson", "", "use this lesson's namespace")
	fl.StringVarP(&f.namespace, "namespace", "n", "", "use this namespace (default: the context's, else default)")
	return cmd
}
