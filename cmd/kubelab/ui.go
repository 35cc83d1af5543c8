package main

import (
	"kubelab/internal/msg"

	"fmt"
	"os"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/go-logr/logr"
	"github.com/mattn/go-isatty"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"k8s.io/klog/v2"

	"kubelab/internal/config"
	"kubelab/internal/progress"
	"kubelab/internal/xdg"
	"kubelab/sandbox/classroom"
	"kubelab/tui"
	"kubelab/tui/live"
	"kubelab/tui/theme"
)

// uiFlags are the full-screen lab's own flags. Only the commands that open
// the lab take them: the root, and `classroom board --ui` for a teacher; no
// other verb's help lists them.
type uiFlags struct {
	theme string
	ascii bool
}

func (f *uiFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.theme, "theme", "auto", "colours of the full-screen lab: auto (asks the terminal once, before starting), dark or light; NO_COLOR turns colour off")
	fs.BoolVar(&f.ascii, "ascii", false, "draw the full-screen lab's borders and marks with ASCII characters only")
}

// runUI opens the full-screen lab on the terminal.
func runUI(cmd *cobra.Command, a *app) error { return openUI(cmd, a, nil) }

// runBoardUI opens the full-screen lab for a teacher, on the Board screen
// of the class whose board b is (started, its Run's end on done).
func runBoardUI(cmd *cobra.Command, a *app, b *classroom.Board, done <-chan error) error {
	return openUI(cmd, a, func(o *tui.Options) { o.Lab.Board = live.Board(b, done) })
}

// openUI checks there is a terminal, builds the lab's options, lets adjust
// change them, and runs the program.
func openUI(cmd *cobra.Command, a *app, adjust func(*tui.Options)) (err error) {
	defer func() {
		// tui.Run restores the terminal on a panic in the program; this
		// catches one while setting up, before the terminal was touched.
		if r := recover(); r != nil {
			err = msg.Errorf(nil, "cmd.ui.crashed", fmt.Sprint(r))
		}
	}()
	if !isatty.IsTerminal(os.Stdout.Fd()) && !isatty.IsCygwinTerminal(os.Stdout.Fd()) {
		return msg.Errorf(nil, "cmd.ui.noTerminal")
	}
	opts, err := uiOptions(a)
	if err != nil {
		return err
	}
	if adjust != nil {
		adjust(&opts)
	}
	return runProgram(cmd, opts)
}

func runProgram(cmd *cobra.Command, opts tui.Options) error {
	// A signal (the terminal closing is SIGHUP, which bubbletea leaves
	// alone) ends the program the way quitting does.
	return tui.Run(opts, tea.WithContext(cmd.Context()))
}

// uiOptions wires the real lab into the UI and makes every decision about
// the terminal before the program starts: colour, background, borders.
func uiOptions(a *app) (tui.Options, error) {
	cat, err := a.catalog()
	if err != nil {
		return tui.Options{}, err
	}
	configDir, err := xdg.ConfigDir()
	if err != nil {
		return tui.Options{}, err
	}
	cacheDir, err := xdg.CacheDir()
	if err != nil {
		return tui.Options{}, err
	}
	stateDir, err := xdg.StateDir()
	if err != nil {
		return tui.Options{}, err
	}
	store, warnings, err := progress.Open(stateDir)
	if err != nil {
		return tui.Options{}, msg.Errorf(err, "cmd.ui.progress", stateDir)
	}
	for _, w := range warnings {
		fmt.Fprintln(os.Stderr, msg.New("cmd.warning", w).Text(a.lang))
	}
	attachClassProgress(store, nil, true)
	// client-go logs through klog; its lines would tear the full-screen UI.
	klog.SetLogger(logr.Discard())

	th, err := decideTheme(a.ui.theme, a.ui.ascii, os.Getenv)
	if err != nil {
		return tui.Options{}, err
	}
	md, err := tui.NewMarkdown(th.Dark, th.NoColor, lipgloss.ColorProfile())
	if err != nil {
		return tui.Options{}, err
	}
	wsRoot, err := a.workspaceRoot()
	if err != nil {
		return tui.Options{}, err
	}
	settings, err := config.Load(configDir)
	if err != nil {
		return tui.Options{}, err
	}
	parts := live.New(live.Options{Kubeconfig: a.kubeconfig, Context: a.context, ConfigDir: configDir, CacheDir: cacheDir, StateDir: stateDir, Workspace: wsRoot})
	l := parts.Lab(cat, store)
	l.Markdown = md
	l.ClassBlocked = a.classBlockedUI()
	l.Exams = parts.Exams(cat, store, wsRoot)
	// A pack is code: the UI asks before opening a lesson of one not
	// trusted yet (--trust trusts it now).
	trusted, err := a.packTrusted(cat)
	if err != nil {
		return tui.Options{}, err
	}
	if !trusted {
		l.TrustPack = func() error { return a.trustPack(cat) }
	}
	l.TypeAlong = settings.TypeAlong
	l.SaveTypeAlong = func(on bool) error {
		c, err := config.Load(configDir)
		if err != nil {
			return err
		}
		c.TypeAlong = on
		return config.Save(configDir, c)
	}
	l.SaveLang = func(lang string) error {
		c, err := config.Load(configDir)
		if err != nil {
			return err
		}
		c.Lang = lang
		return config.Save(configDir, c)
	}
	return tui.Options{Lab: l, Lang: a.lang, Theme: th}, nil
}

// decideTheme settles colour and background once, before the program
// starts. NO_COLOR (any value) turns colour off. --theme auto reads
// COLORFGBG, else the answer the terminal gave when bubbletea's package init
// asked it through lipgloss; nothing asks the terminal while the lab runs.
func decideTheme(flag string, ascii bool, getenv func(string) string) (theme.Options, error) {
	o := theme.Options{ASCII: ascii, NoColor: getenv("NO_COLOR") != ""}
	if o.NoColor {
		lipgloss.SetColorProfile(termenv.Ascii)
	} else {
		lipgloss.SetColorProfile(termenv.NewOutput(os.Stdout).EnvColorProfile())
	}
	switch flag {
	case "dark":
		o.Dark = true
	case "light":
		o.Dark = false
	case "auto", "":
		o.Dark = darkFromEnv(getenv("COLORFGBG"))
		if getenv("COLORFGBG") == "" && !o.NoColor {
			o.Dark = lipgloss.HasDarkBackground()
		}
	default:
		return o, msg.Errorf(nil, "cmd.ui.theme", flag)
	}
	lipgloss.SetHasDarkBackground(o.Dark)
	return o, nil
}

// darkFromEnv reads COLORFGBG ("15;0": foreground;background): a background
// of 0-6 or 8 is dark. Unset or unreadable counts as dark, the common case.
func darkFromEnv(v string) bool {
	parts := strings.Split(v, ";")
	bg, err := strconv.Atoi(parts[len(parts)-1])
	if v == "" || err != nil {
		return true
	}
	return bg <= 6 || bg == 8
}
