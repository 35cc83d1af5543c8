package testcluster

import (
	"context"
	"net"
	"os"
	"testing"
)

func TestStartTriesNewPortsWhenAPortWasTakenMeanwhile(t *testing.T) {
	dir, err := BinDir()
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckBinaries(dir); err != nil {
		msg, fail := missingBinaries(err, os.Getenv("CI") != "")
		if fail {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	calls := 0
	pickPorts = func(n int) ([]int, error) {
		calls++
		ports, err := freePorts(n)
		if calls == 1 && err == nil {
			ports[0] = taken.Addr().(*net.TCPAddr).Port // etcd's client port
		}
		return ports, err
	}
	defer func() { pickPorts = freePorts }()

	ctx, cancel := context.WithTimeout(t.Context(), StartTimeout)
	defer cancel()
	c, err := Start(ctx, Options{})
	if err != nil {
		t.Fatalf("Start with a taken port on the first try: %v", err)
	}
	if err := c.Stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	if calls != 2 {
		t.Errorf("ports were picked %d times, want 2 (the taken port, then new ones)", calls)
	}
}
