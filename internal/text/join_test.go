package text

import (
	"strings"
	"testing"
	"time"
)

func TestReflowJoinsSoftWrappedProseButNotCodeTablesOrHardBreaks(t *testing.T) {
	in := "A paragraph\nwrapped by hand.\n\n- an item\n  continued\n- next\n\n> quoted\n> more\n\n```\nkeep\nthis\n```\n\n| a |\n| b |\n\n第一行\n第二行\n\nhard  \nbreak\n\n    indented\n    code\n\n## Heading\ntext"
	want := "A paragraph wrapped by hand.\n\n- an item continued\n- next\n\n> quoted more\n\n```\nkeep\nthis\n```\n\n| a |\n| b |\n\n第一行第二行\n\nhard  \nbreak\n\n    indented\n    code\n\n## Heading\ntext"
	if got := Reflow(in); got != want {
		t.Errorf("got:\n%s\n\nwant:\n%s", got, want)
	}
}

func TestReflowPutsASpaceUnlessBothSidesAreChineseOrJapanese(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"What the name means,\nand the one idea.", "What the name means, and the one idea."},
		{"第一行中文，\n第二行", "第一行中文，第二行"},
		{"English line\n中文", "English line 中文"},
		{"中文\nEnglish", "中文 English"},
		{"ひらがな\nカタカナ", "ひらがなカタカナ"},
		{"한국어\n문장", "한국어 문장"},
		{"trailing blanks \t\nnext", "trailing blanks next"},
		{"", ""},
		{"\n", "\n"},
	} {
		if got := Reflow(c.in); got != c.want {
			t.Errorf("Reflow(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A pack is anyone's text: a paragraph of a megabyte must not hang the
// loader. Joining used to copy the paragraph once per line (a 1 MB
// paragraph took about 100 s); it is linear now, a few milliseconds.
func TestReflowOfAMegabyteParagraphTakesWellUnderASecond(t *testing.T) {
	para := megabyteParagraph()
	start := time.Now()
	out := Reflow(para)
	if d := time.Since(start); d > time.Second {
		t.Errorf("Reflow of a %d-byte paragraph took %v", len(para), d)
	}
	if strings.Count(out, "\n") != 0 {
		t.Errorf("the paragraph was not joined into one line")
	}
}

func megabyteParagraph() string {
	return strings.TrimSuffix(strings.Repeat("a soft wrapped line of prose 中文\n", (1<<20)/36), "\n")
}

func BenchmarkReflowMegabyteParagraph(b *testing.B) {
	para := megabyteParagraph()
	b.SetBytes(int64(len(para)))
	for b.Loop() {
		Reflow(para)
	}
}
