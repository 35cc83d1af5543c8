package main

import (
	"kubelab/internal/msg"

	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"kubelab/sandbox/kubectl"
)

func newKubectlCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "kubectl [ARGS...]",
		Short: "Run the kubectl built into kubelab against the lab's cluster",
		Long: `kubelab kubectl is kubectl (at the lab's Kubernetes minor) built into kubelab,
so you need no kubectl of your own. It talks only to the lab's cluster, or to
the cluster you name with --kubeconfig/--context, and refuses any other. In
` + "`kubelab shell`" + ` and in lesson commands, plain ` + "`kubectl`" + ` is this one, and there
it talks only to that shell's cluster, whatever --kubeconfig, --context or
--server say: leave the lab shell to use another cluster.`,
		Example:            "  kubelab kubectl get nodes\n  kubelab kubectl version --client",
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			args, err := takeLeadingGlobalFlags(cmd, args)
			if err != nil {
				return err
			}
			// kubectl starts no lab commands and stops on Ctrl+C as
			// kubectl does (`get -w` ends only so).
			signal.Reset(stopSignals...)
			code := kubectl.Main(args, kubectl.Options{
				Kubeconfig: a.kubeconfig, Context: a.context,
				Stdin: cmd.InOrStdin(), Stdout: cmd.OutOrStdout(), Stderr: cmd.ErrOrStderr(),
			})
			if code != 0 {
				return &exitError{code: code, err: msg.Errorf(nil, "cmd.kubectl.exit", code)}
			}
			return nil
		},
	}
}

// takeLeadingGlobalFlags applies kubelab's own global flags written before
// the kubectl arguments (`kubelab --lang en --kubeconfig F kubectl get
// pods`): with flag parsing left to kubectl, cobra hands them over
// unparsed. It stops at the first argument that is not one of them.
func takeLeadingGlobalFlags(cmd *cobra.Command, args []string) ([]string, error) {
	global := cmd.Root().PersistentFlags()
	for len(args) > 0 {
		name, val, hasVal := strings.Cut(strings.TrimPrefix(args[0], "--"), "=")
		if !strings.HasPrefix(args[0], "--") || name == "" {
			break
		}
		f := global.Lookup(name)
		if f == nil {
			break
		}
		n := 1
		if !hasVal {
			if f.NoOptDefVal != "" {
				val = f.NoOptDefVal
			} else if len(args) > 1 {
				val, n = args[1], 2
			} else {
				return nil, msg.Errorf(nil, "cmd.kubectl.flagValue", name)
			}
		}
		if err := f.Value.Set(val); err != nil {
			return nil, msg.Errorf(err, "cmd.kubectl.flag", name, val)
		}
		args = args[n:]
	}
	return args, nil
}
