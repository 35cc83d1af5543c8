package testcluster

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"kubelab/internal/topology"
)

// The test cluster runs the release its binaries are built from: the
// k8s.io/kubernetes version tools/testcluster pins, of the lab's one minor
// (its patch may differ from the default node image's, see internal/topology).
func TestKubernetesVersionIsTheBuiltModulesVersion(t *testing.T) {
	data, err := os.ReadFile("../../tools/testcluster/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*k8s\.io/kubernetes (\S+)`).FindSubmatch(data)
	if m == nil || string(m[1]) != KubernetesVersion {
		t.Errorf("tools/testcluster/go.mod pins k8s.io/kubernetes %q; KubernetesVersion is %s: change both together", m, KubernetesVersion)
	}
	if !strings.HasPrefix(KubernetesVersion, "v"+topology.KubernetesMinor+".") {
		t.Errorf("KubernetesVersion %s is not of the lab's minor %s", KubernetesVersion, topology.KubernetesMinor)
	}
}

func TestShapeIsTheLabsTopology(t *testing.T) {
	if want := []string{"kubelab-control-plane", "kubelab-worker", "kubelab-worker2"}; !slices.Equal(NodeNames(), want) {
		t.Errorf("NodeNames() = %v, want %v", NodeNames(), want)
	}
	if got := firstHost(PodCIDR); got != "10.244.0.1/16" {
		t.Errorf("kwok's pod CIDR is %s, want 10.244.0.1/16", got)
	}
	if got := firstHost("192.168.7.0/24"); got != "192.168.7.1/24" {
		t.Errorf("firstHost(192.168.7.0/24) = %s", got)
	}
	if got := kubernetesServiceIP(); got != "10.96.0.1" {
		t.Errorf("the kubernetes Service's ClusterIP is %s, want 10.96.0.1", got)
	}
}
