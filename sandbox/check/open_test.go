package check

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kubelab/internal/testcluster"
	"kubelab/lessons"
	"kubelab/sandbox"
)

// `kubelab check` and the UI open steps through their own Openers over the
// same state folder: the second resumes the baseline the first saved, a
// reopen captures a new one, and a step that needs kind is not opened on
// another cluster.
func TestOpenersOverOneStateFolderAgreeOnWhenAStepOpened(t *testing.T) {
	cat, err := lessons.LoadDir(filepath.Join("testdata", "proofpack"))
	if err != nil {
		t.Fatalf("load the test pack: %v", err)
	}
	l := cat.Lessons[0]
	c := testcluster.Shared(t)
	dir := t.TempDir()
	target, err := sandbox.Resolve(sandbox.Options{Kubeconfig: c.Kubeconfig(), ConfigDir: filepath.Join(dir, "config"), CacheDir: filepath.Join(dir, "cache")})
	if err != nil {
		t.Fatal(err)
	}
	if err := sandbox.ResetNamespace(t.Context(), target.RESTConfig(), l.Namespace); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state")
	steps := []*lessons.Step{l.Step("create"), l.Step("node")}

	first, err := NewOpener(target, state).Open(t.Context(), cat, l, steps, false)
	if err != nil {
		t.Fatal(err)
	}
	if first[0] == nil || first[1] != nil {
		t.Fatalf("sessions %v: want the cluster step opened and the kind step not", first)
	}
	opened := first[0].Baseline().OpenedAt

	again, err := NewOpener(target, state).Open(t.Context(), cat, l, steps[:1], false)
	if err != nil {
		t.Fatal(err)
	}
	if got := again[0].Baseline().OpenedAt; !got.Equal(opened) {
		t.Errorf("a second opener opened the step at %s, want the first's %s", got, opened)
	}

	reopened, err := NewOpener(target, state).Open(t.Context(), cat, l, steps[:1], true)
	if err != nil {
		t.Fatal(err)
	}
	if got := reopened[0].Baseline().OpenedAt; !got.After(opened) {
		t.Errorf("a reopen kept the baseline of %s, want a new one after it", got)
	}
	if rep := reopened[0].Evaluate(t.Context(), nil); rep.Err != nil || rep.Passed() {
		t.Errorf("the reopened step evaluates to %s; want its checks to fail before the work", summary(rep))
	}
}

// Opening a step afresh runs its setup before the baseline is captured,
// logging to the state folder; resuming it does not run it again, and a
// reopen (after a reset) does.
func TestOpeningAStepRunsItsSetupOnceAndAgainOnReopen(t *testing.T) {
	cat, err := lessons.LoadDir(filepath.Join("testdata", "challengepack"))
	if err != nil {
		t.Fatalf("load the test pack: %v", err)
	}
	l := cat.Lessons[0]
	c := testcluster.Shared(t)
	dir := t.TempDir()
	target, err := sandbox.Resolve(sandbox.Options{Kubeconfig: c.Kubeconfig(), ConfigDir: filepath.Join(dir, "config"), CacheDir: filepath.Join(dir, "cache")})
	if err != nil {
		t.Fatal(err)
	}
	if err := sandbox.ResetNamespace(t.Context(), target.RESTConfig(), l.Namespace); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state")
	open := func(reopen bool) *Session {
		t.Helper()
		o := NewOpener(target, state)
		o.binDir = kubectlDir(t)
		s, err := o.Open(t.Context(), cat, l, l.Steps, reopen)
		if err != nil {
			t.Fatal(err)
		}
		return s[0]
	}
	log := NewOpener(target, state).SetupLog(l.ID, "selector")
	first := open(false)
	data, err := os.ReadFile(log)
	if err != nil || !strings.Contains(string(data), "$ kubectl create service clusterip web") || !strings.Contains(string(data), "# exit 0") {
		t.Fatalf("setup log %s: %v\n%s", log, err, data)
	}
	rep := first.Evaluate(t.Context(), nil)
	if res := find(rep, "selects-web"); res.Pass || res.Err != nil || !strings.Contains(res.Message("en"), "wbe") {
		t.Errorf("after setup: %s; want the selector setup broke", summary(rep))
	}
	os.Remove(log)
	open(false)
	if _, err := os.Stat(log); err == nil {
		t.Error("resuming the step ran its setup again")
	}
	open(true)
	if _, err := os.Stat(log); err != nil {
		t.Errorf("reopening the step did not run its setup: %v", err)
	}
}

// A setup that fails stops the opening with a *SetupError naming the log,
// which holds the failing command's output; no baseline is saved, so
// opening the step again (the learner's retry) runs the setup again.
func TestAFailedSetupIsASetupErrorWithItsLogAndRunsAgainOnTheNextOpen(t *testing.T) {
	pack := filepath.Join(t.TempDir(), "pack")
	if err := os.CopyFS(pack, os.DirFS(filepath.Join("testdata", "challengepack"))); err != nil {
		t.Fatal(err)
	}
	yaml := filepath.Join(pack, "01-fix-service", "lesson.yaml")
	data, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), "kubectl create service clusterip web", "kubectl create servic clusterip web", 1)
	if broken == string(data) {
		t.Fatal("the challenge pack's setup has no `kubectl create service` to break")
	}
	if err := os.WriteFile(yaml, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := lessons.LoadDir(pack)
	if err != nil {
		t.Fatalf("load the broken pack: %v", err)
	}
	l := cat.Lessons[0]
	c := testcluster.Shared(t)
	dir := t.TempDir()
	target, err := sandbox.Resolve(sandbox.Options{Kubeconfig: c.Kubeconfig(), ConfigDir: filepath.Join(dir, "config"), CacheDir: filepath.Join(dir, "cache")})
	if err != nil {
		t.Fatal(err)
	}
	if err := sandbox.ResetNamespace(t.Context(), target.RESTConfig(), l.Namespace); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state")
	o := NewOpener(target, state)
	o.binDir = kubectlDir(t)
	log := o.SetupLog(l.ID, "selector")
	for try := 1; try <= 2; try++ {
		os.Remove(log)
		_, err := o.Open(t.Context(), cat, l, l.Steps, false)
		var se *SetupError
		if !errors.As(err, &se) || se.Log != log || se.Lesson != l.ID || se.Step != "selector" {
			t.Fatalf("open %d: %v (%T); want a *SetupError for %s/selector with log %s", try, err, err, l.ID, log)
		}
		data, err := os.ReadFile(log)
		out := string(data)
		// The failing command is logged, and the last exit is not 0.
		if err != nil || !strings.Contains(out, "$ kubectl create servic clusterip web") || !strings.Contains(out, "# exit ") || strings.HasPrefix(out[strings.LastIndex(out, "# exit "):], "# exit 0") {
			t.Fatalf("open %d: setup log %s: %v\n%s", try, log, err, out)
		}
	}
	if b, err := ReadBaselines(o.path); err != nil || len(b) != 0 {
		t.Errorf("a step whose setup failed has baselines %v, %v; want none", b, err)
	}
}
