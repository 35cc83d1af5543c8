package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"kubelab/internal/msg/msgtest"
	"kubelab/tui/lab/labtest"
)

// newSetupFixture is the challenge fixture whose checker runs the step's
// setup first, logging under the learner's state folder; with gate, each
// setup waits for a value on the returned channel.
func newSetupFixture(t *testing.T, gate bool) (*fixture, chan struct{}) {
	t.Helper()
	f, _ := newChallengeFixture(t)
	home, _ := os.UserHomeDir() // the fixture's own
	f.checker.Setup = &labtest.Setup{Dir: filepath.Join(home, ".local", "state", "kubelab", "setup")}
	if gate {
		f.checker.Setup.Gate = make(chan struct{})
	}
	return f, f.checker.Setup.Gate
}

var (
	preparing   = map[string]string{"en": "Preparing this step…", "zh": "正在准备这一步…"}
	setupFailed = map[string]string{"en": "Preparing this step failed", "zh": "这一步准备失败"}
	selectsNot  = map[string]string{"en": "spec.selector.app is wbe", "zh": "spec.selector.app 为 wbe"}
)

// While the step's setup runs the checks column says the step is being
// prepared and shows no check; the checks come once it is over.
func TestGoldenAStepIsPreparedBeforeItsChecksShow(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			f, gate := newSetupFixture(t, true)
			s := f.start(t, lang)
			s.keys("<enter>")
			v := s.view(preparing[lang], serviceValid(lang))
			if strings.Contains(v, selectsNot[lang]) || strings.Contains(v, "Service web selects") {
				t.Errorf("the checks show while the step is prepared:\n%s", v)
			}
			golden.RequireEqual(t, []byte(v))
			if lang == "zh" {
				if found := msgtest.English(screenText(v)); len(found) > 0 {
					t.Errorf("the preparing step speaks English in Chinese: %q\n%s", found, v)
				}
			}
			gate <- struct{}{}
			v = s.view(selectsNot[lang])
			s.quit()
			if strings.Contains(v, preparing[lang]) {
				t.Errorf("the step still shows as being prepared after its first report:\n%s", v)
			}
			if n := f.checker.Setup.Runs("fix-service", "selector"); n != 1 {
				t.Errorf("the setup ran %d times; want once", n)
			}
		})
	}
}

// A failed setup says so with its log's path and keys, and runs no check;
// the log opens in place of the step's text and closes with the same key;
// the retry key runs the setup again.
func TestGoldenAFailedSetupShowsItsLogAndRetryRunsItAgain(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			f, _ := newSetupFixture(t, false)
			f.checker.Setup.Fail(errors.New(`error: the server doesn't have a resource type "deploymnt"`))
			s := f.start(t, lang)
			s.keys("<enter>")
			v := s.view(setupFailed[lang], "selector.log", serviceValid(lang))
			if !strings.Contains(v, "~/.local/state/") {
				t.Errorf("the failure does not name the log under the home folder:\n%s", v)
			}
			if strings.Contains(v, selectsNot[lang]) || strings.Contains(v, preparing[lang]) {
				t.Errorf("a failed setup shows checks or preparing:\n%s", v)
			}
			golden.RequireEqual(t, []byte(v))
			if lang == "zh" {
				if found := msgtest.English(screenText(v)); len(found) > 0 {
					t.Errorf("the failed setup speaks English in Chinese: %q\n%s", found, v)
				}
			}

			s.keys("l")
			v = s.view(`resource type "deploymnt"`, "# exit 1")
			if !strings.Contains(v, "$ kubectl create deployment web") {
				t.Errorf("the log does not show the setup's commands:\n%s", v)
			}
			t.Run("log", func(t *testing.T) { golden.RequireEqual(t, []byte(v)) })
			s.keys("l")
			v = s.view(map[string]string{"en": "Commands (press the number", "zh": "命令（按数字"}[lang])
			if strings.Contains(v, "# exit 1") {
				t.Errorf("the log did not close:\n%s", v)
			}

			f.checker.Setup.Fail(nil)
			s.keys("r")
			s.view(selectsNot[lang])
			s.quit()
			if n := f.checker.Setup.Runs("fix-service", "selector"); n != 2 {
				t.Errorf("the setup ran %d times; want twice (once more on retry)", n)
			}
		})
	}
}

// A lesson reset prepares the step again: its setup runs again, and the
// screen says so until it is over.
func TestResettingTheLessonRunsTheSetupAgain(t *testing.T) {
	f, gate := newSetupFixture(t, true)
	s := f.start(t, "en")
	s.keys("<enter>")
	s.waitFor("Preparing this step…")
	gate <- struct{}{}
	s.waitFor("spec.selector.app is wbe")
	s.keys("R", "y")
	s.view("Lesson reset", "Preparing this step…")
	gate <- struct{}{}
	s.view("spec.selector.app is wbe")
	s.quit()
	if n := f.checker.Setup.Runs("fix-service", "selector"); n != 2 {
		t.Errorf("the setup ran %d times; want twice (once more after the reset)", n)
	}
}

// The log key says so on a step without setup, and is not in its help.
func TestAStepWithoutSetupHasNoSetupLog(t *testing.T) {
	f := newFixture(t)
	f.checker.Setup = &labtest.Setup{Dir: t.TempDir()}
	s := f.start(t, "en")
	s.keys("<enter>")
	v := s.view("3 nodes")
	if strings.Contains(v, "setup log") {
		t.Errorf("a step without setup offers its setup log:\n%s", v)
	}
	s.keys("l")
	s.view("This step has no setup, so no setup log.")
	s.quit()
}

// A failed setup belongs to its step: the next step, without setup, shows
// its checks and no failure, and the log key says it has no setup.
func TestAFailedSetupStaysWithItsStep(t *testing.T) {
	f, _ := newSetupFixture(t, false)
	l := f.cat.Lessons[0]
	next := *l.Steps[0]
	next.ID, next.Setup, next.Files = "after", nil, nil
	l.Steps = append(l.Steps, &next)
	f.checker.Setup.Fail(errors.New("error: no"))
	s := f.start(t, "en")
	s.keys("<enter>")
	s.waitFor("Preparing this step failed", "selector.log")
	s.keys("n")
	v := s.view("Step 2/2", "spec.selector.app is wbe")
	if strings.Contains(v, "Preparing this step") {
		t.Errorf("the next step shows the failed setup of the one before:\n%s", v)
	}
	s.keys("l")
	s.view("This step has no setup, so no setup log.")
	s.quit()
}
