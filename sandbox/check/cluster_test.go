package check

import (
	"context"
	"flag"
	"strconv"
	"testing"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"kubelab/internal/testcluster"
	"kubelab/sandbox/runner"
)

func TestMain(m *testing.M) {
	// The proofs' parallel lessons wait on the cluster, not on the CPU:
	// unless -parallel says otherwise, run proofParallel of them at once
	// rather than GOMAXPROCS (2 on a small machine).
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		flag.Set("test.parallel", strconv.Itoa(proofParallel))
	}
	testcluster.Main(m)
}

// proofParallel is how many lessons the proofs run at once by default.
const proofParallel = 4

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
