package kind

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	kindexec "sigs.k8s.io/kind/pkg/exec"
	"sigs.k8s.io/yaml"

	"kubelab/internal/msg"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what was generated (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestDefaultConfigHasTheCourseTopologyAndSubnets(t *testing.T) {
	cl := Config{}.Cluster()
	if cl.Name != "kubelab" {
		t.Errorf("cluster name %q, want kubelab", cl.Name)
	}
	var roles []string
	for _, n := range cl.Nodes {
		roles = append(roles, string(n.Role))
		if n.Image != DefaultImage {
			t.Errorf("node %s image %q, want the pinned %q", n.Role, n.Image, DefaultImage)
		}
	}
	if got := strings.Join(roles, ","); got != "control-plane,worker,worker" {
		t.Errorf("roles %s, want one control plane and two workers", got)
	}
	if cl.Networking.PodSubnet != "10.244.0.0/16" || cl.Networking.ServiceSubnet != "10.96.0.0/12" {
		t.Errorf("subnets pod %s service %s", cl.Networking.PodSubnet, cl.Networking.ServiceSubnet)
	}
	if len(cl.KubeadmConfigPatches) != 0 {
		t.Errorf("a cgroup v2 host got kubeadm patches %q", cl.KubeadmConfigPatches)
	}
	if got := strings.Join(Config{}.NodeNames(), ","); got != "kubelab-control-plane,kubelab-worker,kubelab-worker2" {
		t.Errorf("node names %s", got)
	}
}

func TestDefaultImageIsPinnedByDigestWithoutARegistryHost(t *testing.T) {
	ref, digest, ok := strings.Cut(DefaultImage, "@sha256:")
	if !ok || len(digest) != 64 {
		t.Fatalf("%q is not pinned by a sha256 digest", DefaultImage)
	}
	if !strings.HasPrefix(ref, "kindest/node:v1.36.") {
		t.Errorf("%q is not a Kubernetes 1.36 kind node image", ref)
	}
}

func TestConfigYAMLIsWhatKindReads(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
	}{
		{"default.yaml", Config{}},
		{"cgroupv1-one-worker-own-image.yaml", Config{CgroupV1: true, Workers: 1, Image: "kindest/node:v1.36.4"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := c.cfg.YAML()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, c.name, data)
			// kind's own v1alpha4 decoding must read it back unchanged.
			var back v1alpha4.Cluster
			if err := yaml.UnmarshalStrict(data, &back); err != nil {
				t.Fatalf("kind's types reject the YAML: %v", err)
			}
			if len(back.Nodes) != len(c.cfg.Cluster().Nodes) {
				t.Errorf("read back %d nodes", len(back.Nodes))
			}
		})
	}
}

func TestCgroupV1HostGetsTheKubeletPatch(t *testing.T) {
	cl := Config{CgroupV1: true}.Cluster()
	if len(cl.KubeadmConfigPatches) != 1 {
		t.Fatalf("patches %q, want one", cl.KubeadmConfigPatches)
	}
	var patch map[string]any
	if err := yaml.Unmarshal([]byte(cl.KubeadmConfigPatches[0]), &patch); err != nil {
		t.Fatal(err)
	}
	if patch["kind"] != "KubeletConfiguration" || patch["failCgroupV1"] != false {
		t.Errorf("patch %v, want KubeletConfiguration with failCgroupV1: false", patch)
	}
}

func TestWorkersCanBeChangedOrRemoved(t *testing.T) {
	if n := len((Config{Workers: 4}).Cluster().Nodes); n != 5 {
		t.Errorf("4 workers gave %d nodes", n)
	}
	if n := len((Config{Workers: -1}).Cluster().Nodes); n != 1 {
		t.Errorf("no workers gave %d nodes", n)
	}
	if got := (Config{Workers: 3}).NodeNames()[3]; got != "kubelab-worker3" {
		t.Errorf("third worker named %s", got)
	}
}

func TestEveryClusterReadsRegistryHostsFromCertsD(t *testing.T) {
	cl := Config{}.Cluster()
	if len(cl.ContainerdConfigPatches) != 1 || !strings.Contains(cl.ContainerdConfigPatches[0], `config_path = "/etc/containerd/certs.d"`) {
		t.Errorf("containerd patches %q do not set config_path", cl.ContainerdConfigPatches)
	}
}

func TestMirrorFlagsBecomeHostsTomlPerRegistry(t *testing.T) {
	var mirrors []Mirror
	for _, s := range []string{"docker.io=https://mirror.one.example/", "registry.lab.example:5000=http://10.0.0.2:5000", "docker.io=https://mirror.two.example"} {
		m, err := ParseMirror(s)
		if err != nil {
			t.Fatal(err)
		}
		mirrors = append(mirrors, m)
	}
	files := MirrorFiles(mirrors)
	if len(files) != 2 {
		t.Fatalf("got files %v, want one per registry", files)
	}
	var all strings.Builder
	for _, p := range []string{"/etc/containerd/certs.d/docker.io/hosts.toml", "/etc/containerd/certs.d/registry.lab.example:5000/hosts.toml"} {
		content, ok := files[p]
		if !ok {
			t.Fatalf("no file %s in %v", p, files)
		}
		all.WriteString("# " + p + "\n" + content + "\n")
	}
	golden(t, "mirrors.txt", []byte(all.String()))
	docker := files["/etc/containerd/certs.d/docker.io/hosts.toml"]
	if strings.Index(docker, "mirror.one") > strings.Index(docker, "mirror.two") {
		t.Errorf("mirrors out of the order given:\n%s", docker)
	}
}

