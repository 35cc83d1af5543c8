package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"kubelab/internal/text"
)

// Wrap breaks plain text (hints, check messages) so that no line is wider
// than width columns, using the same rules as Markdown (see the package
// documentation): breaks at spaces, between CJK characters (never before
// closing or after opening punctuation), after hyphens and slashes, inside a
// Latin word only when the word alone is longer than the line. Existing
// newlines are kept; a continuation line repeats the
// indentation of the line it came from, and list markers ("- ", "1. ")
// become a hanging indent. ANSI styles are carried across the breaks.
// A width below 2 is treated as 2, the width of one Chinese character.
// Tabs become four spaces, invalid UTF-8 becomes U+FFFD and escape
// sequences other than SGR styles show as text (text.SanitizeStyled), so
// that the widths measured here are the ones a terminal shows and pack
// text or a check's message can never act on the terminal.
func Wrap(s string, width int) string {
	width = max(width, minWidth)
	s = strings.ReplaceAll(text.SanitizeStyled(s), "\t", "    ")
	lines := strings.Split(s, "\n")
	var out strings.Builder
	out.Grow(len(s) + len(s)/8)
	var state sgrState
	for i, line := range lines {
		if i > 0 {
			out.WriteByte('\n')
		}
		state = fitLine(&out, line, width, state, -1)
	}
	return out.String()
}

// fitMarkdown is Wrap for glamour's output of a protected source: it swaps
// the stand-ins back and cuts code lines instead of wrapping them.
func fitMarkdown(rendered string, width int) string {
	width = max(width, minWidth)
	rendered = strings.ReplaceAll(strings.ToValidUTF8(rendered, "\uFFFD"), "\t", "    ")
	lines := strings.Split(rendered, "\n")
	if strings.ContainsFunc(rendered, isGlue) {
		lines = joinGlued(lines)
	}
	var out strings.Builder
	out.Grow(len(rendered) + len(rendered)/8)
	var state sgrState
	for i, line := range lines {
		if i > 0 {
			out.WriteByte('\n')
		}
		codeAt := strings.IndexRune(line, codeLine)
		if codeAt >= 0 {
			prefix := restoreMarks(line[:codeAt])
			line = prefix + restoreMarks(strings.ReplaceAll(line[codeAt:], string(codeLine), ""))
			codeAt = len(prefix)
		} else {
			line = restoreMarks(line)
		}
		if strings.ContainsFunc(line, isGlue) {
			// A joinMark stands for the space of a soft line break between
			// CJK characters, which goes; the glue marks for nothing.
			line = dropGlue(strings.ReplaceAll(line, string(joinMark)+" ", ""))
		}
		state = fitLine(&out, line, width, state, codeAt)
	}
	return out.String()
}

// joinGlued undoes the line breaks glamour made at the break characters
// protect had to leave in prose, which it marked with glue (see prepare.go):
// a line that ends in glueMark or joinMark, or whose next line starts with
// glueMark or spaceGlue after its indentation, is joined with that next
// line, whose indentation and quote bars are dropped. fitLine then breaks
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
				break // the common case: nothing to join, no need to tokenize
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
	toks := tokenize(line)
	end := len(toks)
	for end > 0 && (toks[end-1].esc || toks[end-1].r == ' ') {
		end--
	}
	var last rune
	if end > 0 {
		last = toks[end-1].r
	}
	return rawOf(trimTrailingSpaces(toks)), last
}

// dropIndentation drops a glamour line's leading stand-in or real spaces
// and quote bars, keeping escape sequences, and returns the rest and its
// first grapheme's first rune. ok is false when nothing is left.
func dropIndentation(line string) (rest string, first rune, ok bool) {
	toks := tokenize(line)
	var b strings.Builder
	i := 0
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.esc {
			b.WriteString(t.s)
			continue
		}
		// Glamour's indentation is stand-in spaces and bars (its padding
		// real spaces); a "|" in the text itself is never swapped.
		if t.r != ' ' && t.r != markFirst && t.r != markFirst+rune(strings.IndexByte(breakChars, '|')) && t.r != '│' && t.r != '┃' {
			break
		}
	}
	if i == len(toks) {
		return "", 0, false
	}
	b.WriteString(rawOf(toks[i:]))
	return b.String(), toks[i].r, true
}

