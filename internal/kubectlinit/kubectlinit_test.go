package kubectlinit

import "testing"

func TestRunsKubectl(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"kubelab"}, false},
		{[]string{"/usr/local/bin/kubelab", "version"}, false},
		{[]string{"kubelab", "lessons", "--lang", "zh"}, false},
		{[]string{"kubelab", "kubectl", "get", "pods"}, true},
		{[]string{"kubelab", "--lang", "en", "kubectl", "version"}, true},
		{[]string{"/home/me/.cache/kubelab/bin/kubectl", "get", "nodes"}, true},
		{[]string{"kubectl-foo"}, false},
	} {
		if got := RunsKubectl(c.args); got != c.want {
			t.Errorf("RunsKubectl(%q) = %v, want %v", c.args, got, c.want)
		}
	}
}

func TestInstalledBeforeAnyTranslation(t *testing.T) {
	if !Installed() {
		t.Fatal("kubectl's catalogue was loaded before this package's init")
	}
}
