package text

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapKeepsEveryLineWithinTheWidth(t *testing.T) {
	texts := []string{
		"使用 kubectl 命令查看节点（node）的状态。当一个 Pod 被删除后，Deployment 控制器会自动创建一个新的 Pod 来替换它。",
		"Run kubectl get pods --all-namespaces and wait until every Pod is Running before you go on to the next step.",
		"supercalifragilisticexpialidocious-and-even-longer-than-that-word",
		"  - 缩进的列表项：这里有很多很多的中文文字需要换行显示才可以。",
		"混合emoji🙂和中文🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
	}
	for _, text := range texts {
		for _, width := range []int{2, 3, 7, 10, 20, 40, 80} {
			out := Wrap(text, width)
			for _, l := range tooWide(out, width) {
				t.Errorf("Wrap(%q, %d): %s", text, width, l)
			}
			if got, want := squeezeSpaces(out), squeezeSpaces(text); got != want {
				t.Errorf("Wrap(%q, %d) lost text: %q", text, width, out)
			}
		}
	}
}

func squeezeSpaces(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), "") }

func TestWrapNeverStartsALineWithClosingPunctuationOrEndsOneWithOpening(t *testing.T) {
	text := "他说：“你好（hello）。”然后《红楼梦》、「引号」和『书名』都出现了，真的吗？是的！好；对：嗯。"
	for width := 8; width <= 30; width++ {
		for _, l := range strings.Split(Wrap(text, width), "\n") {
			first, _ := utf8.DecodeRuneInString(l)
			last, _ := utf8.DecodeLastRuneInString(l)
			if strings.ContainsRune("，。、；：？！）」』》”", first) {
				t.Errorf("width %d: line starts with closing punctuation: %q", width, l)
			}
			if strings.ContainsRune("（「『《“", last) {
				t.Errorf("width %d: line ends with opening punctuation: %q", width, l)
			}
		}
	}
}

func TestWrapBreaksLatinWordsOnlyWhenTheyAreLongerThanTheLine(t *testing.T) {
	got := Wrap("使用 kubectl 命令查看 Deployment 的状态", 12)
	for _, word := range []string{"kubectl", "Deployment"} {
		if !strings.Contains(got, word) {
			t.Errorf("%q was split:\n%s", word, got)
		}
	}
	got = Wrap("a supercalifragilistic word", 10)
	want := "a\nsupercalif\nragilistic\nword"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := Wrap("use all-namespaces here", 10); got != "use all-\nnamespaces\nhere" {
		t.Errorf("hyphenated word: got %q", got)
	}
}

func TestWrapBreaksBetweenAnyTwoChineseCharacters(t *testing.T) {
	got := Wrap("控制器会自动创建一个新的", 10)
	want := "控制器会自\n动创建一个\n新的"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWrapHangsListItemsAndKeepsIndentation(t *testing.T) {
	got := Wrap("  - 第一项第二项第三项第四项", 12)
	want := "  - 第一项第\n    二项第三\n    项第四项"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = Wrap("    indented words wrap here", 14)
	want = "    indented\n    words wrap\n    here"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWrapCarriesColourAcrossBreaks(t *testing.T) {
	red, reset := "\x1b[31m", "\x1b[0m"
	got := Wrap("  "+red+"红色的文字一直是红色的"+reset+" ok", 10)
	lines := strings.Split(got, "\n")
	if len(lines) < 3 {
		t.Fatalf("expected a wrap: %q", got)
	}
	for i, l := range lines[:len(lines)-1] {
		if !strings.HasSuffix(l, reset) {
			t.Errorf("line %d %q does not reset the colour before the break", i, l)
		}
		if i > 0 && !strings.HasPrefix(l, "  "+red) {
			t.Errorf("line %d %q does not start red after the indentation", i, l)
		}
	}
	for _, l := range tooWide(got, 10) {
		t.Error(l)
	}
}

func TestWrapLeavesShortLinesUntouched(t *testing.T) {
	in := "short\n\x1b[1mbold\x1b[0m line\n\n  indented  "
	if got := Wrap(in, 40); got != in {
		t.Errorf("got %q, want %q", got, in)
	}
}

func TestWrapReappliesEachActiveStyleOnceAfterABreak(t *testing.T) {
	grey, bold := "\x1b[38;5;252m", "\x1b[1m"
	var in strings.Builder
	for range 30 {
		in.WriteString(grey + "字" + bold + "字")
	}
	lines := strings.Split(Wrap(in.String(), 10), "\n")
	if len(lines) < 3 {
		t.Fatalf("expected a wrap, got %d lines", len(lines))
	}
	// The state at each break is grey then bold, whatever came before.
	if head, _, _ := strings.Cut(lines[1], "字"); !strings.HasSuffix(head, grey+bold) {
		t.Errorf("second line starts %q, want the text to follow grey then bold", head)
	}
	for i, l := range lines {
		if len(l) > 200 {
			t.Errorf("line %d is %d bytes: the style state grows with the paragraph", i, len(l))
			break
		}
	}
}

// tooWide returns the lines of s wider than width, measured like lipgloss.
func tooWide(s string, width int) []string {
	var bad []string
	for i, l := range strings.Split(s, "\n") {
		if w := ansi.StringWidth(l); w > width {
			bad = append(bad, fmt.Sprintf("line %d is %d wide: %q", i+1, w, ansi.Strip(l)))
		}
	}
	return bad
}

func TestCodeLinesAreClippedAtTheWidthWithTheMarkerAtTheEdge(t *testing.T) {
	for _, c := range []struct {
		line, want string
	}{
		{"  short", "  short"},
		{"  exactly ten", "  exactly→"},
		{"  0123456789", "  0123456→"},
		// A wide character that does not fit leaves a gap before the marker.
		{"  中文中文中文", "  中文中 →"},
	} {
		got := FitLines([]string{c.line}, 10, []int{2}, CodeClipped)
		if got != c.want {
			t.Errorf("clip %q: got %q, want %q", c.line, got, c.want)
		}
		if w := ansi.StringWidth(got); w > 10 {
			t.Errorf("clip %q: %d wide", c.line, w)
		}
	}
}

func TestAClippedCodeLineCarriesTheStylesOfItsCutOffPartToTheNextLine(t *testing.T) {
	red, blue := "\x1b[31m", "\x1b[34m"
	lines := []string{"  ab" + red + "cdefghijkl" + blue + "mn", "  op", "prose"}
	got := FitLines(lines, 6, []int{2, 2, -1}, "»")
	want := "  ab" + red + "c" + sgrReset + "»" + sgrReset + red + blue + "\n  op\nprose"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
