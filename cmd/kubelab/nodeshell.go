package main

import (
	"errors"
	"fmt"
	"os/exec"

	"github.com/spf13/cobra"
)

func init() { register(newNodeShellCommand) }

func newNodeShellCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "node-shell NODE",
		Short: "Open a shell inside one of the lab cluster's nodes (a kind container)",
		Example: "  kubelab node-shell kubelab-worker\n" +
			"  (inside: crictl ps, journalctl -u kubelet, ip route, iptables-save)",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := a.target()
			if err != nil {
				return err
			}
			nodes, err := t.Nodes()
			if err != nil {
				return err
			}
			argv, err := nodes.ShellCommand(args[0], isTerminalReader(cmd.InOrStdin()))
			if err != nil {
				return err
			}
			c := exec.Command(argv[0], argv[1:]...)
			c.Stdin, c.Stdout, c.Stderr = cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr()
			if err = c.Start(); err == nil {
				stop := forwardSignals(c.Process)
				err = c.Wait()
				stop()
			}
			var exitErr *exec.ExitError
			if errors.As(err, &exitErr) {
				return &exitError{code: exitErr.ExitCode(), err: fmt.Errorf("the node shell exited with status %d", exitErr.ExitCode())}
			}
			if err != nil {
				return fmt.Errorf("open a shell in node %s: %w", args[0], err)
			}
			return nil
		},
	}
}
