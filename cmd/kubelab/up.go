package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"kubelab/sandbox/doctor"
	"kubelab/sandbox/kind"
)

func newUpCommand(a *app) *cobra.Command {
	var f struct {
		image   string
		workers int
		mirrors []string
		wait    time.Duration
	}
	cmd := &cobra.Command{
		Use:   "up",
		Short: "Create the lab's kind cluster (1 control plane + 2 workers), or check that it is up",
		Long: `up creates the kind cluster "kubelab" in Docker (or podman/nerdctl) with the
course's topology: one control plane, two workers, pod subnet 10.244.0.0/16 and
service subnet 10.96.0.0/12, and waits until every node and every kube-system
pod is Ready. Its kubeconfig goes to the lab's config folder; ~/.kube/config is
never written. On a cluster that is already up and healthy it returns at once.

Blocked or offline networks: --mirror REGISTRY=URL (repeatable) makes every
node pull that registry's images through a mirror; --image names a node image
you pulled or loaded yourself (see the sandbox README).`,
		Example: `  kubelab up
  kubelab up --mirror docker.io=https://mirror.example.org
  kubelab up --image my-mirror.example/kindest/node:v1.36.4 --workers 1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.refuseNamedCluster("up"); err != nil {
				return err
			}
			cfg := kind.Config{Image: f.image, Workers: f.workers}
			if f.workers == 0 {
				cfg.Workers = -1
			}
			if f.workers < 0 {
				return fmt.Errorf("--workers %d: want 0 or more", f.workers)
			}
			for _, s := range f.mirrors {
				m, err := kind.ParseMirror(s)
				if err != nil {
					return err
				}
				cfg.Mirrors = append(cfg.Mirrors, m)
			}
			ctx, cancel := interruptible(cmd)
			defer cancel()
			if err := doctor.Preflight(ctx, doctor.Options{}); err != nil {
				return err
			}
			dir, err := labConfigDir()
			if err != nil {
				return err
			}
			cl := checklist(cmd)
			res, err := kind.Up(ctx, kind.UpOptions{Config: cfg, ConfigDir: dir, Wait: f.wait, DetectCgroup: true, Progress: cl.Progress()})
			cl.Close()
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if res.Created {
				fmt.Fprintf(out, "The lab cluster is up at %s.\n", res.Server)
			} else {
				fmt.Fprintf(out, "The lab cluster is already up at %s.\n", res.Server)
			}
			fmt.Fprintf(out, "Its kubeconfig: %s\nTry: kubelab shell -c 'kubectl get nodes'\n", res.Kubeconfig)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.image, "image", kind.DefaultImage, "node image (Kubernetes 1.36 for kind v0.33.0, pinned by digest)")
	fl.IntVar(&f.workers, "workers", kind.DefaultWorkers, "number of worker nodes")
	fl.StringArrayVar(&f.mirrors, "mirror", nil, "pull a registry's images through a mirror: REGISTRY=URL (repeatable)")
	fl.DurationVar(&f.wait, "wait", kind.DefaultWait, "how long to wait for nodes and system pods to be Ready")
	return cmd
}
