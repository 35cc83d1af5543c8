// Command testcluster builds the test cluster's binaries and runs a test
// cluster in the foreground.
//
//	testcluster build [-force]   build the binaries into the cache unless present
//	testcluster up               start a cluster, print its kubeconfig, stop on Ctrl+C
//	testcluster bindir           print the binaries' folder
//
// Run it from the repository (the Makefile does): build needs the
// tools/testcluster module.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"kubelab/internal/testcluster"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "testcluster: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: testcluster build [-force] | up | bindir")
	}
	switch args[0] {
	case "build":
		fs := flag.NewFlagSet("build", flag.ContinueOnError)
		force := fs.Bool("force", false, "rebuild even if a complete build is present")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return build(*force)
	case "up":
		return up()
	case "bindir":
		dir, err := testcluster.BinDir()
		if err != nil {
			return err
		}
		fmt.Println(dir)
		return nil
	default:
		return fmt.Errorf("unknown command %q: want build, up or bindir", args[0])
	}
}

func build(force bool) error {
	tools, err := findToolsDir()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	dir, err := testcluster.BinDir()
	if err != nil {
		return err
	}
	present := testcluster.CheckBinaries(dir) == nil && !force
	start := time.Now()
	if _, err := testcluster.Build(ctx, testcluster.BuildOptions{ToolsDir: tools, Dir: dir, Log: os.Stderr, Force: force}); err != nil {
		return err
	}
	if !present {
		fmt.Fprintf(os.Stderr, "built the test cluster in %s\n", time.Since(start).Round(100*time.Millisecond))
	}
	return nil
}

// findToolsDir looks for tools/testcluster from the working folder upwards.
func findToolsDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the working folder: %w", err)
	}
	for {
		candidate := filepath.Join(dir, "tools", "testcluster")
		if _, err := os.Stat(filepath.Join(candidate, "go.mod")); err == nil {
			return candidate, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find tools/testcluster/go.mod: run this from the kubelab repository")
		}
		dir = parent
	}
}

func up() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	startCtx, cancel := context.WithTimeout(ctx, testcluster.StartTimeout)
	defer cancel()
	c, err := testcluster.Start(startCtx, testcluster.Options{})
	if errors.Is(err, testcluster.ErrBinariesMissing) {
		return fmt.Errorf("%w\nbuild them with `make testcluster`", err)
	}
	if err != nil {
		return err
	}
	fmt.Printf(`Kubernetes %s test cluster ready in %s (nodes %v)
kubeconfig: %s
context:    %s
logs:       %s

  kubectl --kubeconfig %[4]s get nodes
  kubelab --context %[5]s --kubeconfig %[4]s

Press Ctrl+C to stop it.
`, testcluster.KubernetesVersion, c.ReadyAfter().Round(time.Millisecond), testcluster.NodeNames(),
		c.Kubeconfig(), testcluster.ContextName, filepath.Join(c.Dir(), "logs"))
	var reason error
	select {
	case <-ctx.Done():
		fmt.Println("\nstopping the test cluster ...")
	case <-c.Exited():
		reason = fmt.Errorf("%s\n%s", c.ExitReason(), c.LogTails(30))
	}
	begin := time.Now()
	if err := c.Stop(); err != nil {
		return errors.Join(reason, err)
	}
	fmt.Printf("stopped in %s\n", time.Since(begin).Round(time.Millisecond))
	return reason
}
