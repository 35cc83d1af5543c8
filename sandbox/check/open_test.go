package check

import (
	"path/filepath"
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
