package main

import (
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
					return fmt.Errorf("status of context %q at %s: %w", t.Context, t.Server(), err)
				}
				fmt.Fprintf(out, "Context %s at %s (%s backend)\n", t.Context, t.Server(), t.Backend)
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
			st.Write(out)
			return nil
		},
	}
}
