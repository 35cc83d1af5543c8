package classroom

import (
	"context"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"kubelab/internal/progress"
)

func TestMirrorLocalCopiesHintsAndSolutionsAndNeverTakesThemBack(t *testing.T) {
	var local progress.Progress
	local.SetCurrent("self-healing", "deploy")
	local.UseHints("self-healing", "deploy", 2)
	local.ShowSolution("self-healing", "delete-pod")
	var p Progress
	MirrorLocal(local)(&p)
	lp := p.Lessons["self-healing"]
	if lp == nil || lp.Hints["deploy"] != 2 || !lp.Solutions["delete-pod"] || lp.Solutions["deploy"] || lp.Step != "deploy" {
		t.Fatalf("mirrored %+v", lp)
	}
	// The learner resets the lesson on their machine: the class still
	// shows the help taken.
	local.ResetLesson("self-healing")
	local.UseHints("self-healing", "deploy", 1)
	MirrorLocal(local)(&p)
	if lp := p.Lessons["self-healing"]; lp.Hints["deploy"] != 2 || !lp.Solutions["delete-pod"] {
		t.Fatalf("after a local reset: %+v", lp)
	}
}

// The lab's progress store calls its update hook on every change; the
// learner's lab mirrors through it with the learner's own token, so a hint
// revealed or a solution shown in the UI reaches the class progress object
// and the teacher's board.
func TestHintsAndSolutionsTheLearnerTakesReachTheClassProgressObject(t *testing.T) {
	c, cs, r := testClass(t, "hints", []string{"alice"}, "self-healing")
	paths := issue(t, c, cs, r)
	lcs := learnerClient(t, paths["alice"])
	ns := LearnerNamespace(r.Name, "alice", r.Lessons[0].Namespace)
	store, _, err := progress.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 10)
	store.OnUpdate(func(p progress.Progress) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		errs <- WriteProgress(ctx, lcs, ns, MirrorLocal(p))
	})
	for _, change := range []func() error{
		func() error { return store.SetCurrent("self-healing", "deploy") },
		func() error { return store.UseHints("self-healing", "deploy", 1) },
		func() error { return store.UseHints("self-healing", "deploy", 2) },
		func() error { return store.ShowSolution("self-healing", "deploy") },
	} {
		if err := change(); err != nil {
			t.Fatal(err)
		}
		if err := <-errs; err != nil {
			t.Fatalf("write class progress: %v", err)
		}
	}
	cm, err := cs.CoreV1().ConfigMaps(ns).Get(context.Background(), ProgressName, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseProgress(cm)
	if err != nil {
		t.Fatal(err)
	}
	lp := p.Lessons["self-healing"]
	if lp == nil || lp.Hints["deploy"] != 2 || !lp.Solutions["deploy"] || lp.Step != "deploy" {
		t.Fatalf("class progress %+v", lp)
	}
}
