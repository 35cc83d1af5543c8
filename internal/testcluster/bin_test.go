package testcluster

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// completeBuild writes a fake but complete build into dir.
func completeBuild(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, b := range Binaries {
		if err := os.WriteFile(filepath.Join(dir, b), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, stampName), []byte(stampContent()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheckBinariesAcceptsOnlyAStampedBuildOfTheseVersions(t *testing.T) {
	for name, spoil := range map[string]func(dir string) error{
		"complete": func(string) error { return nil },
		"no stamp (a build that stopped half way)": func(dir string) error {
			return os.Remove(filepath.Join(dir, stampName))
		},
		"stamp of other versions": func(dir string) error {
			return os.WriteFile(filepath.Join(dir, stampName), []byte("kubernetes v1.35.0\n"), 0o644)
		},
		"a binary missing": func(dir string) error { return os.Remove(filepath.Join(dir, "kwok")) },
		"a binary not executable": func(dir string) error {
			return os.Chmod(filepath.Join(dir, "kube-apiserver"), 0o644)
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), KubernetesVersion)
			completeBuild(t, dir)
			if err := spoil(dir); err != nil {
				t.Fatal(err)
			}
			err := CheckBinaries(dir)
			if name == "complete" {
				if err != nil {
					t.Fatalf("CheckBinaries on a complete build: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrBinariesMissing) {
				t.Fatalf("CheckBinaries = %v, want an error wrapping ErrBinariesMissing", err)
			}
		})
	}
}

func TestCheckBinariesReportsAMissingFolderAsMissingBinaries(t *testing.T) {
	err := CheckBinaries(filepath.Join(t.TempDir(), "nothing-here"))
	if !errors.Is(err, ErrBinariesMissing) {
		t.Fatalf("CheckBinaries = %v, want an error wrapping ErrBinariesMissing", err)
	}
}

func TestBinDirIsKeyedByVersionInTheUserCacheUnlessOverridden(t *testing.T) {
	t.Setenv(BinDirEnv, "")
	t.Setenv("XDG_CACHE_HOME", "/cache")
	got, err := BinDir()
	if want := filepath.Join("/cache", "kubelab", "testcluster", KubernetesVersion); err != nil || got != want {
		t.Errorf("BinDir() = %q, %v; want %q", got, err, want)
	}
	t.Setenv(BinDirEnv, "/opt/k8s")
	if got, err := BinDir(); err != nil || got != "/opt/k8s" {
		t.Errorf("with %s set, BinDir() = %q, %v; want /opt/k8s", BinDirEnv, got, err)
	}
}

func TestBuildReusesACompleteBuildWithoutRunningGo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), KubernetesVersion)
	completeBuild(t, dir)
	t.Setenv("PATH", "") // any go command would now fail
	var log strings.Builder
	got, err := Build(t.Context(), BuildOptions{ToolsDir: t.TempDir(), Dir: dir, Log: &log})
	if err != nil || got != dir {
		t.Fatalf("Build = %q, %v; want %q reused", got, err, dir)
	}
	if !strings.Contains(log.String(), "present") {
		t.Errorf("Build's log %q does not say the binaries are present", log.String())
	}
}

func TestFailedBuildLeavesNothingThatLooksComplete(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, KubernetesVersion)
	tools := t.TempDir()
	if err := os.WriteFile(filepath.Join(tools, "go.mod"), []byte("module broken\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The tools module has no ./etcd: the first step fails.
	if _, err := Build(t.Context(), BuildOptions{ToolsDir: tools, Dir: dir}); err == nil {
		t.Fatal("Build with a tools module lacking the commands succeeded")
	}
	if err := CheckBinaries(dir); !errors.Is(err, ErrBinariesMissing) {
		t.Errorf("after a failed build CheckBinaries = %v, want missing", err)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("a failed build left %v behind", entries)
	}
}

func TestKubernetesBinariesAreStampedWithTheirRelease(t *testing.T) {
	flags := versionLdflags()
	for _, want := range []string{
		"-X k8s.io/component-base/version.gitVersion=" + KubernetesVersion,
		"-X k8s.io/component-base/version.gitMajor=1",
		"-X k8s.io/component-base/version.gitMinor=36",
		"-X k8s.io/client-go/pkg/version.gitVersion=" + KubernetesVersion,
		"-X k8s.io/client-go/pkg/version.gitMinor=36",
		"-s -w",
	} {
		if !strings.Contains(flags, want) {
			t.Errorf("ldflags %q lack %q", flags, want)
		}
	}
}

// The node image's Kubernetes binaries (tools/kindnode) are built after
// the test cluster's and share most of their packages; Go's build cache
// serves those packages to the second build only when both compile them
// the same way.
func TestTheNodeBinariesBuildAsTheTestClustersDo(t *testing.T) {
	steps := buildSteps("tools", "out")
	kube := 0
	for _, s := range steps {
		for _, f := range buildFlags {
			if !slices.Contains(s.args, f) {
				t.Errorf("%s builds with %q, without %s", s.name, s.args, f)
			}
		}
		if slices.Contains(s.args, "k8s.io/kubernetes/cmd/"+s.name) {
			kube++
		}
	}
	if kube != 3 {
		t.Errorf("%d of the steps build a command of k8s.io/kubernetes, want 3 (the control plane)", kube)
	}
	script, err := os.ReadFile(filepath.Join("..", "..", "tools", "kindnode", "build-binaries.sh"))
	if err != nil {
		t.Fatal(err)
	}
	var exports, kubeBuild string
	for _, line := range strings.Split(string(script), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "export ") {
			exports += line[len("export "):] + " "
		}
		if strings.Contains(line, `"k8s.io/kubernetes/cmd/$cmd"`) {
			kubeBuild = line
		}
	}
	for _, e := range buildEnv {
		if !slices.Contains(strings.Fields(exports), e) {
			t.Errorf("build-binaries.sh does not export %s (it exports %q)", e, exports)
		}
	}
	if kubeBuild == "" {
		t.Fatal("build-binaries.sh builds no k8s.io/kubernetes command")
	}
	for _, f := range buildFlags {
		if !slices.Contains(strings.Fields(kubeBuild), f) {
			t.Errorf("build-binaries.sh builds the node's Kubernetes commands without %s: %s", f, kubeBuild)
		}
	}
}

func TestMissingBinariesSkipOutsideCIAndFailInCI(t *testing.T) {
	err := CheckBinaries(filepath.Join(t.TempDir(), "none"))
	msg, fail := missingBinaries(err, false)
	if fail || !strings.Contains(msg, "make testcluster") {
		t.Errorf("outside CI: fail=%v msg=%q; want a skip saying to run make testcluster", fail, msg)
	}
	msg, fail = missingBinaries(err, true)
	if !fail || !strings.Contains(msg, "make testcluster") || !strings.Contains(msg, "CI") {
		t.Errorf("in CI: fail=%v msg=%q; want a failure naming CI and make testcluster", fail, msg)
	}
}

func TestNamespacePrefixIsAValidShortDNSLabelStart(t *testing.T) {
	for name, want := range map[string]string{
		"TestJobCompletes":                 "testjobcompletes-",
		"TestA/sub_case #2":                "testa-sub-case-2-",
		strings.Repeat("TestVeryLong", 10): "testverylongtestverylongtestverylongtest-",
		"///":                              "test-",
	} {
		if got := namespacePrefix(name); got != want {
			t.Errorf("namespacePrefix(%q) = %q, want %q", name, got, want)
		}
	}
}
