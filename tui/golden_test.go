package tui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"
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
			t.Run("notes", func(t *testing.T) {
				f := newFixture(t)
				s := f.start(t, lang)
				s.waitFor(want)
				s.keys("N")
				v := s.view(map[string]string{"en": "/ search 3 notes", "zh": "/ 搜索 3 篇笔记"}[lang])
				s.quit()
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
