package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"kubelab/internal/testcluster"
	"kubelab/sandbox/classroom"
)

func TestAClassFromCreateToDeleteOnTheCommandLine(t *testing.T) {
	isolate(t)
	c := testcluster.Shared(t)
	teacher := []string{"--kubeconfig", c.Kubeconfig()}
	dir := t.TempDir()
	must := func(args ...string) string {
		t.Helper()
		out, errOut, err := run(t, args...)
		if err != nil {
			t.Fatalf("kubelab %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
		}
		return out
	}
	t.Cleanup(func() { run(t, append(teacher, "classroom", "delete", "cli", "--wait", "0")...) })

	if _, _, err := run(t, "classroom", "create", "cli", "--learners", "ann"); err == nil || !strings.Contains(err.Error(), "--kubeconfig") {
		t.Fatalf("create without a named cluster: err %v, want one asking for --kubeconfig", err)
	}
	// Learners reach the server by another name than the teacher does.
	server := strings.Replace(c.Server(), "127.0.0.1", "localhost", 1)
	out := must(append(teacher, "classroom", "create", "cli", "--learners", "ann,ben", "--lesson", "self-healing", "--out", dir, "--token-ttl", "1h", "--server", server)...)
	for _, want := range []string{"namespaces/cli-ann-self-healing", "rolebindings/cli-ben-self-healing/kubelab-learner", "clusterroles/kubelab-class-cli-nodes", "NetworkPolicy", "self-healing/liveness"} {
		if !strings.Contains(out, want) {
			t.Errorf("create's output lacks %q:\n%s", want, out)
		}
	}

	if kc, err := os.ReadFile(filepath.Join(dir, "ann.kubeconfig")); err != nil || !strings.Contains(string(kc), "server: "+server) {
		t.Errorf("ann's kubeconfig does not name %s: %v\n%s", server, err, kc)
	}

	// The learner joins and works; their answer reaches the class.
	must("classroom", "join", filepath.Join(dir, "ann.kubeconfig"))
	if _, _, err := run(t, "classroom", "board", "cli"); err == nil {
		t.Error("a joined learner's kubeconfig runs the teacher's board")
	}
	_, _, err := run(t, "check", "self-healing/deploy", "--answer", "deploy/owner=b")
	if err == nil || !strings.Contains(err.Error(), "1 check") {
		t.Errorf("check before the work: err %v, want one failing check", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cm, err := c.Clientset().CoreV1().ConfigMaps("cli-ann-self-healing").Get(ctx, classroom.ProgressName, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cm.Data[classroom.ProgressKey], `"deploy/owner":"b"`) {
		t.Errorf("the answer did not reach the class's progress: %s", cm.Data[classroom.ProgressKey])
	}
	stdout, stderr, err := run(t, "check", "self-healing", "--json")
	var results []struct{ Step, Skipped string }
	if jerr := json.Unmarshal([]byte(stdout), &results); jerr != nil {
		t.Fatalf("check --json: %v (%v)\n%s%s", err, jerr, stdout, stderr)
	}
	for _, r := range results {
		if r.Step == "drain" && !strings.Contains(r.Skipped, "not available in class") {
			t.Errorf("the drain step in class is not skipped as unavailable: %+v", r)
		}
		if r.Step == "deploy" && r.Skipped != "" {
			t.Errorf("the deploy step is skipped in class: %+v", r)
		}
	}
	must("classroom", "leave")

	board := must(append(teacher, "classroom", "board", "cli", "--once")...)
	if !strings.Contains(board, "ann") || !strings.Contains(board, "deploy ✗") {
		t.Errorf("board:\n%s", board)
	}
	var rows []classroom.ReportRow
	if err := json.Unmarshal([]byte(must(append(teacher, "classroom", "report", "cli", "--json")...)), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Learner != "ann" || rows[0].Answers != 1 || rows[1].Answers != 0 {
		t.Errorf("report rows %+v", rows)
	}
	csv := must(append(teacher, "classroom", "report", "cli", "--csv")...)
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[0], "learner,lesson,") {
		t.Errorf("csv report:\n%s", csv)
	}
	out = must(append(teacher, "classroom", "delete", "cli", "--wait", "0")...)
	if !strings.Contains(out, "namespaces/cli-ben-self-healing") || !strings.Contains(out, "clusterrolebindings/kubelab-class-cli-nodes") {
		t.Errorf("delete's output:\n%s", out)
	}
}
