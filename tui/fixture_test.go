package tui

import (
	"kubelab/internal/msg"
	_ "kubelab/sandbox/doctor" // the findings' messages

	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"kubelab/lessons"
	"kubelab/tui/exam"
	"kubelab/tui/lab"
	"kubelab/tui/lab/labtest"
	"kubelab/tui/lesson"
	"kubelab/tui/theme"
)

func TestMain(m *testing.M) {
	// Golden frames: no colour, a dark background decided up front, and no
	// status ticks during a test.
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	StatusInterval = time.Hour
	// The exam's clock stands still, so its frames do not change.
	exam.Now = func() time.Time { return time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC) }
	exam.Seed = func() uint64 { return 42 }
	// A change to a workspace file is seen at once.
	lesson.WorkspaceInterval = 20 * time.Millisecond
	os.Exit(m.Run())
}

// fixture is a UI over the test pack with fake lab parts.
type fixture struct {
	cat      *lessons.Catalog
	world    *labtest.World
	runner   *labtest.Runner
	checker  *labtest.Checker
	progress *labtest.Progress
	cluster  *labtest.Cluster
	exams    *labtest.Exams
	langs    []string // languages saved through SaveLang
	reading  bool     // no cluster at all
	// ws is the learner's workspace, when the test has one.
	ws *labtest.Workspace
	// typeAlong is the saved type-along setting; saves are recorded.
	typeAlong bool
	saves     []bool
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	cat, err := lessons.LoadDir("testdata/pack")
	if err != nil {
		t.Fatal(err)
	}
	return newFixtureFrom(&fixture{cat: cat})
}

// newFixtureFrom fills in the fakes around f's catalog.
func newFixtureFrom(f *fixture) *fixture {
	w := labtest.NewWorld()
	*f = fixture{
		cat:   f.cat,
		world: w,
		runner: &labtest.Runner{World: w, Scripts: map[string]labtest.Script{
			"kubectl get nodes": {Lines: []string{
				"NAME                    STATUS   ROLES           AGE   VERSION",
				"kubelab-control-plane   Ready    control-plane   5m    v1.36.3",
				"kubelab-worker          Ready    <none>          5m    v1.36.3",
				"kubelab-worker2         Ready    <none>          5m    v1.36.3",
			}},
			"kubectl create deployment web --image=nginx:1.29 --replicas=3": {Lines: []string{"deployment.apps/web created"}, Sets: []string{"deployed"}},
			"kubectl get pods -l app=web":                                   {Lines: []string{"NAME                   READY   STATUS    RESTARTS   AGE", "web-7d4b9c9f6d-2xkqp   1/1     Running   0          10s"}},
			"kubectl delete pod -l app=web --wait=false":                    {Lines: []string{`pod "web-7d4b9c9f6d-2xkqp" deleted`}, Sets: []string{"deleted"}},
			"sleep 100": {Lines: []string{"sleeping"}, Block: true},
			"false":     {Exit: 1},
		}},
		progress: labtest.NewProgress(),
		cluster:  &labtest.Cluster{St: labtest.Ready, Findings: []lab.Finding{{OK: true, Title: msg.New("doctor.check.engine"), Detail: msg.New("doctor.daemon.ok", "docker", "28.1")}, {OK: false, Title: msg.New("doctor.check.inotify"), Detail: msg.New("doctor.inotify.low", 524288, 128), Fix: msg.New("doctor.inotify.fix", 524288, 512)}}},
	}
	f.checker = &labtest.Checker{World: w, Eval: evalTestPack}
	f.exams = &labtest.Exams{Catalog: f.cat, World: w}
	return f
}

// The test pack's check messages, as the checks engine would word them.
var _ = msg.Register("tui test pack", msg.Catalog{
	"test.nodes":       {"en": "3 nodes", "zh": "3 个节点"},
	"test.ready":       {"en": "3 pods Ready", "zh": "3 个 Pod 就绪"},
	"test.notReady":    {"en": "0 pods Ready; want >= 3", "zh": "0 个 Pod 就绪；期望 >= 3"},
	"test.wrongAnswer": {"en": "not the right answer yet", "zh": "还不是正确答案"},
	"test.newUID":      {"en": "a new UID", "zh": "新的 UID"},
	"test.sameUIDs":    {"en": "3 of 3 pods are the ones that existed when the step opened; want at least one pod whose .metadata.uid is new since then", "zh": "3 个 Pod 中有 3 个仍是步骤开始时就存在的那些；期望至少一个 Pod 的 .metadata.uid 是之后才出现的"},
	"test.uidDetail":   {"en": "When the step opened: %[1]s. Now: %[1]s", "zh": "步骤开始时：%[1]s。现在：%[1]s"},
	"test.skipped":     {"en": "skipped: this check needs the lab's kind cluster", "zh": "已跳过：此检查需要实验的 kind 集群"},
})

