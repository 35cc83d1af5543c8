package render

import (
	"os"
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	"使用 kubectl 命令查看节点（node）的状态",
	"# 标题\n\n段落，很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n",
	"- a\n  - 嵌套的列表项目，里面有很多字，里面有很多字，里面有很多字\n    1. 更深的编号列表项目，里面有很多字，里面有很多字\n",
	"> 引用\n> > 嵌套引用里面的很长很长很长很长很长很长很长很长很长很长很长的文字\n",
	"```\n" + strings.Repeat("x", 300) + "\n\tindented\twith\ttabs\n```\n",
	"| a | b |\n|---|---|\n| 很长很长很长很长很长很长很长很长的单元格 | `code` |\n",
	"**粗体** _斜体_ ~~删除~~ `行内代码` [链接](https://example.com/一个-很长的-路径) <https://auto.link/x>",
	"foo_bar_baz * not emphasis * a*b*c \\*escaped\\* &amp; &#x4e2d;",
	"emoji 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 and 한국어 텍스트와 日本語のテキスト",
	"line one  \nhard break\\\nand soft\nbreak",
	"- [ ] task 任务很长很长很长很长很长很长很长很长很长很长很长很长很长很长\n- [x] done",
	"term\n: definition 定义很长很长很长很长很长很长很长很长很长很长很长很长很长很长",
	"<div>html 块</div>\n\n---\n\n![图片](x.png)",
	strings.Repeat("a-", 100) + strings.Repeat("。", 50) + strings.Repeat("（", 30),
	"\x1b[31mraw escape\x1b[0m in markdown \uE000 private use",
}

func FuzzMarkdownNeverExceedsWidth(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint8(40), i%2 == 0)
		f.Add(s, uint8(7), i%2 == 1)
	}
	for _, lang := range []string{"en", "zh"} {
		if b, err := os.ReadFile("testdata/note." + lang + ".md"); err == nil {
			f.Add(string(b), uint8(33), true)
		}
	}
	f.Fuzz(func(t *testing.T, src string, w uint8, dark bool) {
		width := int(w)%150 + minWidth
		style := StyleASCII
		if dark {
			style = StyleDark
		}
		r, err := New(Options{Width: width, Style: style})
		if err != nil {
			t.Fatal(err)
		}
		out, err := r.Markdown(src)
		if err != nil {
			return // glamour refused the input; nothing was drawn
		}
		for _, l := range tooWide(out, width) {
			t.Errorf("width %d, style %s: %s", width, style, l)
		}
		for _, l := range unsafeOutput(out) {
			t.Errorf("width %d, style %s: control characters from the source: %s", width, style, l)
		}
		wrapped := Wrap(src, width)
		for _, l := range tooWide(wrapped, width) {
			t.Errorf("Wrap, width %d: %s", width, l)
		}
		for _, l := range unsafeOutput(wrapped) {
			t.Errorf("Wrap, width %d: control characters from the source: %s", width, l)
		}
	})
}

// TestManyGeneratedDocumentsStayWithinTheWidth runs the fuzz property over
// generated documents on every go test, without -fuzz.
func TestManyGeneratedDocumentsStayWithinTheWidth(t *testing.T) {
	pieces := append([]string{}, fuzzSeeds...)
	pieces = append(pieces, "\n\n", "\n", " ", "- ", "1. ", "> ", "## ", "`", "**", "中", "word ", "，", "（")
	seed := uint32(1)
	next := func(n int) int {
		seed ^= seed << 13
		seed ^= seed >> 17
		seed ^= seed << 5
		return int(seed % uint32(n))
	}
	n := 300
	if testing.Short() {
		n = 40
	}
	for i := range n {
		var b strings.Builder
		for range 1 + next(8) {
			b.WriteString(pieces[next(len(pieces))])
		}
		src := b.String()
		width := minWidth + next(100)
		style := []Style{StyleASCII, StyleDark}[i%2]
		r, err := New(Options{Width: width, Style: style})
		if err != nil {
			t.Fatal(err)
		}
		out, err := r.Markdown(src)
		if err != nil {
			t.Fatalf("render %q: %v", src, err)
		}
		for _, l := range tooWide(out, width) {
			t.Errorf("%q at width %d (%s): %s", src, width, style, l)
		}
	}
}
