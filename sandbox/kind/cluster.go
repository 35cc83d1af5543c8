package kind

import (
	"kubelab/internal/msg"

	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/kind/pkg/cluster"
	"sigs.k8s.io/kind/pkg/cluster/nodes"
	"sigs.k8s.io/kind/pkg/cluster/nodeutils"

	"kubelab/sandbox/labcluster"
)

// DefaultWait bounds how long Up waits for nodes and system pods.
const DefaultWait = 5 * time.Minute

// UpOptions say how to bring the lab cluster up.
type UpOptions struct {
	Config Config
	// ConfigDir is the lab's config folder: the lab kubeconfig and the
	// cluster's record are written there, nowhere else.
	ConfigDir string
	// Engine is the container engine; empty means DetectEngine.
	Engine Engine
	// Wait bounds the wait for Ready nodes and pods; zero means DefaultWait.
	Wait time.Duration
	// DetectCgroup asks the engine whether it runs on cgroup v1 and sets
	// Config.CgroupV1 when it does.
	DetectCgroup bool
	Progress     Progress
}

// UpResult says what Up found or did.
type UpResult struct {
	// Created is false when a healthy lab cluster was already running.
	Created bool
	// Kubeconfig is the lab kubeconfig's path; Server its API server.
	Kubeconfig string
	Server     string
}

// Up makes sure the lab cluster runs and is healthy: it creates it when it
// does not exist, waits until every node and every kube-system pod is Ready,
// writes the lab kubeconfig and the record the guard checks, and writes the
// mirror files on every node. On a cluster that exists and is healthy it
// returns at once.
func Up(ctx context.Context, o UpOptions) (UpResult, error) {
	res := UpResult{Kubeconfig: labcluster.KubeconfigPath(o.ConfigDir)}
	if o.ConfigDir == "" {
		return res, errors.New("bring the lab cluster up: no config folder given")
	}
	if o.Wait == 0 {
		o.Wait = DefaultWait
	}
	if o.Engine == "" {
		e, err := DetectEngine()
		if err != nil {
			return res, err
		}
		o.Engine = e
	}
	if err := os.MkdirAll(o.ConfigDir, 0o700); err != nil {
		return res, fmt.Errorf("bring the lab cluster up: %w", err)
	}
	p := o.Progress
	provider := cluster.NewProvider(cluster.ProviderWithLogger(kindLogger{p: p}), o.Engine.providerOption())

	names, err := provider.List()
	if err != nil {
		return res, wrapErr(msg.New("kind.do.list"), err, msg.New("kind.next.doctorEngine", string(o.Engine)))
	}
	exists := slices.Contains(names, labcluster.Name)

	if !exists {
		if o.DetectCgroup && !o.Config.CgroupV1 {
			v1, err := EngineCgroupV1(ctx, o.Engine)
			if err != nil {
				p.emit(Warning, msg.New("kind.warn.cgroup", err))
			}
			o.Config.CgroupV1 = v1
		}
		if o.Config.CgroupV1 {
			p.emit(Info, msg.New("kind.info.cgroupV1"))
		}
		err := provider.Create(labcluster.Name,
			cluster.CreateWithV1Alpha4Config(o.Config.Cluster()),
			cluster.CreateWithKubeconfigPath(res.Kubeconfig),
			cluster.CreateWithWaitForReady(0),
			cluster.CreateWithDisplayUsage(false),
			cluster.CreateWithDisplaySalutation(false),
		)
		if err != nil {
			return res, wrapErr(msg.New("kind.do.create", labcluster.Name), err, msg.New("kind.next.halfCreated"))
		}
		res.Created = true
	} else if err := provider.ExportKubeConfig(labcluster.Name, res.Kubeconfig, false); err != nil {
		return res, wrapErr(msg.New("kind.do.kubeconfig"), err,
			msg.New("kind.next.startNodes", string(o.Engine), strings.Join(o.Config.NodeNames(), " ")))
	}

	cfg, rec, err := recordCluster(o.ConfigDir, res.Kubeconfig)
	if err != nil {
		return res, err
	}
	res.Server = rec.Server

	all, err := provider.ListNodes(labcluster.Name)
	if err != nil {
		return res, wrapErr(msg.New("kind.do.listNodes"), err, msg.New("kind.next.status"))
	}
	if exists {
		quick, cancel := context.WithTimeout(ctx, 5*time.Second)
		healthy := checkHealth(quick, cfg, len(all)) == nil
		cancel()
		if healthy {
			if err := writeMirrors(all, o.Config.Mirrors, p); err != nil {
				return res, err
			}
			p.emit(Info, msg.New("kind.info.alreadyUp", labcluster.Name))
			return res, nil
		}
	}
	if err := writeMirrors(all, o.Config.Mirrors, p); err != nil {
		return res, err
	}
	wctx, cancel := context.WithTimeout(ctx, o.Wait)
	defer cancel()
	if err := waitHealthy(wctx, cfg, len(all), p); err != nil {
		return res, err
	}
	return res, nil
}

