package live

import (
	"errors"
	"testing"
	"time"

	"kubelab/sandbox/check"
	"kubelab/sandbox/classroom"
	"kubelab/tui/lab"
)

type fakePublisher struct{ ch chan classroom.Snapshot }

func (f fakePublisher) Subscribe() (<-chan classroom.Snapshot, func()) { return f.ch, func() {} }

func receive(t *testing.T, ch <-chan lab.BoardSnapshot) (lab.BoardSnapshot, bool) {
	t.Helper()
	select {
	case s, ok := <-ch:
		return s, ok
	case <-time.After(5 * time.Second):
		t.Fatal("no snapshot")
	}
	return lab.BoardSnapshot{}, false
}

// The UI's board says what the classroom's says: every cell, the first
// failing check and what it saw, the stuck steps; and when the board stops,
// why, and then the subscription ends.
func TestTheUIsBoardCarriesTheClassroomsBoardAndItsEnd(t *testing.T) {
	pub := fakePublisher{ch: make(chan classroom.Snapshot, 1)}
	done := make(chan error, 1)
	snaps, stop := Board(pub, done).Subscribe()
	defer stop()
	fail := check.Result{Check: "three-ready", Pass: false}
	pub.ch <- classroom.Snapshot{
		Class: "k8s101", Learners: []string{"alice", "bob"}, Ready: true,
		Lessons: []classroom.LessonPlan{{ID: "self-healing", Steps: []string{"deploy", "delete-pod"}}},
		Cells: [][]classroom.Cell{
			{{Learner: "alice", Lesson: "self-healing", Started: true, Done: 1, Steps: 2, Step: "delete-pod", Status: classroom.StatusPassing, Hints: 2, Solutions: 1}},
			{{Learner: "bob", Lesson: "self-healing", Started: true, Steps: 2, Step: "deploy", Status: classroom.StatusFailing, Failing: []check.Result{fail}}},
		},
		Stuck: []classroom.Stuck{{Lesson: "self-healing", Step: "deploy", Check: "three-ready", Count: 1, Of: 1, Example: fail}},
	}
	s, _ := receive(t, snaps)
	if s.Class != "k8s101" || len(s.Lessons) != 1 || s.Lessons[0] != "self-healing" || !s.Ready {
		t.Fatalf("snapshot %+v", s)
	}
	a, b := s.Cells[0][0], s.Cells[1][0]
	if a.Status != lab.BoardPassing || a.Done != 1 || a.Step != "delete-pod" || a.Hints != 2 || a.Solutions != 1 {
		t.Errorf("alice: %+v", a)
	}
	if b.Status != lab.BoardFailing || b.Failing != "three-ready" || b.FailingSeen.Text("en") != fail.Message("en") {
		t.Errorf("bob: %+v", b)
	}
	if len(s.Stuck) != 1 || s.Stuck[0].Count != 1 || s.Stuck[0].Seen.Text("zh") != fail.Message("zh") {
		t.Errorf("stuck: %+v", s.Stuck)
	}
	done <- errors.New("watch configmaps: connection refused")
	s, ok := receive(t, snaps)
	if !ok || s.Err == nil || s.Class != "k8s101" {
		t.Fatalf("after the board ended: %+v (open %v)", s, ok)
	}
	if _, ok := receive(t, snaps); ok {
		t.Error("the subscription is still open after the board ended")
	}
}
