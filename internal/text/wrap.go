package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Wrap breaks plain text so that no line is wider than width columns, as
// charmbracelet/x/ansi (and so lipgloss) measures them. Lines break at
// spaces; between CJK characters and other two-column graphemes, never
// before closing or after opening punctuation (kinsoku); after hyphens and
// slashes inside a Latin word; and inside a word only when the word alone
// is longer than the line. Existing newlines are kept; a continuation line
// repeats the indentation and block-quote bars of the line it came from,
// and list markers ("- ", "1. ") become a hanging indent. SGR styles are
// carried across the breaks. A width below MinWidth is treated as
// MinWidth. Tabs become four spaces, invalid UTF-8 becomes U+FFFD and
// escape sequences other than SGR styles show as text (SanitizeStyled), so
// that the widths measured here are the ones a terminal shows and the text
// can never act on the terminal.
func Wrap(s string, width int) string {
	s = strings.ReplaceAll(SanitizeStyled(s), "\t", "    ")
	return FitLines(strings.Split(s, "\n"), width, nil, "")
}

// FitLines breaks each of lines so that none is wider than width columns
// and joins the result with newlines, carrying SGR styles from line to
// line. codeAt, if not nil, holds for each line -1 for prose, or the byte
// offset where code starts: code is never wrapped; a code line wider than
// width is clipped, and marker (of at most MinWidth columns, e.g.
// CodeClipped in some style) shows at the right edge where it was cut.
// The lines must not hold tabs or control characters other than escape
// sequences.
func FitLines(lines []string, width int, codeAt []int, marker string) string {
	width = max(width, MinWidth)
	n := 0
	for _, l := range lines {
		n += len(l) + 1
	}
	var out strings.Builder
	out.Grow(n + n/8)
	var state sgrState
	for i, line := range lines {
		if i > 0 {
			out.WriteByte('\n')
		}
		if codeAt != nil && codeAt[i] >= 0 {
			state = clipLine(&out, line, width, state, marker)
			continue
		}
		state = fitLine(&out, line, width, state)
	}
	return out.String()
}

// CodeClipped marks the right edge of a code line that was clipped: the
// line goes on beyond the window.
const CodeClipped = "→"

// clipLine writes a code line to out, clipped to width columns with marker
// at the right edge if it is wider, and returns the SGR state at its end,
// which is the whole line's: styles set in the part cut off still carry on
// to the next line, as they would have.
func clipLine(out *strings.Builder, line string, width int, in sgrState, marker string) sgrState {
	end := scanSGR(in, line)
	if ansi.StringWidth(line) <= width {
		out.WriteString(line)
		return end
	}
	toks := Tokenize(line)
	avail := max(width-ansi.StringWidth(marker), 0)
	w, k := 0, 0
	for ; k < len(toks); k++ {
		if t := toks[k]; !t.Esc && w+t.W > avail {
			break
		}
		w += toks[k].W
	}
	out.WriteString(Raw(toks[:k]))
	if len(stateAfter(in, toks[:k])) > 0 {
		out.WriteString(sgrReset)
	}
	// A wide character that did not fit leaves a gap: the marker still
	// goes at the edge.
	out.WriteString(strings.Repeat(" ", avail-w))
	out.WriteString(marker)
	if len(end) > 0 {
		out.WriteString(sgrReset + end.String())
	}
	return end
}

// MinWidth is the narrowest width the wrapper can honour: one wide
// character must fit on a line.
const MinWidth = 2

// Token is one piece of a line: an escape sequence (zero width) or one
// grapheme cluster.
type Token struct {
	S   string
	W   int
	Esc bool
	R   rune // first rune of a grapheme; 0 for escapes
}