func TestBadMirrorFlagsAreRejectedWithTheExpectedForm(t *testing.T) {
	for _, s := range []string{"docker.io", "=https://x.example", "https://docker.io=https://x.example", "docker.io=ftp://x.example", "docker.io=mirror"} {
		if _, err := ParseMirror(s); err == nil || !strings.Contains(err.Error(), "--mirror") {
			t.Errorf("ParseMirror(%q) = %v, want an error about --mirror", s, err)
		}
	}
}

func TestKindPhasesBecomeChecklistSteps(t *testing.T) {
	var got []Event
	l := kindLogger{p: func(e Event) { got = append(got, e) }}
	l.V(0).Infof("Creating cluster %q ...\n", "kubelab")
	l.V(0).Infof(" • %s  ...\n", "Ensuring node image (kindest/node:v1.36.4) 🖼")
	l.V(0).Infof(" ✓ %s\n", "Ensuring node image (kindest/node:v1.36.4) 🖼")
	l.V(0).Infof(" ✗ %s\n", "Starting control-plane 🕹️")
	l.V(1).Info("debug noise")
	l.Warn("a warning")
	want := []struct {
		kind   EventKind
		en, zh string
	}{
		{Info, `Creating cluster "kubelab" ...`, `正在创建集群 "kubelab"…`},
		{StepStarted, "Ensuring node image (kindest/node:v1.36.4)", "准备节点镜像（kindest/node:v1.36.4）"},
		{StepDone, "Ensuring node image (kindest/node:v1.36.4)", "准备节点镜像（kindest/node:v1.36.4）"},
		{StepFailed, "Starting control-plane", "启动控制平面"},
		{Warning, "a warning", "a warning"},
	}
	if len(got) != len(want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	for i, w := range want {
		if got[i].Kind != w.kind || got[i].Text("en") != w.en || got[i].Text("zh") != w.zh {
			t.Errorf("event %d is %v %q / %q, want %v %q / %q", i, got[i].Kind, got[i].Text("en"), got[i].Text("zh"), w.kind, w.en, w.zh)
		}
	}
	if l.V(1).Enabled() {
		t.Error("debug level enabled")
	}
}

func TestChecklistPrintsPlainLinesOffATerminal(t *testing.T) {
	var b bytes.Buffer
	c := NewChecklist(&b, false, "en")
	p := c.Progress()
	p(Event{StepStarted, kindPhase("Preparing nodes")})
	p(Event{StepDone, kindPhase("Preparing nodes")})
	p(Event{Warning, msg.Plain("careful")})
	p(Event{StepStarted, msg.New("kind.step.nodes", 3)})
	c.Close()
	want := " • Preparing nodes ...\n ✓ Preparing nodes\n ! careful\n • Waiting for 3 nodes to be Ready ...\n ✗ Waiting for 3 nodes to be Ready\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if strings.Contains(b.String(), "\r") || strings.Contains(b.String(), "\x1b") {
		t.Error("terminal control codes written off a terminal")
	}
}

func TestErrorsFromKindCarryTheCommandItsOutputAndANextStep(t *testing.T) {
	inner := &kindexec.RunError{
		Command: []string{"docker", "run", "--name", "kubelab-control-plane"},
		Output:  []byte("docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n"),
		Inner:   errors.New("exit status 125"),
	}
	err := wrapErr(msg.New("kind.do.create", "kubelab"), inner, msg.New("kind.next.doctor"))
	text := err.Error()
	for _, want := range []string{"create the kind cluster kubelab", "docker run --name kubelab-control-plane", "Is the docker daemon running?", "next: start Docker"} {
		if !strings.Contains(text, want) {
			t.Errorf("error lacks %q:\n%s", want, text)
		}
	}
	zh := msg.ErrorText(fmt.Errorf("up: %w", err), "zh")
	for _, want := range []string{"创建 kind 集群 kubelab", "命令：docker run --name kubelab-control-plane", "Is the docker daemon running?", "下一步：启动 Docker"} {
		if !strings.Contains(zh, want) {
			t.Errorf("the Chinese error lacks %q:\n%s", want, zh)
		}
	}
	var ce *CommandError
	if !errors.As(err, &ce) || !errors.Is(err, inner) {
		t.Error("the error does not wrap kind's")
	}
}

func TestChecklistOnATerminalReplacesTheRunningStepWithItsResult(t *testing.T) {
	var b syncBuffer
	c := NewChecklist(&b, true, "en")
	p := c.Progress()
	p(Event{StepStarted, kindPhase("Preparing nodes")})
	time.Sleep(250 * time.Millisecond) // let the spinner turn
	p(Event{StepDone, kindPhase("Preparing nodes")})
	c.Close()
	out := b.String()
	if !strings.Contains(out, "\r\x1b[K ✓ Preparing nodes\n") {
		t.Errorf("no finished line replacing the spinner in %q", out)
	}
	frames := 0
	for _, f := range spinnerFrames {
		frames += strings.Count(out, f+" Preparing nodes")
	}
	if frames < 2 {
		t.Errorf("the spinner drew %d frames in 250ms: %q", frames, out)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
