// Package kind creates, inspects and deletes the lab's kind cluster through
// kind's Go API (sigs.k8s.io/kind), and reaches into its nodes: command exec
// for checks, interactive node shells, image preloading and registry mirror
// files.
//
// The cluster has the course's topology, as internal/topology defines it:
// one control plane and two workers (kubelab-control-plane, kubelab-worker,
// kubelab-worker2), pod subnet 10.244.0.0/16 and service subnet 10.96.0.0/12
// (kind's own default is a /16). kind waits only for the control plane; Up
// waits for every node and every kube-system pod to be Ready. Progress arrives as checklist events
// through kind's logger interface, never as kind's own spinner.
package kind

import (
	"fmt"

	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	"sigs.k8s.io/yaml"

	"kubelab/internal/topology"
)

// DefaultImage is the node image, Kubernetes topology.KubernetesVersion
// pinned by digest (see topology.DefaultImage). Override it with
// Config.Image (`kubelab up --image`).
const DefaultImage = topology.DefaultImage

// DefaultWorkers is the number of worker nodes the lessons expect.
const DefaultWorkers = topology.DefaultWorkers

// CertsDir is where the nodes' containerd looks for per-registry hosts.toml
// files (set by the config patch every lab cluster gets).
const CertsDir = "/etc/containerd/certs.d"

// Config is what varies between lab clusters.
type Config struct {
	// Image is the node image; empty means DefaultImage.
	Image string
	// Workers is the number of worker nodes; negative means none, zero
	// means DefaultWorkers.
	Workers int
	// Mirrors are written as containerd hosts.toml files on every node.
	Mirrors []Mirror
	// CgroupV1 marks a host (or engine) on cgroup v1, where Kubernetes
	// 1.35+ kubelets refuse to start unless told failCgroupV1: false.
	CgroupV1 bool
}

func (c Config) image() string {
	if c.Image == "" {
		return DefaultImage
	}
	return c.Image
}

func (c Config) workers() int {
	switch {
	case c.Workers < 0:
		return 0
	case c.Workers == 0:
		return DefaultWorkers
	}
	return c.Workers
}

// containerdCertsPatch makes containerd read registry hosts from CertsDir,
// so mirrors can be added to a running cluster by writing files.
const containerdCertsPatch = `[plugins."io.containerd.grpc.v1.cri".registry]
  config_path = "` + CertsDir + `"
`

// kubeletCgroupV1Patch keeps the kubelet running on a cgroup v1 host.
const kubeletCgroupV1Patch = `kind: KubeletConfiguration
failCgroupV1: false
`

// Cluster is the kind configuration for c.
func (c Config) Cluster() *v1alpha4.Cluster {
	cl := &v1alpha4.Cluster{
		TypeMeta: v1alpha4.TypeMeta{Kind: "Cluster", APIVersion: "kind.x-k8s.io/v1alpha4"},
		Name:     topology.ClusterName,
		Networking: v1alpha4.Networking{
			PodSubnet:     topology.PodSubnet,
			ServiceSubnet: topology.ServiceSubnet,
		},
		ContainerdConfigPatches: []string{containerdCertsPatch},
	}
	cl.Nodes = append(cl.Nodes, v1alpha4.Node{Role: v1alpha4.ControlPlaneRole, Image: c.image()})
	for i := 0; i < c.workers(); i++ {
		cl.Nodes = append(cl.Nodes, v1alpha4.Node{Role: v1alpha4.WorkerRole, Image: c.image()})
	}
	if c.CgroupV1 {
		cl.KubeadmConfigPatches = append(cl.KubeadmConfigPatches, kubeletCgroupV1Patch)
	}
	return cl
}

// YAML is Cluster as the YAML kind reads (what `kind create cluster
// --config` would take).
func (c Config) YAML() ([]byte, error) {
	data, err := yaml.Marshal(c.Cluster())
	if err != nil {
		return nil, fmt.Errorf("write the kind config: %w", err)
	}
	return data, nil
}

// NodeNames are the names kind gives c's nodes.
func (c Config) NodeNames() []string {
	return topology.NodeNames(c.workers())
}
