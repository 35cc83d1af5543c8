package tui

import (
	"errors"

	"kubelab/internal/msg"
	"kubelab/internal/progress"
	"kubelab/tui/lab/labtest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"kubelab/tui/program"
	"kubelab/tui/theme"
)

func TestRunningAStepsCommandTurnsItsCheckGreenAndSavesTheStepAtOnce(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.waitFor("3/3 nodes Ready")
	s.keys("<down>", "<enter>")
	s.waitFor("0 pods Ready; want >= 3")
	s.keys("1")
	v := s.view("deployment.apps/web created", "✓ Three pods labelled")
	if !strings.Contains(v, "exit 0") {
		t.Errorf("the output pane does not show the command's end:\n%s", v)
	}
	// The quiz is still open: the step is not done yet.
	if f.progress.Done("healing", "deploy") {
		t.Fatal("the step was saved as done with its quiz unanswered")
	}
	s.keys("a", choice(t, v, "the Deployment"), "<enter>")
	v = s.view("not the right answer yet")
	s.keys("a")
	s.tm.Send(tea.KeyMsg{Type: tea.KeyBackspace})
	s.keys(choice(t, v, "a ReplicaSet"), "<enter>")
	v = s.view("Step done: Step 1/3: Run three replicas — n: next step")
	if !f.progress.Done("healing", "deploy") {
		t.Errorf("the step turned green but its progress was not saved:\n%s", v)
	}
	if got := f.progress.Answers("healing")["deploy/owner"]; got != "b" {
		t.Errorf("saved answer = %q, want b", got)
	}
	s.keys("n")
	v = s.view("Step 2/3: Delete a pod")
	if l, st := f.progress.Current(); l != "healing" || st != "delete-pod" {
		t.Errorf("current = %s/%s, want healing/delete-pod", l, st)
	}
	s.quit()
}

func TestTheHintOfAFailedWatchNamesAKeyThatChecksAgainAndChangesNothing(t *testing.T) {
	f := newFixture(t)
	f.checker.Break(errors.New("connection refused"))
	s := f.start(t, "en")
	s.waitFor("3/3 nodes Ready")
	s.keys("<down>", "<enter>")
	// The side column wraps the error: read the words, not the lines.
	v := s.view("refused")
	if !strings.Contains(strings.Join(strings.Fields(v), " "), "press r to check again") {
		t.Fatalf("the watch's error does not say to press r to check again:\n%s", v)
	}
	if !strings.Contains(v, "r check again") {
		t.Errorf("the help line does not offer r to check again:\n%s", v)
	}
	f.checker.Break(nil)
	f.progress.SetAnswer("healing", "deploy/owner", "c") // kept: a retry resets nothing
	s.keys("r")
	v = s.view("0 pods Ready; want >= 3")
	if strings.Contains(v, "connection refused") {
		t.Errorf("the error stayed after the checks ran again:\n%s", v)
	}
	if len(f.cluster.Resets) != 0 {
		t.Errorf("checking again reset namespaces %v", f.cluster.Resets)
	}
	if l, st := f.progress.Current(); l != "healing" || st != "deploy" || f.progress.Answers("healing")["deploy/owner"] != "c" {
		t.Errorf("checking again changed the progress: current %s/%s, answers %v", l, st, f.progress.Answers("healing"))
	}
	s.quit()
}

func TestStartingAgainLandsOnTheStepTheLearnerLeft(t *testing.T) {
	f := newFixture(t)
	f.progress.SetCurrent("healing", "delete-pod")
	f.progress.MarkDone("healing", "deploy")
	s := f.start(t, "en")
	v := screenText(s.view("Step 2/3: Delete a pod", "3/3 nodes Ready"))
	if !strings.Contains(v, "✓ 1. Run three replicas") {
		t.Errorf("the done step has no done mark:\n%s", v)
	}
	s.keys("<esc>")
	v = s.view("Resume: Healing · step 2/3: Delete a pod")
	if !strings.Contains(v, "● 02 Healing") {
		t.Errorf("home does not mark the lesson in progress:\n%s", v)
	}
	s.quit()
}

