package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"kubelab/tui/theme"
)

// brokenMarkdown panics on the first lesson step's text, rendered inside
// Update when the lesson opens.
type brokenMarkdown struct{}

func (brokenMarkdown) Render(md string, w int, lang string) (string, error) {
	if strings.Contains(md, "List the cluster's nodes") {
		panic("renderer exploded")
	}
	return md, nil
}

func TestAPanicInsideTheProgramRestoresTheTerminalAndSaysWhatHappened(t *testing.T) {
	f := newFixture(t)
	l := f.lab()
	l.Markdown = brokenMarkdown{}
	var out bytes.Buffer
	in := strings.NewReader("\r") // Enter on home opens the first lesson
	done := make(chan error, 1)
	m := New(Options{Lab: l, Lang: "en", Theme: theme.Options{Dark: true, NoColor: true}})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30}) // no terminal here to say so
	go func() { done <- run(m, tea.WithInput(in), tea.WithOutput(&out), tea.WithoutSignalHandler()) }()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the program neither crashed nor quit")
	}
	if err == nil || !strings.Contains(err.Error(), "crashed") {
		t.Fatalf("Run returned %v, want an error saying the lab crashed", err)
	}
	o := out.String()
	for _, seq := range []string{"\x1b[?1049l", "\x1b[?25h"} { // leave the alternate screen, show the cursor
		if !strings.Contains(o, seq) {
			t.Errorf("the terminal was not restored: no %q in the output", seq)
		}
	}
}
