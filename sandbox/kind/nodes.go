package kind

import (
	"kubelab/internal/msg"

	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"time"

	"sigs.k8s.io/kind/pkg/cluster"
	"sigs.k8s.io/kind/pkg/cluster/nodes"
	kindexec "sigs.k8s.io/kind/pkg/exec"
	"sigs.k8s.io/kind/pkg/log"

	"kubelab/sandbox/labcluster"
)

// MaxExecOutput bounds the output Nodes.Exec keeps (the last bytes).
const MaxExecOutput = 1 << 20

// Nodes reaches the lab cluster's node containers through kind's node API
// (which runs `docker exec` or the engine's equivalent).
type Nodes struct {
	engine   Engine
	provider *cluster.Provider
	cluster  string
}

// NewNodes finds the container engine and returns the lab cluster's nodes.
func NewNodes() (*Nodes, error) {
	e, err := DetectEngine()
	if err != nil {
		return nil, err
	}
	return newNodes(e, log.NoopLogger{}), nil
}

func newNodes(e Engine, logger log.Logger) *Nodes {
	return &Nodes{
		engine:   e,
		provider: cluster.NewProvider(cluster.ProviderWithLogger(logger), e.providerOption()),
		cluster:  labcluster.Name,
	}
}

// Engine is the container engine the nodes run in.
func (n *Nodes) Engine() Engine { return n.engine }

// List returns the nodes' names, sorted.
func (n *Nodes) List() ([]string, error) {
	all, err := n.provider.ListNodes(n.cluster)
	if err != nil {
		return nil, wrapErr(msg.New("kind.do.listNodes"), err, msg.New("kind.next.doctor"))
	}
	names := make([]string, 0, len(all))
	for _, node := range all {
		names = append(names, node.String())
	}
	sort.Strings(names)
	return names, nil
}

func (n *Nodes) find(name string) (nodes.Node, error) {
	all, err := n.provider.ListNodes(n.cluster)
	if err != nil {
		return nil, wrapErr(msg.New("kind.do.listNodes"), err, msg.New("kind.next.doctor"))
	}
	names := make([]string, 0, len(all))
	for _, node := range all {
		if node.String() == name {
			return node, nil
		}
		names = append(names, node.String())
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("node %s: the lab cluster %s has no nodes: run `kubelab up`", name, n.cluster)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("node %s is not one of the lab cluster's nodes (%s)", name, strings.Join(names, ", "))
}

// Exec runs the shell command line command (`sh -c`) inside the node
// container node and returns its exit code and combined output (at most
// MaxExecOutput bytes, the last ones). err is for a command that could not
// be run at all (no such node, engine down, ctx ended), not for a non-zero
// exit. When ctx ends, the command is killed inside the node too (stopping
// `docker exec` alone would leave it running there). Its shape is
// check.NodeExecer's.
func (n *Nodes) Exec(ctx context.Context, node, command string) (int, string, error) {
	target, err := n.find(node)
	if err != nil {
		return -1, "", err
	}
	// The marker, as the shell's $0, lets a cancel find the process.
	var id [8]byte
	rand.Read(id[:])
	marker := "kubelab-exec-" + hex.EncodeToString(id[:])
	out := &boundedBuffer{max: MaxExecOutput}
	done := make(chan error, 1)
	go func() {
		done <- target.Command("sh", "-c", command, marker).SetStdout(out).SetStderr(out).Run()
	}()
	select {
	case err = <-done:
	case <-ctx.Done():
		killInNode(target, marker)
		select {
		case <-done:
		case <-time.After(2 * time.Second):
		}
		return -1, out.String(), fmt.Errorf("run in node %s: %w", node, ctx.Err())
	}
	if err == nil {
		return 0, out.String(), nil
	}
	var exitErr *exec.ExitError
	inner := err
	if re := kindexec.RunErrorForError(err); re != nil && re.Inner != nil {
		inner = re.Inner // kind's RunError does not unwrap
	}
	if errors.As(inner, &exitErr) && exitErr.ExitCode() >= 0 {
		if code := exitErr.ExitCode(); code != 125 && code != 126 || !engineFailed(out.String()) {
			return code, out.String(), nil
		}
	}
	if re := kindexec.RunErrorForError(err); re != nil && len(re.Output) == 0 {
		re.Output = []byte(out.String())
	}
	return -1, out.String(), wrapErr(msg.New("kind.do.nodeRun", node), err, msg.New("kind.next.nodeRuns"))
}

// killInNode kills the shell started with marker as $0, and its children.
// The bracket keeps the pattern from matching the killing shell itself.
func killInNode(target nodes.Node, marker string) {
	pattern := marker[:len(marker)-1] + "[" + marker[len(marker)-1:] + "]"
	script := `for p in $(pgrep -f '` + pattern + `'); do pkill -KILL -P "$p"; kill -KILL "$p"; done 2>/dev/null; true`
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = target.CommandContext(ctx, "sh", "-c", script).Run()
}

// engineFailed tells the engine's own failures (exit 125/126 with its
// message) from a command that exited 125 or 126 itself.
func engineFailed(out string) bool {
	o := strings.ToLower(out)
	return strings.Contains(o, "error response from daemon") || strings.Contains(o, "no such container") ||
		strings.Contains(o, "is not running")
}

// ShellCommand returns the command line that opens a shell in node (bash,
// else sh): `docker exec -it NODE ...`, without -t when stdin is not a
// terminal (the engine refuses -t then).
func (n *Nodes) ShellCommand(node string, tty bool) ([]string, error) {
	if _, err := n.find(node); err != nil {
		return nil, err
	}
	flags := "-i"
	if tty {
		flags = "-it"
	}
	return []string{string(n.engine), "exec", flags, "-e", "PS1=[" + node + "] \\w# ", node,
		"sh", "-c", "command -v bash >/dev/null && exec bash --norc || exec sh"}, nil
}

// boundedBuffer keeps the last max bytes written to it.
type boundedBuffer struct {
	max int
	buf []byte
	cut bool
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	b.buf = append(b.buf, p...)
	// Compact only once twice the bound is held, so the copying stays
	// linear in the output.
	if len(b.buf) > 2*b.max {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-b.max:]...)
		b.cut = true
	}
	return len(p), nil
}

func (b *boundedBuffer) String() string {
	if b.cut || len(b.buf) > b.max {
		return "[earlier output dropped]\n" + string(b.buf[len(b.buf)-b.max:])
	}
	return string(b.buf)
}
