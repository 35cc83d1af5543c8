// Package helpview is the help screen: every key of the one key map, grouped
// by where it works, drawn with bubbles/help. `?` toggles it.
package helpview

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/program"
)

// Section is a titled group of bindings.
type Section struct {
	Title    string
	Bindings [][]key.Binding
}

// View draws the sections as blocks, each bubbles/help's full view under
// its title, flowed left to right and then down so that every key fits.
func View(ctx *program.Context, sections []Section, width, height int) string {
	th := ctx.Theme
	h := help.New()
	h.Width = width
	h.ShowAll = true
	h.FullSeparator = "   "
	h.Styles.FullKey = th.Accent.Bold(true)
	h.Styles.FullDesc = th.App
	h.Styles.FullSeparator = th.Faint
	const gap = 4
	var rows []string
	var row []string
	rowW := 0
	for _, s := range sections {
		block := th.PaneTitle.Render(s.Title) + "\n" + h.FullHelpView(s.Bindings)
		bw := lipgloss.Width(block)
		if len(row) > 0 && rowW+gap+bw > width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, rowW = nil, 0
		}
		if len(row) > 0 {
			row = append(row, strings.Repeat(" ", gap))
			rowW += gap
		}
		row = append(row, block)
		rowW += bw
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	head := th.Title.Render(ctx.T(i18n.HelpTitle)) + "  " + th.Faint.Render(ctx.T(i18n.HelpClose, keys.Name(ctx.Keys.Help), keys.Name(ctx.Keys.Back)))
	body := head + "\n\n" + strings.Join(rows, "\n\n")
	return lipgloss.NewStyle().MaxWidth(width).MaxHeight(height).Render(body)
}

// Short is the one-line help for bindings.
func Short(ctx *program.Context, bindings []key.Binding, width int) string {
	th := ctx.Theme
	h := help.New()
	h.Width = width
	h.Styles.ShortKey = th.Accent
	h.Styles.ShortDesc = th.Subtle
	h.Styles.ShortSeparator = th.Faint
	h.Styles.Ellipsis = th.Faint
	return h.ShortHelpView(bindings)
}
