package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"kubelab/sandbox/kubectl"
)

func init() { register(newKubectlCommand) }

func newKubectlCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "kubectl [ARGS...]",
		Short: "Run the kubectl built into kubelab against the lab's cluster",
		Long: `kubelab kubectl is kubectl (at the lab's Kubernetes minor) built into kubelab,
so you need no kubectl of your own. It talks only to the lab's cluster, or to
the cluster you name with --kubeconfig/--context, and refuses any other. In
` + "`kubelab shell`" + ` and in lesson commands, plain ` + "`kubectl`" + ` is this one.`,
		Example:            "  kubelab kubectl get nodes\n  kubelab kubectl version --client",
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			code := kubectl.Main(args, kubectl.Options{
				Kubeconfig: a.kubeconfig, Context: a.context,
				Stdin: cmd.InOrStdin(), Stdout: cmd.OutOrStdout(), Stderr: cmd.ErrOrStderr(),
			})
			if code != 0 {
				return &exitError{code: code, err: fmt.Errorf("kubectl exited with status %d", code)}
			}
			return nil
		},
	}
}
