package lesson

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/viewport"
	"github.com/charmbracelet/x/ansi"
)

// maxOutputLines bounds the output pane's memory.
const maxOutputLines = 2000

// output is the output pane and the command whose output it streams.
type output struct {
	view      viewport.Model
	lines     []string
	wrappedAt int // the width the lines were wrapped for

	runID   int // increases with every command; tags its messages
	running bool
	line    string // the running command line
	cancel  context.CancelFunc
}

func newOutput() output { return output{view: viewport.New(0, 0)} }

// add appends lines, keeping the newest maxOutputLines, and follows them
// when the pane was at its bottom.
func (o *output) add(lines ...string) {
	atBottom := o.view.AtBottom() || len(o.lines) <= o.view.Height
	o.lines = append(o.lines, lines...)
	if over := len(o.lines) - maxOutputLines; over > 0 {
		o.lines = append([]string(nil), o.lines[over:]...)
	}
	o.view.SetContent(strings.Join(o.wrap(o.lines), "\n"))
	if atBottom {
		o.view.GotoBottom()
	}
}

// clear empties the pane.
func (o *output) clear() {
	o.lines = nil
	o.view.SetContent("")
}

// setSize sizes the pane, wrapping the lines again when its width changed.
func (o *output) setSize(w, h int) {
	o.view.Width, o.view.Height = w, h
	if w != o.wrappedAt {
		o.wrappedAt = w
		o.view.SetContent(strings.Join(o.wrap(o.lines), "\n"))
		o.view.GotoBottom()
	}
}

// wrap fits output lines to the pane: long lines wrap, so nothing is lost
// off the right edge.
func (o *output) wrap(lines []string) []string {
	w := max(o.view.Width, 8)
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		l = strings.ReplaceAll(l, "\t", "    ")
		if ansi.StringWidth(l) <= w {
			out = append(out, l)
			continue
		}
		out = append(out, strings.Split(ansi.Hardwrap(l, w, false), "\n")...)
	}
	return out
}

// stop cancels the running command.
func (o *output) stop() {
	if o.running && o.cancel != nil {
		o.cancel()
	}
}
