package msgtest

import (
	"reflect"
	"testing"
)

func TestEnglishFindsSentencesAndLetsCommandsAndNamesThrough(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"后端：existing", nil},
		{"集群 kubelab 有 3 个节点 Ready", nil},
		{"错误：could not reach the cluster（按 esc 隐藏）", []string{"could not reach the cluster"}},
		{"运行 `kubectl get pods -n default` 查看", nil},
		{"$ kubectl get pods --all-namespaces -o wide", nil},
		{"kubectl describe node kubelab-worker", nil},
		{"  ✓ engine     docker is installed", []string{"docker is installed"}},
		{"kind Cluster API Server", nil},
		{"\x1b[1mpress enter to start\x1b[0m 开始", []string{"press enter to start"}},
		{"Docker Desktop 正在运行", nil},
	} {
		if got := English(c.text); !reflect.DeepEqual(got, c.want) {
			t.Errorf("English(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestEnglishSkipsAllowedPhrases(t *testing.T) {
	if got := English("见 Play with Kubernetes 一节", "Play with Kubernetes"); got != nil {
		t.Errorf("allowed phrase reported: %q", got)
	}
}
