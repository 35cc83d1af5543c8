package board

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"kubelab/internal/msg"
	"kubelab/tui/lab"
	"kubelab/tui/lab/labtest"
	"kubelab/tui/program"
	"kubelab/tui/theme"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

// What the checks engine would say, for the fake board.
var _ = msg.Register("tui/board test", msg.Catalog{
	"test.notReady": {"en": "0 of 3 pods Ready", "zh": "3 个 Pod 中 0 个就绪"},
	"test.noSvc":    {"en": "no Service web", "zh": "没有名为 web 的 Service"},
})

var lessonSteps = map[string][]string{
	"self-healing": {"deploy", "delete-pod", "crash"},
	"scaling":      {"scale", "watch"},
	"services":     {"expose", "curl"},
	"config":       {"configmap", "mount"},
}

// class is a board of n learners in four lessons: the first dozen stuck on
// self-healing/deploy, some further on, some done, some with help taken.
func class(n int) lab.BoardSnapshot {
	s := lab.BoardSnapshot{
		Class: "k8s101", Lessons: []string{"self-healing", "scaling", "services", "config"},
		Ready: true, Updated: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC),
	}
	for i := range n {
		s.Learners = append(s.Learners, fmt.Sprintf("learner-%02d", i+1))
		row := make([]lab.BoardCell, len(s.Lessons))
		for j, l := range s.Lessons {
			steps := lessonSteps[l]
			c := lab.BoardCell{Steps: len(steps), Step: steps[0], Status: lab.BoardFailing}
			switch {
			case j == 0 && i < 12:
				c.Started, c.Failing, c.FailingSeen = true, "three-ready", msg.New("test.notReady")
				c.Hints = i % 3
			case j == 0 && i < 20:
				c.Started, c.Done, c.Step, c.Status = true, 1, steps[1], lab.BoardPassing
				c.Solutions = i % 2
			case j == 0:
				c.Started, c.Done, c.Step, c.Status = true, 3, "", lab.BoardDone
			case j == 2 && i >= 20 && i < 24:
				c.Started, c.Failing, c.FailingSeen = true, "service", msg.New("test.noSvc")
			case j == 1 && i == 25:
				c.Started, c.Status, c.Error = true, lab.BoardError, "the API server did not answer"
			}
			row[j] = c
		}
		s.Cells = append(s.Cells, row)
	}
	s.Stuck = []lab.BoardStuck{
		{Lesson: "self-healing", Step: "deploy", Check: "three-ready", Count: 12, Of: 12, Seen: msg.New("test.notReady")},
		{Lesson: "services", Step: "expose", Check: "service", Count: 4, Of: n - 4, Seen: msg.New("test.noSvc")},
	}
	return s
}

// harness runs the screen alone, as the root would: sized, opened, and
// answering view probes in order with the keys sent before them.
type harness struct{ m *Model }

type viewProbe struct{ ch chan string }

func (h harness) Init() tea.Cmd { return h.m.Opened() }

func (h harness) Update(in tea.Msg) (tea.Model, tea.Cmd) {
	switch in := in.(type) {
	case tea.WindowSizeMsg:
		h.m.SetSize(in.Width, in.Height)
		return h, nil
	case viewProbe:
		in.ch <- h.m.View()
		return h, nil
	}
	return h, h.m.Update(in)
}

func (h harness) View() string { return h.m.View() }

type session struct {
	t  *testing.T
	tm *teatest.TestModel
	m  *Model
}

func start(t *testing.T, b *labtest.Board, lang string) *session {
	t.Helper()
	ctx := program.New(lab.Lab{Board: b}, theme.New(theme.Options{Dark: true, NoColor: true}), lang)
	m := New(ctx)
	tm := teatest.NewTestModel(t, harness{m}, teatest.WithInitialTermSize(100, 30))
	t.Cleanup(func() {
		if err := tm.Quit(); err != nil {
			t.Error(err)
		}
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	})
	return &session{t: t, tm: tm, m: m}
}

func (s *session) keys(ks ...tea.KeyType) {
	for _, k := range ks {
		s.tm.Send(tea.KeyMsg{Type: k})
	}
}

// view waits until the screen shows every text and returns the frame.
func (s *session) view(texts ...string) string {
	s.t.Helper()
	var last string
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		ch := make(chan string, 1)
		s.tm.Send(viewProbe{ch})
		select {
		case last = <-ch:
		case <-time.After(5 * time.Second):
			s.t.Fatal("the program did not answer a view probe")
		}
		ok := true
		for _, t := range texts {
			ok = ok && strings.Contains(last, t)
		}
		if ok {
			return last
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.t.Fatalf("the screen never showed %q; last frame:\n%s", texts, last)
	return ""
}

// Golden frames at 100x30, no colour. Regenerate with:
// go test ./tui/board -run Golden -update, and read the diff.
func TestGoldenBoardInBothLanguages(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			b := &labtest.Board{}
			b.Publish(class(30))
			s := start(t, b, lang)
			v := s.view("learner-01", map[string]string{"en": "12 of 12 stuck", "zh": "12 / 12 人卡在"}[lang])
			golden.RequireEqual(t, []byte(v))
		})
	}
}

