//go:build unix

package testcluster_test

import (
	"context"
	"errors"
	"os"
	"syscall"
	"testing"

	"kubelab/internal/testcluster"
)

func TestStopEndsEveryComponentAndRemovesTheClusterFolder(t *testing.T) {
	testcluster.Shared(t) // the same skip or failure when binaries are missing
	ctx, cancel := context.WithTimeout(t.Context(), testcluster.StartTimeout)
	defer cancel()
	c, err := testcluster.Start(ctx, testcluster.Options{})
	if err != nil {
		t.Fatalf("start a second cluster: %v", err)
	}
	pids := c.PIDs()
	if len(pids) != len(testcluster.Binaries) {
		t.Errorf("running components %v, want one per binary %v", pids, testcluster.Binaries)
	}
	if err := c.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	for name, pid := range pids {
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("%s (pid %d) still exists after Stop: kill 0 gave %v", name, pid, err)
		}
	}
	if _, err := os.Stat(c.Dir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the cluster's folder %s is still there after Stop: %v", c.Dir(), err)
	}
}
