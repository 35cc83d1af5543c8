package live

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"kubelab/internal/testcluster"
	"kubelab/lessons"
	"kubelab/sandbox/classroom"
	"kubelab/tui"
	"kubelab/tui/lab"
	"kubelab/tui/theme"
)

// A teacher's Board screen over the real board of a class on the test
// cluster: the class appears, and a learner's lab reporting a step and two
// hints reaches the screen, with the step's checks evaluated from the
// cluster (nothing deployed yet: failing).
func TestTheBoardScreenShowsWhatALearnerReportsAndWhatTheClusterSays(t *testing.T) {
	c := testcluster.Shared(t)
	cs := c.Clientset()
	cat, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	plan, err := classroom.Plan(cat, []string{"self-healing"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const class = "uiboard"
	if _, err := classroom.Create(ctx, cs, classroom.Spec{Name: class, Learners: []string{"alice", "bob"}, Lessons: plan, Quota: classroom.DefaultQuota}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		if _, err := classroom.Delete(ctx, cs, class, 0); err != nil {
			t.Errorf("delete class: %v", err)
		}
	})
	b, err := classroom.NewBoard(ctx, classroom.BoardConfig{REST: c.RESTConfig(), Catalog: cat, Class: class})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()

	lipgloss.SetColorProfile(termenv.Ascii)
	m := tui.New(tui.Options{Lab: lab.Lab{Catalog: cat, Board: Board(b, done)}, Lang: "en", Theme: theme.Options{Dark: true, NoColor: true}})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 30))
	wait := func(texts ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(out []byte) bool {
			for _, s := range texts {
				if !bytes.Contains(out, []byte(s)) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(60*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	steps := len(plan[0].Steps)
	wait("Class uiboard · learners: 2 · lessons: 1", "alice", "bob", fmt.Sprintf("0/%d ○", steps))

	ns := classroom.LearnerNamespace(class, "alice", plan[0].Namespace)
	sent := time.Now()
	if err := classroom.WriteProgress(ctx, cs, ns, func(p *classroom.Progress) {
		lp := p.Lesson("self-healing")
		lp.Step = "deploy"
		lp.Hints = map[string]int{"deploy": 2}
	}); err != nil {
		t.Fatal(err)
	}
	wait(fmt.Sprintf("0/%d deploy ✗ h2", steps))
	t.Logf("a learner's report reached the Board screen in %v", time.Since(sent))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}
