package testcluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"kubelab/internal/xdg"
)

// Versions of the components the test cluster runs. KubernetesVersion keys
// the cache folder; all three are written to its stamp file so a change to
// any of them makes the cached build count as missing.
const (
	KubernetesVersion = "v1.36.3"
	EtcdVersion       = "v3.6.8" // the version k8s.io/kubernetes v1.36.3 pins
	KwokVersion       = "v0.8.0"
)

// BinDirEnv names the environment variable that overrides [BinDir].
const BinDirEnv = "KUBELAB_TESTCLUSTER_BIN"

// Binaries are the executables the test cluster needs in its bin folder.
var Binaries = []string{"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"}

const (
	kwokModule = "sigs.k8s.io/kwok"
	stampName  = "BUILD-COMPLETE"
)

// BinDir is the folder holding the test cluster's binaries: $KUBELAB_TESTCLUSTER_BIN
// when set, else <user cache>/kubelab/testcluster/<KubernetesVersion>.
func BinDir() (string, error) {
	if d := os.Getenv(BinDirEnv); d != "" {
		abs, err := filepath.Abs(d)
		if err != nil {
			return "", fmt.Errorf("resolve %s=%q: %w", BinDirEnv, d, err)
		}
		return abs, nil
	}
	cache, err := xdg.CacheDir()
	if err != nil {
		return "", fmt.Errorf("find the test cluster's bin folder: %w", err)
	}
	return filepath.Join(cache, "testcluster", KubernetesVersion), nil
}

func stampContent() string {
	return fmt.Sprintf("kubernetes %s\netcd %s\nkwok %s\n", KubernetesVersion, EtcdVersion, KwokVersion)
}

// ErrBinariesMissing is wrapped by [CheckBinaries] when dir holds no complete build.
var ErrBinariesMissing = errors.New("test cluster binaries are missing")

// CheckBinaries reports whether dir holds a complete build of every binary at
// the versions above. A build is complete only once its stamp file has been
// written, which [Build] does last.
func CheckBinaries(dir string) error {
	stamp, err := os.ReadFile(filepath.Join(dir, stampName))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s has no complete build", ErrBinariesMissing, dir)
		}
		return fmt.Errorf("read the build stamp in %s: %w", dir, err)
	}
	if string(stamp) != stampContent() {
		return fmt.Errorf("%w: %s holds a build of other versions (%q), want %q",
			ErrBinariesMissing, dir, strings.TrimSpace(string(stamp)), strings.TrimSpace(stampContent()))
	}
	for _, b := range Binaries {
		info, err := os.Stat(filepath.Join(dir, b))
		if err != nil {
			return fmt.Errorf("%w: %w", ErrBinariesMissing, err)
		}
		if !info.Mode().IsRegular() || info.Mode().Perm()&0o111 == 0 {
			return fmt.Errorf("%w: %s is not an executable file", ErrBinariesMissing, filepath.Join(dir, b))
		}
	}
	return nil
}

// BuildOptions says where [Build] finds the tools module and writes binaries.
type BuildOptions struct {
	// ToolsDir is the tools/testcluster module of this repository.
	ToolsDir string
	// Dir receives the binaries; empty means [BinDir].
	Dir string
	// Log receives progress lines and the go commands' output; nil discards them.
	Log io.Writer
	// Force rebuilds even when Dir already holds a complete build.
	Force bool
}

