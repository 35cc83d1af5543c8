// Package keys is the one key map of the terminal UI. Every screen reads its
// bindings from here, and the help screen lists them, so a key and its help
// text cannot drift apart. Help texts are in the learner's language: New
// builds the map for one language, and a language switch builds it again.
package keys

import (
	"github.com/charmbracelet/bubbles/key"

	"kubelab/tui/i18n"
)

// Map holds every binding, grouped by where it works.
type Map struct {
	// Everywhere (when no text field has the focus).
	Home, Notes, Cluster, Help, Lang, Back, Quit, Interrupt key.Binding

	// The Board screen's tab; only a teacher's lab has it.
	Board key.Binding

	// Lists and scrolling.
	Up, Down, PageUp, PageDown, Open key.Binding

	// Across a grid.
	Left, Right key.Binding

	// Lesson screen.
	RunCommand, Prompt, Answer, RunPrompt, History, NextStep, PrevStep, Hint, Solution, Reset, Retry, Focus, Details key.Binding

	// Lesson screen: the step's files and how listed commands run.
	Edit, Apply, TypeAlong key.Binding

	// Lesson screen: the log of the step's setup commands.
	SetupLog key.Binding

	// Notes screen.
	Search, OpenLesson key.Binding

	// Cluster screen.
	Create, Delete, Refresh, Doctor key.Binding

	// Confirmations.
	Yes key.Binding

	// Exam screen (Exam is global).
	Exam, NextTask, PrevTask, JumpTask, Flag, EndExam, Less, More key.Binding
}

// New builds the key map with help texts in lang.
func New(lang string) *Map {
	t := func(k i18n.Key) string { return i18n.T(lang, k) }
	b := func(desc i18n.Key, help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, t(desc)))
	}
	return &Map{
		Home:      b(i18n.KeyHome, "H", "H"),
		Notes:     b(i18n.KeyNotes, "N", "N"),
		Cluster:   b(i18n.KeyCluster, "C", "C"),
		Board:     b(i18n.KeyBoard, "B", "B"),
		Help:      b(i18n.KeyHelp, "?", "?"),
		Lang:      b(i18n.KeyLang, "L", "L"),
		Back:      b(i18n.KeyBack, "esc", "esc"),
		Quit:      b(i18n.KeyQuit, "q", "q"),
		Interrupt: b(i18n.KeyInterrupt, "ctrl+c", "ctrl+c"),

		Up:       b(i18n.KeyUp, "↑/k", "up", "k"),
		Down:     b(i18n.KeyDown, "↓/j", "down", "j"),
		PageUp:   b(i18n.KeyPageUp, "pgup", "pgup", "ctrl+u"),
		PageDown: b(i18n.KeyPageDown, "pgdn", "pgdown", "ctrl+d", " "),
		Open:     b(i18n.KeyOpen, "enter", "enter"),

		Left:  b(i18n.KeyLeft, "←", "left"),
		Right: b(i18n.KeyRight, "→", "right"),

		RunCommand: b(i18n.KeyRunCommand, "1-9", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Prompt:     b(i18n.KeyPrompt, ":", ":", "i"),
		Answer:     b(i18n.KeyAnswer, "a", "a"),
		RunPrompt:  b(i18n.KeyRunPrompt, "enter", "enter"),
		History:    b(i18n.KeyHistory, "↑/↓", "up", "down"),
		NextStep:   b(i18n.KeyNextStep, "n", "n"),
		PrevStep:   b(i18n.KeyPrevStep, "p", "p"),
		Hint:       b(i18n.KeyHint, "h", "h"),
		Solution:   b(i18n.KeySolution, "s", "s"),
		Reset:      b(i18n.KeyReset, "R", "R"),
		Retry:      b(i18n.KeyRetry, "r", "r"),
		Focus:      b(i18n.KeyFocus, "tab", "tab"),
		Details:    b(i18n.KeyDetails, "d", "d"),

		Edit:      b(i18n.KeyEdit, "e", "e"),
		Apply:     b(i18n.KeyApply, "A", "A"),
		TypeAlong: b(i18n.KeyTypeAlong, "t", "t"),

		SetupLog: b(i18n.KeySetupLog, "l", "l"),

		Search:     b(i18n.KeySearch, "/", "/"),
		OpenLesson: b(i18n.KeyOpenLesson, "enter", "enter"),

		Create:  b(i18n.KeyCreate, "c", "c"),
		Delete:  b(i18n.KeyDelete, "d", "d"),
		Refresh: b(i18n.KeyRefresh, "r", "r"),
		Doctor:  b(i18n.KeyDoctor, "D", "D"),

		Yes: b(i18n.KeyYes, "y", "y", "Y"),

		Exam:     b(i18n.KeyExam, "E", "E"),
		NextTask: b(i18n.KeyNextTask, "n", "n"),
		PrevTask: b(i18n.KeyPrevTask, "p", "p"),
		JumpTask: b(i18n.KeyJumpTask, "1-9", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Flag:     b(i18n.KeyFlag, "f", "f"),
		EndExam:  b(i18n.KeyEndExam, "x", "x"),
		Less:     b(i18n.KeyLess, "←/-", "left", "-"),
		More:     b(i18n.KeyMore, "→/+", "right", "+"),
	}
}

// Global are the bindings that work on every screen.
func (m *Map) Global() []key.Binding {
	return []key.Binding{m.Home, m.Notes, m.Cluster, m.Board, m.Exam, m.Lang, m.Help, m.Back, m.Quit, m.Interrupt}
}

// Name is how hints name a binding's key: its help key, so that a hint and
// the help screen say the same and follow the map.
func Name(b key.Binding) string { return b.Help().Key }
