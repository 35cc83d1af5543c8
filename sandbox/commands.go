package sandbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"kubelab/sandbox/kind"
	"kubelab/sandbox/runner"
)

// Spec returns a runner.Spec for command with the lab's environment.
func (e *Env) Spec(command string, timeout time.Duration) runner.Spec {
	return runner.Spec{Command: command, Env: e.Vars(), Timeout: timeout}
}

// Commands runs command lines on the host in an Env; its Run method has the
// shape check.CommandRunner wants. The zero Timeout means DefaultTimeout.
type Commands struct {
	Env     *Env
	Timeout time.Duration
}

// DefaultTimeout bounds a command run by Commands.
const DefaultTimeout = 2 * time.Minute

// Run runs command and returns its exit code and its (bounded) combined
// output. A killed command (timeout, cancel) is an error, a non-zero exit is
// not.
func (c Commands) Run(ctx context.Context, command string) (int, string, error) {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	res, err := runner.Run(ctx, c.Env.Spec(command, timeout), nil)
	return res.ExitCode, res.Output, err
}

// ErrNeedsKind is wrapped by errors from work that only the lab's kind
// cluster can do (node shells, node exec, image load) when the target is
// another cluster.
var ErrNeedsKind = errors.New("this needs the lab's kind cluster")

// Nodes returns the way into the kind cluster's nodes (check.NodeExecer's
// shape: Exec(ctx, node, command)). On the existing backend it returns an
// error wrapping ErrNeedsKind that says so.
func (t *Target) Nodes() (*kind.Nodes, error) {
	if t.Backend != BackendKind {
		return nil, fmt.Errorf("%w: %s is %q, a cluster you named; run without --kubeconfig/--context after `kubelab up` to use the lab's cluster",
			ErrNeedsKind, t.Server(), t.Context)
	}
	return kind.NewNodes()
}