func TestCtrlCCancelsTheRunningCommandWithoutLeavingTheUI(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.keys("<down>", "<enter>")
	s.waitFor("Step 1/3")
	s.keys(":", "sleep 100", "<enter>")
	s.waitFor("sleeping", "running sleep 100")
	s.keys("<ctrl+c>")
	v := s.view("cancelled")
	if strings.Contains(v, "running sleep 100") {
		t.Errorf("the command still shows as running:\n%s", v)
	}
	// Idle now: the first Ctrl+C asks, the program keeps running.
	s.keys("<esc>", "<ctrl+c>")
	s.view("Press ctrl+c again to quit")
	s.keys("<ctrl+c>")
	s.tm.WaitFinished(t)
}

func TestThePromptKeepsAHistory(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.keys("<down>", "<enter>")
	s.waitFor("Step 1/3")
	s.keys(":", "false", "<enter>")
	s.waitFor("exit 1")
	s.keys("kubectl get pods -l app=web", "<enter>")
	s.waitFor("web-7d4b9c9f6d-2xkqp")
	s.keys("<up>", "<up>")
	v := s.view("$ false")
	if !strings.Contains(v, "$ false") {
		t.Errorf("history did not bring back the first command:\n%s", v)
	}
	s.quit()
	if got := f.runner.Commands(); len(got) != 2 {
		t.Errorf("ran %q, want two commands", got)
	}
}

func TestHintsComeOneAtATimeAndTheSolutionOnlyAfterAConfirmation(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.keys("<enter>")
	s.waitFor("Step 1/1")
	s.keys("h")
	v := s.view("Hint 1 of 2")
	if strings.Contains(v, "Hint 2 of 2") {
		t.Errorf("two hints after one key:\n%s", v)
	}
	s.keys("h", "h")
	s.view("Hint 2 of 2", "No more hints")
	s.keys("s")
	s.view("Show the solution?")
	s.keys("x")
	v = s.view("Hint 2 of 2")
	if strings.Contains(v, "Solution") {
		t.Errorf("the solution showed without a yes:\n%s", v)
	}
	s.keys("s", "y")
	s.view("Solution")
	s.quit()
}

func TestResetAsksFirstThenRecreatesTheNamespaceAndClearsProgress(t *testing.T) {
	f := newFixture(t)
	f.progress.MarkDone("healing", "deploy")
	f.progress.SetCurrent("healing", "delete-pod")
	s := f.start(t, "en")
	s.waitFor("Step 2/3", "3/3 nodes Ready")
	s.keys("R")
	s.view("Reset this lesson?")
	s.keys("y")
	s.view("Lesson reset: namespace healing recreated", "Step 1/3")
	s.quit()
	if f.progress.Done("healing", "deploy") {
		t.Error("progress survived the reset")
	}
	if len(f.cluster.Resets) != 1 || f.cluster.Resets[0] != "healing" {
		t.Errorf("namespaces reset: %q", f.cluster.Resets)
	}
}

func TestSearchingNotesFindsTextAndJumpsToItsLesson(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.keys("N", "/", "replicaset")
	v := s.view("/ replicaset")
	if !strings.Contains(v, "▸ Healing") || strings.Contains(v, "A first look") {
		t.Errorf("search did not narrow to the healing note:\n%s", v)
	}
	s.keys("<enter>", "<enter>")
	s.view("Step 1/3: Run three replicas")
	s.keys("x") // one more round trip: the screen switch has been applied
	s.quit()
	if s.m.active != program.Component(s.m.lesson) {
		t.Errorf("screen = %s, want the lesson", s.m.active.Title())
	}
}

func TestSearchingNotesInChineseFindsChineseText(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "zh")
	s.keys("N", "/", "控制平面")
	v := s.view("/ 控制平面")
	if !strings.Contains(v, "▸ 初识集群") || strings.Contains(v, "自我修复") {
		t.Errorf("search did not narrow to the first note:\n%s", v)
	}
	s.keys("<esc>", "/", "没有这个词")
	s.view("没有笔记匹配")
	s.quit()
}

