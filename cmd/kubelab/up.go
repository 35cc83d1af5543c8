package main

import (
	"kubelab/internal/msg"

	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"kubelab/internal/topology"
	"kubelab/sandbox/doctor"
	"kubelab/sandbox/kind"
)

// mirroredImage is the default node image without its digest, as the help's
// example pushes it to a mirror: kindest/node:<version>.
var mirroredImage, _, _ = strings.Cut(topology.DefaultImage, "@")

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
		Long: `up creates the kind cluster "` + topology.ClusterName + `" in Docker (or podman/nerdctl) with the
course's topology: one control plane, two workers, pod subnet ` + topology.PodSubnet + ` and
service subnet ` + topology.ServiceSubnet + `, and waits until every node and every kube-system
pod is Ready. Its kubeconfig goes to the lab's config folder; ~/.kube/config is
never written. On a cluster that is already up and healthy it returns at once.

Blocked or offline networks: --mirror REGISTRY=URL (repeatable) makes every
node pull that registry's images through a mirror; --image names a node image
you pulled or loaded yourself (see the sandbox README).`,
		Example: `  kubelab up
  kubelab up --mirror docker.io=https://mirror.example.org
  kubelab up --image my-mirror.example/` + mirroredImage + ` --workers 1`,
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
				return msg.Errorf(nil, "cmd.up.workers", f.workers)
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
			cl := checklist(cmd, a.lang)
			res, err := kind.Up(ctx, kind.UpOptions{Config: cfg, ConfigDir: dir, Wait: f.wait, DetectCgroup: true, Progress: cl.Progress()})
			cl.Close()
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if res.Created {
				fmt.Fprintln(out, msg.New("cmd.up.up", res.Server).Text(a.lang))
			} else {
				fmt.Fprintln(out, msg.New("cmd.up.already", res.Server).Text(a.lang))
			}
			fmt.Fprintln(out, msg.New("cmd.up.kubeconfig", res.Kubeconfig).Text(a.lang))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.image, "image", kind.DefaultImage, "node image (Kubernetes "+topology.KubernetesMinor+" for kind v0.33.0, pinned by digest)")
	fl.IntVar(&f.workers, "workers", kind.DefaultWorkers, "number of worker nodes")
	fl.StringArrayVar(&f.mirrors, "mirror", nil, "pull a registry's images through a mirror: REGISTRY=URL (repeatable)")
	fl.DurationVar(&f.wait, "wait", kind.DefaultWait, "how long to wait for nodes and system pods to be Ready")
	return cmd
}
