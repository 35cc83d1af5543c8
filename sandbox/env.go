package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"kubelab/internal/atomicfile"
)

// Environment variables the lab sets for the commands it runs. The embedded
// kubectl reads EnvServer and EnvCASHA256 to refuse any other cluster, even
// when the learner passes --context or --server of their own.
const (
	EnvServer    = "KUBELAB_SERVER"
	EnvCASHA256  = "KUBELAB_CA_SHA256"
	EnvNamespace = "KUBELAB_NAMESPACE"
	EnvBackend   = "KUBELAB_BACKEND"
)

// OverlayContext is the context the lab's kubeconfig overlay adds and makes
// current; it points at the target's cluster and user with the lesson's
// namespace.
const OverlayContext = "kubelab"

// Env is the environment lesson commands run in: KUBECONFIG is one small
// kubeconfig holding only the target's context (renamed OverlayContext, with
// the lesson's namespace), so no other context of the learner's files is
// within reach, and the learner's files are never written; PATH starts with
// a folder whose `kubectl` is kubelab itself.
type Env struct {
	Target    *Target
	Namespace string
	// Kubeconfig is the KUBECONFIG value: the overlay alone.
	Kubeconfig string
	// Overlay is the overlay kubeconfig file. It holds a copy of the
	// context's credentials, readable by its owner only.
	Overlay string
	// BinDir holds the `kubectl` link to this executable.
	BinDir string
	// KubeCacheDir is kubectl's discovery and HTTP cache.
	KubeCacheDir string
}

// Env writes the overlay kubeconfig for namespace (empty: the context's own
// namespace, else "default") and the kubectl link, and returns the
// environment. Call it again when the namespace changes.
func (t *Target) Env(namespace string) (*Env, error) {
	if namespace == "" {
		namespace = t.Namespace
	}
	if namespace == "" {
		namespace = "default"
	}
	// The namespace may come from anyone's kubeconfig and names a file.
	if errs := validation.IsDNS1123Label(namespace); len(errs) > 0 {
		return nil, fmt.Errorf("namespace %q is not a namespace name (%s): name another with --namespace, or fix the context's namespace", namespace, errs[0])
	}
	overlay, err := t.writeOverlay(namespace)
	if err != nil {
		return nil, err
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find kubelab's own executable for the kubectl link: %w", err)
	}
	bin, err := EnsureBinDir(filepath.Join(t.cacheDir, "bin"), exe)
	if err != nil {
		return nil, err
	}
	return &Env{
		Target:       t,
		Namespace:    namespace,
		Kubeconfig:   overlay,
		Overlay:      overlay,
		BinDir:       bin,
		KubeCacheDir: filepath.Join(t.cacheDir, "kube"),
	}, nil
}

func (t *Target) writeOverlay(namespace string) (string, error) {
	id := sha256.Sum256([]byte(string(t.Backend) + "\x00" + t.Context + "\x00" + strings.Join(t.Files, "\x00")))
	dir := filepath.Join(t.configDir, sessionsDir)
	path := filepath.Join(dir, fmt.Sprintf("%s-%s.kubeconfig", namespace, hex.EncodeToString(id[:4])))
	cfg := clientcmdapi.NewConfig()
	cfg.CurrentContext = OverlayContext
	cfg.Contexts[OverlayContext] = &clientcmdapi.Context{Cluster: t.cluster, AuthInfo: t.user, Namespace: namespace}
	if t.raw != nil {
		// Only the target's own cluster and user: the other contexts of the
		// learner's files stay out of the lab's reach.
		if c, ok := t.raw.Clusters[t.cluster]; ok {
			cfg.Clusters[t.cluster] = c
		}
		if u, ok := t.raw.AuthInfos[t.user]; ok {
			cfg.AuthInfos[t.user] = u
		}
	}
	data, err := clientcmd.Write(*cfg)
	if err != nil {
		return "", fmt.Errorf("write the lab kubeconfig overlay: %w", err)
	}
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("write the lab kubeconfig overlay: %w", err)
	}
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return "", fmt.Errorf("write the lab kubeconfig overlay: %w", err)
	}
	return path, nil
}

