package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// Golden frames of the Exam screen in both languages: the choice, a
// practice exam under way (a task flagged, a command run, its check shown,
// the time left on top) and the report. Regenerate with:
// go test ./tui -run GoldenExam -update
func TestGoldenExamScreensInBothLanguages(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			ready := map[string]string{"en": "3/3 nodes Ready", "zh": "3/3 个节点就绪"}[lang]
			f := newFixture(t)
			s := f.start(t, lang)
			s.waitFor(ready)
			s.keys("E")
			t.Run("setup", func(t *testing.T) {
				golden.RequireEqual(t, []byte(s.view(map[string]string{"en": "Practice (checks shown)", "zh": "练习（显示检查）"}[lang])))
			})
			s.keys("-", "-", "<down>", "<down>", "+", "<enter>")
			s.waitFor(map[string]string{"en": "Time left", "zh": "剩余时间"}[lang])
			s.keys("f", "n", ":", "solve", "<enter>", "<esc>")
			t.Run("running", func(t *testing.T) {
				v := s.view(map[string]string{"en": "task 2 solved: true", "zh": "task 2 solved: true"}[lang])
				if !strings.Contains(v, "30:00") {
					t.Errorf("the time left is not on screen:\n%s", v)
				}
				golden.RequireEqual(t, []byte(v))
			})
			// On another screen the time left stays in the Exam tab.
			s.keys("H")
			if v := s.view("○ 01"); !strings.Contains(v, map[string]string{"en": "E Exam 30:00", "zh": "E 考试 30:00"}[lang]) {
				t.Errorf("the home screen during an exam:\n%s", v)
			}
			s.keys("E")
			s.waitFor(map[string]string{"en": "Time left", "zh": "剩余时间"}[lang])
			s.keys("x", "y")
			t.Run("report", func(t *testing.T) {
				golden.RequireEqual(t, []byte(s.view(map[string]string{"en": "namespaces are removed", "zh": "命名空间已删除"}[lang])))
			})
			s.quit()
			if len(f.exams.Saved) != 1 || f.exams.Saved[0].Score < 33 || f.exams.Saved[0].Score > 34 || !f.exams.Saved[0].Tasks[0].Flagged {
				t.Errorf("kept: %+v", f.exams.Saved)
			}
			if !f.exams.Last.Cleaned {
				t.Error("the exam was not cleaned up")
			}
		})
	}
}
