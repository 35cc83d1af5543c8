package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	"kubelab/internal/progress"
	"kubelab/internal/testcluster"
	"kubelab/sandbox"
	"kubelab/sandbox/kubectl"
)

func TestMain(m *testing.M) {
	// Steps' setup runs `kubectl` through the lab's link to this
	// executable: the test binary answers as kubectl, as kubelab does.
	if kubectl.InvokedAsKubectl(os.Args[0]) {
		os.Exit(kubectl.Main(os.Args[1:], kubectl.Options{}))
	}
	testcluster.Main(m)
}

// runKubelab runs the command line in-process and returns its output and exit code.
func runKubelab(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	root := newRootCommand()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err := root.Execute()
	if err != nil {
		code = exitCode(err)
		errOut.WriteString(err.Error())
	}
	return out.String(), errOut.String(), code
}

func isolateLabFolders(t *testing.T) {
	dir := t.TempDir()
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		t.Setenv(v, filepath.Join(dir, strings.ToLower(v)))
	}
}

func TestCheckFailsBeforeTheWorkAndPassesAfterWithOneJSONObjectPerCheck(t *testing.T) {
	isolateLabFolders(t)
	c := testcluster.Shared(t)
	if err := sandbox.ResetNamespace(t.Context(), c.RESTConfig(), "self-healing"); err != nil {
		t.Fatal(err)
	}
	args := []string{"check", "self-healing/deploy", "--json", "--lang", "en", "--kubeconfig", c.Kubeconfig()}
	out, errOut, code := runKubelab(t, args...)
	if code != checkExitFailed {
		t.Fatalf("before the work: exit %d, want %d; stderr %s", code, checkExitFailed, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("--json printed no JSON array: %v\n%s", err, out)
	}
	if len(rows) != 2 {
		t.Fatalf("got %d objects, want one per check of the step (2): %s", len(rows), out)
	}
	wantKeys := []string{"check", "expected", "kind", "lesson", "observed", "pass", "step"}
	for _, r := range rows {
		var keys []string
		for k := range r {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !reflect.DeepEqual(keys, wantKeys) {
			t.Errorf("object keys %v, want %v", keys, wantKeys)
		}
		if r["lesson"] != "self-healing" || r["step"] != "deploy" || r["pass"] != false {
			t.Errorf("before the work: %v", r)
		}
	}
	if rows[0]["check"] != "three-ready" || rows[0]["observed"] != "0 pods -l app=web (Ready)" ||
		rows[0]["expected"] != "number of pods -l app=web (Ready) >= 3" {
		t.Errorf("three-ready explains itself as %v", rows[0])
	}

	// The learner's work: the step's solution, done by hand.
	labels := map[string]string{"app": "web"}
	d := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Labels: labels},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To(int32(3)),
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "nginx:1.29-alpine"}}},
			},
		},
	}
	if _, err := c.Clientset().AppsV1().Deployments("self-healing").Create(t.Context(), d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runKubelab(t, append(args, "--wait", "60s", "--answer", "deploy/owner=b")...)
	if code != 0 {
		t.Fatalf("after the work: exit %d; stdout %s; stderr %s", code, out, errOut)
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 2 || rows[0]["pass"] != true || rows[1]["pass"] != true {
		t.Errorf("after the work: %v %s", err, out)
	}
	if rows[1]["answer"] != "b" {
		t.Errorf("--json does not report the choice id answered: %v", rows[1])
	}
	// An answer is a choice's id: anything else is refused, naming the ids.
	_, errOut, code = runKubelab(t, append(args, "--answer", "deploy/owner=2")...)
	if code == 0 || !strings.Contains(errOut, `"2" is not one of the quiz's choices`) {
		t.Errorf("an answer that is no choice id: exit %d, stderr %s", code, errOut)
	}
	_, errOut, code = runKubelab(t, append(args, "--answer", "deploy/nope=a")...)
	if code == 0 || !strings.Contains(errOut, `has no quiz "nope"`) {
		t.Errorf("an answer to no quiz: exit %d, stderr %s", code, errOut)
	}

	// The plain output, in Chinese, and a wrong quiz answer.
	out, _, code = runKubelab(t, "check", "self-healing/deploy", "--lang", "zh", "--kubeconfig", c.Kubeconfig(), "--answer", "deploy/owner=a")
	if code != checkExitFailed || !strings.Contains(out, "✓ three-ready: 3 个 pods -l app=web (Ready)") ||
		!strings.Contains(out, `✗ owner: 你的回答是 "a"；应为 正确答案`) || !strings.Contains(out, "2 项检查中通过 1 项") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	// Answers are remembered as the learner's, like answers given in the UI.
	out, _, _ = runKubelab(t, "check", "self-healing/deploy", "--lang", "en", "--kubeconfig", c.Kubeconfig())
	if !strings.Contains(out, `✗ owner: you answered "a"; want the right answer`) {
		t.Errorf("the last answer was not remembered:\n%s", out)
	}

	// The deploy step passed, so it is done; when a later change undoes it,
	// checking the whole lesson shows it as done earlier, not as failed.
	if err := c.Clientset().AppsV1().Deployments("self-healing").Delete(t.Context(), "web", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	// The garbage collector deletes the pods after the Deployment; on a
	// busy machine the check could still count them Ready.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		pods, err := c.Clientset().CoreV1().Pods("self-healing").List(t.Context(), metav1.ListOptions{LabelSelector: "app=web"})
		if err != nil {
			t.Fatal(err)
		}
		if len(pods.Items) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d pods of the deleted Deployment are still there after a minute", len(pods.Items))
		}
	}
	out, _, _ = runKubelab(t, "check", "self-healing", "--json", "--lang", "en", "--kubeconfig", c.Kubeconfig())
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	var deploy map[string]any
	for _, r := range rows {
		if r["step"] == "deploy" && r["check"] == "three-ready" {
			deploy = r
		}
	}
	if deploy == nil || deploy["pass"] != false || deploy["doneEarlier"] != true {
		t.Errorf("deploy/three-ready after the deployment was deleted: %v", deploy)
	}
}

