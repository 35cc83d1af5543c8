package tui

import (
	"github.com/muesli/termenv"

	"kubelab/internal/render"
)

// Markdown is the UI's view of kubelab's one markdown renderer
// (internal/render), which wraps Chinese text correctly and caches what it
// rendered.
type Markdown struct{ base *render.Renderer }

// NewMarkdown picks the renderer's style from the theme's decisions: ASCII
// when colour is off, dark or light otherwise.
func NewMarkdown(dark, noColor bool, profile termenv.Profile) (*Markdown, error) {
	style := render.StyleDark
	switch {
	case noColor:
		style = render.StyleNoTTY
	case !dark:
		style = render.StyleLight
	}
	r, err := render.New(render.Options{Style: style, Profile: profile})
	if err != nil {
		return nil, err
	}
	return &Markdown{base: r}, nil
}

// NewASCIIMarkdown renders without colour or decoration, for golden tests.
func NewASCIIMarkdown() *Markdown {
	r, _ := render.New(render.Options{Style: render.StyleASCII})
	return &Markdown{base: r}
}

// Render implements lab.Markdown.
func (m *Markdown) Render(src string, width int, lang string) (string, error) {
	return m.base.WithWidth(width).WithLang(lang).Markdown(src)
}
