package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"

	"kubelab/tui/lab"
	"kubelab/tui/lab/labtest"
	"kubelab/tui/theme"
)

// A teacher's lab, opened for a class, starts on the class's board and has
// a tab for it; a learner's lab has none.
func TestATeachersLabStartsOnTheBoardAndItsKeyComesBack(t *testing.T) {
	f := newFixture(t)
	b := &labtest.Board{}
	b.Publish(lab.BoardSnapshot{
		Class: "k8s101", Learners: []string{"alice"}, Lessons: []string{"healing"}, Ready: true,
		Cells: [][]lab.BoardCell{{{Started: true, Done: 1, Steps: 2, Step: "delete-pod", Status: lab.BoardPassing}}},
	})
	l := f.lab()
	l.Board = b
	m := New(Options{Lab: l, Lang: "en", Theme: theme.Options{Dark: true, NoColor: true}})
	s := &session{t: t, tm: teatest.NewTestModel(t, probeModel{m}, teatest.WithInitialTermSize(100, 30)), m: m}
	v := s.view("1/2 delete-pod ✓")
	if !strings.Contains(v, "B Board") || !strings.Contains(v, "Class k8s101") {
		t.Fatalf("the lab did not start on the board:\n%s", v)
	}
	s.keys("H")
	if v := s.view("Start with"); strings.Contains(v, "Class k8s101") {
		t.Fatalf("H did not leave the board:\n%s", v)
	}
	s.keys("B")
	s.view("Class k8s101", "1/2 delete-pod ✓")
	s.quit()
	m.stop() // what run does when the program ends
	if b.Subscribers() != 0 {
		t.Errorf("%d subscriptions left open after the program ended", b.Subscribers())
	}

	f = newFixture(t)
	s = f.start(t, "en")
	v = s.view("3/3 nodes Ready")
	s.quit()
	if strings.Contains(v, "Board") {
		t.Errorf("a learner's lab has a Board tab:\n%s", v)
	}
}
