package program

import "testing"

func TestUnwrapJoinsParagraphLinesButKeepsListsAndChinese(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"What the name means,\nand the one idea.", "What the name means, and the one idea."},
		{"第一行中文\n第二行", "第一行中文第二行"},
		{"English line\n中文", "English line中文"},
		{"Intro:\n- one\n- two", "Intro:\n- one\n- two"},
		{"a\nb\n\nc\nd", "a b\n\nc d"},
		{"Steps:\n1. first\n2. second", "Steps:\n1. first\n2. second"},
	} {
		if got := Unwrap(c.in); got != c.want {
			t.Errorf("Unwrap(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
