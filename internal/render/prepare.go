package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/formatters"
	"github.com/charmbracelet/glamour/ansi"
	"github.com/charmbracelet/glamour/styles"
	"github.com/muesli/termenv"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	textrules "kubelab/internal/text"
)

// Glamour wraps prose itself, at spaces and at " ,.;-+|", before we ever see
// it. Left alone it would break "使用 kubectl 命令查看节点……" after
// "kubectl" and leave the Chinese run to overflow, and it would word-wrap
// long code lines, losing their indentation. So before rendering, the
// characters glamour breaks at are swapped for private-use stand-ins of the
// same width, in prose, link destinations, code and glamour's own
// decorations, which makes every paragraph one long line that glamour
// leaves alone; afterwards fitMarkdown swaps them back and breaks the lines
// by our rules. Code lines also start with a marker (removed again) so that
// fitMarkdown cuts them instead of wrapping them.
//
// The swap must not change what the markdown means. Only characters inside
// text runs are swapped, never next to an escape, an entity or an autolink,
// and the swapped source is parsed again and its structure compared with the
// original's; if it differs, less is swapped, down to code blocks only.
//
// Some break characters must stay as written: soft line breaks (glamour
// turns them into spaces), ";" and "|", and characters next to emphasis
// delimiters or escapes. Glamour breaks the long line at such a character
// whenever the rest of the paragraph does not fit on the line, and
// re-wrapping the pieces separately would leave the paragraph ragged, with
// the stand-in space after a "." or ";" starting the next line. So protect
// puts a glueMark next to each of them, where it cannot change the parse,
// and fitMarkdown joins the lines glamour broke at a glueMark before
// wrapping them again.

// Stand-ins, from the Unicode private use area. A source that already
// contains any rune of the range is rendered unprotected.
const (
	markFirst = '\uE000'
	markLast  = '\uE01F'
	codeLine  = '\uE01F' // starts every non-empty code line
	spaceGlue = '\uE00D' // after a space glamour may still break at
	glueMark  = '\uE00E' // next to a break character glamour may still break at
	joinMark  = '\uE00F' // a soft line break between two CJK characters
	codeBase  = '\uE010' // code stand-ins are codeBase + index in breakChars
)

// breakChars are the characters glamour (reflow and x/ansi word wrap) may
// break a line at. The stand-in for breakChars[i] is markFirst+i in prose
// and codeBase+i in code.
const breakChars = " -,.;+|"

var restorer = func() *strings.Replacer {
	var pairs []string
	for i, c := range breakChars {
		pairs = append(pairs, string(markFirst+rune(i)), string(c), string(codeBase+rune(i)), string(c))
	}
	return strings.NewReplacer(pairs...)
}()

func restoreMarks(s string) string { return restorer.Replace(s) }

// dropGlue removes the marks that stand for nothing in the output.
func dropGlue(s string) string {
	if !strings.ContainsFunc(s, isGlue) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isGlue(r) {
			return -1
		}
		return r
	}, s)
}

func isGlue(r rune) bool { return r == glueMark || r == spaceGlue || r == joinMark }

func hasMarks(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= markFirst && r <= markLast })
}

// chromaFormatter is the name under which a protectingFormatter is
// registered with chroma for a colour profile and a code indentation;
// glamour is told to highlight code with it.
func chromaFormatter(profile termenv.Profile, indent int) string {
	return fmt.Sprintf("kubelab-%s-indent%d", chromaBase(profile), indent)
}

// chromaBase is the chroma formatter for a colour profile. Glamour always
// uses terminal256, whose nearest-colour search breaks ties differently from
// run to run; true colour needs no search.
func chromaBase(profile termenv.Profile) string {
	switch profile {
	case termenv.TrueColor:
		return "terminal16m"
	case termenv.ANSI:
		return "terminal16"
	}
	return "terminal256"
}

// protectingFormatter highlights code like chroma's terminal256 formatter,
// then swaps the break characters in the code for their stand-ins. Glamour
// highlights code blocks itself, so this is where colour styles' code gets
// protected; styles without highlighting get it done in the source.
type protectingFormatter struct {
	base   chroma.Formatter
	indent int
}

