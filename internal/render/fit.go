package render

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"kubelab/internal/msg"
	"kubelab/internal/text"
)

// minWidth and codeClipped are the wrapper's, named here for the renderer
// and its tests.
const (
	minWidth    = text.MinWidth
	codeClipped = text.CodeClipped
)

var _ = msg.Register("internal/render", msg.Catalog{
	"render.clipped": {
		"en": "The window is too narrow to show the block above whole: it needs %[1]d columns, this text has %[2]d.",
		"zh": "窗口太窄，无法完整显示上面的内容：它需要 %[1]d 列，这里只有 %[2]d 列。",
	},
})

// clipping says how fitMarkdown shows code lines wider than the width.
type clipping struct {
	// marker ends a clipped line, note says after the block that it was
	// clipped; both are already styled.
	marker string
	note   func(need int) string
	// indent is the text's left margin, which the note starts after.
	indent int
}

// Wrap breaks plain text (hints, check messages) so that no line is wider
// than width columns, by the same rules as Markdown (see the package
// documentation). It is text.Wrap, named here so that the UI turns both
// markdown and plain messages into terminal text through this package.
func Wrap(s string, width int) string { return text.Wrap(s, width) }

// fitMarkdown is Wrap for glamour's output of a protected source: it swaps
// the stand-ins back and clips code lines instead of wrapping them, and
// says after a clipped block how wide it is.
func fitMarkdown(rendered string, width int, clip clipping) string {
	width = max(width, minWidth)
	rendered = strings.ReplaceAll(strings.ToValidUTF8(rendered, "\uFFFD"), "\t", "    ")
	lines := strings.Split(rendered, "\n")
	if strings.ContainsFunc(rendered, isGlue) {
		lines = joinGlued(lines)
	}
	codeAt := make([]int, len(lines))
	for i, line := range lines {
		at := strings.IndexRune(line, codeLine)
		if at >= 0 {
			prefix := restoreMarks(line[:at])
			line = prefix + restoreMarks(strings.ReplaceAll(line[at:], string(codeLine), ""))
			at = len(prefix)
		} else {
			line = restoreMarks(line)
		}
		if strings.ContainsFunc(line, isGlue) {
			// A joinMark stands for the space of a soft line break between
			// CJK characters, which goes; the glue marks for nothing.
			line = dropGlue(strings.ReplaceAll(line, string(joinMark)+" ", ""))
		}
		lines[i], codeAt[i] = line, at
	}
	lines, codeAt = noteClippedBlocks(lines, codeAt, width, clip)
	return text.FitLines(lines, width, codeAt, clip.marker)
}

// noteClippedBlocks puts clip's note after each code block with a line
// wider than width. A block is its code lines and the blank lines between
// them.
func noteClippedBlocks(lines []string, codeAt []int, width int, clip clipping) ([]string, []int) {
	var outLines []string
	var outAt []int
	for i := 0; i < len(lines); {
		if codeAt[i] < 0 {
			outLines, outAt = append(outLines, lines[i]), append(outAt, -1)
			i++
			continue
		}
		last, widest := i, 0
		for j := i; j < len(lines) && (codeAt[j] >= 0 || strings.TrimSpace(ansi.Strip(lines[j])) == ""); j++ {
			if codeAt[j] >= 0 {
				last, widest = j, max(widest, Width(lines[j]))
			}
		}
		outLines, outAt = append(outLines, lines[i:last+1]...), append(outAt, codeAt[i:last+1]...)
		if widest > width && clip.note != nil {
			outLines = append(outLines, strings.Repeat(" ", clip.indent)+clip.note(widest))
			outAt = append(outAt, -1)
		}
		i = last + 1
	}
	return outLines, outAt
}

// joinGlued undoes the line breaks glamour made at the break characters
// protect had to leave in prose, which it marked with glue (see prepare.go):
// a line that ends in glueMark or joinMark, or whose next line starts with
// glueMark or spaceGlue after its indentation, is joined with that next
// line, whose indentation and quote bars are dropped. text.FitLines then breaks
// the joined line by the width.
func joinGlued(lines []string) []string {
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		if strings.ContainsRune(lines[i], codeLine) {
			out = append(out, lines[i])
			continue
		}
		// The joined line is b's trimmed pieces and then tail, the last
		// piece with its padding; each line is tokenized once, so that a
		// paragraph glamour broke a thousand times is not quadratic.
		var b strings.Builder
		tail := lines[i]
		body, last := trimPadding(tail)
		for i+1 < len(lines) && !strings.ContainsRune(lines[i+1], codeLine) {
			if last != glueMark && last != joinMark &&
				!strings.ContainsRune(lines[i+1], glueMark) && !strings.ContainsRune(lines[i+1], spaceGlue) {
				break // the common case: nothing to join, no need to Tokenize
			}
			rest, first, ok := dropIndentation(lines[i+1])
			if !ok {
				break
			}
			var sep string
			switch {
			case last == glueMark, first == spaceGlue:
				// Glamour dropped the space after a glueMark or before a
				// spaceGlue.
				sep = " "
			case last == joinMark, first == glueMark:
			default:
				goto done
			}
			b.WriteString(body)
			b.WriteString(sep)
			tail = rest
			body, last = trimPadding(tail)
			i++
		}
	done:
		b.WriteString(tail)
		out = append(out, b.String())
	}
	return out
}

// trimPadding drops the spaces at the end of a glamour line (its padding),
// keeping the escape sequences among them, and returns what is left and its
// last grapheme's first rune (0 if none).
func trimPadding(line string) (string, rune) {
	toks := text.Tokenize(line)
	end := len(toks)
	for end > 0 && (toks[end-1].Esc || toks[end-1].R == ' ') {
		end--
	}
	var last rune
	if end > 0 {
		last = toks[end-1].R
	}
	return text.Raw(text.TrimTrailingSpaces(toks)), last
}

// dropIndentation drops a glamour line's leading stand-in or real spaces
// and quote bars, keeping escape sequences, and returns the rest and its
// first grapheme's first rune. ok is false when nothing is left.
func dropIndentation(line string) (rest string, first rune, ok bool) {
	toks := text.Tokenize(line)
	var b strings.Builder
	i := 0
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.Esc {
			b.WriteString(t.S)
			continue
		}
		// Glamour's indentation is stand-in spaces and bars (its padding
		// real spaces); a "|" in the text itself is never swapped.
		if t.R != ' ' && t.R != markFirst && t.R != markFirst+rune(strings.IndexByte(breakChars, '|')) && t.R != '│' && t.R != '┃' {
			break
		}
	}
	if i == len(toks) {
		return "", 0, false
	}
	b.WriteString(text.Raw(toks[i:]))
	return b.String(), toks[i].R, true
}
