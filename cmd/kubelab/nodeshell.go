package main

import (
	"kubelab/internal/msg"

	"errors"
	"os/exec"

	"github.com/spf13/cobra"

	"kubelab/internal/topology"
)

func newNodeShellCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "node-shell NODE",
		Short: "Open a shell inside one of the lab cluster's nodes (a kind container)",
		Example: "  kubelab node-shell " + topology.WorkerNode(1) + "\n" +
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
				return &exitError{code: exitErr.ExitCode(), err: msg.Errorf(nil, "cmd.nodeShell.exit", exitErr.ExitCode())}
			}
			if err != nil {
				return msg.Errorf(err, "cmd.nodeShell.open", args[0])
			}
			return nil
		},
	}
}