func (f protectingFormatter) Format(w io.Writer, style *chroma.Style, it chroma.Iterator) error {
	lineStart := true
	return f.base.Format(w, style, func() chroma.Token {
		t := it()
		if t != chroma.EOF {
			t.Value = protectCode(t.Value, f.indent, &lineStart)
		}
		return t
	})
}

// protectCode swaps break characters in code for their code stand-ins, turns
// tabs into four spaces and starts every non-empty line with indent
// stand-in spaces and a codeLine marker. lineStart carries over between
// calls.
func protectCode(s string, indent int, lineStart *bool) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for _, r := range s {
		if r == '\n' {
			*lineStart = true
			b.WriteRune(r)
			continue
		}
		if *lineStart {
			for range indent {
				b.WriteRune(markFirst)
			}
			b.WriteRune(codeLine)
			*lineStart = false
		}
		if r == '\t' {
			r = ' '
			for range 3 {
				b.WriteRune(codeBase)
			}
		}
		if i := strings.IndexRune(breakChars, r); i >= 0 {
			b.WriteRune(codeBase + rune(i))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// protectedStyle is one of glamour's standard styles made safe for
// protected sources.
type protectedStyle struct {
	config ansi.StyleConfig
	// highlighted is config with code colours from the style's own chroma
	// theme (see chroma.go), for colour profiles; config itself has no
	// code colours, for the Ascii profile.
	highlighted *ansi.StyleConfig
	// codeIndent is the code block's margin and indentation, which glamour
	// would write as plain spaces that its own word wrap drops before a
	// long line; it is moved into the protected code instead.
	codeIndent int
}

// protectedStyles are glamour's standard styles with the break characters
// in their decorations (heading prefixes, bullets, ". " after numbers, task
// boxes, quote bars, indentation) swapped for stand-ins: glamour would
// otherwise break a line after "• " or "# " and put the whole protected
// paragraph on the next line, or drop a nested list's indentation. They
// are made on first use, not as the program starts: a screen that only
// wraps text never needs them.
var protectedStyles = sync.OnceValue(func() map[Style]protectedStyle {
	out := map[Style]protectedStyle{}
	for _, st := range []Style{StyleDark, StyleLight, StyleASCII, StyleNoTTY} {
		cfg, err := protectStyle(styles.DefaultStyles[string(st)])
		if err != nil {
			panic(fmt.Sprintf("protect glamour style %s: %v", st, err))
		}
		var indent uint
		if m := cfg.CodeBlock.Margin; m != nil {
			indent += *m
		}
		if i := cfg.CodeBlock.Indent; i != nil {
			indent += *i
		}
		cfg.CodeBlock.Margin, cfg.CodeBlock.Indent = nil, nil
		ps := protectedStyle{codeIndent: int(indent)}
		if registerChromaTheme(st, cfg.CodeBlock.Chroma) {
			hl := cfg
			hl.CodeBlock.Chroma, hl.CodeBlock.Theme = nil, chromaTheme(st)
			ps.highlighted = &hl
		}
		cfg.CodeBlock.Chroma, cfg.CodeBlock.Theme = nil, ""
		ps.config = cfg
		out[st] = ps
		for _, p := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI} {
			if name := chromaFormatter(p, ps.codeIndent); formatters.Registry[name] == nil {
				formatters.Register(name, protectingFormatter{base: formatters.Get(chromaBase(p)), indent: ps.codeIndent})
			}
		}
	}
	return out
})

func protectStyle(cfg *ansi.StyleConfig) (ansi.StyleConfig, error) {
	var out ansi.StyleConfig
	raw, err := json.Marshal(cfg)
	if err != nil {
		return out, err
	}
	var tree map[string]any
	if err := json.Unmarshal(raw, &tree); err != nil {
		return out, err
	}
	protectDecorations(tree)
	if raw, err = json.Marshal(tree); err != nil {
		return out, err
	}
	err = json.Unmarshal(raw, &out)
	return out, err
}

func protectDecorations(tree map[string]any) {
	if _, ok := tree["indent_token"]; !ok {
		if _, block := tree["margin"]; block || tree["indent"] != nil || tree["level_indent"] != nil {
			tree["indent_token"] = " "
		}
	}
	for k, v := range tree {
		switch v := v.(type) {
		case map[string]any:
			protectDecorations(v)
		case string:
			switch k {
			case "prefix", "suffix", "block_prefix", "block_suffix", "indent_token", "ticked", "unticked", "format":
				tree[k] = protectOutsideActions(v)
			}
		}
	}
}

// protectOutsideActions swaps break characters for stand-ins except inside
// template actions ({{.text}}), which glamour executes.
func protectOutsideActions(s string) string {
	var b strings.Builder
	for s != "" {
		open := strings.Index(s, "{{")
		if open < 0 {
			open = len(s)
		}
		b.WriteString(strings.Map(func(r rune) rune {
			if i := strings.IndexRune(breakChars, r); i >= 0 {
				return markFirst + rune(i)
			}
			return r
		}, s[:open]))
		s = s[open:]
		if s == "" {
			break
		}
		end := strings.Index(s, "}}")
		if end < 0 {
			end = len(s)
		} else {
			end += 2
		}
		b.WriteString(s[:end])
		s = s[end:]
	}
	return b.String()
}

// markdownParser parses like glamour v1.0.0's own goldmark set-up.
var markdownParser = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.DefinitionList),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
).Parser()