func TestATooSmallWindowSaysSoAndComesBackWhole(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.keys("<down>", "<enter>")
	before := s.view("0 pods Ready; want >= 3")
	s.tm.Send(tea.WindowSizeMsg{Width: 50, Height: 15})
	v := s.view("The window is 50x15")
	for _, l := range strings.Split(v, "\n") {
		if w := len([]rune(l)); w > 50 {
			t.Errorf("a line is wider than the window: %q", l)
		}
	}
	s.tm.Send(tea.WindowSizeMsg{Width: 100, Height: 30})
	after := s.view("Step 1/3")
	if after != before {
		t.Errorf("the frame after resizing back differs:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	s.quit()
}

func TestEveryFrameFitsTheWindowWhileResizing(t *testing.T) {
	for _, ascii := range []bool{false, true} {
		f := newFixture(t)
		m := New(Options{Lab: f.lab(), Lang: "zh", Theme: theme.Options{Dark: true, NoColor: true, ASCII: ascii}})
		framesFit(t, m)
	}
}

func framesFit(t *testing.T, m *Model) {
	t.Helper()
	m.Init()
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Update(keyRunes("j"))
	m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	for _, size := range [][2]int{{60, 20}, {61, 21}, {80, 24}, {120, 40}, {100, 30}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, screen := range []string{"H", "N", "C", "?", "?"} {
			m.Update(keyRunes(screen))
			v := m.View()
			lines := strings.Split(v, "\n")
			if len(lines) != size[1] {
				t.Errorf("%dx%d screen %s: %d lines", size[0], size[1], screen, len(lines))
			}
			for _, l := range lines {
				if w := displayWidth(l); w > size[0] {
					t.Errorf("%dx%d screen %s: line of width %d: %q", size[0], size[1], screen, w, l)
				}
			}
			if screen == "H" && !strings.Contains(v, "02 自我修复") {
				t.Errorf("%dx%d home: the healing lesson's row is missing or broken:\n%s", size[0], size[1], v)
			}
			for _, l := range lines {
				if strings.Contains(l, "02 自我修复") && !strings.Contains(l, "0/3") {
					t.Errorf("%dx%d home: a lesson's row lost its count to the next line: %q", size[0], size[1], l)
				}
			}
		}
	}
}

func TestTheLanguageSwitchesAtRuntimeAndIsRemembered(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.waitFor("3/3 nodes Ready")
	s.keys("L")
	v := s.view("3/3 个节点就绪")
	if !strings.Contains(v, "从这里开始：初识集群") {
		t.Errorf("home is not in Chinese:\n%s", v)
	}
	s.keys("L")
	s.view("Start with: A first look")
	s.quit()
	if strings.Join(f.langs, ",") != "zh,en" {
		t.Errorf("saved languages %q, want zh,en", f.langs)
	}
}

func TestAStepThatNeedsKindSaysSoOnAnExistingCluster(t *testing.T) {
	f := newFixture(t)
	f.cluster.Name = "existing"
	f.progress.SetCurrent("healing", "node-shell")
	s := f.start(t, "en")
	v := screenText(s.view("This step needs the lab's kind cluster", "3/3 nodes Ready", "skipped: this check"))
	if !strings.Contains(v, "existing") {
		t.Errorf("the status bar does not name the backend:\n%s", v)
	}
	if !strings.Contains(v, "– crictl runs on the worker") {
		t.Errorf("the kind-only check is not marked skipped:\n%s", v)
	}
	if f.progress.Done("healing", "node-shell") {
		t.Error("a skipped step was saved as done")
	}
	s.keys("C")
	s.view("This is an existing cluster")
	s.quit()
}

func TestCreatingTheClusterShowsKindsProgressAsAChecklist(t *testing.T) {
	f := newFixture(t)
	f.cluster.St.Reachable = false
	f.cluster.St.Detail = msg.Plain("no kind cluster named kubelab")
	s := f.start(t, "en")
	s.waitFor("no cluster: reading mode")
	f.cluster.CreateEvents = []lab_Event{
		{Msg: msg.Plain("Ensuring node image (kindest/node:v1.36.3)"), State: 0},
		{Msg: msg.Plain("Ensuring node image (kindest/node:v1.36.3)"), State: 1},
		{Msg: msg.Plain("Preparing nodes"), State: 0},
		{Msg: msg.Plain("Preparing nodes"), State: 1},
		{Msg: msg.Plain("Waiting for the workers to be Ready"), State: 1},
	}
	s.keys("C", "c")
	v := screenText(s.view("Waiting for the workers to be Ready", "3/3 nodes Ready"))
	for _, want := range []string{"✓ Ensuring node image (kindest/node:v1.36.3)", "✓ Preparing nodes"} {
		if !strings.Contains(v, want) {
			t.Errorf("missing %q in:\n%s", want, v)
		}
	}
	s.quit()
}

func TestKeysTypedFasterThanTheyAreReadStillActAsKeys(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.waitFor("3/3 nodes Ready")
	s.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("N/replicaset")})
	v := s.view("/ replicaset")
	if !strings.Contains(v, "▸ Healing") {
		t.Errorf("the burst did not open notes and search:\n%s", v)
	}
	s.quit()
}

