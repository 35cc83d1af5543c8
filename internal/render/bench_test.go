package render

import (
	"os"
	"strings"
	"testing"
)

// benchNote is a Chinese lesson note of about 3 KB.
func benchNote(b *testing.B) string {
	src, err := os.ReadFile("testdata/note.zh.md")
	if err != nil {
		b.Fatal(err)
	}
	s := string(src)
	for len(s) < 3000 {
		s += "\n" + strings.SplitN(string(src), "\n\n", 3)[1] + "\n"
	}
	return s
}

func BenchmarkMarkdown(b *testing.B) {
	src := benchNote(b)
	for _, style := range []Style{StyleASCII, StyleDark} {
		r, err := New(Options{Width: 80, Style: style})
		if err != nil {
			b.Fatal(err)
		}
		b.Run("cold/"+string(style), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				cache.Purge()
				if _, err := r.Markdown(src); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("cached/"+string(style), func(b *testing.B) {
			if _, err := r.Markdown(src); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := r.Markdown(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWrap(b *testing.B) {
	text := strings.Repeat("使用 kubectl 命令查看节点（node）的状态。", 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Wrap(text, 40)
	}
}