// edit replaces the byte at pos with r, or inserts r before pos.
type edit struct {
	pos    int
	r      rune
	insert bool
}

// protect returns src with glamour's break characters swapped for
// stand-ins, or src itself when that is not safe. codeInSource says whether
// code blocks are protected here (styles without syntax highlighting) or by
// protectingFormatter.
func protect(src string, codeInSource bool, codeIndent int) string {
	if hasMarks(src) {
		return src
	}
	source := []byte(src)
	doc := markdownParser.Parse(text.NewReader(source))
	want := signature(doc, source)
	// Most to least protection: spaces next to emphasis delimiters can change
	// how "_" parses, so each level is checked against the original
	// structure and the next one tried if it differs.
	levels := []protection{
		{prose: true, nearDelimiters: true, links: true},
		{prose: true, nearDelimiters: true},
		{prose: true},
		{},
	}
	for _, level := range levels {
		edits, err := collectEdits(doc, source, level, codeInSource, codeIndent)
		if err != nil || len(edits) == 0 {
			return src
		}
		out := applyEdits(source, edits)
		if signature(markdownParser.Parse(text.NewReader(out)), out) == want {
			return string(out)
		}
	}
	return src
}

// protection says what protect swaps besides code blocks.
type protection struct {
	prose          bool // break characters in text runs, away from emphasis delimiters
	nearDelimiters bool // spaces next to emphasis delimiters too
	links          bool // break characters in inline links' destinations
}

