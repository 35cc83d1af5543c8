package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"

	"kubelab/sandbox/classroom"
	"kubelab/tui/lab"
	"kubelab/tui/theme"
)

// In a class, a step the class cannot run is marked in the step list, says
// why above its text and in its checks, and its command keys do not run
// it; the other steps work as ever.
func TestAStepTheClassCannotRunIsMarkedAndItsKeysDoNotRunIt(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			f := newFixture(t)
			s := f.startWith(t, lang, func(l *lab.Lab) { l.ClassBlocked = classroom.BlockedMsg })
			s.waitFor(map[string]string{"en": "3/3 nodes Ready", "zh": "3/3 个节点就绪"}[lang])
			s.keys("<down>", "<enter>")
			s.waitFor("1/3")
			s.keys("n", "n")
			why := map[string]string{"en": "not available in class: needs the lab's kind cluster", "zh": "课堂中不可用：需要实验室的 kind 集群"}[lang]
			v := screenText(s.view(why))
			if !strings.Contains(v, "– 3.") {
				t.Errorf("the step list does not mark step 3:\n%s", v)
			}
			if short := map[string]string{"en": "not available in class", "zh": "课堂中不可用"}[lang]; strings.Count(v, short) < 2 {
				t.Errorf("the step's banner and its check do not both say why:\n%s", v)
			}
			s.keys("1")
			s.view(why)
			// The other steps run as ever; by the time one has run, a
			// command the key had started would have been run too.
			s.keys("p", "p", "1")
			s.view("deployment.apps/web created")
			s.quit()
			for _, c := range f.runner.Commands() {
				if strings.Contains(c, "crictl") {
					t.Errorf("the key ran %q", c)
				}
			}
			if len(f.runner.Commands()) == 0 {
				t.Error("no command ran at all")
			}
		})
	}
}

// startWith runs the UI like start, with the lab changed by edit first.
func (f *fixture) startWith(t *testing.T, lang string, edit func(*lab.Lab)) *session {
	t.Helper()
	l := f.lab()
	edit(&l)
	m := New(Options{Lab: l, Lang: lang, Theme: theme.Options{Dark: true, NoColor: true}})
	return &session{t: t, tm: teatest.NewTestModel(t, probeModel{m}, teatest.WithInitialTermSize(100, 30)), m: m}
}
