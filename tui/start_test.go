package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"kubelab/tui/theme"
)

// recordingMarkdown renders through the golden tests' renderer and keeps
// what it was asked to render.
type recordingMarkdown struct {
	asked []string
}

func (r *recordingMarkdown) Render(md string, width int, lang string) (string, error) {
	r.asked = append(r.asked, md)
	return NewASCIIMarkdown().Render(md, width, lang)
}

func (r *recordingMarkdown) notes(f *fixture) int {
	n := 0
	for _, md := range r.asked {
		for _, l := range f.cat.Lessons {
			if notes := l.Text("en").Notes; notes != "" && md == notes {
				n++
			}
		}
	}
	return n
}

// The lab sizes every screen before its first frame; a screen that is not
// on screen must not render its text then, or the first frame waits for
// it (the Notes screen's first note was most of the time to first frame).
func TestTheFirstFrameRendersNoNoteUntilNotesIsShown(t *testing.T) {
	f := newFixture(t)
	md := &recordingMarkdown{}
	l := f.lab()
	l.Markdown = md
	m := New(Options{Lab: l, Lang: "en", Theme: theme.Options{Dark: true, NoColor: true}})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if v := m.View(); !strings.Contains(v, "kubelab") {
		t.Fatalf("no first frame:\n%s", v)
	}
	if n := md.notes(f); n != 0 {
		t.Errorf("the first frame rendered %d notes; want none until Notes is shown", n)
	}
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("N")})
	v := m.View()
	if n := md.notes(f); n != 1 {
		t.Errorf("Notes shown: %d notes rendered, want the selected one", n)
	}
	if first := f.cat.Lessons[0].Text("en").Title; !strings.Contains(v, first) {
		t.Errorf("Notes does not show the first note %q:\n%s", first, v)
	}
}
