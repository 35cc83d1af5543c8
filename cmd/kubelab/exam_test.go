package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kubelab/internal/testcluster"
	"kubelab/internal/xdg"
	"kubelab/sandbox/exam"
)

// The command line's exam: one process keeps the clock in the foreground,
// others ask it for the status, a flag, the task worked on and the end; the
// report comes out as JSON and stays in the history.
func TestAnExamOnTheCommandLineIsKeptAndEndedFromAnotherTerminal(t *testing.T) {
	isolateLabFolders(t)
	c := testcluster.Shared(t)
	pack := filepath.Join("..", "..", "sandbox", "exam", "testdata", "exampack")
	common := []string{"--lang", "en", "--kubeconfig", c.Kubeconfig(), "--lessons", pack, "--trust"}
	ws := t.TempDir()
	type result struct {
		out, errOut string
		code        int
	}
	done := make(chan result, 1)
	go func() {
		out, errOut, code := runKubelab(t, append([]string{"exam", "--tasks", "3", "--minutes", "5", "--seed", "7", "--json", "--practice", "--workspace", ws}, common...)...)
		done <- result{out, errOut, code}
	}()
	stateDir, err := xdg.StateDir()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := exam.LoadState(exam.StateFile(stateDir)); err == nil {
			break
		}
		select {
		case r := <-done:
			t.Fatalf("the exam stopped before its clock started: exit %d\n%s", r.code, r.errOut)
		case <-time.After(200 * time.Millisecond):
		}
	}
	out, errOut, code := runKubelab(t, append([]string{"exam", "--status"}, common...)...)
	if code != 0 || !strings.Contains(out, "left (until") || !strings.Contains(out, "exam-1-") {
		t.Errorf("--status: exit %d\n%s%s", code, out, errOut)
	}
	// Practice: --status shows each task's checks with their reasons.
	if !strings.Contains(out, `✗ selects-web: services/web: .spec.selector.app is "wbe"`) {
		t.Errorf("--status of a practice exam does not show the checks:\n%s", out)
	}
	for _, args := range [][]string{{"--flag", "2"}, {"--task", "2"}} {
		if _, errOut, code := runKubelab(t, append(append([]string{"exam"}, args...), common...)...); code != 0 {
			t.Errorf("%v: exit %d %s", args, code, errOut)
		}
	}
	if _, errOut, code := runKubelab(t, append([]string{"exam", "--flag", "9"}, common...)...); code == 0 || !strings.Contains(errOut, "tasks 1 to 3") {
		t.Errorf("--flag 9: exit %d %s", code, errOut)
	}
	time.Sleep(1500 * time.Millisecond) // the time spent on task 2
	out, errOut, code = runKubelab(t, append([]string{"exam", "--end"}, common...)...)
	if code != 0 || !strings.Contains(out, "Score 0% (pass mark 66%): not passed") || !strings.Contains(out, "revisit lesson Fix a service (fix-service)") {
		t.Fatalf("--end: exit %d\n%s%s", code, out, errOut)
	}
	r := <-done
	if r.code != 0 {
		t.Fatalf("the exam: exit %d\n%s", r.code, r.errOut)
	}
	var rep exam.JSONReport
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatalf("--json: %v\n%s", err, r.out)
	}
	if len(rep.Tasks) != 3 || rep.Score != 0 || rep.PassMark != 66 || rep.Seed != 7 || !rep.Tasks[1].Flagged || rep.Tasks[1].Seconds < 1 || rep.Tasks[0].Revisit == "" {
		t.Errorf("report: %+v", rep)
	}
	if !strings.Contains(r.errOut, "Preparing task 3 of 3") || !strings.Contains(r.errOut, "namespaces are removed") {
		t.Errorf("the exam's terminal:\n%s", r.errOut)
	}
	out, _, _ = runKubelab(t, append([]string{"exam", "--history"}, common...)...)
	if !strings.Contains(out, "0%  not passed  0 of 3 task(s)  seed 7") {
		t.Errorf("--history:\n%s", out)
	}
	out, _, _ = runKubelab(t, append(append([]string{"exam", "--history"}, common...), "--lang", "zh")...)
	if !strings.Contains(out, "未通过") {
		t.Errorf("--history in Chinese:\n%s", out)
	}
	if _, errOut, code := runKubelab(t, append([]string{"exam", "--status"}, common...)...); code == 0 || !strings.Contains(errOut, "no exam is running") {
		t.Errorf("--status after the end: exit %d %s", code, errOut)
	}
}
