package render

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromastyles "github.com/alecthomas/chroma/v2/styles"
	"github.com/charmbracelet/glamour/ansi"
)

// Glamour turns a style's code colours into a chroma theme registered under
// one name, "charm", the first time any style highlights code, and reuses it
// after: in a process that renders both dark and light, the second style's
// code gets the first one's colours. Each kubelab style gets its own theme
// instead, registered here and named in the style's code block.

// chromaTheme is the chroma theme name for a style's code colours.
func chromaTheme(st Style) string { return "kubelab-" + string(st) }

// registerChromaTheme registers the chroma theme for a style with code
// colours and reports whether there was one.
func registerChromaTheme(st Style, c *ansi.Chroma) bool {
	if c == nil {
		return false
	}
	name := chromaTheme(st)
	if _, ok := chromastyles.Registry[name]; !ok {
		chromastyles.Register(chroma.MustNewStyle(name, chroma.StyleEntries{
			chroma.Text:                chromaEntry(c.Text),
			chroma.Error:               chromaEntry(c.Error),
			chroma.Comment:             chromaEntry(c.Comment),
			chroma.CommentPreproc:      chromaEntry(c.CommentPreproc),
			chroma.Keyword:             chromaEntry(c.Keyword),
			chroma.KeywordReserved:     chromaEntry(c.KeywordReserved),
			chroma.KeywordNamespace:    chromaEntry(c.KeywordNamespace),
			chroma.KeywordType:         chromaEntry(c.KeywordType),
			chroma.Operator:            chromaEntry(c.Operator),
			chroma.Punctuation:         chromaEntry(c.Punctuation),
			chroma.Name:                chromaEntry(c.Name),
			chroma.NameBuiltin:         chromaEntry(c.NameBuiltin),
			chroma.NameTag:             chromaEntry(c.NameTag),
			chroma.NameAttribute:       chromaEntry(c.NameAttribute),
			chroma.NameClass:           chromaEntry(c.NameClass),
			chroma.NameConstant:        chromaEntry(c.NameConstant),
			chroma.NameDecorator:       chromaEntry(c.NameDecorator),
			chroma.NameException:       chromaEntry(c.NameException),
			chroma.NameFunction:        chromaEntry(c.NameFunction),
			chroma.NameOther:           chromaEntry(c.NameOther),
			chroma.Literal:             chromaEntry(c.Literal),
			chroma.LiteralNumber:       chromaEntry(c.LiteralNumber),
			chroma.LiteralDate:         chromaEntry(c.LiteralDate),
			chroma.LiteralString:       chromaEntry(c.LiteralString),
			chroma.LiteralStringEscape: chromaEntry(c.LiteralStringEscape),
			chroma.GenericDeleted:      chromaEntry(c.GenericDeleted),
			chroma.GenericEmph:         chromaEntry(c.GenericEmph),
			chroma.GenericInserted:     chromaEntry(c.GenericInserted),
			chroma.GenericStrong:       chromaEntry(c.GenericStrong),
			chroma.GenericSubheading:   chromaEntry(c.GenericSubheading),
			chroma.Background:          chromaEntry(c.Background),
		}))
	}
	return true
}

// chromaEntry is a glamour style primitive as a chroma style entry, as
// glamour itself converts it.
func chromaEntry(p ansi.StylePrimitive) string {
	var parts []string
	if p.Color != nil {
		parts = append(parts, *p.Color)
	}
	if p.BackgroundColor != nil {
		parts = append(parts, "bg:"+*p.BackgroundColor)
	}
	for _, f := range []struct {
		on   *bool
		name string
	}{{p.Italic, "italic"}, {p.Bold, "bold"}, {p.Underline, "underline"}} {
		if f.on != nil && *f.on {
			parts = append(parts, f.name)
		}
	}
	return strings.Join(parts, " ")
}
