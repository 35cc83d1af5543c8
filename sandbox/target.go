// Package sandbox is the lab's contact with a cluster. It decides which
// cluster the lab may touch (a Target), and hands out only guarded ways to
// reach it: a *rest.Config whose requests are refused unless they go to that
// cluster's API server, and an Env (KUBECONFIG, namespace, a PATH whose
// `kubectl` is kubelab itself) for the commands the learner runs.
//
// Two backends exist. The default is the lab's own kind cluster, created by
// `kubelab up` (package sandbox/kind), whose kubeconfig lives in the lab's
// config folder and whose API server is recorded there (package
// sandbox/labcluster); the learner's KUBECONFIG and ~/.kube/config are never
// read for it. The other, "existing", is a context the learner names
// explicitly with --kubeconfig and/or --context. Either way the server is
// fixed when the Target is resolved, and nothing else is ever contacted.
//
// Sub-packages: runner (run a command line with the lab's environment),
// kind (create, delete and inspect the kind cluster, node exec, image load,
// mirrors), kubectl (the embedded kubectl and its guard), shell (the
// learner's shell in the lab's environment), doctor (what blocks `up`),
// labcluster (the lab cluster's names and files), check (declarative
// checks). README.md explains the backends, mirrors and offline use to
// learners.
//
// The usual sequence for a caller:
//
//	t, err := sandbox.Resolve(sandbox.Options{Kubeconfig: flagKubeconfig, Context: flagContext})
//	cfg := t.RESTConfig()                        // guarded client config
//	err = sandbox.EnsureNamespace(ctx, cfg, ns)  // the lesson's namespace
//	env, err := t.Env(ns)                        // KUBECONFIG overlay, PATH, ...
//	res, err := runner.Run(ctx, env.Spec("kubectl get pods", time.Minute), onLine)
//	nodes, err := t.Nodes()                      // ErrNeedsKind on an existing cluster
//	code, out, err := nodes.Exec(ctx, "kubelab-worker", "crictl ps")
package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"kubelab/internal/xdg"
	"kubelab/sandbox/labcluster"
)

// Backend says what kind of cluster a Target is.
type Backend string

const (
	// BackendKind is the lab's own kind cluster: node shells, real
	// containers and DNS are available.
	BackendKind Backend = "kind"
	// BackendExisting is a cluster the learner named with --kubeconfig or
	// --context; lesson steps that need kind are skipped there.
	BackendExisting Backend = "existing"
)

// Options say which cluster to resolve. With neither Kubeconfig nor Context
// set, the Target is the lab's kind cluster.
type Options struct {
	// Kubeconfig is an explicit kubeconfig file (--kubeconfig).
	Kubeconfig string
	// Context is an explicit context (--context); without Kubeconfig it is
	// looked up the way kubectl would ($KUBECONFIG, then ~/.kube/config).
	Context string
	// ConfigDir is the lab's config folder; empty means xdg.ConfigDir().
	ConfigDir string
	// CacheDir is the lab's cache folder (for the kubectl link and
	// kubectl's discovery cache); empty means xdg.CacheDir().
	CacheDir string
}

// Target is one resolved cluster and the only server the lab will talk to.
type Target struct {
	// Backend is BackendKind for the lab's cluster, else BackendExisting.
	Backend Backend
	// Context is the context's name inside Files.
	Context string
	// Files are the kubeconfig files the context is read from, highest
	// precedence first.
	Files []string
	// Namespace is the context's own namespace ("" when it sets none).
	Namespace string
	// Guard is what every request is checked against.
	Guard Guard

	configDir string
	cacheDir  string
	cluster   string // the context's cluster and user names, for overlays
	user      string
	raw       *clientcmdapi.Config // the files as loaded, for the overlay
	rest      *rest.Config
}

// ErrRefused is wrapped by every error that refuses to use a cluster
// because it is not the one the lab may touch.
var ErrRefused = errors.New("refused")

// Resolve finds the cluster the options name and checks it against the
// guard. For the kind backend it fails with labcluster.ErrNoRecord when the
// lab cluster is not up, and with ErrRefused when the lab kubeconfig points
// at another server than the one recorded on `kubelab up`.
func Resolve(o Options) (*Target, error) {
	var err error
	if o.ConfigDir == "" {
		if o.ConfigDir, err = xdg.ConfigDir(); err != nil {
			return nil, err
		}
	}
	if o.CacheDir == "" {
		if o.CacheDir, err = xdg.CacheDir(); err != nil {
			return nil, err
		}
	}
	var t *Target
	if o.Kubeconfig != "" || o.Context != "" {
		t, err = resolveExisting(o)
	} else {
		t, err = resolveLab(o)
	}
	if err != nil {
		return nil, err
	}
	if err := checkInsideEnv(t, os.Getenv); err != nil {
		return nil, err
	}
	return t, nil
}

