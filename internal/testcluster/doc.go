// Package testcluster runs a real Kubernetes control plane on loopback for
// tests, without Docker: etcd, kube-apiserver, kube-controller-manager and
// kube-scheduler at Kubernetes v1.36.3, plus kwok playing the kubelets of three
// fake nodes named like the lab's kind nodes (kubelab-control-plane with the
// control-plane role label and NoSchedule taint, kubelab-worker,
// kubelab-worker2). Pods are scheduled, become Running and Ready, Jobs
// complete, Services get ClusterIPs from 10.96.0.0/12 and EndpointSlices,
// nodes get podCIDRs from 10.244.0.0/16. There is no container runtime: no
// exec, no real images, no DNS, no kube-proxy (lesson steps marked `kind`).
//
// The names and subnets are internal/topology's. The version is the one the
// binaries are built from, which may be an older patch of the same minor than
// topology.KubernetesVersion, the default kind node image's.
//
// The binaries are built from the separate module tools/testcluster (so
// k8s.io/kubernetes never enters the main go.mod) into a version-keyed folder
// of the user's cache, see [BinDir]; `make testcluster` builds them and
// `make test` builds them when missing.
//
// A test package that needs a cluster starts one (lazily, on the first test
// that asks) and shares it between its tests; every test gets a fresh
// namespace, deleted when the test ends:
//
//	func TestMain(m *testing.M) { testcluster.Main(m) }
//
//	func TestDeploymentBecomesReady(t *testing.T) {
//		c, ns := testcluster.Namespace(t)
//		cs := c.Clientset() // or c.RESTConfig(), or c.Kubeconfig() for a file
//		_, err := cs.AppsV1().Deployments(ns).Create(t.Context(), dep, metav1.CreateOptions{})
//		...
//	}
//
// When the binaries are missing, Namespace skips the test with a message
// saying how to build them, or fails it when the CI environment variable is
// set. When a test fails, the tails of the components' logs are printed
// with t.Log.
//
// Outside tests, [Start] and [Cluster.Stop] run a cluster directly; the
// command in cmd/testcluster (`make testcluster-up`) does that in the
// foreground for people who want to point kubelab or kubectl at it.
package testcluster
