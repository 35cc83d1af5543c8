package main

import (
	"kubelab/internal/msg"

	"fmt"
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"kubelab/internal/render"
	"kubelab/internal/text"
)

// The widths --width accepts: narrower leaves no room for a word, wider
// only costs time and memory (the renderer pads every line to the width).
const (
	minNotesWidth = 20
	maxNotesWidth = 1000
)

func newNotesCommand(a *app) *cobra.Command {
	var (
		width int
		style string
	)
	cmd := &cobra.Command{
		Use:   "notes LESSON",
		Short: "Print a lesson's concept notes, rendered for the terminal",
		Long: `notes prints a lesson's concept notes in the current language (--lang),
wrapped so that no line is wider than --width, Chinese included. LESSON is a
lesson id or number, as "kubelab lessons" lists them.`,
		Example: "  kubelab notes self-healing\n  kubelab notes 3 --lang zh --width 40",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if width < 0 || width > 0 && (width < minNotesWidth || width > maxNotesWidth) {
				return msg.Errorf(nil, "cmd.notes.width", width, minNotesWidth, maxNotesWidth)
			}
			l, err := a.lesson(args[0])
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			f, isFile := out.(*os.File)
			tty := isFile && isatty.IsTerminal(f.Fd())
			if width <= 0 {
				width = render.DefaultWidth
				if tty {
					if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
						width = w
					}
				}
			}
			s, err := notesStyle(style, tty)
			if err != nil {
				return err
			}
			r, err := render.New(render.Options{Width: width, Style: s, Profile: lipgloss.ColorProfile(), Lang: a.lang})
			if err != nil {
				return err
			}
			notes, err := r.Markdown(l.NotesMarkdown(a.lang))
			if err != nil {
				return msg.Errorf(err, "cmd.notes.render", l.ID)
			}
			// Markdown shows escape sequences in the notes as text; keeping
			// only its colours here is the last defence.
			_, err = fmt.Fprint(out, text.SanitizeStyled(notes))
			return err
		},
	}
	cmd.Flags().IntVar(&width, "width", 0, "widest line in columns (default: the terminal's width, or 80)")
	cmd.Flags().StringVar(&style, "style", "auto", "auto, dark, light, ascii or notty (auto: dark or light on a terminal unless NO_COLOR is set, else notty)")
	return cmd
}

// notesStyle picks the markdown style: colour only on a terminal that wants
// it, decided once before rendering.
func notesStyle(flag string, tty bool) (render.Style, error) {
	switch flag {
	case "auto":
		if !tty || os.Getenv("NO_COLOR") != "" {
			return render.StyleNoTTY, nil
		}
		if lipgloss.HasDarkBackground() {
			return render.StyleDark, nil
		}
		return render.StyleLight, nil
	case "dark", "light", "ascii", "notty":
		return render.Style(flag), nil
	}
	return "", msg.Errorf(nil, "cmd.notes.style", flag)
}
