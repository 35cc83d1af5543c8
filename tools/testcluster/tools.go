//go:build tools

// Package testcluster pins the Kubernetes commands that the test cluster
// builds, so that `go mod tidy` keeps their dependencies in go.sum.
package testcluster

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