// codeContinuation starts the rest of a code line that was cut.
const codeContinuation = "↪ "

// minWidth is the narrowest width the wrapper can honour: one wide
// character must fit on a line.
const minWidth = 2

// token is one piece of a line: an escape sequence (zero width) or one
// grapheme cluster.
type token struct {
	s   string
	w   int
	esc bool
	r   rune // first rune of a grapheme; 0 for escapes
}

func tokenize(line string) []token {
	toks := make([]token, 0, len(line))
	var state byte
	for len(line) > 0 {
		seq, w, n, newState := ansi.DecodeSequence(line, state, nil)
		if n <= 0 {
			n = 1
			seq = line[:1]
		}
		state = newState
		t := token{s: seq, w: w}
		if c := seq[0]; w == 0 && (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
			// Escape sequences and other zero-width control bytes.
			t.esc = true
		} else {
			t.r, _ = utf8.DecodeRuneInString(seq)
		}
		toks = append(toks, t)
		line = line[n:]
	}
	return toks
}

// sgrState is the list of SGR sequences in effect since the last reset.
type sgrState []string

func (s sgrState) apply(seq string) sgrState {
	if len(seq) < 3 || seq[0] != 0x1b || seq[1] != '[' || seq[len(seq)-1] != 'm' {
		return s
	}
	params := seq[2 : len(seq)-1]
	if params == "" || params == "0" {
		return nil
	}
	if strings.HasPrefix(params, "0;") {
		return sgrState{seq}
	}
	// Copy on write: callers keep snapshots. An earlier copy of seq can go:
	// the new one sets everything it set, last. This keeps the state short
	// on glamour's output, which repeats the same few sequences.
	out := make(sgrState, 0, len(s)+1)
	for _, e := range s {
		if e != seq {
			out = append(out, e)
		}
	}
	return append(out, seq)
}

func (s sgrState) String() string { return strings.Join(s, "") }

const sgrReset = "\x1b[0m"

// fitLine writes line to out, split into lines no wider than width, and
// returns the SGR state at its end. in is the state at its start (left over
// from the previous line). codeAt is -1 for prose; for a code line it is the
// byte offset where the code starts: code is cut at the width, never
// wrapped at spaces, and continues after the line's indentation and
// codeContinuation.
func fitLine(out *strings.Builder, line string, width int, in sgrState, codeAt int) sgrState {
	if ansi.StringWidth(line) <= width {
		out.WriteString(line)
		return scanSGR(in, line)
	}
	toks := tokenize(line)

	code := codeAt >= 0
	var pEnd, pW, contW int
	var cont string
	if code {
		at := 0
		for pEnd < len(toks) && at < codeAt {
			at += len(toks[pEnd].s)
			pW += toks[pEnd].w
			pEnd++
		}
		cont, contW = rawOf(toks[:pEnd])+codeContinuation, pW+Width(codeContinuation)
	} else {
		pEnd, pW, cont, contW = prefixOf(toks)
	}
	if pW+minWidth > width {
		pEnd, pW = 0, 0
	}
	if contW+minWidth > width || contW > width*2/3 {
		cont, contW = "", 0
	}

	state := stateAfter(in, toks[:pEnd])
	linePrefix := rawOf(toks[:pEnd])
	prefixW := pW
	i := pEnd
	first := true
	for {
		avail := width - prefixW
		w, j, opp := 0, i, -1
		for j < len(toks) {
			t := toks[j]
			if t.esc {
				j++
				continue
			}
			if !code && j > i && canBreakBefore(toks, i, j) {
				opp = j
			}
			if w+t.w > avail {
				break
			}
			w += t.w
			j++
		}
		if !first {
			out.WriteByte('\n')
		}
		first = false
		out.WriteString(linePrefix)
		if j == len(toks) {
			out.WriteString(rawOf(toks[i:]))
			return stateAfter(state, toks[i:])
		}
		k := j
		if opp > i {
			k = opp
		} else if !code {
			k = hardBreak(toks, i, j)
		}
		if !hasGrapheme(toks[i:k]) {
			// Not even one grapheme fits (a wide character on a one-column
			// remainder): take it anyway so that the loop makes progress.
			k = nextGrapheme(toks, i) + 1
		}
		piece := toks[i:k]
		if !code {
			piece = trimTrailingSpaces(piece)
		}
		out.WriteString(rawOf(piece))
		state = stateAfter(state, toks[i:k])
		// Skip the spaces the break replaces; their escapes still count.
		for k < len(toks) && (toks[k].esc || (!code && toks[k].r == ' ')) {
			if toks[k].esc {
				out.WriteString(toks[k].s)
				state = state.apply(toks[k].s)
			}
			k++
		}
		if len(state) > 0 {
			out.WriteString(sgrReset)
		}
		if k == len(toks) {
			return nil
		}
		i = k
		linePrefix = cont + state.String()
		prefixW = contW
	}
}