// sessionsDir is the folder of the config folder holding the overlays.
const sessionsDir = "sessions"

// overlayRE is an overlay's file name: namespace, a dash, eight hex digits.
var overlayRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?-[0-9a-f]{8}\.kubeconfig$`)

// EnsureBinDir makes dir hold a `kubectl` symlink to exe (kubelab, which runs
// as kubectl when invoked by that name) and returns dir.
func EnsureBinDir(dir, exe string) (string, error) {
	link := filepath.Join(dir, "kubectl")
	if cur, err := os.Readlink(link); err == nil && cur == exe {
		return dir, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("make the lab's bin folder: %w", err)
	}
	tmp := fmt.Sprintf("%s.tmp-%d", link, os.Getpid())
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("link kubectl to kubelab: %w", err)
	}
	if err := os.Symlink(exe, tmp); err != nil {
		return "", fmt.Errorf("link kubectl to kubelab: %w", err)
	}
	if err := os.Rename(tmp, link); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("link kubectl to kubelab: %w", err)
	}
	return dir, nil
}

// Vars returns the variables to add to a command's environment (runner
// Spec.Env): KUBECONFIG, PATH with BinDir first, kubectl's cache folder, and
// the guard's server for the embedded kubectl.
func (e *Env) Vars() []string {
	path := e.BinDir
	if p := os.Getenv("PATH"); p != "" {
		path += string(filepath.ListSeparator) + p
	}
	return []string{
		"KUBECONFIG=" + e.Kubeconfig,
		"PATH=" + path,
		"KUBECACHEDIR=" + e.KubeCacheDir,
		EnvServer + "=" + e.Target.Guard.Server,
		EnvCASHA256 + "=" + e.Target.Guard.CASHA256,
		EnvNamespace + "=" + e.Namespace,
		EnvBackend + "=" + string(e.Target.Backend),
	}
}

// EnvShell is set in `kubelab shell`, besides Env.Vars.
const EnvShell = "KUBELAB_SHELL"

// GuardFromEnv returns the guard a process started with Env.Vars must obey,
// and whether it is inside the lab's environment at all. Any one of the
// variables Env.Vars sets, or a KUBECONFIG naming one of the lab's overlays,
// means inside: unsetting a single variable does not lift the guard. Inside
// without EnvServer, the guard refuses every cluster and says why.
func GuardFromEnv(getenv func(string) string) (Guard, bool) {
	server := getenv(EnvServer)
	if server != "" {
		return Guard{Server: server, CASHA256: getenv(EnvCASHA256), What: "the lab's cluster for this shell", Hint: insideHint}, true
	}
	inside := false
	for _, name := range []string{EnvCASHA256, EnvNamespace, EnvBackend, EnvShell} {
		inside = inside || getenv(name) != ""
	}
	for _, f := range filepath.SplitList(getenv("KUBECONFIG")) {
		inside = inside || filepath.Base(filepath.Dir(f)) == sessionsDir && overlayRE.MatchString(filepath.Base(f))
	}
	if !inside {
		return Guard{}, false
	}
	return Guard{Reason: "this is the lab's environment (a lab shell or a lesson command), but " + EnvServer +
		" is not set, so no cluster is allowed: leave the lab shell (exit) to use another cluster"}, true
}

const insideHint = "in the lab's environment (a lab shell or a lesson command) this holds " +
	"whatever --kubeconfig, --context or --server say; leave the lab shell (exit) to use another cluster"

// checkInsideEnv refuses t when this process runs inside the lab's
// environment for another cluster: there, kubelab's own --kubeconfig and
// --context are held to the lab's guard, like kubectl's.
func checkInsideEnv(t *Target, getenv func(string) string) error {
	g, inside := GuardFromEnv(getenv)
	if !inside {
		return nil
	}
	return g.Check(t.rest)
}
