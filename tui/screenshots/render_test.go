package screenshots

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// freeze renders a frame to SVG. It is pinned in its own module (so its
// dependencies never move kubelab's) and run from the repository root; the
// font list falls back to any monospace font the viewer has.
var freeze = []string{"tool", "-modfile=tools/screenshots/go.mod", "freeze",
	"--language", "ansi", "--window",
	"--font.family", "JetBrains Mono, Menlo, Consolas, DejaVu Sans Mono, monospace"}

// render writes assets/screenshots/name.svg from name.ans.
func render(t *testing.T, name string) {
	t.Helper()
	root := filepath.Join("..", "..")
	out := filepath.Join(t.TempDir(), name+".svg")
	args := append(append([]string{}, freeze...), filepath.Join("assets", "screenshots", name+".ans"), "-o", out)
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("freeze %s: %v\n%s", name, err, b)
	}
	svg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(frameDir, name+".svg"), splitWide(svg), 0o644); err != nil {
		t.Fatal(err)
	}
}

// wideSpan is a <tspan> freeze opens for a double-width rune (shifted by dx)
// with the narrow text after it on the line.
var wideSpan = regexp.MustCompile(`(<tspan xml:space="preserve"([^>]*) dx="[^"]*">)([^<])([^<]+)</tspan>`)

// splitWide moves the text after each double-width rune into a tspan of its
// own. freeze leaves it in the rune's tspan, and renderers that shape a
// tspan with one font then draw the spaces after a Chinese character in the
// Chinese font, narrower than a cell, so the columns after it drift left.
func splitWide(svg []byte) []byte {
	return wideSpan.ReplaceAll(svg, []byte(`$1$3</tspan><tspan xml:space="preserve"$2>$4</tspan>`))
}
