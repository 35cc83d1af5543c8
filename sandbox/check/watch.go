package check

import (
	"context"
	"errors"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/watch"

	"kubelab/lessons"
)

// WatchTiming tunes Watch; zero values take the defaults.
type WatchTiming struct {
	// Debounce gathers a burst of watch events into one evaluation
	// (default 100ms).
	Debounce time.Duration
	// MinPoll and MaxPoll bound the poll that runs beside the watches: it
	// starts at MinPoll, doubles while nothing changes and drops back to
	// MinPoll on any change (defaults 1s and 10s; 30s when every check is
	// driven by watches).
	MinPoll, MaxPoll time.Duration
}

func (t WatchTiming) withDefaults(allWatched bool) WatchTiming {
	if t.Debounce <= 0 {
		t.Debounce = 100 * time.Millisecond
	}
	if t.MinPoll <= 0 {
		t.MinPoll = time.Second
	}
	if t.MaxPoll <= 0 {
		t.MaxPoll = 10 * time.Second
		if allWatched {
			t.MaxPoll = 30 * time.Second
		}
	}
	if t.MaxPoll < t.MinPoll {
		t.MaxPoll = t.MinPoll
	}
	return t
}

// Refresh asks a running Watch to evaluate again now, for example after the
// learner answered a quiz or ran a command.
func (s *Session) Refresh() {
	select {
	case s.poke <- struct{}{}:
	default:
	}
}

// Watch evaluates the step's checks now and again whenever the resources
// they read change (watch events) or a short poll comes due, and sends a
// Report each time the outcome differs from the last one sent (the first is
// always sent). answers is called before every evaluation for the learner's
// current quiz answers. The channel closes when ctx ends.
func (s *Session) Watch(ctx context.Context, answers func() map[string]string) <-chan Report {
	return s.WatchWith(ctx, answers, WatchTiming{})
}

// WatchWith is Watch with its timing tuned.
func (s *Session) WatchWith(ctx context.Context, answers func() map[string]string, timing WatchTiming) <-chan Report {
	out := make(chan Report)
	targets, allWatched := s.watchTargets(ctx)
	timing = timing.withDefaults(allWatched)
	changes := make(chan struct{}, 1)
	signal := func() {
		select {
		case changes <- struct{}{}:
		default:
		}
	}
	for _, t := range targets {
		go s.e.watchResource(ctx, t, signal)
	}
	go func() {
		defer close(out)
		var last string
		poll := timing.MinPoll
		timer := time.NewTimer(0)
		defer timer.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-timer.C:
			case <-changes:
				poll = timing.MinPoll
				if !sleep(ctx, timing.Debounce) {
					return
				}
				drain(changes)
			case <-s.poke:
				poll = timing.MinPoll
			}
			var a map[string]string
			if answers != nil {
				a = answers()
			}
			rep := s.Evaluate(ctx, a)
			if ctx.Err() != nil {
				return
			}
			if key := reportKey(rep); key != last || last == "" {
				last = key
				poll = timing.MinPoll
				select {
				case out <- rep:
				case <-ctx.Done():
					return
				}
			} else {
				poll = min(poll*2, timing.MaxPoll)
			}
			if !timer.Stop() {
				select {
				case <-timer.C:
				default:
				}
			}
			timer.Reset(poll)
		}
	}()
	return out
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func drain(c chan struct{}) {
	select {
	case <-c:
	default:
	}
}

// reportKey is what makes two reports the same to the learner.
func reportKey(r Report) string {
	key := ""
	if r.Err != nil {
		key = "unreachable\x00"
	}
	for _, res := range r.Results {
		key += res.Check + "\x00"
		if res.Pass {
			key += "pass"
		}
		if res.Err != nil {
			key += "err " + res.Err.Error()
		}
		key += "\x00" + res.Expected.Text("en") + "\x00" + res.Observed.Text("en") + "\x01"
	}
	return key
}