// evalTestPack plays the checks engine for the test pack.
func evalTestPack(w *labtest.World, req lab.WatchRequest, answers map[string]string) lab.Report {
	var rs []lab.CheckResult
	for _, c := range req.Step.Checks {
		r := lab.CheckResult{ID: c.ID}
		switch req.Lesson.ID + "/" + req.Step.ID + "/" + c.ID {
		case "first-look/nodes/three-nodes":
			r.Pass, r.Message = true, msg.New("test.nodes")
		case "healing/deploy/three-ready":
			r.Pass = w.Get("deployed")
			r.Message = msg.New(map[bool]string{true: "test.ready", false: "test.notReady"}[r.Pass])
		case "healing/deploy/owner":
			a := answers[lessons.AnswerKey(req.Step.ID, c.ID)]
			r.Pass = a == "b"
			if a != "" && !r.Pass {
				r.Message = msg.New("test.wrongAnswer")
			}
		case "healing/delete-pod/new-uid":
			r.Pass = w.Get("deleted")
			r.Message = msg.New(map[bool]string{true: "test.newUID", false: "test.sameUIDs"}[r.Pass])
			if !r.Pass {
				r.Detail = msg.New("test.uidDetail", "web-7d4b9c9f6d-2xkqp 0b6e2f43-5a1c-4c4e-9d1e-7f2a8b3c9d01, web-7d4b9c9f6d-8mzrt 51d0e7aa-23f4-4b8e-a6c2-0e9f1b2c3d4e, web-7d4b9c9f6d-tq5vw 9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
			}
		default:
			r.Skipped, r.Message = true, msg.New("test.skipped")
		}
		rs = append(rs, r)
	}
	return lab.Report{Results: rs}
}

func (f *fixture) lab() lab.Lab {
	l := lab.Lab{
		Catalog:  f.cat,
		Progress: f.progress,
		Markdown: NewASCIIMarkdown(),
		SaveLang: func(lang string) error { f.langs = append(f.langs, lang); return nil },
	}
	if !f.reading {
		l.Runner, l.Checker, l.Cluster, l.Exams = f.runner, f.checker, f.cluster, f.exams
	}
	if f.ws != nil {
		l.Workspace = f.ws
	}
	if f.checker.Setup != nil {
		l.SetupLog = f.checker.Setup.Log
	}
	l.TypeAlong = f.typeAlong
	l.SaveTypeAlong = func(on bool) error { f.saves = append(f.saves, on); return nil }
	return l
}

func (f *fixture) model(lang string) *Model {
	return New(Options{Lab: f.lab(), Lang: lang, Theme: theme.Options{Dark: true, NoColor: true}})
}

// session runs the UI in a teatest program at 100x30.
type session struct {
	t  *testing.T
	tm *teatest.TestModel
	m  *Model
}

func (f *fixture) start(t *testing.T, lang string) *session {
	t.Helper()
	m := f.model(lang)
	tm := teatest.NewTestModel(t, probeModel{m}, teatest.WithInitialTermSize(100, 30))
	return &session{t: t, tm: tm, m: m}
}

// keys sends key presses: a string of runes, or named keys in angle
// brackets such as <enter>, <esc>, <ctrl+c>, <up>, <down>, <tab>.
func (s *session) keys(in ...string) {
	for _, k := range in {
		switch k {
		case "<enter>":
			s.tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
		case "<esc>":
			s.tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
		case "<ctrl+c>":
			s.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
		case "<up>":
			s.tm.Send(tea.KeyMsg{Type: tea.KeyUp})
		case "<down>":
			s.tm.Send(tea.KeyMsg{Type: tea.KeyDown})
		case "<tab>":
			s.tm.Send(tea.KeyMsg{Type: tea.KeyTab})
		default:
			for _, r := range k {
				s.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
		}
	}
}

// waitFor waits until the output shows every text.
func (s *session) waitFor(texts ...string) {
	s.t.Helper()
	teatest.WaitFor(s.t, s.tm.Output(), func(b []byte) bool {
		for _, t := range texts {
			if !bytes.Contains(b, []byte(t)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
}

// view waits for texts, then for the program to settle, and returns the
// current frame, read inside the program's loop.
func (s *session) view(texts ...string) string {
	s.t.Helper()
	s.waitFor(texts...)
	return s.frame()
}

// frame is the program's current frame, asked for in order with the keys
// sent before it and read inside the program's loop. Unlike view it waits
// for no output: the renderer writes nothing for a frame equal to one it
// wrote before, so a key that brings back an earlier frame (a scroll down
// and up again between two ticks) may add no output to wait for.
func (s *session) frame() string {
	s.t.Helper()
	ch := make(chan string, 1)
	s.tm.Send(viewProbe{ch})
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		s.t.Fatal("the program did not answer a view probe")
	}
	return ""
}

// choice is the letter the frame shows before the quiz choice whose text
// starts with text: the choices are in the learner's own order.
func choice(t *testing.T, frame, text string) string {
	t.Helper()
	m := regexp.MustCompile(`([a-z])\) ` + regexp.QuoteMeta(text)).FindStringSubmatch(frame)
	if m == nil {
		t.Fatalf("no quiz choice %q on the screen:\n%s", text, frame)
	}
	return m[1]
}

// quit ends the program and waits for it.
func (s *session) quit() {
	s.t.Helper()
	if err := s.tm.Quit(); err != nil {
		s.t.Fatal(err)
	}
	s.tm.WaitFinished(s.t, teatest.WithFinalTimeout(5*time.Second))
}

// screenText is a frame without trailing spaces, for assertions.
func screenText(v string) string {
	lines := strings.Split(v, "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}

// viewProbe asks the program for its current frame, in order with the keys
// sent before it.
type viewProbe struct{ ch chan string }

// probeModel answers view probes and passes everything else on.
type probeModel struct{ *Model }

func (p probeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if vp, ok := msg.(viewProbe); ok {
		vp.ch <- p.Model.View()
		return p, nil
	}
	_, cmd := p.Model.Update(msg)
	return p, cmd
}

type lab_Event = lab.Event

func keyRunes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func displayWidth(s string) int { return lipgloss.Width(s) }
