package testcluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// StartTimeout bounds how long the shared test cluster may take to start.
const StartTimeout = 3 * time.Minute

// shared is the one cluster of a test package, started on first use.
var shared struct {
	mu      sync.Mutex
	inMain  bool
	started bool
	cluster *Cluster
	err     error
}

// Main runs the package's tests and then stops the package's cluster, if a
// test started one. Call it from TestMain:
//
//	func TestMain(m *testing.M) { testcluster.Main(m) }
func Main(m *testing.M) {
	// Pin the binaries' folder now: tests that isolate themselves by
	// pointing XDG_CACHE_HOME at a temporary folder may be the first to ask
	// for the cluster, and must still find the shared build.
	if os.Getenv(BinDirEnv) == "" {
		if dir, err := BinDir(); err == nil {
			os.Setenv(BinDirEnv, dir)
		}
	}
	shared.mu.Lock()
	shared.inMain = true
	shared.mu.Unlock()
	code := m.Run()
	shared.mu.Lock()
	c := shared.cluster
	shared.mu.Unlock()
	if c != nil {
		if err := c.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "testcluster: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}

// Shared returns the package's cluster, starting it on first use. Without
// binaries it skips the test with a message saying how to build them, or
// fails it when the CI environment variable is set. When the test fails, the
// components' log tails are logged.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	c, err := sharedCluster()
	if err != nil {
		if errors.Is(err, ErrBinariesMissing) {
			msg, fail := missingBinaries(err, os.Getenv("CI") != "")
			if fail {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
		t.Fatalf("start the test cluster: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("test cluster %s, components' logs:\n%s", c.Server(), c.LogTails(40))
		}
	})
	return c
}

// Namespace returns the package's cluster (see [Shared]) and a fresh
// namespace named after the test, deleted when the test ends.
func Namespace(t testing.TB) (*Cluster, string) {
	t.Helper()
	c := Shared(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ns, err := c.CreateNamespace(ctx, namespacePrefix(t.Name()))
	if err != nil {
		t.Fatalf("create the test's namespace: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := c.DeleteNamespace(ctx, ns); err != nil {
			t.Errorf("clean up: %v", err)
		}
	})
	return c, ns
}

// missingBinaries says what to tell a test that needs missing binaries, and
// whether to fail it (in CI) rather than skip it.
func missingBinaries(err error, ci bool) (msg string, fail bool) {
	msg = fmt.Sprintf("%v\nbuild them with `make testcluster` (about 10 minutes the first time, then shared by every test package)", err)
	if ci {
		return msg + "\nCI is set, so a missing test cluster fails the test instead of skipping it", true
	}
	return msg, false
}

func sharedCluster() (*Cluster, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.inMain {
		return nil, errors.New("the test cluster needs TestMain to call testcluster.Main(m), which stops it after the tests")
	}
	if !shared.started {
		shared.started = true
		ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
		defer cancel()
		shared.cluster, shared.err = Start(ctx, Options{})
		if shared.err == nil {
			fmt.Fprintf(os.Stderr, "testcluster: Kubernetes %s ready at %s in %s\n",
				KubernetesVersion, shared.cluster.Server(), shared.cluster.ReadyAfter().Round(time.Millisecond))
		}
	}
	return shared.cluster, shared.err
}

var notDNS = regexp.MustCompile(`[^a-z0-9]+`)

// namespacePrefix turns a test name into a namespace name prefix: lower
// case, dashes, short enough to leave room for the random suffix.
func namespacePrefix(testName string) string {
	s := strings.Trim(notDNS.ReplaceAllString(strings.ToLower(testName), "-"), "-")
	const max = 40
	if len(s) > max {
		s = strings.TrimRight(s[:max], "-")
	}
	if s == "" {
		s = "test"
	}
	return s + "-"
}
