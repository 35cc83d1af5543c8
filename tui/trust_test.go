package tui

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"

	"kubelab/tui/lab"
	"kubelab/tui/theme"
)

// countingChecker counts the watches started: opening a step starts one,
// and with it the step's command checks.
type countingChecker struct {
	lab.Checker
	watches atomic.Int32
}

func (c *countingChecker) Watch(ctx context.Context, req lab.WatchRequest, emit func(lab.Report)) error {
	c.watches.Add(1)
	return c.Checker.Watch(ctx, req, emit)
}

// startUntrusted starts the UI on the test pack as a pack not trusted yet;
// trust counts the times the learner's trust was recorded.
func (f *fixture) startUntrusted(t *testing.T, lang string, trust *atomic.Int32, saveErr error) (*session, *countingChecker) {
	t.Helper()
	l := f.lab()
	cc := &countingChecker{Checker: f.checker}
	l.Checker = cc
	l.TrustPack = func() error { trust.Add(1); return saveErr }
	m := New(Options{Lab: l, Lang: lang, Theme: theme.Options{Dark: true, NoColor: true}})
	tm := teatest.NewTestModel(t, probeModel{m}, teatest.WithInitialTermSize(100, 30))
	return &session{t: t, tm: tm, m: m}, cc
}

func TestTheUIAsksBeforeOpeningALessonOfAnUntrustedPackAndRunsNothingUntilYes(t *testing.T) {
	f := newFixture(t)
	var trusted atomic.Int32
	s, cc := f.startUntrusted(t, "en", &trusted, nil)
	s.waitFor("3/3 nodes Ready")
	s.keys("<down>", "<enter>")
	v := screenText(s.view("This lesson pack is code"))
	for _, want := range []string{
		"y: yes, ↑/k ↓/j: scroll, any other key: no", // the keys from the key map
		"healing/deploy",
		"on this machine, command:",
		"$ kubectl create deployment web --image=nginx:1.29 --replicas=3",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("the question lacks %q:\n%s", want, v)
		}
	}
	// The list scrolls down to the node step's command check, and not
	// past its end; scrolling is not an answer.
	s.keys("<down>", "<down>", "<down>", "<down>", "<down>", "<down>", "<down>", "<down>", "<down>", "<down>")
	v = screenText(s.view("check crictl:"))
	if !strings.Contains(v, "This lesson pack is code") || strings.Contains(v, "more lines") {
		t.Errorf("scrolled to the end, the question should stay and nothing be below:\n%s", v)
	}
	if strings.Contains(v, "healing/deploy") {
		t.Errorf("scrolled to the end, the first step's heading is still on screen:\n%s", v)
	}
	// One line up brings the first heading back. The frame is asked for,
	// not waited for in the output: when the tick that would have drawn
	// the end fell after this key, the frame drawn equals one drawn before
	// and the renderer writes nothing.
	s.keys("<up>")
	if v := s.frame(); !strings.Contains(v, "healing/deploy") {
		t.Errorf("one line up, the first step's heading should show again:\n%s", screenText(v))
	}
	// No: the lesson stays closed and nothing of the pack ran.
	s.keys("x")
	v = s.view("Start with")
	if strings.Contains(v, "This lesson pack is code") || strings.Contains(v, "Step 1/3") {
		t.Errorf("after no, the question or the lesson is on screen:\n%s", v)
	}
	if n := cc.watches.Load(); n != 0 || len(f.runner.Ran) != 0 || trusted.Load() != 0 {
		t.Fatalf("after no: %d watches, ran %v, trusted %d times", n, f.runner.Ran, trusted.Load())
	}
	if l, _ := f.progress.Current(); l != "" {
		t.Errorf("after no, the current lesson became %q", l)
	}

	// Asked again; yes opens the lesson and records the trust once.
	s.keys("<enter>")
	s.view("This lesson pack is code")
	s.keys("y")
	s.view("Step 1/3")
	if trusted.Load() != 1 || cc.watches.Load() == 0 {
		t.Fatalf("after yes: trusted %d times, %d watches", trusted.Load(), cc.watches.Load())
	}
	// Trusted for the rest of the run: another lesson opens without asking.
	s.keys("<esc>", "<up>", "<enter>")
	v = s.view("Step 1/1")
	if strings.Contains(v, "This lesson pack is code") {
		t.Errorf("asked again in the same run:\n%s", v)
	}
	s.quit()
}

func TestTheUIAsksAtStartBeforeResumingALessonOfAnUntrustedPackInChinese(t *testing.T) {
	f := newFixture(t)
	f.progress.SetCurrent("healing", "delete-pod")
	var trusted atomic.Int32
	s, cc := f.startUntrusted(t, "zh", &trusted, errors.New("disk full"))
	v := s.view("这个课程包就是代码", "y：是，↑/k ↓/j：滚动，其他键：否")
	if cc.watches.Load() != 0 {
		t.Fatalf("a watch started before the learner answered:\n%s", v)
	}
	s.keys("y")
	v = s.view("仅在本次运行中信任这个课程包", "disk full")
	if cc.watches.Load() == 0 {
		t.Errorf("yes did not open the lesson:\n%s", v)
	}
	s.quit()
}

func TestATrustedPackOpensLessonsWithoutAsking(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.keys("<down>", "<enter>")
	v := s.view("Step 1/3")
	if strings.Contains(v, "This lesson pack is code") {
		t.Errorf("asked about a trusted pack:\n%s", v)
	}
	s.quit()
}
