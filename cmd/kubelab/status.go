package main

import (
	"kubelab/internal/msg"

	"fmt"

	"github.com/spf13/cobra"

	"kubelab/sandbox/kind"
)

func newStatusCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show the lab cluster's nodes: roles, readiness, versions, IPs",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := interruptible(cmd)
			defer cancel()
			out := cmd.OutOrStdout()
			if a.namedCluster() {
				t, err := a.target()
				if err != nil {
					return err
				}
				nodes, err := kind.APINodes(ctx, t.RESTConfig())
				if err != nil {
					return msg.Errorf(err, "cmd.status.contextErr", t.Context, t.Server())
				}
				fmt.Fprintln(out, msg.New("cmd.status.context", t.Context, t.Server(), string(t.Backend)).Text(a.lang))
				kind.WriteNodes(out, nodes)
				return nil
			}
			engine, err := kind.DetectEngine()
			if err != nil {
				return err
			}
			st := kind.Status{}
			if t, terr := a.target(); terr == nil {
				st, err = kind.GetStatus(ctx, engine, t.RESTConfig())
			} else {
				st, err = kind.GetStatus(ctx, engine, nil)
			}
			if err != nil {
				return err
			}
			st.Write(out, a.lang)
			return nil
		},
	}
}
