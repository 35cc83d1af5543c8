package lessons

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	listItemRE = regexp.MustCompile(`^\s*([-*+]|[0-9]+[.)])\s+`)
	fenceOpen  = regexp.MustCompile("^\\s{0,3}(```|~~~)")
)

// reflow joins the soft-wrapped lines of each paragraph, list item and
// block quote into one line, so that authors may wrap their prose at any
// width and the renderer still wraps it at the reader's width alone. Lines
// are joined with a space, or with nothing between two Chinese characters.
// Code blocks, headings, tables and hard breaks (two trailing spaces or a
// backslash) are left as they are.
func reflow(md string) string {
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	// open is what the last output line can take as a continuation:
	// "para", "item" (indented continuation lines), "quote", or "".
	open, fence := "", ""
	for _, l := range lines {
		if fence != "" {
			out = append(out, l)
			if m := fenceOpen.FindStringSubmatch(l); m != nil && m[1] == fence {
				fence = ""
			}
			continue
		}
		if m := fenceOpen.FindStringSubmatch(l); m != nil {
			fence, open = m[1], ""
			out = append(out, l)
			continue
		}
		s := strings.TrimSpace(l)
		hardBreak := len(out) > 0 && (strings.HasSuffix(out[len(out)-1], "  ") || strings.HasSuffix(out[len(out)-1], "\\"))
		switch {
		case s == "" || strings.HasPrefix(s, "#") || strings.HasPrefix(s, "|") || strings.HasPrefix(s, "<"):
			open = ""
		case strings.HasPrefix(s, ">"):
			body := strings.TrimSpace(strings.TrimPrefix(s, ">"))
			if open == "quote" && body != "" && !hardBreak && !listItemRE.MatchString(body) {
				out[len(out)-1] = joinLines(out[len(out)-1], body)
				continue
			}
			open = ""
			if body != "" {
				open = "quote"
			}
		case listItemRE.MatchString(l):
			open = "item"
		case open == "item" && strings.HasPrefix(l, " ") && !hardBreak:
			out[len(out)-1] = joinLines(out[len(out)-1], s)
			continue
		case open == "para" && !strings.HasPrefix(l, "    ") && !hardBreak:
			out[len(out)-1] = joinLines(out[len(out)-1], s)
			continue
		case open == "":
			if !strings.HasPrefix(l, "    ") {
				open = "para"
			}
		default:
			open = ""
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func joinLines(a, b string) string {
	a = strings.TrimRight(a, " \t")
	ar, br := []rune(a), []rune(b)
	if len(ar) > 0 && len(br) > 0 && wide(ar[len(ar)-1]) && wide(br[0]) {
		return a + b
	}
	return a + " " + b
}

// wide reports whether r is a Chinese character or full-width punctuation,
// between which Chinese puts no space.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}
