// Package render is kubelab's one place for turning lesson markdown and
// plain messages into terminal text. It wraps glamour and then re-wraps its
// output by display width, because glamour v1 breaks lines only at spaces:
// a Chinese paragraph rendered for 40 columns would otherwise come out 100
// columns wide. Whatever the markdown, no line of Markdown's or Wrap's
// output is wider than the requested width as measured by Width
// (lipgloss.Width), in English and in Chinese, whatever the locale.
//
// Lines break at spaces; between any two CJK characters (or other
// two-column graphemes), except before closing punctuation such as ，。）」
// and after opening punctuation such as （「; after a hyphen or a slash
// inside a Latin word ("all-" "namespaces", "kubernetes.io/" "docs"); and
// anywhere in a word only when the word alone is longer than the line. A
// continuation line repeats the indentation of the line it came from, with
// list markers and heading hashes turned into a hanging indent and
// block-quote bars repeated, and carries on the colours that were active
// at the break.
//
// Code blocks and the figures in them are never wrapped: a code line wider
// than the width is clipped, with "→" (faint in colour styles) at the right
// edge, and a block that was clipped is followed by a line, in
// Options.Lang, that says the window is too narrow to show it whole and
// how many columns it needs. Tables are laid out by glamour.
//
// Markdown renders lines up to the width less glamour's right margin, so
// that wrapped lines line up with glamour's own; Wrap uses the whole width.
// Widths below 2 are treated as 2, the width of one Chinese character.
package render

import (
	"fmt"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/styles"
	"github.com/muesli/termenv"

	"kubelab/internal/msg"
	"kubelab/internal/text"
)

// Style names a glamour standard style.
type Style string

// The styles kubelab uses. ASCII and NoTTY never emit colour; tests and
// golden files use ASCII so that their output is deterministic.
const (
	StyleDark  Style = "dark"
	StyleLight Style = "light"
	StyleASCII Style = "ascii"
	StyleNoTTY Style = "notty"
)

// DefaultWidth is used when Options.Width is zero or negative.
const DefaultWidth = 80

// Options configure a Renderer.
type Options struct {
	// Width is the widest a rendered line may be, in columns. Zero means
	// DefaultWidth; widths below 2 are treated as 2.
	Width int
	// Style is one of the Style constants; empty means StyleASCII.
	Style Style
	// Profile is the colour profile for StyleDark and StyleLight, e.g.
	// lipgloss.ColorProfile(). The zero value is termenv.TrueColor. It is
	// ignored by StyleASCII and StyleNoTTY.
	Profile termenv.Profile
	// Lang is the language of the renderer's own words (the note after a
	// clipped code block): one of msg.Languages; empty means English.
	Lang string
}

// Renderer renders markdown for one width and style. It is safe for
// concurrent use; results are kept in a cache shared by all renderers.
type Renderer struct {
	opts Options
}

// New checks opts and returns a Renderer.
func New(opts Options) (*Renderer, error) {
	if opts.Width <= 0 {
		opts.Width = DefaultWidth
	}
	opts.Width = max(opts.Width, minWidth)
	switch opts.Style {
	case "":
		opts.Style = StyleASCII
	case StyleDark, StyleLight:
	case StyleASCII, StyleNoTTY:
		opts.Profile = termenv.Ascii
	default:
		return nil, fmt.Errorf("create markdown renderer: unknown style %q (want dark, light, ascii or notty)", opts.Style)
	}
	return &Renderer{opts: opts}, nil
}

// Options returns the renderer's options, with defaults filled in.
func (r *Renderer) Options() Options { return r.opts }

// WithWidth returns a renderer like r for another width, e.g. after the
// terminal was resized. It is cheap: nothing is rendered until Markdown.
func (r *Renderer) WithWidth(width int) *Renderer {
	o := r.opts
	if width <= 0 {
		width = DefaultWidth
	}
	o.Width = max(width, minWidth)
	return &Renderer{opts: o}
}

// WithLang returns a renderer like r whose own words are in lang.
func (r *Renderer) WithLang(lang string) *Renderer {
	o := r.opts
	o.Lang = lang
	return &Renderer{opts: o}
}

