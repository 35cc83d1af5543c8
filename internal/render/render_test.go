package render

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/x/ansi"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func readNote(t testing.TB, lang string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "note."+lang+".md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mustRender(t testing.TB, opts Options, src string) string {
	t.Helper()
	r, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Markdown(src)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestNoRenderedLineIsWiderThanTheWidthInEitherLanguage(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		src := readNote(t, lang)
		for _, width := range []int{40, 80} {
			for _, style := range []Style{StyleASCII, StyleNoTTY, StyleDark, StyleLight} {
				t.Run(fmt.Sprintf("%s/%d/%s", lang, width, style), func(t *testing.T) {
					out := mustRender(t, Options{Width: width, Style: style}, src)
					for _, l := range tooWide(out, width) {
						t.Error(l)
					}
				})
			}
		}
	}
}

func TestGlamourAloneOverflowsOnChinese(t *testing.T) {
	// The reason this package exists; if glamour learns to wrap Chinese,
	// this test says so and the workaround can be revisited.
	tr, err := glamour.NewTermRenderer(glamour.WithStandardStyle("ascii"), glamour.WithWordWrap(40))
	if err != nil {
		t.Fatal(err)
	}
	out, err := tr.Render(readNote(t, "zh"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tooWide(out, 40)) == 0 {
		t.Fatal("glamour kept Chinese within 40 columns by itself")
	}
}

func TestRenderingMatchesTheGoldenFiles(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		for _, width := range []int{40, 80} {
			name := fmt.Sprintf("note.%s.%d.golden", lang, width)
			t.Run(name, func(t *testing.T) {
				got := mustRender(t, Options{Width: width, Style: StyleASCII, Lang: lang}, readNote(t, lang))
				path := filepath.Join("testdata", name)
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("rendering differs from %s (run go test -update and review the diff)\ngot:\n%s", path, got)
				}
			})
		}
	}
}

func TestChineseParagraphsFillTheirLines(t *testing.T) {
	src := strings.Repeat("使用 kubectl 命令查看节点（node）的状态，然后删除一个 Pod 看看会发生什么。", 6)
	out := mustRender(t, Options{Width: 40}, src)
	lines := strings.Split(strings.Trim(out, "\n"), "\n")
	if len(lines) < 4 {
		t.Fatalf("expected a wrapped paragraph, got:\n%s", out)
	}
	for _, l := range lines[:len(lines)-1] {
		// Wrapping stops at 38 (glamour's right margin); a line may end
		// early only for a Latin word or kinsoku, never by half a line.
		if w := Width(l); w < 38-12 {
			t.Errorf("line is only %d wide, the paragraph is ragged: %q\n%s", w, l, out)
		}
	}
}

func TestContinuationLinesKeepTheirIndentation(t *testing.T) {
	long := strings.Repeat("副本数量始终等于期望值", 6)
	cases := []struct {
		name, src, first, cont string
	}{
		{"bullet", "- " + long, "  • ", "    "},
		{"nested bullet", "- a\n  - " + long, "      • ", "        "},
		{"numbered", "1. " + long, "  1. ", "     "},
		{"block quote", "> " + long, "  | ", "  | "},
		{"heading", "## " + long, "  ## ", "     "},
		{"paragraph", long, "  ", "  "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := mustRender(t, Options{Width: 40}, c.src)
			var lines []string
			for _, l := range strings.Split(out, "\n") {
				if strings.Contains(l, "副") || strings.Contains(l, "值") || strings.Contains(l, "量") {
					lines = append(lines, l)
				}
			}
			if len(lines) < 3 {
				t.Fatalf("expected the item to wrap:\n%s", out)
			}
			if !strings.HasPrefix(lines[0], c.first) {
				t.Errorf("first line %q does not start with %q", lines[0], c.first)
			}
			for _, l := range lines[1:] {
				rest, ok := strings.CutPrefix(l, c.cont)
				if !ok || strings.HasPrefix(rest, " ") {
					t.Errorf("continuation %q is not indented by exactly %q\n%s", l, c.cont, out)
				}
			}
		})
	}
}