// hardBreak picks where to cut a line that has no break opportunity before
// toks[j], the first grapheme that does not fit: j itself, or an earlier
// grapheme boundary that keeps closing punctuation off the next line's
// start and opening punctuation off this line's end.
func hardBreak(toks []token, i, j int) int {
	for k := j; k > i; k-- {
		if toks[k].esc {
			continue
		}
		p := k - 1
		for p > i && toks[p].esc {
			p--
		}
		if p < i || toks[p].esc {
			break
		}
		if !text.NoBreakBefore(toks[k].r) && !text.NoBreakAfter(toks[p].r) {
			return k
		}
	}
	return j
}

// scanSGR is stateAfter for a line that need not be tokenized: it looks
// only at its CSI sequences.
func scanSGR(s sgrState, line string) sgrState {
	for {
		i := strings.Index(line, "\x1b[")
		if i < 0 {
			return s
		}
		end := strings.IndexFunc(line[i+2:], func(r rune) bool { return r >= 0x40 && r <= 0x7e })
		if end < 0 {
			return s
		}
		end += i + 3
		if line[end-1] == 'm' {
			s = s.apply(line[i:end])
		}
		line = line[end:]
	}
}

func stateAfter(s sgrState, toks []token) sgrState {
	for _, t := range toks {
		if t.esc {
			s = s.apply(t.s)
		}
	}
	return s
}

