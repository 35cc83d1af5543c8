package sandbox

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"kubelab/internal/testcluster"
	"kubelab/sandbox/labcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }

// decoy is an API server that must never be called: it counts requests.
type decoy struct {
	*httptest.Server
	hits atomic.Int64
}

func newDecoy(t *testing.T) *decoy {
	d := &decoy{}
	d.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"kind":"PodList","apiVersion":"v1","items":[]}`))
	}))
	t.Cleanup(d.Close)
	return d
}

func (d *decoy) mustBeUntouched(t *testing.T) {
	t.Helper()
	if n := d.hits.Load(); n != 0 {
		t.Errorf("the decoy API server received %d requests, want none", n)
	}
}

func writeKubeconfig(t *testing.T, path, context, server string, ca []byte, namespace string) {
	t.Helper()
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["c-"+context] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: ca}
	cfg.AuthInfos["u-"+context] = &clientcmdapi.AuthInfo{Token: "secret-" + context}
	cfg.Contexts[context] = &clientcmdapi.Context{Cluster: "c-" + context, AuthInfo: "u-" + context, Namespace: namespace}
	cfg.CurrentContext = context
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
}

func dirs(t *testing.T) Options {
	return Options{ConfigDir: t.TempDir(), CacheDir: t.TempDir()}
}

func TestWithoutALabClusterResolveSaysToRunUpAndIgnoresKUBECONFIG(t *testing.T) {
	d := newDecoy(t)
	decoyFile := filepath.Join(t.TempDir(), "decoy.kubeconfig")
	writeKubeconfig(t, decoyFile, "decoy", d.URL, nil, "")
	t.Setenv("KUBECONFIG", decoyFile)

	_, err := Resolve(dirs(t))
	if !errors.Is(err, labcluster.ErrNoRecord) {
		t.Fatalf("error %v, want ErrNoRecord", err)
	}
	if !strings.Contains(err.Error(), "kubelab up") {
		t.Errorf("error %q does not say to run kubelab up", err)
	}
	d.mustBeUntouched(t)
}

func TestALabKubeconfigPointingAtAnotherServerIsRefusedUntouched(t *testing.T) {
	d := newDecoy(t)
	o := dirs(t)
	if err := labcluster.Save(o.ConfigDir, labcluster.Record{Server: "https://127.0.0.1:6443", CASHA256: labcluster.CASum([]byte("lab CA"))}); err != nil {
		t.Fatal(err)
	}
	writeKubeconfig(t, labcluster.KubeconfigPath(o.ConfigDir), labcluster.Context, d.URL, nil, "")

	_, err := Resolve(o)
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("error %v, want ErrRefused", err)
	}
	if !strings.Contains(err.Error(), "kubelab up") {
		t.Errorf("error %q does not say how to fix it", err)
	}
	d.mustBeUntouched(t)
}

func TestALabClusterOnTheSamePortWithAnotherCAIsRefused(t *testing.T) {
	o := dirs(t)
	server := "https://127.0.0.1:6443"
	if err := labcluster.Save(o.ConfigDir, labcluster.Record{Server: server, CASHA256: labcluster.CASum([]byte("old CA"))}); err != nil {
		t.Fatal(err)
	}
	writeKubeconfig(t, labcluster.KubeconfigPath(o.ConfigDir), labcluster.Context, server, []byte("new CA"), "")
	if _, err := Resolve(o); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "certificate authority") {
		t.Fatalf("error %v, want a refusal naming the certificate authority", err)
	}
}

func TestTheRecordedLabClusterResolvesAsTheKindBackend(t *testing.T) {
	o := dirs(t)
	server := "https://127.0.0.1:6443"
	ca := []byte("lab CA")
	if err := labcluster.Save(o.ConfigDir, labcluster.Record{Server: server, CASHA256: labcluster.CASum(ca)}); err != nil {
		t.Fatal(err)
	}
	writeKubeconfig(t, labcluster.KubeconfigPath(o.ConfigDir), labcluster.Context, "https://localhost:6443/", ca, "")
	tg, err := Resolve(o)
	if err != nil {
		t.Fatal(err)
	}
	if tg.Backend != BackendKind || tg.Context != labcluster.Context {
		t.Errorf("backend %s context %s, want kind and %s", tg.Backend, tg.Context, labcluster.Context)
	}
	// The lab's kubeconfig named explicitly is still the lab's cluster.
	tg, err = Resolve(Options{Kubeconfig: labcluster.KubeconfigPath(o.ConfigDir), ConfigDir: o.ConfigDir, CacheDir: o.CacheDir})
	if err != nil || tg.Backend != BackendKind {
		t.Errorf("explicit lab kubeconfig: backend %v, err %v; want kind", tg, err)
	}
}

func TestGuardedConfigRefusesRequestsToAnyOtherServer(t *testing.T) {
	allowed, other := newDecoy(t), newDecoy(t)
	file := filepath.Join(t.TempDir(), "mine.kubeconfig")
	writeKubeconfig(t, file, "mine", allowed.URL, nil, "")
	o := dirs(t)
	o.Kubeconfig = file
	tg, err := Resolve(o)
	if err != nil {
		t.Fatal(err)
	}
	if tg.Backend != BackendExisting {
		t.Errorf("backend %s, want existing", tg.Backend)
	}

	cfg := tg.RESTConfig()
	cs := kubernetes.NewForConfigOrDie(cfg)
	if _, err := cs.CoreV1().Pods("x").List(t.Context(), metav1.ListOptions{}); err != nil {
		t.Fatalf("the named cluster itself was refused: %v", err)
	}
	if allowed.hits.Load() == 0 {
		t.Error("the named cluster received no request")
	}

	cfg = tg.RESTConfig()
	cfg.Host = other.URL
	cs = kubernetes.NewForConfigOrDie(cfg)
	_, err = cs.CoreV1().Pods("x").List(t.Context(), metav1.ListOptions{})
	if !errors.Is(err, ErrRefused) {
		t.Errorf("a request to another server gave %v, want ErrRefused", err)
	}
	other.mustBeUntouched(t)
}

func TestAContextThatDoesNotExistIsNamedWithTheOnesThatDo(t *testing.T) {
	file := filepath.Join(t.TempDir(), "k.kubeconfig")
	writeKubeconfig(t, file, "alpha", "https://127.0.0.1:1", nil, "")
	o := dirs(t)
	o.Kubeconfig, o.Context = file, "beta"
	_, err := Resolve(o)
	if err == nil || !strings.Contains(err.Error(), `no context "beta"`) || !strings.Contains(err.Error(), "alpha") {
		t.Errorf("error %v, want one naming beta as missing and alpha as present", err)
	}
}

func TestEnvSetsTheNamespaceInAnOverlayAndNeverWritesTheLearnersFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "learner.kubeconfig")
	writeKubeconfig(t, file, "work", "https://127.0.0.1:7443", nil, "team-a")
	before, _ := os.ReadFile(file)
	o := dirs(t)
	o.Kubeconfig = file
	tg, err := Resolve(o)
	if err != nil {
		t.Fatal(err)
	}
	env, err := tg.Env("lesson-07")
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(file)
	if !bytes.Equal(before, after) {
		t.Error("the learner's kubeconfig was rewritten")
	}
	rules := &clientcmd.ClientConfigLoadingRules{Precedence: filepath.SplitList(env.Kubeconfig)}
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{})
	ns, _, err := cc.Namespace()
	if err != nil || ns != "lesson-07" {
		t.Errorf("namespace %q (%v), want lesson-07", ns, err)
	}
	cfg, err := cc.ClientConfig()
	if err != nil || cfg.Host != "https://127.0.0.1:7443" || cfg.BearerToken != "secret-work" {
		t.Errorf("KUBECONFIG reaches %v (%v), want the learner's server and credentials", cfg, err)
	}
	if env.Kubeconfig != env.Overlay {
		t.Errorf("KUBECONFIG is %q, want the overlay alone", env.Kubeconfig)
	}
	if info, err := os.Stat(env.Overlay); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the overlay, which holds the context's credentials, has mode %v (%v), want 0600", info.Mode().Perm(), err)
	}
	link, err := os.Readlink(filepath.Join(env.BinDir, "kubectl"))
	exe, _ := os.Executable()
	if err != nil || link != exe {
		t.Errorf("kubectl link %q (%v), want %q", link, err, exe)
	}
	vars := strings.Join(env.Vars(), "\n")
	for _, want := range []string{"KUBECONFIG=" + env.Kubeconfig, "PATH=" + env.BinDir + string(filepath.ListSeparator), EnvServer + "=https://127.0.0.1:7443", EnvNamespace + "=lesson-07"} {
		if !strings.Contains(vars, want) {
			t.Errorf("Vars lacks %q:\n%s", want, vars)
		}
	}
	if def, err := tg.Env(""); err != nil || def.Namespace != "team-a" {
		t.Errorf("without a lesson the namespace is %v (%v), want the context's team-a", def, err)
	}
}

func TestNodesNeedTheKindBackend(t *testing.T) {
	file := filepath.Join(t.TempDir(), "k.kubeconfig")
	writeKubeconfig(t, file, "work", "https://127.0.0.1:7443", nil, "")
	o := dirs(t)
	o.Kubeconfig = file
	tg, err := Resolve(o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tg.Nodes(); !errors.Is(err, ErrNeedsKind) || !strings.Contains(err.Error(), "kubelab up") {
		t.Errorf("Nodes on an existing cluster: %v, want ErrNeedsKind saying what to do", err)
	}
}

func TestServersAreComparedByTheirCanonicalForm(t *testing.T) {
	same := [][2]string{
		{"https://127.0.0.1:6443", "https://127.0.0.1:6443/"},
		{"https://localhost:6443", "https://127.0.0.1:6443"},
		{"https://Example.org", "https://example.org:443"},
		{"127.0.0.1:6443", "https://127.0.0.1:6443"},
	}
	for _, p := range same {
		a, _ := canonicalHost(p[0])
		b, _ := canonicalHost(p[1])
		if a != b {
			t.Errorf("%s and %s differ: %s vs %s", p[0], p[1], a, b)
		}
	}
	a, _ := canonicalHost("https://127.0.0.1:6443")
	b, _ := canonicalHost("http://127.0.0.1:6443")
	if a == b {
		t.Error("http and https compare equal")
	}
}

func TestResetNamespaceRemovesALessonsObjects(t *testing.T) {
	c, _ := testcluster.Namespace(t)
	o := dirs(t)
	o.Kubeconfig = c.Kubeconfig()
	tg, err := Resolve(o)
	if err != nil {
		t.Fatal(err)
	}
	cfg := tg.RESTConfig()
	cs := kubernetes.NewForConfigOrDie(cfg)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	ns := "reset-" + strings.ToLower(strings.ReplaceAll(time.Now().Format("150405.000000"), ".", ""))
	t.Cleanup(func() { cs.CoreV1().Namespaces().Delete(context.Background(), ns, metav1.DeleteOptions{}) })

	if err := EnsureNamespace(ctx, cfg, ns); err != nil {
		t.Fatal(err)
	}
	if err := EnsureNamespace(ctx, cfg, ns); err != nil {
		t.Fatalf("a second EnsureNamespace failed: %v", err)
	}
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "left-over"}, Data: map[string]string{"a": "b"}}
	if _, err := cs.CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := ResetNamespace(ctx, cfg, ns); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CoreV1().ConfigMaps(ns).Get(ctx, "left-over", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("the lesson's ConfigMap after reset: %v, want NotFound", err)
	}
	got, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if err != nil || got.Labels[ManagedByLabel] != ManagedByValue || got.DeletionTimestamp != nil {
		t.Errorf("namespace after reset: %v (%v), want it back, labelled, not terminating", got, err)
	}
}

func TestResetRefusesNamespacesTheLabDidNotCreate(t *testing.T) {
	c, ns := testcluster.Namespace(t) // created by the test harness, unlabelled
	o := dirs(t)
	o.Kubeconfig = c.Kubeconfig()
	tg, err := Resolve(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{ns, "kube-system", "default"} {
		if err := ResetNamespace(t.Context(), tg.RESTConfig(), name); !errors.Is(err, ErrRefused) {
			t.Errorf("reset %s: %v, want ErrRefused", name, err)
		}
	}
	if _, err := kubernetes.NewForConfigOrDie(tg.RESTConfig()).CoreV1().Namespaces().Get(t.Context(), ns, metav1.GetOptions{}); err != nil {
		t.Errorf("the refused namespace is gone: %v", err)
	}
}

func TestAContextsNamespaceMustBeANamespaceNameBeforeItNamesAFile(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "crafted.kubeconfig")
	writeKubeconfig(t, file, "work", "https://127.0.0.1:7443", nil, "../../../escaped")
	o := Options{ConfigDir: filepath.Join(base, "config"), CacheDir: filepath.Join(base, "cache")}
	o.Kubeconfig = file
	tg, err := Resolve(o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tg.Env(""); err == nil || !strings.Contains(err.Error(), "not a namespace name") {
		t.Errorf("Env: %v, want a refusal", err)
	}
	if _, err := tg.Env("UPPER/case"); err == nil {
		t.Error("Env accepted a namespace with a slash")
	}
	matches, _ := filepath.Glob(filepath.Join(base, "*escaped*"))
	more, _ := filepath.Glob(filepath.Join(filepath.Dir(base), "*escaped*"))
	if len(matches)+len(more) > 0 {
		t.Errorf("files written outside the config folder: %v %v", matches, more)
	}
}

func TestWithAnExistingClusterOnlyTheNamedContextIsExposed(t *testing.T) {
	file := filepath.Join(t.TempDir(), "two.kubeconfig")
	cfg := clientcmdapi.NewConfig()
	for _, name := range []string{"dev", "prod"} {
		cfg.Clusters["c-"+name] = &clientcmdapi.Cluster{Server: "https://127.0.0.1:7443"}
		cfg.AuthInfos["u-"+name] = &clientcmdapi.AuthInfo{Token: "secret-" + name}
		cfg.Contexts[name] = &clientcmdapi.Context{Cluster: "c-" + name, AuthInfo: "u-" + name}
	}
	cfg.CurrentContext = "prod"
	if err := clientcmd.WriteToFile(*cfg, file); err != nil {
		t.Fatal(err)
	}
	o := dirs(t)
	o.Kubeconfig, o.Context = file, "dev"
	tg, err := Resolve(o)
	if err != nil {
		t.Fatal(err)
	}
	env, err := tg.Env("lesson")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := (&clientcmd.ClientConfigLoadingRules{Precedence: filepath.SplitList(env.Kubeconfig)}).Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(raw.Contexts) != 1 || raw.Contexts[OverlayContext] == nil || len(raw.AuthInfos) != 1 || raw.AuthInfos["u-dev"] == nil {
		t.Errorf("KUBECONFIG exposes contexts %v and users %v; want only %s with u-dev", slices.Collect(maps.Keys(raw.Contexts)), slices.Collect(maps.Keys(raw.AuthInfos)), OverlayContext)
	}
	data, _ := os.ReadFile(env.Overlay)
	if strings.Contains(string(data), "secret-prod") {
		t.Error("the overlay holds another context's credentials")
	}
}
