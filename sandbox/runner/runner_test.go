package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRunReportsExitCodeOutputAndDuration(t *testing.T) {
	res, err := Run(t.Context(), Spec{Command: "echo out; echo err >&2; exit 3"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 3 {
		t.Errorf("exit code %d, want 3", res.ExitCode)
	}
	if res.Output != "out\nerr\n" {
		t.Errorf("output %q, want %q", res.Output, "out\nerr\n")
	}
	if res.Duration <= 0 {
		t.Errorf("duration %v, want > 0", res.Duration)
	}
}

func TestRunStreamsLinesInTheOrderTheyWereWritten(t *testing.T) {
	var got []string
	var times []time.Time
	cmd := `for i in 1 2 3; do echo "out $i"; echo "err $i" >&2; done; sleep 0.3; echo last`
	res, err := Run(t.Context(), Spec{Command: cmd}, func(l Line) {
		got = append(got, l.Text)
		times = append(times, time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"out 1", "err 1", "out 2", "err 2", "out 3", "err 3", "last"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("lines %q, want %q", got, want)
	}
	// The first lines arrived while the command was still sleeping: they
	// were streamed, not collected at exit.
	if gap := times[len(times)-1].Sub(times[0]); gap < 200*time.Millisecond {
		t.Errorf("first and last line arrived %v apart; want the early lines before the sleep ended", gap)
	}
	if !strings.HasSuffix(res.Output, "last\n") {
		t.Errorf("output %q does not end with the last line", res.Output)
	}
}

func TestRunPassesEnvironmentAndFolder(t *testing.T) {
	dir := t.TempDir()
	res, err := Run(t.Context(), Spec{
		Command: `echo "$KUBELAB_TEST_VAR $(pwd)"`,
		Env:     []string{"KUBELAB_TEST_VAR=first", "KUBELAB_TEST_VAR=second"},
		Dir:     dir,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	real, _ := filepath.EvalSymlinks(dir)
	if got := strings.TrimSpace(res.Output); got != "second "+dir && got != "second "+real {
		t.Errorf("output %q, want the last value of the variable and the folder %s", got, dir)
	}
}

func TestRunKillsTheCommandWhenTheTimeoutExpires(t *testing.T) {
	start := time.Now()
	res, err := Run(t.Context(), Spec{Command: "echo started; sleep 30", Timeout: 300 * time.Millisecond}, nil)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("error %v, want ErrTimeout", err)
	}
	if !res.TimedOut || res.ExitCode != -1 {
		t.Errorf("result %+v, want TimedOut and exit code -1", res)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Run took %v after a 300ms timeout", took)
	}
	if res.Output != "started\n" {
		t.Errorf("output %q, want what was printed before the kill", res.Output)
	}
}

func TestRunCancelLeavesNoProcessBehind(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pids")
	// A pipeline, a background job and a subshell: all in the group.
	cmd := fmt.Sprintf(`sleep 60 & echo $! >> %[1]s; (sleep 61; true) & echo $! >> %[1]s; sleep 62 | cat & echo $! >> %[1]s; echo ready; wait`, pidFile)
	ctx, cancel := context.WithCancel(t.Context())
	ready := make(chan struct{})
	done := make(chan error, 1)
	var res Result
	go func() {
		var err error
		res, err = Run(ctx, Spec{Command: cmd}, func(l Line) {
			if l.Text == "ready" {
				close(ready)
			}
		})
		done <- err
	}()
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatal("the command never got ready")
	}
	cancel()
	err := <-done
	if !errors.Is(err, context.Canceled) || !res.Canceled {
		t.Fatalf("error %v, canceled %v; want context.Canceled", err, res.Canceled)
	}
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pids := strings.Fields(string(data))
	if len(pids) != 3 {
		t.Fatalf("pid file holds %q, want 3 pids", pids)
	}
	for _, p := range pids {
		pid, _ := strconv.Atoi(p)
		if alive(pid) {
			t.Errorf("process %d started by the command is still running after cancel", pid)
		}
	}
}

func TestRunLeavesNoBackgroundJobBehindAfterANormalExit(t *testing.T) {
	res, err := Run(t.Context(), Spec{Command: `sleep 60 & echo $!`}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(res.Output))
	if pid == 0 || alive(pid) {
		t.Errorf("background job %q still running after Run returned", res.Output)
	}
}

// alive reports whether pid runs and is not a zombie waiting to be reaped
// by init.
func alive(pid int) bool {
	deadline := time.Now().Add(2 * time.Second)
	for {
		gone := syscall.Kill(pid, 0) != nil
		if !gone {
			if st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
				f := strings.Fields(string(st))
				gone = len(f) > 2 && f[2] == "Z"
			}
		}
		if gone {
			return false
		}
		if time.Now().After(deadline) {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRunKeepsMemoryBoundedUnderAFlood(t *testing.T) {
	const max = 64 << 10
	var seen int64
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := Run(t.Context(), Spec{Command: "yes flood", Timeout: 2 * time.Second, MaxOutput: max}, func(l Line) {
		seen += int64(len(l.Text)) + 1
	})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("error %v, want the flood stopped by the timeout", err)
	}
	if seen < 20*max {
		t.Fatalf("only %d bytes streamed; the flood was too small to prove a bound", seen)
	}
	if len(res.Output) > max {
		t.Errorf("kept %d bytes of output, bound is %d", len(res.Output), max)
	}
	if !res.Truncated || res.Dropped != seen-int64(len(res.Output)) {
		t.Errorf("truncated %v, dropped %d; want dropped = streamed %d - kept %d", res.Truncated, res.Dropped, seen, len(res.Output))
	}
	if !strings.HasSuffix(res.Output, "flood\n") && !strings.HasSuffix(res.Output, "flood") {
		t.Errorf("output does not end with the flood: %q", res.Output[max-20:])
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 16<<20 {
		t.Errorf("heap grew by %d bytes after %d bytes of output", grew, seen)
	}
}

func TestRunSplitsAnEndlessLineIntoBoundedPieces(t *testing.T) {
	var longest int
	var lines int
	res, err := Run(t.Context(), Spec{Command: "head -c 300000 /dev/zero | tr '\\0' x", MaxOutput: 1000}, func(l Line) {
		lines++
		if len(l.Text) > longest {
			longest = len(l.Text)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if longest > MaxLineBytes {
		t.Errorf("a line of %d bytes reached the callback, bound is %d", longest, MaxLineBytes)
	}
	if lines < 300000/MaxLineBytes {
		t.Errorf("%d pieces for 300000 bytes", lines)
	}
	if len(res.Output) != 1000 || res.Dropped != 300000-1000 {
		t.Errorf("kept %d, dropped %d", len(res.Output), res.Dropped)
	}
}

func TestTailBufferKeepsTheLastBytesInOrder(t *testing.T) {
	tb := newTailBuffer(10)
	var all string
	for i := 0; i < 50; i++ {
		s := strconv.Itoa(i) + ","
		tb.Write([]byte(s))
		all += s
	}
	got, dropped := tb.String()
	if want := all[len(all)-10:]; got != want {
		t.Errorf("kept %q, want %q", got, want)
	}
	if dropped != int64(len(all)-10) {
		t.Errorf("dropped %d, want %d", dropped, len(all)-10)
	}
	tb.Write([]byte("0123456789abcdef"))
	if got, _ := tb.String(); got != "6789abcdef" {
		t.Errorf("after a write longer than the bound kept %q", got)
	}
}

func TestStopAllKillsTheGroupsOfRunningCommandsAtOnce(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pids")
	cmd := fmt.Sprintf(`sleep 60 & echo $! >> %[1]s; echo ready; wait`, pidFile)
	ready := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		// No cancel and no timeout: only StopAll can end it.
		Run(context.Background(), Spec{Command: cmd}, func(l Line) {
			if l.Text == "ready" {
				close(ready)
			}
		})
	}()
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatal("the command never got ready")
	}
	data, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	StopAll()
	// The group is gone as soon as StopAll returns, before Run cleans up.
	deadline := time.Now().Add(time.Second)
	for alive(pid) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if alive(pid) {
		t.Errorf("process %d is still running after StopAll", pid)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after StopAll")
	}
}