func TestCodeLinesAreClippedWithAMarkerAndANoteNotWrapped(t *testing.T) {
	line := "kubectl get pods --all-namespaces -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName"
	src := "Before.\n\n```sh\n" + line + "\n\n  indented line\n```\n\nAfter.\n"
	for _, c := range []struct {
		style Style
		lang  string
		note  string
	}{
		{StyleASCII, "en", "The window is too narrow to show the block above whole: it needs 97 columns, this text has 40."},
		{StyleDark, "en", "The window is too narrow to show the block above whole: it needs 97 columns, this text has 40."},
		{StyleASCII, "zh", "窗口太窄，无法完整显示上面的内容：它需要 97 列，这里只有 40 列。"},
	} {
		t.Run(string(c.style)+"-"+c.lang, func(t *testing.T) {
			out := mustRender(t, Options{Width: 40, Style: c.style, Lang: c.lang}, src)
			if bad := tooWide(out, 40); len(bad) > 0 {
				t.Fatal(bad)
			}
			lines := strings.Split(ansi.Strip(out), "\n")
			// The line is clipped at the wrap width (40 less glamour's right
			// margin), with the marker in the last column, and not continued.
			var clipped []string
			for _, l := range lines {
				if strings.Contains(l, "kubectl") {
					clipped = append(clipped, l)
				}
			}
			if len(clipped) != 1 {
				t.Fatalf("want the code line on one line, got %d:\n%s", len(clipped), out)
			}
			want := "    " + line[:38-4-1] + codeClipped
			if clipped[0] != want {
				t.Errorf("clipped line\n%q, want\n%q", clipped[0], want)
			}
			if strings.Contains(out, "↪") || strings.Contains(ansi.Strip(out), "nodeName") {
				t.Errorf("the code line went on past the width:\n%s", out)
			}
			if !strings.Contains(ansi.Strip(out), "      indented line") {
				t.Errorf("code indentation lost:\n%s", out)
			}
			// The note follows the block, indented like it, wrapped to the
			// width, before "After.".
			flat := strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
			note := strings.Join(strings.Fields(c.note), " ")
			if c.lang == "zh" {
				flat, note = strings.ReplaceAll(flat, " ", ""), strings.ReplaceAll(note, " ", "")
			}
			at, indented, after := strings.Index(flat, note), strings.Index(flat, "indented line"), strings.Index(flat, "After.")
			if at < 0 || at < indented || at > after {
				t.Errorf("want the note %q after the block and before the next paragraph:\n%s", c.note, out)
			}
			if c.style == StyleDark && !strings.Contains(out, "\x1b[2m"+codeClipped+"\x1b[22m") {
				t.Errorf("the marker is not faint in a colour style: %q", out)
			}
			// At the width the note names, the block shows whole.
			whole := mustRender(t, Options{Width: 97, Style: c.style, Lang: c.lang}, src)
			if !strings.Contains(ansi.Strip(whole), line) || strings.Contains(whole, codeClipped) {
				t.Errorf("at the width the note names the line is not whole:\n%s", whole)
			}
		})
	}
}

func TestCodeThatFitsHasNoMarkerAndNoNote(t *testing.T) {
	out := mustRender(t, Options{Width: 40}, "```\nshort line\n```\n")
	if strings.Contains(out, codeClipped) || strings.Contains(out, "too narrow") {
		t.Errorf("a block that fits is marked as clipped:\n%s", out)
	}
}

