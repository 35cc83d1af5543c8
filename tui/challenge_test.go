package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"kubelab/internal/msg"
	"kubelab/internal/msg/msgtest"
	"kubelab/lessons"
	"kubelab/tui/i18n"
	"kubelab/tui/lab"
	"kubelab/tui/lab/labtest"
)

// The challenge pack of the checks engine's proof: one challenge step whose
// setup breaks a Service's selector and whose starter file is service.yaml.
const challengePack = "../sandbox/check/testdata/challengepack"

// serviceValid is the whole line a valid service.yaml earns once its dry run
// is over; "service.yaml: valid" alone also matches the line shown while the
// dry run is still going ("validating…").
func serviceValid(lang string) string { return i18n.T(lang, i18n.FileValid, "service.yaml") }

// newChallengeFixture is the UI over the challenge pack with a workspace
// under a home folder of the test's own (so the screen shows ~/kubelab/…),
// a fake validator that refuses a misspelt selector, and checks that pass
// once the learner applied the fixed file.
func newChallengeFixture(t *testing.T) (*fixture, string) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "")
	cat, err := lessons.LoadDir(challengePack)
	if err != nil {
		t.Fatal(err)
	}
	f := newFixtureFrom(&fixture{cat: cat})
	f.ws = &labtest.Workspace{Folder: filepath.Join(home, "kubelab"), Check: refuseSelectr}
	f.runner.Scripts["kubectl apply -f service.yaml"] = labtest.Script{Lines: []string{"service/web configured"}, Sets: []string{"applied"}}
	f.runner.Scripts["kubectl get service web -o wide"] = labtest.Script{Lines: []string{
		"NAME   TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE   SELECTOR",
		"web    ClusterIP   10.96.14.20   <none>        80/TCP    1m    app=wbe",
	}}
	f.checker.Eval = func(w *labtest.World, req lab.WatchRequest, _ map[string]string) lab.Report {
		var rs []lab.CheckResult
		for _, c := range req.Step.Checks {
			r := lab.CheckResult{ID: c.ID, Pass: true, Message: msg.New("test.ready")}
			if c.ID == "selects-web" {
				r.Pass = w.Get("applied")
				r.Message = msg.New(map[bool]string{true: "test.selects", false: "test.selectsNot"}[r.Pass])
			}
			rs = append(rs, r)
		}
		return lab.Report{Results: rs}
	}
	return f, filepath.Join(home, "kubelab", "fix-service")
}

var _ = msg.Register("tui challenge test", msg.Catalog{
	"test.selects":    {"en": "spec.selector.app is web", "zh": "spec.selector.app 为 web"},
	"test.selectsNot": {"en": "spec.selector.app is wbe; want web", "zh": "spec.selector.app 为 wbe；期望 web"},
})

// refuseSelectr plays the server's strict decoding: a field "selectr" is
// unknown, at its line.
func refuseSelectr(name string, data []byte) []lab.Problem {
	for i, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) == "selectr:" {
			return []lab.Problem{{File: name, Line: i + 1, Msg: msg.New("workspace.field", "spec.selectr", "unknown field")}}
		}
	}
	return nil
}

const badService = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selectr:
    app: web
  ports:
    - port: 80
`

const goodService = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`

