package kind

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"kubelab/internal/testcluster"
	"kubelab/sandbox/labcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }

// fakeKindCluster puts a `docker` on PATH that shows kind a three-node
// cluster "kubelab" whose API server is the test cluster: `docker exec ...
// cat /etc/kubernetes/admin.conf` prints the test cluster's kubeconfig, and
// files written into a node land under root/<node>/.
func fakeKindCluster(t *testing.T, c *testcluster.Cluster) (root string) {
	t.Helper()
	u, err := url.Parse(c.Server())
	if err != nil {
		t.Fatal(err)
	}
	dir, root := t.TempDir(), t.TempDir()
	script := `#!/bin/sh
case "$1" in
-v) echo "Docker version 27.1.0, build fake";;
ps)
  case "$*" in
  *'{{.Status}}'*) printf 'kubelab-control-plane\tcontrol-plane\tUp 5 minutes\nkubelab-worker\tworker\tUp 5 minutes\nkubelab-worker2\tworker\tUp 5 minutes\n';;
  *'{{.Names}}'*) printf 'kubelab-control-plane\nkubelab-worker\nkubelab-worker2\n';;
  *) printf 'kubelab\nkubelab\nkubelab\n';;
  esac;;
inspect)
  case "$*" in
  *desktop.docker.io*) echo;;
  *NetworkSettings.Ports*) printf '127.0.0.1\t` + u.Port() + `\n';;
  *kind.role*) case "$*" in *control-plane*) echo control-plane;; *) echo worker;; esac;;
  *) echo "fake docker: unexpected $*" >&2; exit 2;;
  esac;;
exec)
  shift
  while [ "$1" = --privileged ] || [ "$1" = -i ]; do shift; done
  while [ "$1" = -e ]; do shift 2; done
  node=$1; shift
  case "$1 $2" in
  "cat /etc/kubernetes/admin.conf") cat "` + c.Kubeconfig() + `";;
  "mkdir -p") mkdir -p "` + root + `/$node$3";;
  "cp /dev/stdin") cat > "` + root + `/$node$3";;
  *) echo "fake docker: unexpected exec $*" >&2; exit 1;;
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

type events struct {
	mu  sync.Mutex
	all []Event
}

func (e *events) progress() Progress {
	return func(ev Event) { e.mu.Lock(); e.all = append(e.all, ev); e.mu.Unlock() }
}

func (e *events) has(k EventKind, prefix string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, ev := range e.all {
		if ev.Kind == k && strings.HasPrefix(ev.Text("en"), prefix) {
			return true
		}
	}
	return false
}

// systemPod gives kube-system one Ready pod (kwok plays its kubelet).
func systemPod(t *testing.T, c *testcluster.Cluster) {
	t.Helper()
	cs := c.Clientset()
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "fake-coredns", Namespace: "kube-system"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "coredns"}}},
	}
	if _, err := cs.CoreV1().Pods("kube-system").Create(t.Context(), pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		zero := int64(0)
		cs.CoreV1().Pods("kube-system").Delete(context.Background(), pod.Name, metav1.DeleteOptions{GracePeriodSeconds: &zero})
	})
	deadline := time.Now().Add(time.Minute)
	for {
		p, err := cs.CoreV1().Pods("kube-system").Get(t.Context(), pod.Name, metav1.GetOptions{})
		if err == nil && podReady(p) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the kube-system pod never became Ready: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestUpOnAHealthyClusterReturnsAtOnceWritingKubeconfigRecordAndMirrors(t *testing.T) {
	c := testcluster.Shared(t)
	root := fakeKindCluster(t, c)
	systemPod(t, c)
	dir := t.TempDir()
	var ev events
	m, _ := ParseMirror("docker.io=https://mirror.example.org")

	start := time.Now()
	res, err := Up(t.Context(), UpOptions{Config: Config{Mirrors: []Mirror{m}}, ConfigDir: dir, Engine: Docker, Progress: ev.progress()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created {
		t.Error("Up says it created a cluster that existed")
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("Up on a healthy cluster took %v", took)
	}
	if res.Server != c.Server() || res.Kubeconfig != labcluster.KubeconfigPath(dir) {
		t.Errorf("result %+v, want server %s and the lab kubeconfig", res, c.Server())
	}
	rec, err := labcluster.Load(dir)
	if err != nil || rec.Server != c.Server() || rec.CASHA256 == "" {
		t.Errorf("record %+v (%v), want the server and its CA", rec, err)
	}
	data, err := os.ReadFile(res.Kubeconfig)
	if err != nil || !strings.Contains(string(data), "kind-kubelab") {
		t.Errorf("lab kubeconfig %v lacks the kind-kubelab context:\n%s", err, data)
	}
	for _, node := range []string{"kubelab-control-plane", "kubelab-worker", "kubelab-worker2"} {
		got, err := os.ReadFile(filepath.Join(root, node, "etc/containerd/certs.d/docker.io/hosts.toml"))
		if err != nil || !strings.Contains(string(got), `[host."https://mirror.example.org"]`) {
			t.Errorf("node %s mirror file: %v\n%s", node, err, got)
		}
	}
	if !ev.has(StepDone, "Writing 1 registry mirror file") || !ev.has(Info, "the lab cluster kubelab is already up") {
		t.Errorf("progress %v lacks the mirror step or the already-up note", ev.all)
	}

	st, err := GetStatus(t.Context(), Docker, c.RESTConfig())
	if err != nil || !st.Exists || len(st.Nodes) != 3 {
		t.Fatalf("status %+v, %v", st, err)
	}
	for _, n := range st.Nodes {
		if n.Ready != "Ready" || !strings.HasPrefix(n.Version, "v1.36") || n.InternalIP == "" || n.Container != "Up 5 minutes" {
			t.Errorf("node status %+v, want Ready, a 1.36 kubelet, an IP and the container's state", n)
		}
	}
}

func TestUpWaitsForSystemPodsAndSaysWhichAreNotReady(t *testing.T) {
	c := testcluster.Shared(t)
	fakeKindCluster(t, c)
	cs := c.Clientset()
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "never-scheduled", Namespace: "kube-system"},
		Spec: corev1.PodSpec{
			Containers:   []corev1.Container{{Name: "c", Image: "x"}},
			NodeSelector: map[string]string{"no-such-node": "true"},
		},
	}
	if _, err := cs.CoreV1().Pods("kube-system").Create(t.Context(), pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cs.CoreV1().Pods("kube-system").Delete(context.Background(), pod.Name, metav1.DeleteOptions{})
	})
	var ev events
	_, err := Up(t.Context(), UpOptions{ConfigDir: t.TempDir(), Engine: Docker, Wait: 3 * time.Second, Progress: ev.progress()})
	if err == nil || !strings.Contains(err.Error(), "never-scheduled (Pending)") || !strings.Contains(err.Error(), "next:") {
		t.Fatalf("error %v, want one naming the Pending pod and a next step", err)
	}
	if !ev.has(StepDone, "Waiting for 3 nodes to be Ready") || !ev.has(StepFailed, "Waiting for kube-system pods") {
		t.Errorf("progress %v, want the nodes step done and the pods step failed", ev.all)
	}
}

func TestUpWithTheEngineDownSaysToStartIt(t *testing.T) {
	dir := t.TempDir()
	script := "#!/bin/sh\necho 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "docker"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+":/bin:/usr/bin")
	_, err := Up(t.Context(), UpOptions{ConfigDir: t.TempDir(), Engine: Docker})
	if err == nil || !strings.Contains(err.Error(), "Is the docker daemon running?") || !strings.Contains(err.Error(), "next: start Docker") {
		t.Errorf("error %v, want docker's message and how to start it", err)
	}
}
