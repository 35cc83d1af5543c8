// Package topology is the one source of the lab cluster's shape: its name,
// its nodes' names, its two networks, the Kubernetes version and the node
// image `kubelab up` creates. The kind config, the lab cluster's files, the
// test cluster that fakes it, the lessons' templates and the screens read
// these values from here; a test in this package fails when another package
// of the project spells one of them out again.
//
// The lab targets one Kubernetes minor everywhere, [KubernetesMinor]. Within
// it, the patch release differs by where a cluster comes from, and that is
// deliberate:
//
//   - [KubernetesVersion] is the release of [DefaultImage], the node image
//     kind publishes for this minor and `kubelab up` uses unless told
//     `--image`; a test keeps it equal to the image's tag.
//   - The test cluster (internal/testcluster) runs the release its binaries
//     are built from, the k8s.io/kubernetes version tools/testcluster/go.mod
//     pins (v1.36.3 today), and so does the offline node image
//     kubelab/node:<version> of tools/kindnode (`make e2e-kind`). Both are
//     checked to be of KubernetesMinor, not of KubernetesVersion's patch: a
//     new patch of kind's node image does not force a rebuild of either.
//
// Lessons do not read the version from the running cluster through their
// templates: a template is expanded where there may be no cluster at all
// (lint, a lesson's screen before `kubelab up`), and a lesson reads the same
// for every learner. {{.KubernetesVersion}} is therefore KubernetesVersion,
// the release of the cluster `kubelab up` creates by default. Where the
// answer must be what a cluster really runs, the lesson asks that cluster at
// run time: quizzes use `serverVersion`, and a command that writes the
// version down reads it in its own shell (kubeadm-init's kubeadm config takes
// the control-plane kubelet's version), so a cluster made from another
// `--image` gets its own version.
//
// This package imports nothing of the project and nothing outside the
// standard library, so every layer may use it.
package topology

import "fmt"

// ClusterName is the kind cluster's name; kind names the nodes after it.
const ClusterName = "kubelab"

// ControlPlaneNode is the name kind gives the control-plane node.
const ControlPlaneNode = ClusterName + "-control-plane"

// DefaultWorkers is the number of worker nodes the lessons expect.
const DefaultWorkers = 2

// WorkerNode is the name kind gives the i-th worker, counting from 1:
// kubelab-worker, kubelab-worker2, kubelab-worker3 and so on.
func WorkerNode(i int) string {
	if i <= 1 {
		return ClusterName + "-worker"
	}
	return fmt.Sprintf("%s-worker%d", ClusterName, i)
}

// WorkerNodes are the names of the first n workers.
func WorkerNodes(n int) []string {
	names := make([]string, 0, max(n, 0))
	for i := 1; i <= n; i++ {
		names = append(names, WorkerNode(i))
	}
	return names
}

// NodeNames are the names of a cluster with n workers, control plane first.
func NodeNames(workers int) []string {
	return append([]string{ControlPlaneNode}, WorkerNodes(workers)...)
}

// The lab's networks: the notes' `kubeadm init --pod-network-cidr` (flannel's
// default) and `--service-cidr` (kubeadm's default; kind's own is a /16).
const (
	PodSubnet     = "10.244.0.0/16"
	ServiceSubnet = "10.96.0.0/12"
)

// KubernetesMinor is the one Kubernetes minor the lab targets everywhere:
// the node image, the test cluster, the embedded kubectl and the lessons.
const KubernetesMinor = "1.36"

// KubernetesVersion is the release of DefaultImage, the version of the
// cluster `kubelab up` creates by default and of {{.KubernetesVersion}}.
const KubernetesVersion = "v1.36.4"

// DefaultImage is the node image: Kubernetes 1.36 as built for kind v0.33.0
// (its release notes), pinned by digest so every learner gets the same bytes.
// `kubelab up --image` overrides it, for instance with the same image pushed
// to a mirror.
const DefaultImage = "kindest/node:v1.36.4@sha256:099e049362a1526b2db71494e1947aae99bd16290d7c895f2b7ea312e3cbfaed"