// Markdown renders src. The result ends with glamour's usual blank lines and
// no line in it is wider than the renderer's width. Results are cached by
// (src, width, style, profile), so calling it again after a resize back to
// an earlier width costs a map look-up.
func (r *Renderer) Markdown(src string) (string, error) {
	k := r.key(src)
	if out, ok := cache.Get(k); ok {
		return out, nil
	}
	out, err := r.render(src)
	if err != nil {
		return "", err
	}
	// The source is sanitised before rendering, but markdown can spell a
	// control character as an entity (&#1;) that the parser decodes: what
	// leaves the renderer loses any such character too, keeping its own
	// colours, and no line grows past the width it was laid out to.
	out = text.StripStyled(out)
	cache.Put(k, out)
	return out, nil
}

// Cached returns the rendering of src if it is already in the cache. A TUI
// can call it from View and render on a miss in a tea.Cmd, so that rendering
// stays off the hot path.
func (r *Renderer) Cached(src string) (string, bool) { return cache.Get(r.key(src)) }

func (r *Renderer) key(src string) cacheKey {
	return cacheKey{src: src, width: r.opts.Width, style: r.opts.Style, profile: r.opts.Profile, lang: r.opts.Lang}
}

func (r *Renderer) render(src string) (_ string, err error) {
	defer func() {
		// A glamour bug on one odd note must not take the TUI down.
		if p := recover(); p != nil {
			err = fmt.Errorf("render markdown (%d bytes, width %d): glamour panicked: %v", len(src), r.opts.Width, p)
		}
	}()
	ps := protectedStyles()[r.opts.Style]
	cfg := ps.config
	if r.highlights() {
		cfg = *ps.highlighted
	}
	tr, err := glamour.NewTermRenderer(
		glamour.WithStyles(cfg),
		glamour.WithColorProfile(r.opts.Profile),
		glamour.WithWordWrap(r.opts.Width),
		glamour.WithChromaFormatter(chromaFormatter(r.opts.Profile, ps.codeIndent)),
	)
	if err != nil {
		return "", fmt.Errorf("render markdown: create %s renderer: %w", r.opts.Style, err)
	}
	// Markdown has no use for control characters; shown as text, an escape
	// sequence in a lesson cannot act on the terminal, and the output's
	// only escape sequences are glamour's own styles.
	out, err := tr.Render(protect(text.Sanitize(src), !r.highlights(), ps.codeIndent))
	if err != nil {
		return "", fmt.Errorf("render markdown (%d bytes, width %d): %w", len(src), r.opts.Width, err)
	}
	// Glamour leaves a right margin as wide as the left one; wrapped lines
	// keep to it too.
	width, margin := r.opts.Width, 0
	if m := r.margin(); width-m >= 10 {
		width, margin = width-m, m
	}
	return fitMarkdown(out, width, r.clipping(margin)), nil
}

// clipping is how this renderer marks clipped code: faint in colour
// styles, and with the note in its language, in line with the text. A
// block needs its widest line and glamour's right margin.
func (r *Renderer) clipping(margin int) clipping {
	faint := func(s string) string { return s }
	if (r.opts.Style == StyleDark || r.opts.Style == StyleLight) && r.opts.Profile != termenv.Ascii {
		faint = func(s string) string { return "\x1b[2m" + s + "\x1b[22m" }
	}
	lang := r.opts.Lang
	if lang == "" {
		lang = "en"
	}
	return clipping{
		marker: faint(codeClipped),
		note: func(need int) string {
			return faint(msg.New("render.clipped", need+margin, r.opts.Width).Text(lang))
		},
		indent: r.margin(),
	}
}

// highlights reports whether code blocks are syntax-highlighted (with
// chroma, and so with protectingFormatter) for these options: in styles with
// code colours, unless colour is off.
func (r *Renderer) highlights() bool {
	return protectedStyles()[r.opts.Style].highlighted != nil && r.opts.Profile != termenv.Ascii
}

// margin is the style's document margin, which glamour puts on both sides.
func (r *Renderer) margin() int {
	if m := styles.DefaultStyles[string(r.opts.Style)].Document.Margin; m != nil {
		return int(*m)
	}
	return 0
}

// The cache holds recent renderings, bounded by their total size: lesson
// notes are a few kilobytes, and a TUI shows one or two at a time at the
// widths the terminal has recently had.
const cacheBytes = 4 << 20

type cacheKey struct {
	src     string
	width   int
	style   Style
	profile termenv.Profile
	lang    string
}

var cache = NewCache(cacheBytes, func(k cacheKey, out string) int { return len(k.src) + len(out) })
