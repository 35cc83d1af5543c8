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
				got := mustRender(t, Options{Width: width, Style: StyleASCII}, readNote(t, lang))
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

func TestCodeLinesAreCutAndContinuedNotWrapped(t *testing.T) {
	line := "kubectl get pods --all-namespaces -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName"
	for _, style := range []Style{StyleASCII, StyleDark} {
		t.Run(string(style), func(t *testing.T) {
			out := mustRender(t, Options{Width: 40, Style: style}, "```sh\n"+line+"\n  indented line\n```\n")
			if bad := tooWide(out, 40); len(bad) > 0 {
				t.Fatal(bad)
			}
			// Pieces are cut at the wrap width (40 less glamour's right
			// margin), not at spaces, and put back together give the line.
			var joined strings.Builder
			var widths []int
			for _, l := range strings.Split(ansi.Strip(out), "\n") {
				if rest, ok := strings.CutPrefix(l, "    "+codeContinuation); ok {
					joined.WriteString(rest)
					widths = append(widths, Width(l))
				} else if rest, ok := strings.CutPrefix(l, "    kubectl"); ok {
					joined.WriteString("kubectl" + rest)
					widths = append(widths, Width(l))
				}
			}
			if len(widths) < 3 {
				t.Fatalf("code line came out in %d pieces:\n%s", len(widths), out)
			}
			for i, w := range widths[:len(widths)-1] {
				if w != 38 {
					t.Errorf("piece %d is %d wide, want a cut at 38:\n%s", i, w, out)
				}
			}
			if got := strings.TrimRight(joined.String(), " "); got != line {
				t.Errorf("pieces join to %q, want %q", got, line)
			}
			if !strings.Contains(ansi.Strip(out), "      indented line") {
				t.Errorf("code indentation lost:\n%s", out)
			}
		})
	}
}

func TestProtectingTheSourceChangesOnlyWhitespace(t *testing.T) {
	// Rendering through the stand-ins must show the same characters as
	// glamour shows for the untouched source, only broken differently.
	squeeze := func(s string) string {
		s = strings.NewReplacer(codeContinuation, "", "|", "", "│", "").Replace(ansi.Strip(s))
		return strings.Join(strings.Fields(s), "")
	}
	for _, lang := range []string{"en", "zh"} {
		src := readNote(t, lang)
		tr, err := glamour.NewTermRenderer(glamour.WithStandardStyle("ascii"), glamour.WithWordWrap(80))
		if err != nil {
			t.Fatal(err)
		}
		want, err := tr.Render(src)
		if err != nil {
			t.Fatal(err)
		}
		got := mustRender(t, Options{Width: 80}, src)
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