func TestTheScreenWaitsForTheFirstBoard(t *testing.T) {
	b := &labtest.Board{}
	s := start(t, b, "en")
	s.view("Starting the board")
	b.Publish(class(3))
	s.view("learner-03")
}

func TestAChangeOnTheBoardReachesTheScreen(t *testing.T) {
	b := &labtest.Board{}
	snap := class(30)
	b.Publish(snap)
	s := start(t, b, "en")
	before := s.view("learner-01", "0/3 deploy ✗", "0/2 ○")
	if !strings.Contains(before, "; failing:\nthree-ready: 0 of 3 pods Ready") {
		t.Fatalf("the selected cell does not say what fails:\n%s", before)
	}
	// learner-01 fixes the deployment: the teacher's board evaluates the
	// cell again and publishes; the screen shows it at once.
	next := class(30)
	next.Cells[0][0] = lab.BoardCell{Started: true, Steps: 3, Done: 1, Step: "delete-pod", Status: lab.BoardPassing, Hints: 2}
	next.Stuck[0].Count = 11
	next.Updated = next.Updated.Add(time.Second)
	sent := time.Now()
	b.Publish(next)
	after := s.view("1/3 delete-pod ✓ h2", "11 of 12 stuck", "09:30:01", "learner-01 in self-healing: step delete-pod, 1 of 3 steps done, 2 hints")
	if strings.Contains(after, "; failing:") {
		t.Errorf("the selected cell still says it fails:\n%s", after)
	}
	t.Logf("a change reached the screen in %v", time.Since(sent))
}

func TestTheGridScrollsToEveryLearnerAndLesson(t *testing.T) {
	b := &labtest.Board{}
	b.Publish(class(200))
	s := start(t, b, "en")
	first := s.view("learner-01")
	if strings.Contains(first, "learner-200") || strings.Contains(first, "config") && !strings.Contains(first, "lessons 1–4") {
		t.Fatalf("first frame:\n%s", first)
	}
	s.keys(tea.KeyPgDown)
	s.view("learner-40", "learners 20–40 of 200")
	for range 20 {
		s.keys(tea.KeyPgDown)
	}
	last := s.view("learner-200", "of 200")
	if strings.Contains(last, "learner-01 ") {
		t.Errorf("the first learner is still on screen after scrolling to the last:\n%s", last)
	}
	if !strings.Contains(last, "learner-200 finished self-healing") {
		t.Errorf("the cursor is not on the last learner:\n%s", last)
	}
	for range 3 {
		s.keys(tea.KeyRight)
	}
	s.view("learner-200 has not started config yet")
	s.keys(tea.KeyHome) // not a board key: nothing moves
	s.keys(tea.KeyUp)
	s.view("learner-199 has not started config yet")
}

func TestANarrowScreenStillShowsTheSelectedLesson(t *testing.T) {
	b := &labtest.Board{}
	b.Publish(class(5))
	ctx := program.New(lab.Lab{Board: b}, theme.New(theme.Options{Dark: true, NoColor: true}), "en")
	m := New(ctx)
	m.SetSize(44, 20)
	cmd := m.Opened()
	m.Update(cmd())
	for range 3 {
		m.Update(tea.KeyMsg{Type: tea.KeyRight})
	}
	v := m.View()
	if !strings.Contains(v, "config") || strings.Contains(v, "self-healing ") {
		t.Fatalf("the column under the cursor is not on screen:\n%s", v)
	}
	for i, l := range strings.Split(v, "\n") {
		if w := lipgloss.Width(l); w > 44 {
			t.Errorf("line %d is %d wide: %q", i, w, l)
		}
	}
	if n := len(strings.Split(v, "\n")); n > 20 {
		t.Errorf("%d lines in a screen of 20", n)
	}
}

func TestStopEndsTheSubscription(t *testing.T) {
	b := &labtest.Board{}
	ctx := program.New(lab.Lab{Board: b}, theme.New(theme.Options{Dark: true, NoColor: true}), "en")
	m := New(ctx)
	cmd := m.Opened()
	if b.Subscribers() != 1 || m.Opened() != nil {
		t.Fatalf("%d subscribers after opening twice", b.Subscribers())
	}
	m.Stop()
	if b.Subscribers() != 0 {
		t.Fatalf("%d subscribers after Stop", b.Subscribers())
	}
	if _, ok := cmd().(endedMsg); !ok {
		t.Fatal("the waiting command did not end with the subscription")
	}
}

func TestAStoppedBoardSaysWhy(t *testing.T) {
	b := &labtest.Board{}
	snap := class(3)
	snap.Err = fmt.Errorf("watch pods: connection refused")
	b.Publish(snap)
	s := start(t, b, "zh")
	s.view("看板已停止：watch pods: connection refused")
}
