package text

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	listItemRE = regexp.MustCompile(`^\s*([-*+]|[0-9]+[.)])\s+`)
	fenceOpen  = regexp.MustCompile("^\\s{0,3}(```|~~~)")
)

// Reflow joins the soft-wrapped lines of each paragraph, list item and block
// quote of markdown into one line, so that authors may wrap their prose at
// any width and a renderer still wraps it at the reader's width alone.
// Lines are joined with a space, or with nothing where JoinsWithoutSpace
// says so. Code blocks, headings, tables, HTML and hard breaks (two trailing
// spaces or a backslash) are left as they are. It takes time linear in the
// length of md, however long a paragraph.
func Reflow(md string) string {
	var out lines
	// open is what the last output line can take as a continuation:
	// "para", "item" (indented continuation lines), "quote", or "".
	open, fence := "", ""
	for l := range strings.SplitSeq(md, "\n") {
		if fence != "" {
			out.add(l)
			if m := fenceOpen.FindStringSubmatch(l); m != nil && m[1] == fence {
				fence = ""
			}
			continue
		}
		if m := fenceOpen.FindStringSubmatch(l); m != nil {
			fence, open = m[1], ""
			out.add(l)
			continue
		}
		s := strings.TrimSpace(l)
		hardBreak := out.hardBreak()
		switch {
		case s == "" || strings.HasPrefix(s, "#") || strings.HasPrefix(s, "|") || strings.HasPrefix(s, "<"):
			open = ""
		case strings.HasPrefix(s, ">"):
			body := strings.TrimSpace(strings.TrimPrefix(s, ">"))
			if open == "quote" && body != "" && !hardBreak && !listItemRE.MatchString(body) {
				out.join(body)
				continue
			}
			open = ""
			if body != "" {
				open = "quote"
			}
		case listItemRE.MatchString(l):
			open = "item"
		case open == "item" && strings.HasPrefix(l, " ") && !hardBreak:
			out.join(s)
			continue
		case open == "para" && !strings.HasPrefix(l, "    ") && !hardBreak:
			out.join(s)
			continue
		case open == "":
			if !strings.HasPrefix(l, "    ") {
				open = "para"
			}
		default:
			open = ""
		}
		out.add(l)
	}
	return out.String()
}

// lines is Reflow's output: finished lines in b, each followed by a
// newline, and the last line, which may still grow, in last. Joining
// appends to last, so that a paragraph of many lines costs its length, not
// its length times its lines.
type lines struct {
	b    strings.Builder
	last []byte
	any  bool
}

func (o *lines) add(l string) {
	if o.any {
		o.b.Write(o.last)
		o.b.WriteByte('\n')
	}
	o.last = append(o.last[:0], l...)
	o.any = true
}

// join appends s to the last line, without its trailing blanks, after a
// space or, where JoinsWithoutSpace says so, nothing.
func (o *lines) join(s string) {
	end := len(o.last)
	for end > 0 && (o.last[end-1] == ' ' || o.last[end-1] == '\t') {
		end--
	}
	o.last = o.last[:end]
	a, _ := utf8.DecodeLastRune(o.last)
	b, _ := utf8.DecodeRuneInString(s)
	if len(o.last) == 0 || s == "" || !JoinsWithoutSpace(a, b) {
		o.last = append(o.last, ' ')
	}
	o.last = append(o.last, s...)
}

func (o *lines) hardBreak() bool {
	return o.any && (strings.HasSuffix(string(o.last[max(0, len(o.last)-2):]), "  ") ||
		strings.HasSuffix(string(o.last[max(0, len(o.last)-1):]), "\\"))
}

func (o *lines) String() string {
	if !o.any {
		return ""
	}
	o.b.Write(o.last)
	return o.b.String()
}
