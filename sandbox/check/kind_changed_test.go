package check

import (
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"kubelab/lessons"
)

func TestChangedSeesANewPodAfterTheOldOneIsDeleted(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	createDeployment(t, env, "web", 2)
	eventually(t, openStep(t, e, env.ns, &lessons.Check{ID: "c", Kind: lessons.KindCount,
		Query: lessons.Query{Resource: "pods", Selector: "app=web", Condition: "Ready"}, Op: "==", Value: "2"}), nil)
	s := openStep(t, e, env.ns, &lessons.Check{ID: "new-uid", Kind: lessons.KindChanged,
		Query: lessons.Query{Resource: "pods", Selector: "app=web"}, Path: "{.metadata.uid}"})
	if got := len(s.Baseline().Values["new-uid"]); got != 2 {
		t.Fatalf("baseline holds %d UIDs, want 2", got)
	}
	before := only(t, s, nil)
	wantFail(t, before, "2 of 2 pods are the ones that existed when the step opened")
	// The reason fits two lines; every UID, then and now, is in Detail.
	uids := s.Baseline().Values["new-uid"]
	if d := before.Detail.Text("en"); !strings.Contains(d, uids[0]) || !strings.Contains(d, uids[1]) || !strings.Contains(d, "is still") {
		t.Errorf("detail %q does not hold the UIDs", d)
	}
	if m := before.Message("en"); strings.Contains(m, uids[0]) || len(m) > 160 {
		t.Errorf("the reason lists UIDs or is long: %q", m)
	}
	if j := before.JSON("zh"); j.Detail == "" || !strings.Contains(j.Observed, "仍是步骤开始时") {
		t.Errorf("--json: %+v", j)
	}
	pods, err := env.cs.CoreV1().Pods(env.ns).List(t.Context(), metav1.ListOptions{LabelSelector: "app=web"})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.cs.CoreV1().Pods(env.ns).Delete(t.Context(), pods.Items[0].Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	wantPass(t, eventually(t, s, nil), "is now")

	// A resumed session keeps comparing with the values from when it opened.
	again, err := e.Resume(t.Context(), testCatalog, &lessons.Lesson{ID: "lesson"}, s.Step(), lessons.LabVars(env.ns), s.Baseline())
	if err != nil {
		t.Fatal(err)
	}
	wantPass(t, only(t, again, nil), "is now")
	fresh := openStep(t, e, env.ns, s.Step().Checks...)
	wantFail(t, only(t, fresh, nil), "are the ones that existed")
}
