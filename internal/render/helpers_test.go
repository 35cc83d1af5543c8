package render

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/text"
)

// tooWide returns the lines of s wider than width, measured like lipgloss.
func tooWide(s string, width int) []string {
	var bad []string
	for i, l := range strings.Split(s, "\n") {
		if w := lipgloss.Width(l); w > width {
			bad = append(bad, fmt.Sprintf("line %d is %d wide: %q", i+1, w, ansi.Strip(l)))
		}
	}
	return bad
}

func textReader(s string) text.Reader { return text.NewReader([]byte(s)) }
