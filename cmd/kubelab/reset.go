package main

import (
	"kubelab/internal/msg"

	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"kubelab/sandbox"
)

func newResetCommand(a *app) *cobra.Command {
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "reset LESSON",
		Short: "Empty a lesson's namespace: delete it with everything in it and create it again",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := a.lesson(args[0])
			if err != nil {
				return err
			}
			t, err := a.target()
			if err != nil {
				return err
			}
			ctx, cancel := interruptible(cmd)
			defer cancel()
			ctx, cancelT := context.WithTimeout(ctx, timeout)
			defer cancelT()
			if err := sandbox.ResetNamespace(ctx, t.RESTConfig(), l.Namespace); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), msg.New("cmd.reset.done", l.Namespace, l.ID).Text(a.lang))
			return nil
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", 3*time.Minute, "how long to wait for the old namespace to be deleted")
	return cmd
}