func TestCheckSaysOnceThatTheClusterCannotBeReached(t *testing.T) {
	isolateLabFolders(t)
	kc := filepath.Join(t.TempDir(), "kubeconfig")
	cfg := `apiVersion: v1
kind: Config
clusters: [{name: gone, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: x}}]
contexts: [{name: gone, context: {cluster: gone, user: u}}]
current-context: gone
`
	if err := os.WriteFile(kc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runKubelab(t, "check", "self-healing", "--json", "--lang", "en", "--kubeconfig", kc)
	if code != checkExitError {
		t.Errorf("exit %d, want %d", code, checkExitError)
	}
	if out != "" || strings.Count(errOut, "cannot reach the cluster at https://127.0.0.1:1") != 1 {
		t.Errorf("stdout %q, stderr %q: want one message and no results", out, errOut)
	}
}

func TestCheckNamesTheStepsOfALessonWhenTheStepIsUnknown(t *testing.T) {
	isolateLabFolders(t)
	_, errOut, code := runKubelab(t, "check", "self-healing/nope", "--kubeconfig", "unused")
	if code != checkExitError || !strings.Contains(errOut, `lesson self-healing has no step "nope"; its steps are deploy, delete-pod`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// A quiz's explanation comes with its result once it is answered, right or
// wrong, in the learner's language.
func TestCheckGivesAQuizsExplanationAfterAnyAnswer(t *testing.T) {
	isolateLabFolders(t)
	c := testcluster.Shared(t)
	pack := filepath.Join("..", "..", "lessons", "testdata", "valid")
	args := []string{"--lessons", pack, "check", "first-steps/count-nodes", "--json", "--kubeconfig", c.Kubeconfig(), "--answer", "count-nodes/role=a"}
	out, errOut, _ := runKubelab(t, append(args, "--lang", "zh")...)
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v: %s %s", err, out, errOut)
	}
	for _, r := range rows {
		switch r["check"] {
		case "role":
			if r["answer"] != "a" || r["pass"] != false || !strings.Contains(fmt.Sprint(r["explain"]), "控制平面运行在自己的节点上") {
				t.Errorf("a wrong answer: %v", r)
			}
		case "nodes":
			if _, ok := r["explain"]; ok {
				t.Errorf("an unanswered quiz has an explanation: %v", r)
			}
		}
	}
}

func TestCheckExitsTwoOnAWronglyWrittenCommandLine(t *testing.T) {
	isolateLabFolders(t)
	for _, args := range [][]string{
		{"check", "self-healing", "--wait", "soon"},
		{"check", "self-healing", "--wait", "-1s"},
		{"check"},
		{"check", "self-healing", "--no-such-flag"},
		{"check", "self-healing", "--answer", "no-equals-sign"},
	} {
		_, errOut, code := runKubelab(t, args...)
		if code != checkExitError {
			t.Errorf("%q: exit %d, want %d:\n%s", args, code, checkExitError, errOut)
		}
		if slices.Contains(args, "--wait") && !strings.Contains(errOut, "--wait") {
			t.Errorf("%q: the error does not name --wait:\n%s", args, errOut)
		}
	}
}

func TestCheckRemembersAnAnswerOnlyWhenTheStepCouldBeEvaluated(t *testing.T) {
	isolateLabFolders(t)
	// No lab cluster: the step cannot be evaluated.
	_, errOut, code := runKubelab(t, "check", "self-healing/deploy", "--answer", "deploy/owner=b")
	if code != checkExitError {
		t.Fatalf("exit %d, want %d:\n%s", code, checkExitError, errOut)
	}
	store, _, err := progress.OpenDefault()
	if err != nil {
		t.Fatal(err)
	}
	if got := store.Answers("self-healing"); len(got) != 0 {
		t.Errorf("answers remembered from a run that evaluated nothing: %v", got)
	}
}
