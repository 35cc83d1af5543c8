package text

import (
	"fmt"
	"strings"
	"testing"
)

func TestProblemsNameTheLineOfEachControlCharacterAndInvalidByte(t *testing.T) {
	src := "fine\r\n" +
		"title \x1b]0;pwned\x07 here\n" +
		"tab\tis fine\n" +
		"clipboard \x1b]52;c;aGk=\x07 and \x1b[2J twice on one line\n" +
		"bad \xff byte\n" +
		"c1 \u009b2J\n" +
		"lone \r return\n"
	var got []string
	for _, p := range Problems(src) {
		got = append(got, fmt.Sprint(p.Line))
		if p.Msg == "" {
			t.Errorf("line %d: empty message", p.Line)
		}
	}
	if want := "2 4 5 6 7"; strings.Join(got, " ") != want {
		t.Errorf("problems on lines %v, want %s: %v", got, want, Problems(src))
	}
	if ps := Problems("第一行\n\tsecond\r\n"); len(ps) != 0 {
		t.Errorf("clean text: %v", ps)
	}
}

func TestSanitizeShowsEscapeSequencesInsteadOfSendingThem(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain 中文\n\ttab", "plain 中文\n\ttab"},
		{"\x1b]0;title\x07", "␛]0;title␇"},
		{"a\x1b[2Jb", "a␛[2Jb"},
		{"crlf\r\nlone\rcr", "crlf\nlone␍cr"},
		{"bad\xffbyte", "bad\uFFFDbyte"},
		{"c1\u009dx\u007f", "c1\uFFFDx␡"},
	} {
		if got := Sanitize(c.in); got != c.want {
			t.Errorf("Sanitize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSanitizeStyledKeepsColoursOnly(t *testing.T) {
	in := "\x1b[1;38;5;205mbold\x1b[0m \x1b]52;c;aGk=\x07 \x1b[2J \x1b[m"
	want := "\x1b[1;38;5;205mbold\x1b[0m ␛]52;c;aGk=␇ ␛[2J \x1b[m"
	if got := SanitizeStyled(in); got != want {
		t.Errorf("SanitizeStyled(%q) = %q, want %q", in, got, want)
	}
}

func TestStripStyledDropsControlsKeepsColoursAndNeverWidens(t *testing.T) {
	in := "a\x01b \x1b[1mbold\x1b[0m \x1b]0;title\x07c\xffd"
	got := StripStyled(in)
	if want := "ab \x1b[1mbold\x1b[0m ]0;titlecd"; got != want {
		t.Errorf("StripStyled(%q) = %q, want %q", in, got, want)
	}
	if StripStyled("plain") != "plain" {
		t.Error("clean text changed")
	}
}