func TestPagingQuicklyThroughStepsSavesTheLastOneOpened(t *testing.T) {
	f := newFixture(t)
	f.progress.SlowCurrent = map[string]time.Duration{"delete-pod": 300 * time.Millisecond}
	s := f.start(t, "en")
	s.keys("<down>", "<enter>")
	s.waitFor("Step 1/3")
	s.keys("n", "n")
	s.view("Step 3/3")
	time.Sleep(600 * time.Millisecond) // the slow write of step 2 has ended
	s.quit()
	if l, st := f.progress.Current(); st != "node-shell" {
		t.Errorf("saved position %s/%s, want healing/node-shell (the step on screen)", l, st)
	}
}

func TestNotesOpenedAfterSwitchingLanguageShowTheSelectedNoteInTheNewLanguage(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.waitFor("3/3 nodes Ready")
	s.keys("L")
	s.waitFor("3/3 个节点就绪")
	s.keys("N")
	v := s.view("期望的状态")
	if strings.Contains(v, "desired state") {
		t.Errorf("the note is still in English after switching to Chinese:\n%s", v)
	}
	s.quit()
}

func TestACommandsEscapeSequencesShowAsTextNotActOnTheTerminal(t *testing.T) {
	f := newFixture(t)
	f.runner.Scripts["kubectl get pods -l app=web"] = labtest.Script{Lines: []string{"\x1b]0;pwned\x07\x1b[2Jplain \x1b[1mbold\x1b[0m"}}
	s := f.start(t, "en")
	s.waitFor("3/3 nodes Ready")
	s.keys("<down>", "<enter>")
	s.waitFor("Step 1/3")
	s.keys("2")
	v := s.view("plain")
	if strings.Contains(v, "\x1b]0;") || strings.Contains(v, "\x1b[2J") {
		t.Errorf("an OSC title or a screen clear reached the terminal:\n%q", v)
	}
	if !strings.Contains(v, "␛]0;pwned") {
		t.Errorf("the escape is not shown as text:\n%s", v)
	}
	s.quit()
}

// eventually waits for cond, written by a command beside the program.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(end) {
			t.Fatalf("not so after 5s: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestAHintAndTheSolutionSeenAreSavedAndHomeSaysTheStepWasDoneAfterTheSolution(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.waitFor("3/3 nodes Ready")
	s.keys("<down>", "<enter>")
	v := s.view("0 pods Ready; want >= 3")
	s.keys("h")
	s.view("Hint 1 of 2")
	eventually(t, "one hint saved", func() bool { return f.progress.HelpTaken("healing", "deploy") == progress.Help{Hints: 1} })
	s.keys("s")
	s.view("Show the solution?")
	if f.progress.HelpTaken("healing", "deploy").Solution {
		t.Fatal("the solution was saved as seen before the learner said yes")
	}
	s.keys("y")
	s.view("Solution")
	eventually(t, "the solution saved as seen", func() bool {
		return f.progress.HelpTaken("healing", "deploy") == progress.Help{Hints: 1, Solution: true}
	})
	s.keys("1")
	s.view("✓ Three pods labelled")
	s.keys("a", choice(t, v, "a ReplicaSet"), "<enter>")
	s.view("Step done")
	eventually(t, "the step saved as done", func() bool { return f.progress.Done("healing", "deploy") })
	if h, ok := f.progress.HowDone("healing", "deploy"); !ok || h != (progress.Help{Hints: 1, Solution: true}) {
		t.Errorf("how the step was done = %+v, %v; want after 1 hint and the solution", h, ok)
	}
	s.keys("<esc>")
	v = screenText(s.view("Run three replicas · after the solution"))
	if !strings.Contains(v, "1/3 · 0 on your own") {
		t.Errorf("the lesson's row does not count the steps done on the learner's own:\n%s", v)
	}
	s.quit()
}