// The architecture figure of the components lessons (68 columns) is never
// broken: at 100 columns it shows whole; at the notes screen's 64 every
// line keeps its place and the rest is clipped with a marker.
func TestTheArchitectureFigureIsNeverBroken(t *testing.T) {
	fig, err := os.ReadFile("../../assets/architecture.txt")
	if err != nil {
		t.Fatal(err)
	}
	figLines := strings.Split(strings.TrimRight(string(fig), "\n"), "\n")
	src := "```\n" + strings.Join(figLines, "\n") + "\n```\n"
	for _, width := range []int{100, 64} {
		out := ansi.Strip(mustRender(t, Options{Width: width}, src))
		if bad := tooWide(out, width); len(bad) > 0 {
			t.Fatal(bad)
		}
		var got []string
		for _, l := range strings.Split(out, "\n") {
			if len(got) > 0 || strings.Contains(l, "kubectl and every") {
				got = append(got, strings.TrimRight(strings.TrimPrefix(l, "    "), " "))
			}
		}
		got = got[:min(len(got), len(figLines))]
		if len(got) != len(figLines) {
			t.Fatalf("width %d: the figure's %d lines came out as %d:\n%s", width, len(figLines), len(got), out)
		}
		for i, l := range figLines {
			l = strings.TrimRight(l, " ")
			switch g := got[i]; {
			case g == l:
			case strings.HasSuffix(g, codeClipped) && strings.HasPrefix(l, strings.TrimSuffix(g, codeClipped)):
				if width == 100 {
					t.Errorf("width 100: line %d clipped: %q", i+1, g)
				}
			default:
				t.Errorf("width %d: line %d is %q, want %q", width, i+1, g, l)
			}
		}
		if noted := strings.Contains(out, "too narrow"); noted != (width < 72+2) {
			t.Errorf("width %d: note shown %v:\n%s", width, noted, out)
		}
	}
}

func TestProtectingTheSourceChangesOnlyWhitespace(t *testing.T) {
	// Rendering through the stand-ins must show the same characters as
	// glamour shows for the untouched source, only broken differently.
	squeeze := func(s string) string {
		s = strings.NewReplacer("|", "", "│", "").Replace(ansi.Strip(s))
		return strings.Join(strings.Fields(s), "")
	}
	for _, lang := range []string{"en", "zh"} {
		src := readNote(t, lang)
		// Wide enough that no code line is clipped.
		tr, err := glamour.NewTermRenderer(glamour.WithStandardStyle("ascii"), glamour.WithWordWrap(200))
		if err != nil {
			t.Fatal(err)
		}
		want, err := tr.Render(src)
		if err != nil {
			t.Fatal(err)
		}
		got := mustRender(t, Options{Width: 200}, src)
		if squeeze(got) != squeeze(want) {
			t.Errorf("%s: text differs from glamour's\ngot:  %s\nwant: %s", lang, squeeze(got), squeeze(want))
		}
		if protect(src, true, 2) == src {
			t.Errorf("%s: nothing was protected", lang)
		}
	}
}

func TestMarkdownThatParsesDifferentlyWhenProtectedIsLeftAlone(t *testing.T) {
	// Replacing the space before "_" would make "foo_bar_" emphasis-like
	// contexts change; protect must notice or skip such spots.
	for _, src := range []string{
		"a _b_ c and d * e * f",
		"see https://example.com/a-b now",
		"x &amp; y; z",
		"\\- not a list - but text",
	} {
		before := signature(markdownParser.Parse(textReader(src)), []byte(src))
		p := protect(src, true, 2)
		after := signature(markdownParser.Parse(textReader(p)), []byte(p))
		if before != after {
			t.Errorf("protect(%q) changed the structure:\n%s\n%s", src, before, after)
		}
	}
}

func TestRenderingIsCachedAndSafeForConcurrentUse(t *testing.T) {
	cache.Purge()
	src := readNote(t, "zh")
	r, err := New(Options{Width: 60})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Cached(src); ok {
		t.Fatal("cache hit before the first render")
	}
	var wg sync.WaitGroup
	outs := make([]string, 8)
	for i := range outs {
		wg.Go(func() {
			out, err := r.WithWidth(60 + i%2).Markdown(src)
			if err != nil {
				t.Error(err)
			}
			outs[i] = out
		})
	}
	wg.Wait()
	for i := 2; i < len(outs); i++ {
		if outs[i] != outs[i%2] {
			t.Errorf("render %d differs from render %d", i, i%2)
		}
	}
	got, ok := r.Cached(src)
	if !ok || got != outs[0] {
		t.Error("the rendering is not in the cache after Markdown")
	}
	if _, ok := r.WithWidth(61).Cached(src); !ok {
		t.Error("another width's rendering is not cached")
	}
	if _, ok := r.WithWidth(62).Cached(src); ok {
		t.Error("cache hit for a width never rendered")
	}
}