func collectEdits(doc ast.Node, source []byte, level protection, codeInSource bool, codeIndent int) ([]edit, error) {
	var edits []edit
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case east.KindTable, ast.KindHTMLBlock, ast.KindRawHTML, ast.KindAutoLink:
			// Tables are laid out by glamour at the right width already.
			return ast.WalkSkipChildren, nil
		case ast.KindFencedCodeBlock, ast.KindCodeBlock:
			if codeInSource {
				edits = codeEdits(edits, source, n.Lines(), codeIndent)
			}
			return ast.WalkSkipChildren, nil
		case ast.KindText:
			if level.prose {
				t := n.(*ast.Text)
				edits = proseEdits(edits, source, t.Segment, level.nearDelimiters, t.NextSibling() != nil)
				if joinsCJK(t, source) {
					edits = append(edits, edit{pos: t.Segment.Stop, r: joinMark, insert: true})
				} else if gluesSoftBreak(t, source) {
					edits = append(edits, edit{pos: t.Segment.Stop, r: glueMark, insert: true})
				}
			}
		case ast.KindLink:
			if level.links {
				edits = linkEdits(edits, source, n.(*ast.Link).Destination)
				// Glamour prints the destination after a real space, where
				// it may break; glue the link text to it. Only for inline
				// links: in "[text][ref]" the text may be the label.
				if t, ok := n.LastChild().(*ast.Text); ok {
					if end := t.Segment.Stop; end > t.Segment.Start && end+1 < len(source) &&
						source[end] == ']' && source[end+1] == '(' && !isDelimiterOrEscape(source[end-1]) {
						edits = append(edits, edit{pos: end, r: glueMark, insert: true})
					}
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return edits, err
}

// joinsCJK reports whether t ends in a soft line break between two
// characters that join without a space (textrules.JoinsWithoutSpace, the
// rule the lesson loader joins lines by). Glamour turns a soft break into a space, which is right
// between English words but not in "第一行\n第二行"; a joinMark before the
// break tells fitMarkdown to drop that space.
func joinsCJK(t *ast.Text, source []byte) bool {
	next, ok := t.NextSibling().(*ast.Text)
	if !t.SoftLineBreak() || !ok || t.Segment.Stop <= t.Segment.Start || next.Segment.Start >= next.Segment.Stop {
		return false
	}
	last, _ := utf8.DecodeLastRune(source[t.Segment.Start:t.Segment.Stop])
	first, _ := utf8.DecodeRune(source[next.Segment.Start:next.Segment.Stop])
	return textrules.JoinsWithoutSpace(last, first)
}

// gluesSoftBreak reports whether a glueMark can go at the end of t, before
// the soft line break that glamour renders as a space and may break at. It
// must not touch an emphasis delimiter or an escape, whose meaning depends
// on their neighbours.
func gluesSoftBreak(t *ast.Text, source []byte) bool {
	if !t.SoftLineBreak() || t.NextSibling() == nil || t.Segment.Stop <= t.Segment.Start || t.Segment.Stop > len(source) {
		return false
	}
	return !isDelimiterOrEscape(source[t.Segment.Stop-1])
}

func isDelimiterOrEscape(c byte) bool { return strings.IndexByte("*_~\\", c) >= 0 }

// linkEdits swaps the break characters of a link destination, which glamour
// prints after the link text, wherever the source spells it "](dest)" or
// "](dest "title")". The signature check catches any other use of the same
// bytes.
func linkEdits(edits []edit, source []byte, dest []byte) []edit {
	if len(dest) == 0 {
		return edits
	}
	needle := append([]byte("]("), dest...)
	for off := 0; ; {
		i := bytes.Index(source[off:], needle)
		if i < 0 {
			return edits
		}
		start := off + i + 2
		end := start + len(dest)
		off = end
		if end >= len(source) || (source[end] != ')' && source[end] != ' ') {
			continue
		}
		for p := start; p < end; p++ {
			if k := strings.IndexByte(breakChars, source[p]); k > 0 { // not spaces
				edits = append(edits, edit{pos: p, r: markFirst + rune(k)})
			}
		}
	}
}

func codeEdits(edits []edit, source []byte, lines *text.Segments, indent int) []edit {
	for i := range lines.Len() {
		seg := lines.At(i)
		start, stop := seg.Start, seg.Stop
		for stop > start && (source[stop-1] == '\n' || source[stop-1] == '\r') {
			stop--
		}
		if stop == start && seg.Padding == 0 {
			continue
		}
		for range indent {
			edits = append(edits, edit{pos: start, r: markFirst, insert: true})
		}
		edits = append(edits, edit{pos: start, r: codeLine, insert: true})
		for p := start; p < stop; p++ {
			switch c := source[p]; {
			case c == '\t':
				for range 3 {
					edits = append(edits, edit{pos: p, r: codeBase, insert: true})
				}
				edits = append(edits, edit{pos: p, r: codeBase})
			case strings.IndexByte(breakChars, c) >= 0:
				edits = append(edits, edit{pos: p, r: codeBase + rune(strings.IndexByte(breakChars, c))})
			}
		}
	}
	return edits
}

// proseEdits swaps the break characters of one text run whose neighbours
// make the swap meaningless to a markdown parser. A non-space break
// character that has to stay gets a glueMark after it instead, where that
// is as harmless; so does a space that stays next to an emphasis delimiter,
// before it.
func proseEdits(edits []edit, source []byte, seg text.Segment, nearDelimiters, more bool) []edit {
	// glue asks fitMarkdown to undo a break glamour may make at pos. Only
	// between two pieces of the same paragraph: more says whether inline
	// content follows the text run.
	glue := func(pos int, r rune) bool {
		if pos > 0 && pos < len(source) && !isDelimiterOrEscape(source[pos-1]) && !isDelimiterOrEscape(source[pos]) &&
			source[pos] != '\r' && source[pos] != '\n' &&
			(more || strings.TrimSpace(string(source[pos:seg.Stop])) != "") {
			edits = append(edits, edit{pos: pos, r: r, insert: true})
			return true
		}
		return false
	}
	for p := seg.Start; p < seg.Stop; p++ {
		i := strings.IndexByte(breakChars, source[p])
		if i < 0 || p == 0 || p+1 >= len(source) {
			continue
		}
		prev, next := source[p-1], source[p+1]
		keep := func() {
			switch {
			case source[p] != ' ':
				glue(p+1, glueMark)
			case !isDelimiterOrEscape(prev) && glue(p, glueMark):
			case next != ' ' && next != '\t':
				// After a closing delimiter the glue goes after the space,
				// so that the delimiter keeps its neighbours.
				glue(p+1, spaceGlue)
			}
		}
		if prev == '\\' || next == '\\' {
			keep() // escapes
			continue
		}
		if (!nearDelimiters || source[p] != ' ') && (strings.IndexByte("*_~", prev) >= 0 || strings.IndexByte("*_~", next) >= 0) {
			keep() // emphasis delimiters depend on their neighbours
			continue
		}
		if source[p] == ' ' && (strings.IndexByte(" \t\r\n", prev) >= 0 || strings.IndexByte(" \t\r\n", next) >= 0) {
			continue // runs of spaces, hard line breaks
		}
		if source[p] == ';' || source[p] == '|' {
			// Entities (&amp;) and anything table-like stay as written.
			keep()
			continue
		}
		if source[p] == ' ' && looksLikeLink(source[p+1:]) {
			keep()
			continue
		}
		edits = append(edits, edit{pos: p, r: markFirst + rune(i)})
	}
	return edits
}

func looksLikeLink(rest []byte) bool {
	word := rest
	if i := bytes.IndexAny(word, " \t\r\n"); i >= 0 {
		word = word[:i]
	}
	for _, p := range []string{"http:", "https:", "ftp:", "www.", "mailto:", "xmpp:"} {
		if bytes.HasPrefix(bytes.ToLower(word), []byte(p)) {
			return true
		}
	}
	return bytes.IndexByte(word, '@') >= 0
}

func applyEdits(source []byte, edits []edit) []byte {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].pos < edits[j].pos })
	out := make([]byte, 0, len(source)+len(edits)*3)
	last := 0
	for _, e := range edits {
		if e.pos < last {
			continue // already replaced
		}
		out = append(out, source[last:e.pos]...)
		out = utf8.AppendRune(out, e.r)
		last = e.pos
		if !e.insert {
			last++
		}
	}
	return append(out, source[last:]...)
}

