package check

import (
	"context"
	"testing"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"kubelab/internal/testcluster"
	"kubelab/sandbox/runner"
)

func TestMain(m *testing.M) { testcluster.Main(m) }

// testEnv is the package's test cluster and a fresh namespace for one test.
type testEnv struct {
	rest       *rest.Config
	cs         kubernetes.Interface
	ns         string
	kubeconfig string
}

func newTestEnv(t *testing.T) testEnv {
	t.Helper()
	c, ns := testcluster.Namespace(t)
	return testEnv{rest: c.RESTConfig(), cs: c.Clientset(), ns: ns, kubeconfig: c.Kubeconfig()}
}

// hostRunner runs `command` checks with the sandbox's runner and env added.
type hostRunner []string

func (env hostRunner) Run(ctx context.Context, command string) (int, string, error) {
	res, err := runner.Run(ctx, runner.Spec{Command: command, Env: env}, nil)
	return res.ExitCode, res.Output, err
}
