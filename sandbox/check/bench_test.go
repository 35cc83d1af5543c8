package check

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kubelab/internal/testcluster"
	"kubelab/lessons"
)

// The benchmarks compare the engine with the Killercoda way (one `kubectl
// get ... -o jsonpath` process per fact) on the same step of the built-in
// self-healing lesson, with the cluster in the state its solution leaves:
//
//	go test ./sandbox/check -run '^$' -bench 'SelfHealing' -benchtime 50x
//
// BenchmarkCheckSelfHealingStep/kubectl reports "x-engine": how many times
// slower the processes are than the engine (the sub-benchmarks run in order).
// BenchmarkCheckSelfHealingLesson reports the p50 and p90 of evaluating every
// cluster step of the lesson once.

// benchStep is the step the benchmarks check: "uncordon" reads a node, pods
// by label, field selector and condition, and a deployment's status.
const benchLesson, benchStep = "self-healing", "uncordon"

type benchEnv struct {
	cat     *lessons.Catalog
	lesson  *lessons.Lesson
	ns      string
	kc      string
	engine  *Engine
	kubectl string
}

func newBenchEnv(b *testing.B) benchEnv {
	b.Helper()
	cat, err := lessons.Builtin()
	if err != nil {
		b.Fatalf("the built-in lessons do not load: %v", err)
	}
	l := cat.Lesson(benchLesson)
	if l == nil || l.Step(benchStep) == nil {
		b.Fatalf("no step %s/%s in the built-in lessons", benchLesson, benchStep)
	}
	c, ns := testcluster.Namespace(b)
	cs := c.Clientset()
	// The state the lesson's deploy step leaves: three ready web pods.
	env := testEnv{rest: c.RESTConfig(), cs: cs, ns: ns, kubeconfig: c.Kubeconfig()}
	createDeployment(b, env, "web", 3)
	// The test cluster's client config limits itself to 100 QPS; the lab's
	// (sandbox.Target) sets no limit, so the engine runs without one.
	rc := c.RESTConfig()
	rc.QPS, rc.Burst = 0, 0
	e, err := NewEngine(Config{REST: rc})
	if err != nil {
		b.Fatal(err)
	}
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		kubectl = filepath.Join(kubectlDir(b), "kubectl")
	}
	be := benchEnv{cat: cat, lesson: l, ns: ns, kc: c.Kubeconfig(), engine: e, kubectl: kubectl}
	// Wait until the deployment is ready, so both sides read a settled cluster.
	s := be.open(b, l.Step(benchStep))
	deadline := time.Now().Add(60 * time.Second)
	for !s.readyReplicas(b) && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	return be
}

func (be benchEnv) open(b *testing.B, s *lessons.Step) *benchSession {
	b.Helper()
	sess, err := be.engine.Open(context.Background(), be.cat, be.lesson, s, lessons.LabVars(be.ns))
	if err != nil {
		b.Fatal(err)
	}
	return &benchSession{sess}
}

type benchSession struct{ *Session }

func (s *benchSession) readyReplicas(b *testing.B) bool {
	r := s.Evaluate(context.Background(), nil)
	for _, res := range r.Results {
		if res.Check == "three-ready" {
			return res.Pass
		}
	}
	return false
}

// kubectlArgs is what a shell-script check would run for the same fact.
func kubectlArgs(kubeconfig, ns string, c *lessons.Check) []string {
	q := c.Query
	args := []string{"--kubeconfig", kubeconfig, "get", q.Resource}
	if queryNamespace(q, ns) != "" {
		args = append(args, "-n", queryNamespace(q, ns))
	}
	if q.Selector != "" {
		args = append(args, "-l", q.Selector)
	}
	fs := q.FieldSelector
	if q.Name != "" {
		fs = joinSelectors("metadata.name="+q.Name, fs)
	}
	if fs != "" {
		args = append(args, "--field-selector", fs)
	}
	path := "{.items[*].metadata.name}"
	switch {
	case c.Path != "":
		path = "{.items[*]" + strings.TrimPrefix(c.Path, "{")
	case q.Condition != "":
		path = fmt.Sprintf(`{.items[*].status.conditions[?(@.type=="%s")].status}`, q.Condition)
	}
	return append(args, "-o", "jsonpath="+path)
}

func BenchmarkCheckSelfHealingStep(b *testing.B) {
	be := newBenchEnv(b)
	s := be.open(b, be.lesson.Step(benchStep))
	ctx := context.Background()
	var engineNs float64
	b.Run("engine", func(b *testing.B) {
		for b.Loop() {
			if rep := s.Evaluate(ctx, nil); rep.Err != nil || len(rep.Results) == 0 {
				b.Fatalf("evaluate: %v", rep.Err)
			}
		}
		engineNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	var cmds [][]string
	for _, c := range s.Step().Checks {
		cmds = append(cmds, kubectlArgs(be.kc, be.ns, c))
	}
	b.Run("kubectl", func(b *testing.B) {
		b.Logf("%s, %d processes per evaluation", be.kubectl, len(cmds))
		for b.Loop() {
			for _, args := range cmds {
				if out, err := exec.Command(be.kubectl, args...).CombinedOutput(); err != nil {
					b.Fatalf("kubectl %s: %v: %s", strings.Join(args, " "), err, out)
				}
			}
		}
		if engineNs > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/engineNs, "x-engine")
		}
	})
}

func BenchmarkCheckSelfHealingLesson(b *testing.B) {
	be := newBenchEnv(b)
	var sessions []*benchSession
	checks := 0
	for _, s := range be.lesson.Steps {
		if s.Needs == lessons.NeedsCluster {
			sessions = append(sessions, be.open(b, s))
			checks += len(s.Checks)
		}
	}
	ctx := context.Background()
	var times []time.Duration
	for b.Loop() {
		start := time.Now()
		for _, s := range sessions {
			if rep := s.Evaluate(ctx, nil); rep.Err != nil {
				b.Fatalf("evaluate: %v", rep.Err)
			}
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	pct := func(p float64) float64 {
		return float64(times[int(p*float64(len(times)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.9), "p90-ms")
	b.ReportMetric(float64(checks), "checks")
}
