package sandbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
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

// RunAll runs each command in turn, stopping at the first that fails (a
// non-zero exit or an error), which it returns with the end of its output.
func (c Commands) RunAll(ctx context.Context, commands []string) error {
	for _, line := range commands {
		code, out, err := c.Run(ctx, line)
		if err != nil {
			return fmt.Errorf("%s: %w", line, err)
		}
		if code != 0 {
			return fmt.Errorf("%s exited %d: %s", line, code, lastLines(out, 5))
		}
	}
	return nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// ResetLesson empties a lesson's namespace (see ResetNamespace) and then
// runs its undo commands (lessons.Catalog.ExpandUndo) with the lab's
// environment in that namespace, putting back what the lesson changed
// outside it.
func ResetLesson(ctx context.Context, t *Target, namespace string, undo []string) error {
	if err := ResetNamespace(ctx, t.RESTConfig(), namespace); err != nil {
		return err
	}
	if len(undo) == 0 {
		return nil
	}
	env, err := t.Env(namespace)
	if err != nil {
		return err
	}
	if err := (Commands{Env: env}).RunAll(ctx, undo); err != nil {
		return fmt.Errorf("undo the lesson's changes outside namespace %s: %w", namespace, err)
	}
	return nil
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