func TestCacheEvictsTheLeastRecentlyUsed(t *testing.T) {
	c := NewCache(100, func(k cacheKey, out string) int { return len(k.src) + len(out) })
	k := func(s string) cacheKey { return cacheKey{src: s, width: 1} }
	c.Put(k("a"), strings.Repeat("x", 40)) // 41 bytes
	c.Put(k("b"), strings.Repeat("x", 40))
	c.Get(k("a"))
	c.Put(k("c"), strings.Repeat("x", 40)) // evicts b
	if _, ok := c.Get(k("b")); ok {
		t.Error("b should have been evicted")
	}
	for _, s := range []string{"a", "c"} {
		if _, ok := c.Get(k(s)); !ok {
			t.Errorf("%s was evicted", s)
		}
	}
	c.Put(k("huge"), strings.Repeat("x", 200))
	if _, ok := c.Get(k("huge")); ok {
		t.Error("an entry larger than the cache was kept")
	}
}

func TestNewRejectsUnknownStylesAndDefaultsTheRest(t *testing.T) {
	if _, err := New(Options{Style: "pink"}); err == nil || !strings.Contains(err.Error(), "pink") {
		t.Errorf("New with style pink: err = %v, want one naming the style", err)
	}
	r, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if o := r.Options(); o.Width != DefaultWidth || o.Style != StyleASCII {
		t.Errorf("defaults = %+v", o)
	}
	if w := r.WithWidth(1).Options().Width; w != minWidth {
		t.Errorf("width 1 became %d, want %d", w, minWidth)
	}
}

func TestLinkAddressesBreakAfterSlashesNotInsideNames(t *testing.T) {
	src := "更多内容请阅读[官方文档](https://kubernetes.io/zh-cn/docs/concepts/workloads/controllers/deployment/)。"
	out := ansi.Strip(mustRender(t, Options{Width: 40}, src))
	if !strings.Contains(out, "https://kubernetes.io/zh-cn/docs/") {
		t.Errorf("the address's first segments were split:\n%s", out)
	}
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimRight(l, " ")
		if strings.HasSuffix(l, ".") || strings.HasSuffix(l, "-") {
			t.Errorf("line breaks inside a name: %q\n%s", l, out)
		}
	}
}

func TestASoftLineBreakBetweenChineseCharactersAddsNoSpace(t *testing.T) {
	out := ansi.Strip(mustRender(t, Options{Width: 80}, "第一行的文字\n第二行的文字\n\nEnglish words\nkeep their space"))
	if !strings.Contains(out, "第一行的文字第二行的文字") {
		t.Errorf("Chinese lines were not joined without a space:\n%s", out)
	}
	if !strings.Contains(out, "English words keep their space") {
		t.Errorf("English lines lost their space:\n%s", out)
	}
}

func TestDarkAndLightCodeColoursDoNotDependOnWhichRenderedFirst(t *testing.T) {
	// Glamour registers one chroma theme per process, under one name, from
	// whichever style highlights code first; dark's comments are #676767
	// and light's #8D8D8D.
	src := "```go\n// a comment\nfunc main() {}\n```\n"
	comment := func(style Style) string {
		out := mustRender(t, Options{Width: 60, Style: style}, src)
		for _, l := range strings.Split(out, "\n") {
			if head, _, ok := strings.Cut(l, "// a comment"); ok {
				return head
			}
		}
		t.Fatalf("no comment line in %s:\n%s", style, out)
		return ""
	}
	light, dark := comment(StyleLight), comment(StyleDark)
	if !strings.Contains(dark, "\x1b[38;2;103;103;103m") {
		t.Errorf("dark comment starts %q, want colour #676767", dark)
	}
	if !strings.Contains(light, "\x1b[38;2;141;141;141m") {
		t.Errorf("light comment starts %q, want colour #8D8D8D", light)
	}
}
