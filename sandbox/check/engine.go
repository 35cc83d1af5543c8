// Package check evaluates a lesson step's declarative checks against a live
// cluster and explains every verdict with what it expected and what it saw,
// in the learner's language.
//
// An Engine talks to one cluster through client-go's dynamic client and a
// discovery-backed REST mapper, so a check may name any resource the cluster
// serves, CRDs included. Opening a step (Engine.Open) captures what "since
// the step opened" means for it: the values `changed` checks compare with
// and the events that already happened. A Session then evaluates the step's
// checks once (Evaluate) or keeps evaluating them while the step is open
// (Watch), driven by watch events on the resources its checks read and a
// short poll with backoff.
//
// Transient API errors are retried and never reported as a failed check; a
// cluster that cannot be reached is one error on the Report, not a failure
// per check. Commands (the `command` check kind) run through a CommandRunner
// on the host and a NodeExecer inside kind's nodes, which the sandbox
// provides.
package check

import (
	"context"
	"fmt"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
)

// CommandRunner runs a shell command line on the host with the lab's
// environment (KUBECONFIG, namespace, kubectl). It returns the command's exit
// code and its combined output; err is for a command that could not be run
// at all, not for a non-zero exit.
type CommandRunner interface {
	Run(ctx context.Context, command string) (exitCode int, output string, err error)
}

// NodeExecer runs a shell command line inside one of kind's nodes.
type NodeExecer interface {
	Exec(ctx context.Context, node, command string) (exitCode int, output string, err error)
}

// Config is what an Engine needs.
type Config struct {
	// REST reaches the cluster. When it sets no client-side rate limit the
	// engine uses none: checks are bursts of small reads, Watch already
	// bounds how often they run (debounce, poll with backoff), and the API
	// server's own priority and fairness protects it.
	REST *rest.Config
	// Runner runs `command` checks on the host; nil makes them errors.
	Runner CommandRunner
	// Nodes runs `command` checks with `on: node`; nil (any cluster but the
	// lab's kind cluster) makes them report that they need kind.
	Nodes NodeExecer
	// Retry governs transient API errors; zero values take the defaults.
	Retry Retry
	// Concurrency bounds how many checks of a step are evaluated at once
	// (default 4).
	Concurrency int
}

// Engine evaluates checks against one cluster. It is safe for concurrent use.
type Engine struct {
	cfg    Config
	rest   *rest.Config
	dyn    dynamic.Interface
	disco  discovery.DiscoveryInterface
	mapper *restmapper.DeferredDiscoveryRESTMapper
	expand meta.RESTMapper

	mu        sync.Mutex
	resolved  map[string]apiResource
	lastReset time.Time
}

// resource is a query's resource resolved against the cluster's discovery.
type apiResource struct {
	GVR        schema.GroupVersionResource
	Kind       string
	Namespaced bool
}

// NewEngine connects an engine to the cluster in cfg.REST. It does not
// contact the cluster yet.
func NewEngine(cfg Config) (*Engine, error) {
	if cfg.REST == nil {
		return nil, fmt.Errorf("check engine: no cluster configuration")
	}
	rc := rest.CopyConfig(cfg.REST)
	if rc.QPS == 0 && rc.RateLimiter == nil {
		rc.QPS = -1
	}
	dyn, err := dynamic.NewForConfig(rc)
	if err != nil {
		return nil, fmt.Errorf("check engine: dynamic client: %w", err)
	}
	dc, err := discovery.NewDiscoveryClientForConfig(rc)
	if err != nil {
		return nil, fmt.Errorf("check engine: discovery client: %w", err)
	}
	cached := memory.NewMemCacheClient(dc)
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(cached)
	cfg.Retry = cfg.Retry.withDefaults()
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	return &Engine{
		cfg:      cfg,
		rest:     rc,
		dyn:      dyn,
		disco:    dc,
		mapper:   mapper,
		expand:   restmapper.NewShortcutExpander(mapper, cached, nil),
		resolved: map[string]apiResource{},
	}, nil
}

// Host is the API server's address, for messages.
func (e *Engine) Host() string { return e.rest.Host }

// resolve maps a resource as kubectl names it ("pods", "deploy",
// "deployments.apps", "cronjobs.v1.batch", a CRD's plural) to what the
// cluster serves. A name the cluster does not know yet refreshes discovery
// once (a CRD may have been installed since), at most every few seconds.
func (e *Engine) resolve(ctx context.Context, name string) (apiResource, error) {
	e.mu.Lock()
	r, ok := e.resolved[name]
	e.mu.Unlock()
	if ok {
		return r, nil
	}
	var err error
	err = e.retry(ctx, func() error {
		r, err = e.lookup(name)
		if meta.IsNoMatchError(err) {
			e.mu.Lock()
			fresh := time.Since(e.lastReset) < 2*time.Second
			if !fresh {
				e.lastReset = time.Now()
			}
			e.mu.Unlock()
			if !fresh {
				e.mapper.Reset()
				r, err = e.lookup(name)
			}
		}
		return err
	})
	if err != nil {
		if meta.IsNoMatchError(err) {
			return apiResource{}, &unknownResourceError{name: name, err: err}
		}
		return apiResource{}, err
	}
	e.mu.Lock()
	e.resolved[name] = r
	e.mu.Unlock()
	return r, nil
}

func (e *Engine) lookup(name string) (apiResource, error) {
	full, gr := schema.ParseResourceArg(name)
	var gvk schema.GroupVersionKind
	var err error
	if full != nil {
		gvk, err = e.expand.KindFor(*full)
	}
	if full == nil || gvk.Empty() {
		gvk, err = e.expand.KindFor(gr.WithVersion(""))
	}
	if err != nil {
		return apiResource{}, err
	}
	m, err := e.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return apiResource{}, err
	}
	return apiResource{
		GVR:        m.Resource,
		Kind:       gvk.Kind,
		Namespaced: m.Scope.Name() == meta.RESTScopeNameNamespace,
	}, nil
}

type unknownResourceError struct {
	name string
	err  error
}

func (e *unknownResourceError) Error() string {
	return fmt.Sprintf("the cluster serves no resource %q: %v", e.name, e.err)
}
func (e *unknownResourceError) Unwrap() error { return e.err }