func TestAStepDoneWithoutHelpCountsAsOnTheLearnersOwn(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.waitFor("3/3 nodes Ready")
	s.keys("<enter>")
	s.view("Step done")
	s.keys("<esc>")
	v := screenText(s.view("List the nodes · on your own"))
	if !strings.Contains(v, "1/1 · 1 on your own") {
		t.Errorf("the lesson's row does not count the step done on the learner's own:\n%s", v)
	}
	s.quit()
}

func TestAQuizWithChoicesTakesOnlyTheLetterOfAChoice(t *testing.T) {
	f := newFixture(t)
	s := f.start(t, "en")
	s.waitFor("3/3 nodes Ready")
	s.keys("<down>", "<enter>")
	s.view("0 pods Ready; want >= 3")
	s.keys("a", "ReplicaSet", "<enter>")
	v := s.view("Answer with the letter of a choice, a to c.")
	if strings.Contains(v, "Why") {
		t.Errorf("the explanation shows before any answer:\n%s", v)
	}
	if got := f.progress.Answers("healing"); len(got) != 0 {
		t.Errorf("saved answers %v for text that names no choice", got)
	}
	s.quit()
}

func TestTheDetailsKeyShowsEveryValueTheCheckSawAndGoesBack(t *testing.T) {
	f := newFixture(t)
	f.progress.MarkDone("healing", "deploy")
	f.progress.SetCurrent("healing", "delete-pod")
	s := f.start(t, "en")
	v := s.view("(d: more)", "3/3 nodes Ready")
	if strings.Contains(v, "9c8b7a6d") {
		t.Errorf("the checks column shows the full values:\n%s", v)
	}
	s.keys("d")
	v = s.view("In full:")
	if !strings.Contains(strings.Join(strings.Fields(v), " "), "web-7d4b9c9f6d-tq5vw") {
		t.Errorf("the details do not show the values the check saw:\n%s", v)
	}
	s.keys("d")
	v = s.view("Delete the pods and watch")
	if strings.Contains(v, "In full:") {
		t.Errorf("the details stayed after the key again:\n%s", v)
	}
	s.quit()
}

func TestTheChecksDetailsAndHowStepsWereDoneFitTheWindowAtEverySize(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		f := newFixture(t)
		f.progress.UseHints("healing", "deploy", 2)
		f.progress.MarkDone("healing", "deploy")
		f.progress.SetCurrent("healing", "delete-pod")
		s := f.start(t, lang)
		s.waitFor(map[string]string{"en": "(d: more)", "zh": "（d：详情）"}[lang])
		s.keys("d")
		s.waitFor(map[string]string{"en": "In full:", "zh": "完整内容："}[lang])
		for _, screen := range []string{"lesson", "home"} {
			if screen == "home" {
				s.keys("H")
			}
			for _, size := range [][2]int{{60, 20}, {61, 21}, {80, 24}, {120, 40}, {200, 60}, {100, 30}} {
				s.tm.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				v := s.view()
				if want := map[string]string{"en lesson": "(d: back to the step)", "zh lesson": "（d：回到步骤）", "en home": "1/3", "zh home": "1/3"}[lang+" "+screen]; !strings.Contains(v, want) {
					t.Errorf("%s %dx%d %s does not show %q:\n%s", lang, size[0], size[1], screen, want, v)
				}
				lines := strings.Split(v, "\n")
				if len(lines) != size[1] {
					t.Errorf("%s %dx%d %s: %d lines", lang, size[0], size[1], screen, len(lines))
				}
				for _, l := range lines {
					if w := displayWidth(l); w > size[0] {
						t.Errorf("%s %dx%d %s: line of width %d: %q", lang, size[0], size[1], screen, w, l)
					}
				}
			}
		}
		s.quit()
	}
}

func TestADoneStepsTitleSaysHowItWasDone(t *testing.T) {
	for lang, want := range map[string]string{"en": "✓ Step 1/3: Run three replicas · after 1 hint", "zh": "✓ 第 1/3 步：运行三个副本 · 看了 1 条提示后完成"} {
		f := newFixture(t)
		f.progress.UseHints("healing", "deploy", 1)
		f.progress.MarkDone("healing", "deploy")
		f.progress.SetCurrent("healing", "deploy")
		s := f.start(t, lang)
		s.view(want)
		s.quit()
	}
}