func rawOf(toks []token) string {
	n := 0
	for _, t := range toks {
		n += len(t.s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, t := range toks {
		b.WriteString(t.s)
	}
	return b.String()
}

func hasGrapheme(toks []token) bool {
	for _, t := range toks {
		if !t.esc && t.w > 0 {
			return true
		}
	}
	return false
}

func nextGrapheme(toks []token, i int) int {
	for ; i < len(toks); i++ {
		if !toks[i].esc && toks[i].w > 0 {
			return i
		}
	}
	return len(toks) - 1
}

// trimTrailingSpaces drops the space graphemes at the end of a piece, keeping
// the escape sequences among them.
func trimTrailingSpaces(toks []token) []token {
	end := len(toks)
	for end > 0 && (toks[end-1].esc || toks[end-1].r == ' ') {
		end--
	}
	if end == len(toks) {
		return toks
	}
	out := append([]token(nil), toks[:end]...)
	for _, t := range toks[end:] {
		if t.esc {
			out = append(out, t)
		}
	}
	return out
}

// prefixOf finds the indentation that continuation lines repeat: leading
// spaces, block-quote bars and one list or heading marker. It returns the
// end of the prefix in toks, its width, and the continuation prefix, in which
// the marker is replaced by spaces so that wrapped text hangs under the
// item's first word.
func prefixOf(toks []token) (end, width int, cont string, contW int) {
	var b strings.Builder
	i := 0
	spaces := func() {
		for i < len(toks) && (toks[i].esc || toks[i].r == ' ') {
			b.WriteString(toks[i].s)
			width += toks[i].w
			i++
		}
	}
	// next returns the index of the next grapheme from j, skipping escapes.
	next := func(j int) int {
		for j < len(toks) && toks[j].esc {
			j++
		}
		return j
	}
	spaces()
	for {
		j := next(i)
		if j < len(toks) && (toks[j].r == '│' || toks[j].r == '|' || toks[j].r == '┃') {
			if k := next(j + 1); k < len(toks) && toks[k].r == ' ' {
				for ; i <= j; i++ {
					b.WriteString(toks[i].s)
					width += toks[i].w
				}
				spaces()
				continue
			}
		}
		break
	}
	if m := markerEnd(toks, i); m > i {
		for ; i < m; i++ {
			if toks[i].esc {
				b.WriteString(toks[i].s)
			} else {
				b.WriteString(strings.Repeat(" ", toks[i].w))
				width += toks[i].w
			}
		}
		spaces()
	}
	return i, width, b.String(), width
}

// markerEnd returns the end of a list or heading marker starting at i
// ("• ", "* ", "- ", "+ ", "12. ", "### ", "[ ] ", "[✓] "), or i if there is
// none. The marker includes its trailing space.
func markerEnd(toks []token, i int) int {
	var rs []rune
	var idx []int
	for j := i; j < len(toks) && len(rs) < 12; j++ {
		if toks[j].esc {
			continue
		}
		rs = append(rs, toks[j].r)
		idx = append(idx, j)
		if toks[j].r == ' ' {
			break
		}
	}
	if len(rs) < 2 || rs[len(rs)-1] != ' ' {
		return i
	}
	m := rs[:len(rs)-1]
	end := idx[len(idx)-1] + 1
	switch {
	case len(m) == 1 && strings.ContainsRune("•*-+◦▪", m[0]):
		return end
	case allRunes(m, func(r rune) bool { return r == '#' }):
		return end
	case len(m) >= 2 && m[len(m)-1] == '.' && allRunes(m[:len(m)-1], unicode.IsDigit):
		return end
	case len(m) == 3 && m[0] == '[' && m[2] == ']':
		return end
	}
	return i
}

func allRunes(rs []rune, f func(rune) bool) bool {
	for _, r := range rs {
		if !f(r) {
			return false
		}
	}
	return len(rs) > 0
}

// canBreakBefore reports whether a line may end just before toks[j], where
// the line started at toks[i].
func canBreakBefore(toks []token, i, j int) bool {
	b := toks[j]
	p := j - 1
	for p >= i && (toks[p].esc || toks[p].w == 0) {
		p--
	}
	if p < i {
		return false
	}
	a := toks[p]
	// A break needs something other than spaces before it on the line.
	content := false
	for q := i; q <= p; q++ {
		if !toks[q].esc && toks[q].r != ' ' && toks[q].w > 0 {
			content = true
			break
		}
	}
	if !content {
		return false
	}
	switch {
	case b.r == ' ':
		return a.r != ' '
	case a.r == ' ':
		return true
	}
	if text.NoBreakBefore(b.r) || text.NoBreakAfter(a.r) {
		return false
	}
	if ideographic(a) || ideographic(b) {
		return true
	}
	// Inside Latin text: after a hyphen between letters ("all-namespaces"),
	// or after a slash that ends a path segment ("kubernetes.io/docs").
	if (a.r == '-' || a.r == '/') && isWordRune(b.r) {
		q := p - 1
		for q >= i && toks[q].esc {
			q--
		}
		return q >= i && isWordRune(toks[q].r)
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// ideographic reports whether a line may break before or after a grapheme
// without a space: text.BreaksAround its first rune, or any other
// two-column grapheme such as emoji.
func ideographic(t token) bool { return t.w >= 2 || text.BreaksAround(t.r) }