// Build compiles every binary of the test cluster into opts.Dir, unless a
// complete build is already there. It builds into a temporary sibling folder
// and renames it into place at the end, so an interrupted build never looks
// complete. It returns the folder.
func Build(ctx context.Context, opts BuildOptions) (string, error) {
	log := opts.Log
	if log == nil {
		log = io.Discard
	}
	dir := opts.Dir
	if dir == "" {
		d, err := BinDir()
		if err != nil {
			return "", err
		}
		dir = d
	}
	if !opts.Force {
		if err := CheckBinaries(dir); err == nil {
			fmt.Fprintf(log, "test cluster binaries are present in %s\n", dir)
			return dir, nil
		}
	}
	if _, err := os.Stat(filepath.Join(opts.ToolsDir, "go.mod")); err != nil {
		return "", fmt.Errorf("find the tools module for the test cluster: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("create the test cluster's cache folder: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".building-")
	if err != nil {
		return "", fmt.Errorf("create a folder to build the test cluster in: %w", err)
	}
	defer os.RemoveAll(tmp) // gone after the rename; cleans up after a failure

	for _, s := range buildSteps(opts.ToolsDir, tmp) {
		start := time.Now()
		fmt.Fprintf(log, "building %s ...\n", s.name)
		cmd := exec.CommandContext(ctx, "go", s.args...)
		cmd.Dir = s.dir
		cmd.Env = append(append(os.Environ(), buildEnv...), s.env...)
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("build %s (go %s in %s): %w", s.name, strings.Join(s.args, " "), s.dir, err)
		}
		fmt.Fprintf(log, "built %s in %s\n", s.name, time.Since(start).Round(100*time.Millisecond))
	}
	if err := os.WriteFile(filepath.Join(tmp, stampName), []byte(stampContent()), 0o644); err != nil {
		return "", fmt.Errorf("write the test cluster's build stamp: %w", err)
	}
	// An incomplete or outdated build may sit where the new one goes.
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("remove the outdated test cluster build in %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return "", fmt.Errorf("move the test cluster build into %s: %w", dir, err)
	}
	fmt.Fprintf(log, "test cluster binaries are in %s\n", dir)
	return dir, nil
}

// buildEnv and buildFlags are how every binary of the test cluster is built:
// static, and without the build machine's paths. tools/kindnode builds the
// node's kubelet, kubeadm, kube-proxy and kubectl the same way, so that those
// builds find most of Kubernetes already compiled in Go's build cache by this
// one (a package compiled with other flags is compiled again).
var (
	buildEnv   = []string{"CGO_ENABLED=0"}
	buildFlags = []string{"-trimpath"}
)

// buildStep is one `go` command of the build, run in dir.
type buildStep struct {
	name string
	dir  string
	args []string
	env  []string
}

// buildSteps are the commands that build the test cluster into tmp.
func buildSteps(toolsDir, tmp string) []buildStep {
	kubeLdflags := versionLdflags()
	build := func(name, ldflags, pkg string) buildStep {
		args := append(append([]string{"build"}, buildFlags...), "-ldflags", ldflags, "-o", filepath.Join(tmp, name), pkg)
		return buildStep{name, toolsDir, args, nil}
	}
	return []buildStep{
		build("etcd", "-s -w", "./etcd"),
		build("kube-apiserver", kubeLdflags, "k8s.io/kubernetes/cmd/kube-apiserver"),
		build("kube-controller-manager", kubeLdflags, "k8s.io/kubernetes/cmd/kube-controller-manager"),
		build("kube-scheduler", kubeLdflags, "k8s.io/kubernetes/cmd/kube-scheduler"),
		// kwok is its own module with its own dependency versions: install it
		// at its release rather than through the tools module.
		{"kwok", tmp, append(append([]string{"install"}, buildFlags...), "-ldflags", "-s -w", kwokModule+"/cmd/kwok@"+KwokVersion), []string{"GOBIN=" + tmp}},
	}
}

// versionLdflags stamps the Kubernetes binaries with their release, which
// they would otherwise report as v0.0.0-master.
func versionLdflags() string {
	major, minor, _ := strings.Cut(strings.TrimPrefix(KubernetesVersion, "v"), ".")
	minor, _, _ = strings.Cut(minor, ".")
	flags := []string{"-s", "-w"}
	for _, pkg := range []string{"k8s.io/component-base/version", "k8s.io/client-go/pkg/version"} {
		flags = append(flags,
			"-X", pkg+".gitVersion="+KubernetesVersion,
			"-X", pkg+".gitMajor="+major,
			"-X", pkg+".gitMinor="+minor,
			"-X", pkg+".gitTreeState=clean",
		)
	}
	return strings.Join(flags, " ")
}

// kwokStageFiles are the kwok stages the cluster loads, relative to the kwok
// module: v0.8.0 has no built-in stages and refuses to start without them.
var kwokStageFiles = []string{
	"kustomize/stage/node/fast/node-initialize.yaml",
	"kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml",
	"kustomize/stage/pod/fast/pod-ready.yaml",
	"kustomize/stage/pod/fast/pod-complete.yaml",
	"kustomize/stage/pod/fast/pod-delete.yaml",
}

// kwokModuleDir finds the kwok module in the Go module cache (downloading it
// if needed, which building kwok has already done).
func kwokModuleDir(ctx context.Context) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", kwokModule+"@"+KwokVersion)
	cmd.Dir = os.TempDir() // outside any module, so no go.mod is consulted or changed
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=on")
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(exit.Stderr)+" "+string(out)))
		}
		return "", fmt.Errorf("find the kwok %s module for its stage files: %w", KwokVersion, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", fmt.Errorf("read go mod download's answer for kwok: %w", err)
	}
	if info.Dir == "" {
		return "", fmt.Errorf("find the kwok %s module: go mod download gave no folder: %s", KwokVersion, info.Error)
	}
	return info.Dir, nil
}
