package render

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// sgrRE matches the SGR sequences (colours, bold) a renderer may emit.
var sgrRE = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// unsafeOutput returns what in out a terminal would act on, other than SGR
// styling: any other escape sequence or control character.
func unsafeOutput(out string) []string {
	var bad []string
	for i, l := range strings.Split(sgrRE.ReplaceAllString(out, ""), "\n") {
		if strings.ContainsFunc(l, func(r rune) bool {
			return (r < 0x20 && r != '\t') || (r >= 0x7f && r <= 0x9f)
		}) {
			bad = append(bad, fmt.Sprintf("line %d: %q", i+1, l))
		}
	}
	return bad
}

var hostile = "# Title \x1b]0;pwned\x07\n\n" +
	"Copy \x1b]52;c;aGk=\x07 this, clear \x1b[2J the screen, \x1b[31mred\x1b[0m, \u009b2J, bell \a.\n\n" +
	"- item \x1b[H\n\n```\ncode \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\n```\n"

func TestRenderedOutputCarriesNoEscapeSequenceFromTheSource(t *testing.T) {
	for _, style := range []Style{StyleASCII, StyleNoTTY, StyleDark} {
		r, err := New(Options{Width: 40, Style: style})
		if err != nil {
			t.Fatal(err)
		}
		out, err := r.Markdown(hostile)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range unsafeOutput(out) {
			t.Errorf("%s: %s", style, l)
		}
		if style == StyleASCII && strings.Contains(out, "\x1b") {
			t.Errorf("ascii output holds an ESC: %q", out)
		}
		if !strings.Contains(sgrRE.ReplaceAllString(out, ""), "␛]0;pwned␇") {
			t.Errorf("%s: the escape sequence should show as text: %q", style, out)
		}
	}
}

func TestWrapKeepsStylesButShowsOtherEscapesAsText(t *testing.T) {
	out := Wrap("\x1b[1mbold\x1b[0m \x1b]0;pwned\x07 \x1b[2J 中文 \xff", 12)
	for _, l := range unsafeOutput(out) {
		t.Errorf("%s", l)
	}
	if !strings.Contains(out, "\x1b[1mbold\x1b[0m") || !strings.Contains(out, "␛[2J") || !strings.Contains(out, "\uFFFD") {
		t.Errorf("Wrap = %q", out)
	}
}