// Tokenize splits a line into escape sequences and grapheme clusters.
func Tokenize(line string) []Token {
	toks := make([]Token, 0, len(line))
	var state byte
	for len(line) > 0 {
		seq, w, n, newState := ansi.DecodeSequence(line, state, nil)
		if n <= 0 {
			n = 1
			seq = line[:1]
		}
		state = newState
		t := Token{S: seq, W: w}
		if c := seq[0]; w == 0 && (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
			// Escape sequences and other zero-width control bytes.
			t.Esc = true
		} else {
			t.R, _ = utf8.DecodeRuneInString(seq)
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
// from the previous line).
func fitLine(out *strings.Builder, line string, width int, in sgrState) sgrState {
	if ansi.StringWidth(line) <= width {
		out.WriteString(line)
		return scanSGR(in, line)
	}
	toks := Tokenize(line)

	pEnd, pW, cont, contW := prefixOf(toks)
	if pW+MinWidth > width {
		pEnd, pW = 0, 0
	}
	if contW+MinWidth > width || contW > width*2/3 {
		cont, contW = "", 0
	}

	state := stateAfter(in, toks[:pEnd])
	linePrefix := Raw(toks[:pEnd])
	prefixW := pW
	i := pEnd
	first := true
	for {
		avail := width - prefixW
		w, j, opp := 0, i, -1
		for j < len(toks) {
			t := toks[j]
			if t.Esc {
				j++
				continue
			}
			if j > i && canBreakBefore(toks, i, j) {
				opp = j
			}
			if w+t.W > avail {
				break
			}
			w += t.W
			j++
		}
		if !first {
			out.WriteByte('\n')
		}
		first = false
		out.WriteString(linePrefix)
		if j == len(toks) {
			out.WriteString(Raw(toks[i:]))
			return stateAfter(state, toks[i:])
		}
		k := j
		if opp > i {
			k = opp
		} else {
			k = hardBreak(toks, i, j)
		}
		if !hasGrapheme(toks[i:k]) {
			// Not even one grapheme fits (a wide character on a one-column
			// remainder): take it anyway so that the loop makes progress.
			k = nextGrapheme(toks, i) + 1
		}
		piece := TrimTrailingSpaces(toks[i:k])
		out.WriteString(Raw(piece))
		state = stateAfter(state, toks[i:k])
		// Skip the spaces the break replaces; their escapes still count.
		for k < len(toks) && (toks[k].Esc || toks[k].R == ' ') {
			if toks[k].Esc {
				out.WriteString(toks[k].S)
				state = state.apply(toks[k].S)
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
func hardBreak(toks []Token, i, j int) int {
	for k := j; k > i; k-- {
		if toks[k].Esc {
			continue
		}
		p := k - 1
		for p > i && toks[p].Esc {
			p--
		}
		if p < i || toks[p].Esc {
			break
		}
		if !NoBreakBefore(toks[k].R) && !NoBreakAfter(toks[p].R) {
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

func stateAfter(s sgrState, toks []Token) sgrState {
	for _, t := range toks {
		if t.Esc {
			s = s.apply(t.S)
		}
	}
	return s
}

// Raw joins tokens back into a string.
func Raw(toks []Token) string {
	n := 0
	for _, t := range toks {
		n += len(t.S)
	}
	var b strings.Builder
	b.Grow(n)
	for _, t := range toks {
		b.WriteString(t.S)
	}
	return b.String()
}

func hasGrapheme(toks []Token) bool {
	for _, t := range toks {
		if !t.Esc && t.W > 0 {
			return true
		}
	}
	return false
}

func nextGrapheme(toks []Token, i int) int {
	for ; i < len(toks); i++ {
		if !toks[i].Esc && toks[i].W > 0 {
			return i
		}
	}
	return len(toks) - 1
}

// TrimTrailingSpaces drops the space graphemes at the end of a piece, keeping
// the escape sequences among them.
func TrimTrailingSpaces(toks []Token) []Token {
	end := len(toks)
	for end > 0 && (toks[end-1].Esc || toks[end-1].R == ' ') {
		end--
	}
	if end == len(toks) {
		return toks
	}
	out := append([]Token(nil), toks[:end]...)
	for _, t := range toks[end:] {
		if t.Esc {
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
func prefixOf(toks []Token) (end, width int, cont string, contW int) {
	var b strings.Builder
	i := 0
	spaces := func() {
		for i < len(toks) && (toks[i].Esc || toks[i].R == ' ') {
			b.WriteString(toks[i].S)
			width += toks[i].W
			i++
		}
	}
	// next returns the index of the next grapheme from j, skipping escapes.
	next := func(j int) int {
		for j < len(toks) && toks[j].Esc {
			j++
		}
		return j
	}
	spaces()
	for {
		j := next(i)
		if j < len(toks) && (toks[j].R == '│' || toks[j].R == '|' || toks[j].R == '┃') {
			if k := next(j + 1); k < len(toks) && toks[k].R == ' ' {
				for ; i <= j; i++ {
					b.WriteString(toks[i].S)
					width += toks[i].W
				}
				spaces()
				continue
			}
		}
		break
	}
	if m := markerEnd(toks, i); m > i {
		for ; i < m; i++ {
			if toks[i].Esc {
				b.WriteString(toks[i].S)
			} else {
				b.WriteString(strings.Repeat(" ", toks[i].W))
				width += toks[i].W
			}
		}
		spaces()
	}
	return i, width, b.String(), width
}

// markerEnd returns the end of a list or heading marker starting at i
// ("• ", "* ", "- ", "+ ", "12. ", "### ", "[ ] ", "[✓] "), or i if there is
// none. The marker includes its trailing space.
func markerEnd(toks []Token, i int) int {
	var rs []rune
	var idx []int
	for j := i; j < len(toks) && len(rs) < 12; j++ {
		if toks[j].Esc {
			continue
		}
		rs = append(rs, toks[j].R)
		idx = append(idx, j)
		if toks[j].R == ' ' {
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
func canBreakBefore(toks []Token, i, j int) bool {
	b := toks[j]
	p := j - 1
	for p >= i && (toks[p].Esc || toks[p].W == 0) {
		p--
	}
	if p < i {
		return false
	}
	a := toks[p]
	// A break needs something other than spaces before it on the line.
	content := false
	for q := i; q <= p; q++ {
		if !toks[q].Esc && toks[q].R != ' ' && toks[q].W > 0 {
			content = true
			break
		}
	}
	if !content {
		return false
	}
	switch {
	case b.R == ' ':
		return a.R != ' '
	case a.R == ' ':
		return true
	}
	if NoBreakBefore(b.R) || NoBreakAfter(a.R) {
		return false
	}
	if ideographic(a) || ideographic(b) {
		return true
	}
	// Inside Latin text: after a hyphen between letters ("all-namespaces"),
	// or after a slash that ends a path segment ("kubernetes.io/docs").
	if (a.R == '-' || a.R == '/') && isWordRune(b.R) {
		q := p - 1
		for q >= i && toks[q].Esc {
			q--
		}
		return q >= i && isWordRune(toks[q].R)
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// ideographic reports whether a line may break before or after a grapheme
// without a space: BreaksAround its first rune, or any other
// two-column grapheme such as emoji.
func ideographic(t Token) bool { return t.W >= 2 || BreaksAround(t.R) }
