package live

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"kubelab/internal/progress"
	"kubelab/internal/testcluster"
	"kubelab/lessons"
	"kubelab/tui"
	"kubelab/tui/theme"
)

// The learner's path through a lesson's first step, against the real test
// cluster with the real runner, kubectl, checks engine and progress store:
// open the lesson, run its command with one key, see the check turn green,
// answer the quiz, and find the step saved on disk. (The UI's test pack's
// healing lesson, in its own namespace; the tmux test takes the built-in
// self-healing.)
func TestRunningAStepsCommandAgainstTheClusterTurnsItsChecksGreenAndSavesTheStep(t *testing.T) {
	c := testcluster.Shared(t)
	cat, err := lessons.LoadDir("../testdata/pack")
	if err != nil {
		t.Fatal(err)
	}
	const lessonID = "healing"
	l := cat.Lesson(lessonID)
	dir := t.TempDir()
	stateDir := filepath.Join(dir, "state")
	store, _, err := progress.Open(stateDir)
	if err != nil {
		t.Fatal(err)
	}
	// A learner whose quiz choices come in a known order.
	if err := store.Update(func(p *progress.Progress) error { p.Seed = "live test"; return nil }); err != nil {
		t.Fatal(err)
	}
	// Start on self-healing's first step, as a learner who picked it.
	if err := store.SetCurrent(lessonID, l.Steps[0].ID); err != nil {
		t.Fatal(err)
	}
	parts := New(Options{Kubeconfig: c.Kubeconfig(), ConfigDir: filepath.Join(dir, "config"), CacheDir: filepath.Join(dir, "cache"), StateDir: stateDir})
	lb := parts.Lab(cat, store)
	lb.Markdown = tui.NewASCIIMarkdown()

	lipgloss.SetColorProfile(termenv.Ascii)
	m := tui.New(tui.Options{Lab: lb, Lang: "en", Theme: theme.Options{Dark: true, NoColor: true}})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
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

	wait("the step and a reachable cluster", "Step 1/", "3/3 nodes Ready")
	key("1")
	// One wait: the checks may turn green in the same frames as the output
	// ends, and a wait consumes the frames it reads.
	wait("the command's output and the pods check turn green", "deployment.apps/web created", "exit 0", "✓ Three pods")
	if store.Done(lessonID, l.Steps[0].ID) {
		t.Fatal("the step was saved as done before its quiz was answered")
	}
	// The right choice, id b, under the letter this learner sees it at.
	quiz := l.Steps[0].Checks[slices.IndexFunc(l.Steps[0].Checks, func(c *lessons.Check) bool { return c.ID == "owner" })]
	key("a")
	key(string(rune('a' + slices.Index(lessons.ChoiceOrder("live test", l, l.Steps[0], quiz), "b"))))
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("the success moment", "Step done")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))

	// The progress is on disk: a fresh store reads it.
	again, _, err := progress.Open(stateDir)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Done(lessonID, l.Steps[0].ID) {
		data, _ := os.ReadFile(again.Path())
		t.Fatalf("the step is not saved as done; progress file:\n%s", data)
	}
	if got := again.Answers(lessonID)[l.Steps[0].ID+"/owner"]; !strings.EqualFold(got, "b") {
		t.Errorf("saved quiz answer %q, want b", got)
	}
}
