package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"kubelab/sandbox/kind"
	"kubelab/sandbox/labcluster"
)

func newDownCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "down",
		Short: "Delete the lab's kind cluster and its kubeconfig",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.refuseNamedCluster("down"); err != nil {
				return err
			}
			dir, err := labConfigDir()
			if err != nil {
				return err
			}
			ctx, cancel := interruptible(cmd)
			defer cancel()
			cl := checklist(cmd)
			deleted, err := kind.Down(ctx, dir, "", cl.Progress())
			cl.Close()
			if err != nil {
				return err
			}
			if deleted {
				fmt.Fprintf(cmd.OutOrStdout(), "The lab cluster %s is deleted. `kubelab up` makes a new one.\n", labcluster.Name)
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "There was no lab cluster %s to delete.\n", labcluster.Name)
			}
			return nil
		},
	}
}