// watchTarget is one resource in one namespace ("" for cluster-scoped) that
// a step's checks read.
type watchTarget struct {
	gvr schema.GroupVersionResource
	ns  string
}

// watchSet gathers the resources a step's checks read, each once.
type watchSet struct {
	ctx  context.Context
	s    *Session
	seen map[watchTarget]bool
	out  []watchTarget
	// unresolved is set when a query names a resource the cluster does not
	// serve yet (a CRD the step installs): only a poll finds it.
	unresolved bool
}

func (w *watchSet) add(t watchTarget) {
	if !w.seen[t] {
		w.seen[t] = true
		w.out = append(w.out, t)
	}
}

// query watches the resource q reads, in q's namespace.
func (w *watchSet) query(q lessons.Query) {
	res, err := w.s.e.resolve(w.ctx, q.Resource)
	if err != nil {
		w.unresolved = true
		return
	}
	t := watchTarget{gvr: res.GVR}
	if res.Namespaced {
		t.ns = queryNamespace(q, w.s.ns)
	}
	w.add(t)
}

// events watches the events in q's namespace.
func (w *watchSet) events(q lessons.Query) {
	w.add(watchTarget{gvr: eventsGVR, ns: queryNamespace(q, w.s.ns)})
}

// watchTargets lists what to watch, as each check's kind says; allWatched
// is false when some check can only be polled.
func (s *Session) watchTargets(ctx context.Context) ([]watchTarget, bool) {
	w := &watchSet{ctx: ctx, s: s, seen: map[watchTarget]bool{}}
	allWatched := true
	for _, c := range s.step.Checks {
		k := kindOf(c.Kind)
		if k == nil || !k.watch(c, w) {
			allWatched = false
		}
	}
	return w.out, allWatched && !w.unresolved
}

// watchResource signals every change to one resource until ctx ends,
// re-establishing the watch with backoff when it breaks.
func (e *Engine) watchResource(ctx context.Context, t watchTarget, signal func()) {
	client := e.dyn.Resource(t.gvr).Namespace(t.ns)
	backoff := time.Second
	rv := ""
	for ctx.Err() == nil {
		if rv == "" {
			list, err := client.List(ctx, metav1.ListOptions{Limit: 1})
			if err != nil {
				if !sleep(ctx, backoff) {
					return
				}
				backoff = min(backoff*2, 30*time.Second)
				continue
			}
			rv = list.GetResourceVersion()
		}
		w, err := client.Watch(ctx, metav1.ListOptions{ResourceVersion: rv, AllowWatchBookmarks: true})
		if err != nil {
			if apierrors.IsGone(err) || apierrors.IsResourceExpired(err) {
				rv = ""
				signal()
				continue
			}
			if !sleep(ctx, backoff) {
				return
			}
			backoff = min(backoff*2, 30*time.Second)
			continue
		}
		backoff = time.Second
		rv = e.consume(ctx, w, rv, signal)
	}
}

// consume reads one watch until it ends and returns the resource version to
// resume from ("" to list again).
func (e *Engine) consume(ctx context.Context, w watch.Interface, rv string, signal func()) string {
	defer w.Stop()
	for {
		select {
		case <-ctx.Done():
			return rv
		case ev, ok := <-w.ResultChan():
			if !ok {
				return rv
			}
			switch ev.Type {
			case watch.Error:
				err := apierrors.FromObject(ev.Object)
				var status apierrors.APIStatus
				if errors.As(err, &status) && (apierrors.IsGone(err) || apierrors.IsResourceExpired(err)) {
					signal() // events may have been missed
					return ""
				}
				return rv
			case watch.Bookmark:
				if m, err := metaAccessor(ev.Object); err == nil {
					rv = m
				}
			default:
				if m, err := metaAccessor(ev.Object); err == nil {
					rv = m
				}
				signal()
			}
		}
	}
}

func metaAccessor(o runtime.Object) (string, error) {
	m, err := meta.Accessor(o)
	if err != nil {
		return "", err
	}
	return m.GetResourceVersion(), nil
}
