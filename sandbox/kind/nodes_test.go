package kind

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/kind/pkg/log"
)

// fakeDocker answers kind's node listing with two lab nodes and runs `docker
// exec` commands on this machine, with FAKE_NODE naming the node; a node
// named "stopped" fails as docker does for a stopped container.
func fakeDocker(t *testing.T) *Nodes {
	t.Helper()
	dir := t.TempDir()
	script := `#!/bin/sh
case "$1" in
-v) echo "Docker version 27.1.0, build fake";;
ps) printf 'kubelab-control-plane\nkubelab-worker\nstopped\n';;
exec)
  shift
  while [ "$1" = "--privileged" ] || [ "$1" = "-i" ]; do shift; done
  while [ "$1" = "-e" ]; do shift 2; done
  if [ "$1" = stopped ]; then echo "Error response from daemon: container 1234 is not running" >&2; exit 126; fi
  FAKE_NODE=$1; export FAKE_NODE; shift
  exec "$@";;
*) echo "fake docker: unexpected $*" >&2; exit 2;;
esac
`
	if err := os.WriteFile(filepath.Join(dir, "docker"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+":/bin:/usr/bin")
	return newNodes(Docker, log.NoopLogger{})
}

func TestNodeExecReturnsTheCommandsExitCodeAndOutput(t *testing.T) {
	n := fakeDocker(t)
	code, out, err := n.Exec(t.Context(), "kubelab-worker", `echo "on $FAKE_NODE"; echo oops >&2; exit 4`)
	if err != nil {
		t.Fatal(err)
	}
	if code != 4 || out != "on kubelab-worker\noops\n" {
		t.Errorf("exit %d output %q, want 4 and both streams", code, out)
	}
	if code, _, err := n.Exec(t.Context(), "kubelab-control-plane", "true"); err != nil || code != 0 {
		t.Errorf("true gave %d, %v", code, err)
	}
}

func TestNodeExecOnAnUnknownNodeNamesTheNodesThatExist(t *testing.T) {
	n := fakeDocker(t)
	_, _, err := n.Exec(t.Context(), "kubelab-worker7", "true")
	if err == nil || !strings.Contains(err.Error(), "kubelab-control-plane, kubelab-worker") {
		t.Errorf("error %v, want one listing the lab's nodes", err)
	}
}

func TestNodeExecOnAStoppedNodeIsAnErrorWithDockersMessage(t *testing.T) {
	n := fakeDocker(t)
	_, _, err := n.Exec(t.Context(), "stopped", "true")
	var ce *CommandError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "is not running") {
		t.Errorf("error %v, want a CommandError quoting docker", err)
	}
}

func TestNodeExecStopsWhenTheContextEnds(t *testing.T) {
	n := fakeDocker(t)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := n.Exec(ctx, "kubelab-worker", "sleep 21.37; echo after")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want the context's deadline", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("Exec took %v after the context ended", time.Since(start))
	}
	// The command was killed "in the node" too, not just docker exec.
	time.Sleep(100 * time.Millisecond)
	if out, err := exec.Command("pgrep", "-f", "sleep 21[.]37").Output(); err == nil {
		t.Errorf("the node command is still running: pids %s", out)
	}
}

func TestExecOutputIsBounded(t *testing.T) {
	b := &boundedBuffer{max: 10}
	for i := 0; i < 100; i++ {
		b.Write([]byte("0123456789"))
	}
	b.Write([]byte("abc"))
	if got := b.String(); got != "[earlier output dropped]\n3456789abc" {
		t.Errorf("kept %q", got)
	}
	if len(b.buf) > 2*b.max+10 {
		t.Errorf("buffer holds %d bytes for a bound of %d", len(b.buf), b.max)
	}
}