// signature describes a document's structure without its text, to check
// that protecting did not change how the markdown parses.
func signature(doc ast.Node, source []byte) string {
	var b, run strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Kind() == ast.KindText || n.Kind() == ast.KindString {
			// The text too, with the stand-ins put back and the glue marks
			// taken out: a swap that turned a delimiter into text or text
			// into a delimiter is a change. Runs of text nodes are compared
			// as one, because the parser splits text at spaces (for
			// linkify), and spaces are what protect swaps.
			if t, ok := n.(*ast.Text); ok && entering {
				run.WriteString(dropGlue(restoreMarks(string(t.Segment.Value(source)))))
				if t.SoftLineBreak() || t.HardLineBreak() {
					run.WriteByte('\n')
				}
			}
			return ast.WalkContinue, nil
		}
		if run.Len() > 0 {
			fmt.Fprintf(&b, "%q", run.String())
			run.Reset()
		}
		if !entering {
			b.WriteString(")")
			return ast.WalkContinue, nil
		}
		fmt.Fprintf(&b, "(%s", n.Kind())
		switch n := n.(type) {
		case *ast.Link:
			fmt.Fprintf(&b, " %q", restoreMarks(string(n.Destination)))
		case *ast.Image:
			fmt.Fprintf(&b, " %q", n.Destination)
		case *ast.AutoLink:
			fmt.Fprintf(&b, " %q", n.URL(source))
		case *ast.Emphasis:
			fmt.Fprintf(&b, " %d", n.Level)
		case *ast.Heading:
			fmt.Fprintf(&b, " %d", n.Level)
		case *ast.List:
			fmt.Fprintf(&b, " %c %d %t", n.Marker, n.Start, n.IsTight)
		}
		if n.Type() == ast.TypeBlock {
			fmt.Fprintf(&b, " %d", n.Lines().Len())
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
