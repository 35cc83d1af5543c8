package kind

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeImageDocker plays an engine with a local image store (root/local) and
// three lab nodes whose containerd stores are root/<node>/images, one image
// reference a line. `docker save` writes the references into the archive;
// `ctr images import` on a node appends the archive's lines to its store.
func fakeImageDocker(t *testing.T, offline bool) (root string) {
	t.Helper()
	dir := t.TempDir()
	root = t.TempDir()
	pull := `echo "$2" >> "$ROOT/local"`
	if offline {
		pull = `echo "Error response from daemon: Get \"https://registry.example/v2/\": dial tcp: i/o timeout" >&2; exit 1`
	}
	script := `#!/bin/sh
ROOT="` + root + `"
id_of() { printf 'sha256:%s\n' "$(printf '%s' "$1" | tr -c 'a-z0-9' '_')"; }
case "$1" in
ps) printf 'kubelab-control-plane\nkubelab-worker\nkubelab-worker2\n';;
inspect) case "$*" in *control-plane*) echo control-plane;; *) echo worker;; esac;;
image)
  img=$5
  if grep -qxF "$img" "$ROOT/local" 2>/dev/null; then id_of "$img"; else echo "Error: No such image: $img" >&2; exit 1; fi;;
pull) ` + pull + `;;
save) out=$3; shift 3; printf '%s\n' "$@" > "$out";;
exec)
  shift
  while [ "$1" = --privileged ] || [ "$1" = -i ]; do shift; done
  node=$1; shift
  mkdir -p "$ROOT/$node"
  case "$1 $2" in
  "crictl inspecti")
    if grep -qxF "$3" "$ROOT/$node/images" 2>/dev/null; then printf '{"status":{"id":"%s","repoTags":["%s"]}}\n' "$(id_of "$3")" "$3"; else exit 1; fi;;
  "containerd config") printf 'version = 2\n[plugins."io.containerd.grpc.v1.cri".containerd]\n  snapshotter = "overlayfs"\n';;
  "--namespace=k8s.io images") cat >> "$ROOT/$node/images";;
  *) [ "$1" = ctr ] && { cat >> "$ROOT/$node/images"; exit 0; }; echo "fake docker: unexpected exec $*" >&2; exit 1;;
  esac;;
*) echo "fake docker: unexpected $*" >&2; exit 2;;
esac
`
	if err := os.WriteFile(filepath.Join(dir, "docker"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+":/bin:/usr/bin")
	return root
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return strings.Fields(string(data))
}

func TestImagesLoadPutsEveryImageOnEveryNodeOnlyWhereMissing(t *testing.T) {
	root := fakeImageDocker(t, false)
	os.WriteFile(filepath.Join(root, "local"), []byte("busybox:1.37\n"), 0o644)
	os.MkdirAll(filepath.Join(root, "kubelab-worker2"), 0o755)
	os.WriteFile(filepath.Join(root, "kubelab-worker2", "images"), []byte("busybox:1.37\n"), 0o644)

	var ev events
	err := LoadImages(t.Context(), LoadOptions{
		Images: []string{"busybox:1.37", "nginx:1.27", "busybox:1.37"}, Engine: Docker, Pull: true, Progress: ev.progress(),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, node := range []string{"kubelab-control-plane", "kubelab-worker"} {
		if got := strings.Join(lines(t, filepath.Join(root, node, "images")), " "); got != "busybox:1.37 nginx:1.27" {
			t.Errorf("node %s holds %q, want both images", node, got)
		}
	}
	if got := strings.Join(lines(t, filepath.Join(root, "kubelab-worker2", "images")), " "); got != "busybox:1.37 nginx:1.27" {
		t.Errorf("kubelab-worker2 holds %q, want its busybox kept and only nginx added", got)
	}
	if !ev.has(StepDone, "Pulling nginx:1.27") || ev.has(StepStarted, "Pulling busybox") {
		t.Errorf("progress %v: want nginx pulled and busybox not", ev.all)
	}
	if !ev.has(StepDone, "Loading nginx:1.27 into kubelab-worker2") {
		t.Errorf("progress %v: want only nginx loaded into kubelab-worker2", ev.all)
	}

	// Everything is in place now: a second load has nothing to do.
	var again events
	if err := LoadImages(t.Context(), LoadOptions{Images: []string{"busybox:1.37", "nginx:1.27"}, Engine: Docker, Progress: again.progress()}); err != nil {
		t.Fatal(err)
	}
	if !again.has(Info, "all 2 images are already on every node") || again.has(StepStarted, "Saving") {
		t.Errorf("second load did work again: %v", again.all)
	}
}

func TestImagesLoadOfflineSaysHowToBringTheImageIn(t *testing.T) {
	fakeImageDocker(t, true)
	err := LoadImages(t.Context(), LoadOptions{Images: []string{"nginx:1.27"}, Engine: Docker, Pull: true})
	if err == nil || !strings.Contains(err.Error(), "i/o timeout") || !strings.Contains(err.Error(), "docker load") {
		t.Errorf("error %v, want the pull's failure and how to load the image by hand", err)
	}
	err = LoadImages(t.Context(), LoadOptions{Images: []string{"nginx:1.27"}, Engine: Docker})
	if err == nil || !strings.Contains(err.Error(), "docker pull nginx:1.27") {
		t.Errorf("without pulling: %v, want it to say how to get the image", err)
	}
}

func TestEngineCgroupVersionComesFromTheEngine(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "docker"), []byte("#!/bin/sh\necho 1\n"), 0o755)
	t.Setenv("PATH", dir+":/bin:/usr/bin")
	if v1, err := EngineCgroupV1(t.Context(), Docker); err != nil || !v1 {
		t.Errorf("an engine reporting cgroup 1: v1 %v, %v", v1, err)
	}
	os.WriteFile(filepath.Join(dir, "docker"), []byte("#!/bin/sh\necho 2\n"), 0o755)
	if v1, err := EngineCgroupV1(t.Context(), Docker); err != nil || v1 {
		t.Errorf("an engine reporting cgroup 2: v1 %v, %v", v1, err)
	}
}
