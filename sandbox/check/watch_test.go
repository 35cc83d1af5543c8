package check

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"kubelab/lessons"
)

func TestWatchReportsTheMomentTheClusterIsRightAndOnlyOnChange(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	s := openStep(t, e, env.ns, &lessons.Check{ID: "cm", Kind: lessons.KindExists, Query: lessons.Query{Resource: "configmaps", Name: "settings"}})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// A poll far longer than the test: only watch events can drive it.
	reports := s.WatchWith(ctx, nil, WatchTiming{MinPoll: time.Hour, Debounce: 20 * time.Millisecond})
	next := func(within time.Duration) (Report, bool) {
		select {
		case r := <-reports:
			return r, true
		case <-time.After(within):
			return Report{}, false
		}
	}
	first, ok := next(10 * time.Second)
	if !ok || first.Passed() {
		t.Fatalf("first report: %v, passed %v; want a failing one at once", ok, first.Passed())
	}
	time.Sleep(300 * time.Millisecond) // let the watch start
	create := func(name string) {
		cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}}
		if _, err := env.cs.CoreV1().ConfigMaps(env.ns).Create(t.Context(), cm, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	create("settings")
	got, ok := next(5 * time.Second)
	if !ok || !got.Passed() {
		t.Fatalf("no passing report within 5s of the change (got %v)", ok)
	}
	t.Logf("turned green %v after the change", time.Since(start))
	create("unrelated") // an event, a re-evaluation, the same outcome: nothing sent
	if r, ok := next(time.Second); ok {
		t.Fatalf("a report that did not change was sent again: %+v", r.Results)
	}
	cancel()
	for range reports {
	}
}

func TestWatchRefreshEvaluatesAQuizAnswerAtOnce(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	s := openStep(t, e, env.ns, &lessons.Check{ID: "pick", Kind: lessons.KindQuiz, Answer: &lessons.Answer{Literal: "b"}})
	var answer atomic.Value
	answer.Store("")
	reports := s.WatchWith(t.Context(), func() map[string]string {
		return map[string]string{lessons.AnswerKey("step", "pick"): answer.Load().(string)}
	}, WatchTiming{MinPoll: time.Hour})
	if r := <-reports; r.Passed() {
		t.Fatal("passed before an answer")
	}
	answer.Store("b")
	s.Refresh()
	select {
	case r := <-reports:
		if !r.Passed() {
			t.Fatalf("after the right answer: %s", r.Results[0].Message("en"))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Refresh did not re-evaluate")
	}
}

// faultyTransport fails the first requests for a path: a 503, then a reset
// connection; later ones go through.
type faultyTransport struct {
	next   http.RoundTripper
	path   string
	faults int32
	calls  atomic.Int32
}

func (f *faultyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.Contains(req.URL.Path, f.path) {
		return f.next.RoundTrip(req)
	}
	n := f.calls.Add(1)
	switch {
	case n > f.faults:
		return f.next.RoundTrip(req)
	case n%2 == 1:
		body := `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"the server is shutting down","reason":"ServiceUnavailable","code":503}`
		return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable", Proto: "HTTP/1.1",
			Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
	default:
		return nil, fmt.Errorf("read tcp: %w", syscall.ECONNRESET)
	}
}

func TestTransientAPIErrorsAreRetriedNotShownAsFailures(t *testing.T) {
	env := newTestEnv(t)
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "settings"}}
	if _, err := env.cs.CoreV1().ConfigMaps(env.ns).Create(t.Context(), cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	check := &lessons.Check{ID: "cm", Kind: lessons.KindExists, Query: lessons.Query{Resource: "configmaps", Name: "settings"}}

	for _, c := range []struct {
		faults   int32
		attempts int
		pass     bool
	}{
		{faults: 3, attempts: 4, pass: true},   // a 503, a reset, a 503, then through
		{faults: 10, attempts: 3, pass: false}, // still failing after three tries
	} {
		faulty := &faultyTransport{path: "/configmaps", faults: c.faults}
		cfg := *env.rest
		cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper { faulty.next = rt; return faulty }
		e := newEngine(t, testEnv{rest: &cfg, kubeconfig: env.kubeconfig}, Config{Retry: Retry{Attempts: c.attempts, Delay: 10 * time.Millisecond}})
		s := openStep(t, e, env.ns, check)
		rep := s.Evaluate(t.Context(), nil)
		r := rep.Results[0]
		// client-go itself retries a reset connection on a GET, so count
		// requests rather than tries.
		got := faulty.calls.Load()
		if c.pass {
			if got != c.faults+1 {
				t.Errorf("%d faults: %d requests, want %d", c.faults, got, c.faults+1)
			}
			if !r.Pass || r.Err != nil {
				t.Errorf("%d faults with %d tries: pass=%v err=%v, want a pass", c.faults, c.attempts, r.Pass, r.Err)
			}
			continue
		}
		if got < int32(c.attempts) {
			t.Errorf("%d faults: only %d requests for %d tries", c.faults, got, c.attempts)
		}
		// Out of tries: the check could not be evaluated, which is not a
		// verdict on the learner's work.
		if r.Pass || r.Err == nil || !strings.HasPrefix(r.Message("en"), "could not check:") {
			t.Errorf("out of tries: pass=%v err=%v message %q", r.Pass, r.Err, r.Message("en"))
		}
	}
}
