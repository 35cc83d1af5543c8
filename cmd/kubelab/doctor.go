package main

import (
	"kubelab/internal/msg"

	"github.com/spf13/cobra"

	"kubelab/sandbox/doctor"
)

func newDoctorCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check that this machine can run the lab cluster, and say how to fix what it cannot",
		Long: `doctor checks the container engine (installed, running, usable by you), the
cgroup version, CPUs, memory, disk, inotify limits and the lab cluster's health.
Every finding says how to fix it. It exits 1 when something would make
` + "`kubelab up`" + ` fail.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := interruptible(cmd)
			defer cancel()
			r := doctor.Run(ctx, doctor.Options{})
			r.Write(cmd.OutOrStdout(), a.lang)
			if r.Blocking() {
				return &exitError{code: 1, err: msg.Errorf(nil, "cmd.doctor.notReady")}
			}
			return nil
		},
	}
}
