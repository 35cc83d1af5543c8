// Package libs links the libraries every kubelab process initialises
// before main whatever it shows: the embedded kubectl (as kubelab links
// it), client-go and kind.
package libs

import (
	_ "k8s.io/client-go/dynamic"
	_ "k8s.io/client-go/informers"
	_ "k8s.io/client-go/kubernetes"
	_ "sigs.k8s.io/kind/pkg/cluster"

	_ "kubelab/sandbox/kubectl"
)