func TestGoldenChallengeStepInBothLanguages(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			f, dir := newChallengeFixture(t)
			s := f.start(t, lang)
			s.keys("<enter>")
			v := s.view(map[string]string{"en": "service.yaml: valid (server dry run)", "zh": "service.yaml：有效（服务器端试运行）"}[lang],
				map[string]string{"en": "spec.selector.app is wbe", "zh": "spec.selector.app 为 wbe"}[lang])
			if data, err := os.ReadFile(filepath.Join(dir, "service.yaml")); err != nil || !strings.Contains(string(data), "app: wbe # TODO") {
				t.Errorf("the starter file is not in the workspace: %q, %v", data, err)
			}
			if !strings.Contains(v, "~/kubelab/fix-service/") {
				t.Errorf("the screen does not say where the workspace is:\n%s", v)
			}
			golden.RequireEqual(t, []byte(v))

			// The learner's edit with an error: its line on screen.
			if err := os.WriteFile(filepath.Join(dir, "service.yaml"), []byte(badService), 0o644); err != nil {
				t.Fatal(err)
			}
			v = s.view("service.yaml:6: spec.selectr")
			t.Run("problem", func(t *testing.T) { golden.RequireEqual(t, []byte(v)) })

			// Fixed, applied with its key in the workspace folder: the step
			// is done.
			if err := os.WriteFile(filepath.Join(dir, "service.yaml"), []byte(goodService), 0o644); err != nil {
				t.Fatal(err)
			}
			s.waitFor(serviceValid(lang))
			s.keys("A")
			v = s.view(map[string]string{"en": "Step done", "zh": "步骤完成"}[lang])
			s.quit()
			ran, dirs := f.runner.Commands(), f.runner.Dirs
			if len(ran) == 0 || ran[len(ran)-1] != "kubectl apply -f service.yaml" || dirs[len(dirs)-1] != dir {
				t.Errorf("ran %q in %q; want kubectl apply -f service.yaml in %s", ran, dirs, dir)
			}
			if lang == "zh" {
				if found := msgtest.English(screenText(v)); len(found) > 0 {
					t.Errorf("the challenge step speaks English in Chinese: %q\n%s", found, v)
				}
			}
		})
	}
}

// Type along: t turns it on (and saves it), a number key puts the command
// into the prompt instead of running it, Enter runs it as edited.
func TestTypeAlongPutsTheCommandIntoThePromptAndEnterRunsIt(t *testing.T) {
	f, dir := newChallengeFixture(t)
	s := f.start(t, "en")
	s.keys("<enter>")
	s.waitFor(serviceValid("en"))
	s.keys("t")
	s.waitFor("Type along is on", "the number puts one into the prompt")
	s.keys("1")
	v := s.view("$ kubectl get service web -o wide")
	if got := f.runner.Commands(); len(got) != 0 {
		t.Fatalf("a number key ran %q under type along", got)
	}
	if !strings.Contains(v, "$ kubectl get service web -o wide") {
		t.Fatalf("the prompt does not hold the command:\n%s", v)
	}
	s.keys("<enter>")
	s.view("exit 0")
	s.keys("<esc>", "t")
	s.waitFor("Type along is off")
	s.quit()
	if got := f.runner.Commands(); len(got) != 1 || got[0] != "kubectl get service web -o wide" || f.runner.Dirs[0] != dir {
		t.Errorf("ran %q in %q; want the look-up once in %s", got, f.runner.Dirs, dir)
	}
	if len(f.saves) != 2 || !f.saves[0] || f.saves[1] {
		t.Errorf("type along saved %v; want [true false]", f.saves)
	}
}

// A learner's changed file is never written over when the step opens; a
// reset restores the lesson's and keeps theirs beside it, and says so.
func TestResetRestoresTheStarterFileAndKeepsTheLearnersBesideIt(t *testing.T) {
	f, dir := newChallengeFixture(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "service.yaml"), []byte(badService), 0o644); err != nil {
		t.Fatal(err)
	}
	s := f.start(t, "en")
	s.keys("<enter>")
	s.waitFor("Kept your changed service.yaml", "service.yaml:6: spec.selectr")
	s.keys("R", "y")
	s.waitFor("Lesson reset", "service.yaml.mine", serviceValid("en"))
	s.quit()
	if data, _ := os.ReadFile(filepath.Join(dir, "service.yaml.mine")); string(data) != badService {
		t.Errorf("the learner's version is not kept: %q", data)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "service.yaml")); !strings.Contains(string(data), "# TODO") {
		t.Errorf("the starter file is not restored: %q", data)
	}
}

// Without a cluster the starter file is still copied, and the screen says
// it is validated once the cluster answers.
func TestWithoutAClusterTheFileIsCopiedAndWaitsForValidation(t *testing.T) {
	f, dir := newChallengeFixture(t)
	f.reading = true
	s := f.start(t, "en")
	s.keys("<enter>")
	s.view("service.yaml: validated once the cluster answers")
	s.quit()
	if _, err := os.Stat(filepath.Join(dir, "service.yaml")); err != nil {
		t.Errorf("the starter file is not copied: %v", err)
	}
	if v := f.ws.Validated(); len(v) != 0 {
		t.Errorf("validated %q without a cluster", v)
	}
}
