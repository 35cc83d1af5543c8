package main

import (
	"kubelab/internal/msg"

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
			cl := checklist(cmd, a.lang)
			deleted, err := kind.Down(ctx, dir, "", cl.Progress())
			cl.Close()
			if err != nil {
				return err
			}
			if deleted {
				fmt.Fprintln(cmd.OutOrStdout(), msg.New("cmd.down.deleted", labcluster.Name).Text(a.lang))
			} else {
				fmt.Fprintln(cmd.OutOrStdout(), msg.New("cmd.down.none", labcluster.Name).Text(a.lang))
			}
			return nil
		},
	}
}