// recordCluster reads the kubeconfig kind wrote and records its server and
// CA for the guard.
func recordCluster(dir, kubeconfig string) (*rest.Config, labcluster.Record, error) {
	var rec labcluster.Record
	loader := &clientcmd.ClientConfigLoadingRules{ExplicitPath: kubeconfig}
	raw, err := loader.Load()
	if err != nil {
		return nil, rec, fmt.Errorf("read the lab kubeconfig %s that kind wrote: %w", kubeconfig, err)
	}
	cfg, err := clientcmd.NewNonInteractiveClientConfig(*raw, labcluster.Context, &clientcmd.ConfigOverrides{}, loader).ClientConfig()
	if err != nil {
		return nil, rec, fmt.Errorf("read the lab kubeconfig %s that kind wrote: %w", kubeconfig, err)
	}
	rec = labcluster.Record{Server: cfg.Host, CASHA256: labcluster.CASum(cfg.CAData)}
	if err := labcluster.Save(dir, rec); err != nil {
		return nil, rec, err
	}
	return cfg, rec, nil
}

func writeMirrors(all []nodes.Node, mirrors []Mirror, p Progress) error {
	files := MirrorFiles(mirrors)
	if len(files) == 0 {
		return nil
	}
	paths := make([]string, 0, len(files))
	for path := range files {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	return p.step(msg.New("kind.step.mirrors", len(files)), func() error {
		for _, n := range all {
			for _, path := range paths {
				if err := nodeutils.WriteFile(n, path, files[path]); err != nil {
					return wrapErr(msg.New("kind.do.writeFile", path, n.String()), err, msg.New("kind.next.nodeRuns"))
				}
			}
		}
		return nil
	})
}

// Down deletes the lab cluster and forgets its kubeconfig and record. It is
// not an error when there is no cluster.
func Down(ctx context.Context, configDir string, e Engine, p Progress) (deleted bool, err error) {
	if e == "" {
		if e, err = DetectEngine(); err != nil {
			return false, err
		}
	}
	provider := cluster.NewProvider(cluster.ProviderWithLogger(kindLogger{p: p}), e.providerOption())
	names, err := provider.List()
	if err != nil {
		return false, wrapErr(msg.New("kind.do.list"), err, msg.New("kind.next.doctor"))
	}
	if slices.Contains(names, labcluster.Name) {
		err := p.step(msg.New("kind.step.delete", labcluster.Name), func() error {
			return provider.Delete(labcluster.Name, labcluster.KubeconfigPath(configDir))
		})
		if err != nil {
			return false, wrapErr(msg.New("kind.do.delete", labcluster.Name), err,
				msg.New("kind.next.rmByHand", string(e), labcluster.Name))
		}
		deleted = true
	}
	return deleted, labcluster.Forget(configDir)
}

// EngineCgroupV1 asks the engine whether its host runs cgroup v1; when the
// engine cannot say, it looks at this host.
func EngineCgroupV1(ctx context.Context, e Engine) (bool, error) {
	format := "{{.CgroupVersion}}"
	if e == Podman {
		format = "{{.Host.CgroupsVersion}}"
	}
	out, err := exec.CommandContext(ctx, string(e), "info", "--format", format).Output()
	if err == nil {
		switch strings.TrimPrefix(strings.TrimSpace(string(out)), "v") {
		case "1":
			return true, nil
		case "2":
			return false, nil
		}
	}
	return HostCgroupV1()
}

// HostCgroupV1 reports whether this host mounts cgroup v1 (no unified
// hierarchy at /sys/fs/cgroup).
func HostCgroupV1() (bool, error) {
	if _, err := os.Stat("/sys/fs/cgroup/cgroup.controllers"); err == nil {
		return false, nil
	}
	if _, err := os.Stat("/sys/fs/cgroup"); err != nil {
		return false, fmt.Errorf("no /sys/fs/cgroup on this host: %w", err)
	}
	return true, nil
}
