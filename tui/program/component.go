package program

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Component is what a screen is to the root: a model that handles its
// messages and draws itself in the size it is given, with its keys for the
// help line and the help screen, and its tab. The root keeps its screens in
// one list and asks them only through this contract, so a new screen is a
// package and one line in that list.
type Component interface {
	help.KeyMap
	Update(tea.Msg) tea.Cmd
	View() string
	SetSize(width, height int)
	// Title is the screen's tab label in the current language.
	Title() string
	// Key is the binding that shows the screen from anywhere; a screen
	// opened another way (the lesson, from a list) has the zero binding.
	Key() key.Binding
	// Capturing reports whether the screen takes every key (a text field
	// has the focus, a confirmation waits): global keys must not act then.
	Capturing() bool
}

// What some screens do beside the contract; the root asks each screen for
// them.
type (
	// Stopper is a screen with work to stop when the program ends.
	Stopper interface{ Stop() }
	// Interrupter is a screen with work that Ctrl+C cancels; active says
	// whether it is on screen. It reports whether it cancelled something,
	// which keeps Ctrl+C from arming the quit.
	Interrupter interface{ Interrupt(active bool) bool }
	// Opener is a screen with something to do when its key shows it.
	Opener interface{ Opened() tea.Cmd }
)
