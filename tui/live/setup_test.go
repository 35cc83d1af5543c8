package live

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"kubelab/internal/progress"
	"kubelab/internal/testcluster"
	"kubelab/lessons"
	"kubelab/sandbox"
	"kubelab/tui"
	"kubelab/tui/theme"
)

// A step with setup, against the real test cluster: the screen says the
// step is being prepared while the setup breaks the Service's selector,
// then its check sees the broken selector; the setup log opens on screen
// with the commands that ran; a lesson reset runs the setup again.
func TestAStepsSetupBreaksTheClusterAndItsLogOpensOnScreen(t *testing.T) {
	c := testcluster.Shared(t)
	cat, err := lessons.LoadDir("../../sandbox/check/testdata/challengepack")
	if err != nil {
		t.Fatal(err)
	}
	l := cat.Lessons[0]
	parts, store, stateDir := onFirstStep(t, c.Kubeconfig(), l)
	target, err := parts.resolve()
	if err != nil {
		t.Fatal(err)
	}
	if err := sandbox.ResetNamespace(t.Context(), target.RESTConfig(), l.Namespace); err != nil {
		t.Fatal(err)
	}
	lb := parts.Lab(cat, store)
	lb.Markdown = tui.NewASCIIMarkdown()
	log := lb.SetupLog(l.ID, l.Steps[0].ID)
	if log != sandbox.SetupLog(stateDir, l.ID, l.Steps[0].ID) {
		t.Fatalf("the lab's setup log is %s; want the one under the state folder", log)
	}

	lipgloss.SetColorProfile(termenv.Ascii)
	m := tui.New(tui.Options{Lab: lb, Lang: "en", Theme: theme.Options{Dark: true, NoColor: true}})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	wait := func(what string, texts ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			for _, s := range texts {
				if !bytes.Contains(b, []byte(s)) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(90*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
		t.Logf("saw %s", what)
	}
	key := func(s string) { tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}) }

	// One wait: the step may be prepared within the frames that show it.
	wait("the step prepared, then its check failing", "Preparing this step…", "✗ The service selects pods")
	selector := func() string {
		t.Helper()
		cs, err := kubernetes.NewForConfig(target.RESTConfig())
		if err != nil {
			t.Fatal(err)
		}
		svc, err := cs.CoreV1().Services(l.Namespace).Get(t.Context(), "web", metav1.GetOptions{})
		if err != nil {
			t.Fatalf("the setup made no Service web: %v", err)
		}
		return svc.Spec.Selector["app"]
	}
	if got := selector(); got != "wbe" {
		t.Fatalf("Service web selects app=%q; want the setup's broken app=wbe", got)
	}
	key("d")
	wait("the check's details naming the broken selector", "Check details", "wbe")
	key("d")
	data, err := os.ReadFile(log)
	if err != nil || !strings.Contains(string(data), "$ kubectl create service clusterip web") || !strings.Contains(string(data), "# exit 0") {
		t.Fatalf("setup log %s: %v\n%s", log, err, data)
	}
	key("l")
	wait("the setup log on screen", "Setup log", "$ kubectl create service clusterip web", "service/web created")
	key("l")

	// A reset empties the namespace: the step is prepared again.
	if err := os.Remove(log); err != nil {
		t.Fatal(err)
	}
	key("R")
	key("y")
	wait("the reset and the step prepared again", "Lesson reset", "Preparing this step…")
	// The setup runs again into the new namespace: the Service is back,
	// broken again, and the log written anew.
	deadline := time.Now().Add(60 * time.Second)
	for {
		cs, err := kubernetes.NewForConfig(target.RESTConfig())
		if err != nil {
			t.Fatal(err)
		}
		svc, err := cs.CoreV1().Services(l.Namespace).Get(t.Context(), "web", metav1.GetOptions{})
		if err == nil && svc.Spec.Selector["app"] == "wbe" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the reset Service web is %v, %v; want it made again by the setup, selecting app=wbe", svc, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if data, err := os.ReadFile(log); err != nil || !strings.Contains(string(data), "$ kubectl create service clusterip web") {
		t.Errorf("the reset did not run the setup again: %v\n%s", err, data)
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

// A setup that fails on the real cluster is shown as such, with its log's
// path; the log holds the failing command's own error.
func TestAFailedSetupOnTheClusterShowsWhereItsLogIs(t *testing.T) {
	c := testcluster.Shared(t)
	pack := filepath.Join(t.TempDir(), "pack")
	if err := os.CopyFS(pack, os.DirFS("../../sandbox/check/testdata/challengepack")); err != nil {
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
		t.Fatal(err)
	}
	l := cat.Lessons[0]
	parts, store, _ := onFirstStep(t, c.Kubeconfig(), l)
	lb := parts.Lab(cat, store)
	lb.Markdown = tui.NewASCIIMarkdown()

	lipgloss.SetColorProfile(termenv.Ascii)
	m := tui.New(tui.Options{Lab: lb, Lang: "en", Theme: theme.Options{Dark: true, NoColor: true}})
	// Wide enough for the log's path on one line.
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(400, 40))
	log := lb.SetupLog(l.ID, l.Steps[0].ID)
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("Preparing this step failed")) && bytes.Contains(b, []byte(log))
	}, teatest.WithDuration(90*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("l")})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("$ kubectl create servic clusterip web")) && bytes.Contains(b, []byte("# exit 1"))
	}, teatest.WithDuration(30*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

// onFirstStep is a lab on the test cluster whose progress, in fresh folders,
// opens lesson l at its first step; it returns the state folder too.
func onFirstStep(t *testing.T, kubeconfig string, l *lessons.Lesson) (*Parts, *progress.Store, string) {
	t.Helper()
	dir := t.TempDir()
	stateDir := filepath.Join(dir, "state")
	store, _, err := progress.Open(stateDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SetCurrent(l.ID, l.Steps[0].ID); err != nil {
		t.Fatal(err)
	}
	parts := New(Options{Kubeconfig: kubeconfig, ConfigDir: filepath.Join(dir, "config"), CacheDir: filepath.Join(dir, "cache"), StateDir: stateDir})
	return parts, store, stateDir
}
