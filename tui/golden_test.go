package tui

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"kubelab/tui/theme"
)

// Golden frames of every screen in both languages at 100x30 with the ASCII
// colour profile. Regenerate with: go test ./tui -run Golden -update
// and review the diff of testdata/*.golden.

func TestGoldenEveryScreenInBothLanguages(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		want := map[string]string{"en": "3/3 nodes Ready", "zh": "3/3 个节点就绪"}[lang]
		t.Run(lang, func(t *testing.T) {
			t.Run("home", func(t *testing.T) {
				f := newFixture(t)
				s := f.start(t, lang)
				v := s.view(want)
				s.quit()
				golden.RequireEqual(t, []byte(v))
			})
			t.Run("lesson", func(t *testing.T) {
				f := newFixture(t)
				s := f.start(t, lang)
				s.waitFor(want)
				s.keys("<down>", "<enter>")
				v := s.view(map[string]string{"en": "0 pods Ready; want >= 3", "zh": "0 个 Pod 就绪；期望 >= 3"}[lang])
				s.quit()
				golden.RequireEqual(t, []byte(v))
			})
			// The quiz's choices in the learner's order, their inline code
			// rendered, and after a wrong answer its explanation.
			t.Run("quiz-explain", func(t *testing.T) {
				f := newFixture(t)
				s := f.start(t, lang)
				s.waitFor(want)
				s.keys("<down>", "<enter>")
				v := s.view(map[string]string{"en": "0 pods Ready; want >= 3", "zh": "0 个 Pod 就绪；期望 >= 3"}[lang])
				s.keys("a", choice(t, v, map[string]string{"en": "the kubelet", "zh": "Pod 所在节点"}[lang]), "<enter>")
				v = s.view(map[string]string{"en": "not the right answer yet", "zh": "还不是正确答案"}[lang], map[string]string{"en": "Why", "zh": "解析"}[lang])
				s.quit()
				if strings.Contains(v, "`") {
					t.Errorf("inline code shows its backticks:\n%s", v)
				}
				golden.RequireEqual(t, []byte(v))
			})
			// A failing check's reason in two lines of the checks column,
			// and the key to the rest.
			t.Run("check-reason", func(t *testing.T) {
				f := newFixture(t)
				f.progress.MarkDone("healing", "deploy")
				f.progress.SetCurrent("healing", "delete-pod")
				s := f.start(t, lang)
				v := s.view(want, map[string]string{"en": "(d: more)", "zh": "（d：详情）"}[lang])
				s.quit()
				golden.RequireEqual(t, []byte(v))
			})
			// The same check's whole report, every value it saw.
			t.Run("check-details", func(t *testing.T) {
				f := newFixture(t)
				f.progress.MarkDone("healing", "deploy")
				f.progress.SetCurrent("healing", "delete-pod")
				s := f.start(t, lang)
				s.waitFor(want, map[string]string{"en": "(d: more)", "zh": "（d：详情）"}[lang])
				s.keys("d")
				v := s.view(map[string]string{"en": "In full:", "zh": "完整内容："}[lang])
				s.quit()
				golden.RequireEqual(t, []byte(v))
			})
			// How each step was done: on the learner's own, after hints,
			// after the solution.
			t.Run("home-how", func(t *testing.T) {
				f := newFixture(t)
				f.progress.MarkDone("first-look", "nodes")
				f.progress.UseHints("healing", "deploy", 2)
				f.progress.MarkDone("healing", "deploy")
				f.progress.UseHints("healing", "delete-pod", 1)
				f.progress.ShowSolution("healing", "delete-pod")
				f.progress.MarkDone("healing", "delete-pod")
				f.progress.SetCurrent("healing", "node-shell")
				s := f.start(t, lang)
				s.waitFor(want, map[string]string{"en": "Step 3/3", "zh": "第 3/3 步"}[lang])
				s.keys("<esc>")
				v := s.view(map[string]string{"en": "after the solution", "zh": "看了答案后完成"}[lang])
				s.quit()
				golden.RequireEqual(t, []byte(v))
			})
			t.Run("notes", func(t *testing.T) {
				f := newFixture(t)
				s := f.start(t, lang)
				s.waitFor(want)
				s.keys("N")
				v := s.view(map[string]string{"en": "/ search 3 notes", "zh": "/ 搜索 3 篇笔记"}[lang])
				s.quit()
				golden.RequireEqual(t, []byte(v))
			})
			// A figure wider than the note's text area is clipped line by
			// line with a marker, never wrapped, and a note under it says
			// how wide it needs the text to be.
			t.Run("notes-figure", func(t *testing.T) {
				f := newFixture(t)
				s := f.start(t, lang)
				s.waitFor(want)
				s.keys("N", "<down>")
				v := s.view(map[string]string{"en": "kube-apiserver  |", "zh": "kube-apiserver  |"}[lang])
				s.quit()
				if strings.Contains(v, "↪") {
					t.Errorf("the figure is wrapped:\n%s", v)
				}
				golden.RequireEqual(t, []byte(v))
			})
			t.Run("cluster", func(t *testing.T) {
				f := newFixture(t)
				s := f.start(t, lang)
				s.waitFor(want)
				s.keys("C", "D")
				v := s.view("max_user_instances")
				s.quit()
				golden.RequireEqual(t, []byte(v))
			})
			t.Run("help", func(t *testing.T) {
				f := newFixture(t)
				s := f.start(t, lang)
				s.waitFor(want)
				s.keys("?")
				v := s.view(map[string]string{"en": "? or esc: close", "zh": "? 或 esc：关闭"}[lang])
				s.quit()
				golden.RequireEqual(t, []byte(v))
			})
			t.Run("trust", func(t *testing.T) {
				f := newFixture(t)
				var trusted atomic.Int32
				s, _ := f.startUntrusted(t, lang, &trusted, nil)
				s.waitFor(want)
				s.keys("<down>", "<enter>")
				v := s.view(map[string]string{"en": "This lesson pack is code", "zh": "这个课程包就是代码"}[lang])
				s.quit()
				golden.RequireEqual(t, []byte(v))
			})
			t.Run("home-reading-mode", func(t *testing.T) {
				f := newFixture(t)
				f.reading = true
				s := f.start(t, lang)
				v := s.view(map[string]string{"en": "Reading mode: no cluster yet", "zh": "阅读模式：还没有集群"}[lang])
				s.quit()
				golden.RequireEqual(t, []byte(v))
			})
			t.Run("reading-mode", func(t *testing.T) {
				f := newFixture(t)
				f.reading = true
				s := f.start(t, lang)
				s.keys("<down>", "<enter>")
				v := s.view(map[string]string{"en": "Reading mode", "zh": "阅读模式"}[lang])
				s.quit()
				golden.RequireEqual(t, []byte(v))
			})
		})
	}
}

func TestGoldenLessonWithASCIIBorders(t *testing.T) {
	f := newFixture(t)
	f.progress.MarkDone("healing", "deploy")
	f.progress.SetCurrent("healing", "delete-pod")
	m := New(Options{Lab: f.lab(), Lang: "en", Theme: theme.Options{Dark: true, NoColor: true, ASCII: true}})
	tm := teatest.NewTestModel(t, probeModel{m}, teatest.WithInitialTermSize(100, 30))
	s := &session{t: t, tm: tm, m: m}
	v := s.view("[!!] A pod labelled", "3/3 nodes Ready")
	s.quit()
	if strings.ContainsAny(v, "✓●○│─▸") {
		t.Errorf("--ascii frame has non-ASCII marks:\n%s", v)
	}
	golden.RequireEqual(t, []byte(v))
}
