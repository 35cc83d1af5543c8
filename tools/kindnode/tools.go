//go:build tools

// Package kindnode pins the Kubernetes commands that go into the kind node
// image beside the test cluster's control plane, so that `go mod tidy` keeps
// their dependencies in go.sum. The control plane (etcd, kube-apiserver,
// kube-controller-manager, kube-scheduler) is built by tools/testcluster and
// shared with the loopback test cluster.
package kindnode

import (
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kubeadm"
	_ "k8s.io/kubernetes/cmd/kubectl"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
