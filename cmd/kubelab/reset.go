package main

import (
	"kubelab/internal/msg"

	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"kubelab/lessons"
	"kubelab/sandbox"
)

func newResetCommand(a *app) *cobra.Command {
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "reset LESSON",
		Short: "Empty a lesson's namespace and put back what it changed outside it (cordoned nodes, a stopped kubelet, node files)",
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
			cat, err := a.catalog()
			if err != nil {
				return err
			}
			var undo []string
			if t.Backend == sandbox.BackendKind { // kubelab changes no node of a cluster the learner named
				if undo, err = cat.ExpandUndo(l, lessons.LabVars(l.Namespace)); err != nil {
					return err
				}
			}
			if err := sandbox.ResetLesson(ctx, t, l.Namespace, undo); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), msg.New("cmd.reset.done", l.Namespace, l.ID).Text(a.lang))
			return nil
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", 3*time.Minute, "how long to wait for the old namespace to be deleted")
	return cmd
}
