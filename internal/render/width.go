package render

import (
	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"
)

// Condition is the go-runewidth configuration the whole program measures
// with. Ambiguous-width characters (•, │, “”, box drawing) count as one
// column, as they do for lipgloss and charmbracelet/x/ansi, whatever the
// locale or RUNEWIDTH_EASTASIAN say.
//
// go-runewidth decides EastAsianWidth from the locale when it is loaded;
// glamour, reflow and bubbles measure with its DefaultCondition, so a
// learner with LANG=zh_CN.UTF-8 would otherwise get paddings and wraps
// computed with two-column bullets while lipgloss counts one. Importing this
// package therefore replaces runewidth.DefaultCondition with Condition.
var Condition = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

func init() {
	runewidth.EastAsianWidth = false
	runewidth.DefaultCondition = Condition
}

// Width is the display width of s in terminal columns: the width of its
// widest line, ignoring ANSI escape sequences. It is lipgloss.Width, named
// here so that every part of kubelab measures text the same way.
func Width(s string) int { return lipgloss.Width(s) }
