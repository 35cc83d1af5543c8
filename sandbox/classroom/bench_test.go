package classroom

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"kubelab/internal/testcluster"
)

// BenchmarkClassOf200 measures a class of 200 simulated learners on the test
// cluster (one lesson, self-healing, so 200 learner namespaces):
//
//	go test ./sandbox/classroom -run '^$' -bench ClassOf200 -benchtime 1x
//
// It reports the time to create and to delete the class (delete waits until
// the namespaces are gone), the board's time from a change to the snapshot
// that shows it (p50, p95; a progress write and a pod created in a learner's
// namespace, alternately), the API requests per second the board makes while
// idle (counted in its transport), and the heap the board holds.
func BenchmarkClassOf200(b *testing.B) {
	for range b.N {
		benchClass(b, 200)
	}
}

type countingTransport struct {
	next http.RoundTripper
	n    *atomic.Int64
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.next.RoundTrip(r)
}

func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func benchClass(b *testing.B, n int) {
	c := testcluster.Shared(b)
	teacher := c.RESTConfig()
	teacher.QPS, teacher.Burst = 50, 100 // as `kubelab classroom create`
	cs, err := kubernetes.NewForConfig(teacher)
	if err != nil {
		b.Fatal(err)
	}
	cat := builtin(b)
	plan, err := Plan(cat, []string{"self-healing"})
	if err != nil {
		b.Fatal(err)
	}
	var learners []string
	for i := range n {
		learners = append(learners, fmt.Sprintf("s%03d", i))
	}
	name := fmt.Sprintf("bench%d", time.Now().UnixNano()%100000)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	start := time.Now()
	if _, err := Create(ctx, cs, Spec{Name: name, Learners: learners, Lessons: plan, Quota: DefaultQuota, Workers: 16}); err != nil {
		b.Fatal(err)
	}
	createTime := time.Since(start)
	deleted := false
	defer func() {
		if !deleted {
			Delete(context.Background(), cs, name, 0)
		}
	}()
	r, err := LoadRoster(ctx, cs, name)
	if err != nil {
		b.Fatal(err)
	}

	var requests atomic.Int64
	boardCfg := c.RESTConfig()
	boardCfg.Wrap(func(rt http.RoundTripper) http.RoundTripper { return countingTransport{next: rt, n: &requests} })
	before := heap()
	bctx, bcancel := context.WithCancel(ctx)
	defer bcancel()
	board, err := NewBoard(bctx, BoardConfig{REST: boardCfg, Catalog: cat, Class: name})
	if err != nil {
		b.Fatal(err)
	}
	go board.Run(bctx)
	snaps, stop := board.Subscribe()
	defer stop()
	readyStart := time.Now()
	var last Snapshot
	for !last.Ready {
		select {
		case last = <-snaps:
		case <-time.After(2 * time.Minute):
			b.Fatal("the board was not ready within 2 minutes")
		}
	}
	readyTime := time.Since(readyStart)
	boardHeap := heap() - min(before, heap())

	// Idle: nothing changes in the class.
	time.Sleep(2 * time.Second)
	requests.Store(0)
	idle := 10 * time.Second
	time.Sleep(idle)
	idleRPS := float64(requests.Load()) / idle.Seconds()

	// Change to display.
	var lags []time.Duration
	waitFor := func(cond func(Snapshot) bool) time.Duration {
		t0 := time.Now()
		for {
			select {
			case s := <-snaps:
				if cond(s) {
					return time.Since(t0)
				}
			case <-time.After(10 * time.Second):
				b.Fatal("the board did not show a change within 10s")
			}
		}
	}
	for i := range 40 {
		learner := learners[(i*37)%n]
		ns := r.ProgressNamespace(learner)
		if i%2 == 0 {
			hints := i + 1
			t0 := time.Now()
			if err := WriteProgress(ctx, cs, ns, func(p *Progress) {
				p.Lesson("self-healing").Hints = map[string]int{"deploy": hints}
			}); err != nil {
				b.Fatal(err)
			}
			write := time.Since(t0)
			lags = append(lags, write+waitFor(func(s Snapshot) bool {
				cell, _ := s.Cell(learner, "self-healing")
				return cell.Hints == hints
			}))
			continue
		}
		t0 := time.Now()
		pod := &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("probe-%d", i), Labels: map[string]string{"app": "web"}},
			Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "registry.k8s.io/pause:3.10"}}},
		}
		if _, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
			b.Fatal(err)
		}
		write := time.Since(t0)
		lags = append(lags, write+waitFor(func(s Snapshot) bool {
			cell, _ := s.Cell(learner, "self-healing")
			return cell.Checked.After(t0)
		}))
	}
	slices.Sort(lags)
	p50, p95 := lags[len(lags)/2], lags[len(lags)*95/100]
	bcancel()

	start = time.Now()
	if _, err := Delete(ctx, cs, name, 5*time.Minute); err != nil {
		b.Fatal(err)
	}
	deleted = true
	deleteTime := time.Since(start)

	b.ReportMetric(createTime.Seconds(), "create-s")
	b.ReportMetric(deleteTime.Seconds(), "delete-s")
	b.ReportMetric(readyTime.Seconds(), "board-ready-s")
	b.ReportMetric(float64(p50.Milliseconds()), "change-p50-ms")
	b.ReportMetric(float64(p95.Milliseconds()), "change-p95-ms")
	b.ReportMetric(idleRPS, "idle-req/s")
	b.ReportMetric(float64(boardHeap)/(1<<20), "board-heap-MB")
	b.Logf("%d learners: create %s, delete %s, board ready %s, change→board p50 %s p95 %s, idle %.2f req/s, board heap %.1f MB",
		n, createTime.Round(time.Millisecond), deleteTime.Round(time.Millisecond), readyTime.Round(time.Millisecond),
		p50, p95, idleRPS, float64(boardHeap)/(1<<20))
}