func resolveLab(o Options) (*Target, error) {
	rec, err := labcluster.Load(o.ConfigDir)
	if err != nil {
		return nil, err
	}
	path := labcluster.KubeconfigPath(o.ConfigDir)
	t, err := load(o, []string{path}, true, labcluster.Context)
	if err != nil {
		return nil, fmt.Errorf("%w: run `kubelab up` to write it again", err)
	}
	t.Backend = BackendKind
	t.Guard = Guard{Server: rec.Server, CASHA256: rec.CASHA256, What: "the lab cluster " + labcluster.Name}
	if err := t.Guard.Check(t.rest); err != nil {
		return nil, fmt.Errorf("%w; run `kubelab up` to rewrite the lab kubeconfig %s", err, path)
	}
	return t, nil
}

func resolveExisting(o Options) (*Target, error) {
	var files []string
	explicit := o.Kubeconfig != ""
	if explicit {
		abs, err := filepath.Abs(o.Kubeconfig)
		if err != nil {
			return nil, fmt.Errorf("use kubeconfig %q: %w", o.Kubeconfig, err)
		}
		files = []string{abs}
	} else {
		files = clientcmd.NewDefaultClientConfigLoadingRules().GetLoadingPrecedence()
	}
	t, err := load(o, files, explicit, o.Context)
	if err != nil {
		return nil, err
	}
	t.Backend = BackendExisting
	t.Guard = Guard{
		Server:   t.rest.Host,
		CASHA256: labcluster.CASum(caBytes(t.rest)),
		What:     fmt.Sprintf("the context %q you named", t.Context),
	}
	// The lab's own kubeconfig named explicitly is still the lab cluster.
	if rec, err := labcluster.Load(o.ConfigDir); err == nil {
		lab := Guard{Server: rec.Server, CASHA256: rec.CASHA256}
		if lab.Check(t.rest) == nil {
			t.Backend = BackendKind
		}
	}
	return t, nil
}

// load reads the files (without kubectl's migration of old kubeconfig
// locations, which could write ~/.kube/config), picks the context and builds
// its REST config. mustExist makes a missing file an error.
func load(o Options, files []string, mustExist bool, context string) (*Target, error) {
	rules := &clientcmd.ClientConfigLoadingRules{Precedence: files}
	if mustExist && len(files) == 1 {
		rules = &clientcmd.ClientConfigLoadingRules{ExplicitPath: files[0]}
	}
	where := strings.Join(files, string(filepath.ListSeparator))
	raw, err := rules.Load()
	if err != nil {
		return nil, fmt.Errorf("read kubeconfig %s: %w", where, err)
	}
	if context == "" {
		context = raw.CurrentContext
	}
	if context == "" {
		return nil, fmt.Errorf("kubeconfig %s has no current context: name one with --context (it has: %s)", where, contextNames(raw))
	}
	kctx, ok := raw.Contexts[context]
	if !ok {
		return nil, fmt.Errorf("kubeconfig %s has no context %q (it has: %s)", where, context, contextNames(raw))
	}
	if _, ok := raw.Clusters[kctx.Cluster]; !ok {
		return nil, fmt.Errorf("kubeconfig %s: context %q names cluster %q, which is not defined", where, context, kctx.Cluster)
	}
	cfg, err := clientcmd.NewNonInteractiveClientConfig(*raw, context, &clientcmd.ConfigOverrides{}, rules).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("use context %q from %s: %w", context, where, err)
	}
	return &Target{
		Context:   context,
		Files:     files,
		Namespace: kctx.Namespace,
		configDir: o.ConfigDir,
		cacheDir:  o.CacheDir,
		cluster:   kctx.Cluster,
		user:      kctx.AuthInfo,
		raw:       raw,
		rest:      cfg,
	}, nil
}

func contextNames(c *clientcmdapi.Config) string {
	if len(c.Contexts) == 0 {
		return "no contexts"
	}
	names := make([]string, 0, len(c.Contexts))
	for n := range c.Contexts {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// Server is the API server URL of the target.
func (t *Target) Server() string { return t.Guard.Server }

// RESTConfig returns a fresh copy of the target's client config, guarded:
// a request to any other host fails without leaving the process.
func (t *Target) RESTConfig() *rest.Config {
	return t.Guard.Wrap(rest.CopyConfig(t.rest))
}
