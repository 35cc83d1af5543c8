// Package theme is the one place for the terminal UI's colours, borders and
// marks. Whether the background is dark, whether colour is allowed and
// whether borders are ASCII are decided once, before the program starts, and
// passed to New: nothing here queries the terminal.
package theme

import "github.com/charmbracelet/lipgloss"

// Options are the decisions made before the program starts.
type Options struct {
	Dark    bool // the terminal's background is dark
	NoColor bool // NO_COLOR is set, or colour is otherwise unwanted
	ASCII   bool // draw borders and marks with ASCII only
}

// Marks are the progress and check symbols.
type Marks struct {
	Done, InProgress, NotStarted, Pass, Fail, Warn, Pending, Skipped, Running, Cursor string
}

// Theme holds every style the screens use.
type Theme struct {
	Options
	Marks Marks

	Border lipgloss.Border

	App, Title, Subtle, Faint, Bold, Accent, Success, Warning, Error lipgloss.Style
	Tab, ActiveTab, StatusBar, StatusKey                             lipgloss.Style
	Selected, Pane, FocusedPane, PaneTitle, Banner, ErrorBanner      lipgloss.Style
	SuccessBanner, Command, PromptLabel                              lipgloss.Style
}

// New builds the theme.
func New(o Options) *Theme {
	t := &Theme{Options: o}
	if o.ASCII {
		t.Marks = Marks{Done: "[x]", InProgress: "[-]", NotStarted: "[ ]", Pass: "[ok]", Fail: "[!!]", Warn: "[!]", Pending: "[..]", Skipped: "[--]", Running: "*", Cursor: ">"}
		t.Border = lipgloss.Border{Top: "-", Bottom: "-", Left: "|", Right: "|", TopLeft: "+", TopRight: "+", BottomLeft: "+", BottomRight: "+"}
	} else {
		t.Marks = Marks{Done: "✓", InProgress: "●", NotStarted: "○", Pass: "✓", Fail: "✗", Warn: "!", Pending: "…", Skipped: "–", Running: "⟳", Cursor: "▸"}
		t.Border = lipgloss.RoundedBorder()
	}

	c := func(light, dark string) lipgloss.TerminalColor {
		if o.NoColor {
			return lipgloss.NoColor{}
		}
		if o.Dark {
			return lipgloss.Color(dark)
		}
		return lipgloss.Color(light)
	}
	accent := c("#5A3FC0", "#9F8CFF")
	subtle := c("#6B6B6B", "#9A9A9A")
	faint := c("#A0A0A0", "#5C5C5C")
	green := c("#1A7F37", "#3FB950")
	yellow := c("#9A6700", "#D29922")
	red := c("#CF222E", "#F85149")
	barBG := c("#E4E4E4", "#262626")
	selBG := c("#DDDAF5", "#2E2A4A")

	s := lipgloss.NewStyle
	t.App = s()
	t.Title = s().Bold(true).Foreground(accent)
	t.Subtle = s().Foreground(subtle)
	t.Faint = s().Foreground(faint)
	t.Bold = s().Bold(true)
	t.Accent = s().Foreground(accent)
	t.Success = s().Foreground(green)
	t.Warning = s().Foreground(yellow)
	t.Error = s().Foreground(red)
	t.Tab = s().Padding(0, 1).Foreground(subtle)
	t.ActiveTab = s().Padding(0, 1).Bold(true).Foreground(accent).Underline(!o.NoColor)
	if o.NoColor {
		t.ActiveTab = s().Padding(0, 1).Bold(true).Reverse(true)
	}
	t.StatusBar = s().Background(barBG).Foreground(subtle)
	t.StatusKey = s().Background(barBG).Foreground(accent).Bold(true)
	t.Selected = s().Background(selBG).Bold(true)
	if o.NoColor {
		t.Selected = s().Reverse(true)
	}
	t.Pane = s().Border(t.Border).BorderForeground(faint)
	t.FocusedPane = s().Border(t.Border).BorderForeground(accent)
	t.PaneTitle = s().Bold(true).Foreground(accent)
	t.Banner = s().Foreground(yellow)
	t.ErrorBanner = s().Foreground(red).Bold(true)
	t.SuccessBanner = s().Foreground(green).Bold(true)
	if o.NoColor {
		t.SuccessBanner = s().Bold(true).Reverse(true)
	}
	t.Command = s().Foreground(accent)
	t.PromptLabel = s().Foreground(accent).Bold(true)
	return t
}
