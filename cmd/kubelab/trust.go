package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"kubelab/internal/config"
	"kubelab/internal/msg"
	"kubelab/internal/text"
	"kubelab/internal/xdg"
	"kubelab/lessons"
)

// A lesson pack is code: its commands, solutions and command checks run on
// the learner's machine and in the lab's nodes. The built-in pack is
// trusted; another runs only once the learner has seen what it runs and
// trusted its content hash, here (`check`) or in the UI.

// packTrusted reports whether the pack may run without asking: the built-in
// one, one trusted before, or one trusted now with --trust (which records
// it).
func (a *app) packTrusted(cat *lessons.Catalog) (bool, error) {
	if cat.Builtin {
		return true, nil
	}
	dir, err := xdg.ConfigDir()
	if err != nil {
		return false, err
	}
	ok, err := config.Trusted(dir, cat.Hash)
	if err != nil || ok {
		return ok, err
	}
	if a.trust {
		return true, a.trustPack(cat)
	}
	return false, nil
}

// trustPack records the pack's content hash as trusted.
func (a *app) trustPack(cat *lessons.Catalog) error {
	dir, err := xdg.ConfigDir()
	if err != nil {
		return err
	}
	return config.Trust(dir, cat.Hash, a.lessonsDir)
}

// ensureTrusted lets a verb run the pack's commands: at once when the pack
// is trusted; on a terminal after showing what runs where and asking once
// for this content; otherwise it refuses, naming --trust, with exit code 2.
func (a *app) ensureTrusted(cat *lessons.Catalog, in io.Reader, errOut io.Writer) error {
	ok, err := a.packTrusted(cat)
	if err != nil || ok {
		return err
	}
	terminal := isTerminalReader
	if a.terminal != nil {
		terminal = a.terminal
	}
	if !terminal(in) {
		return &exitError{code: checkExitError, err: msg.Errorf(nil, "cmd.trust.refused", a.lessonsDir)}
	}
	fmt.Fprintln(errOut, msg.New("cmd.trust.intro", a.lessonsDir).Text(a.lang))
	writePackCommands(errOut, a.lang, cat.PackCommands())
	fmt.Fprint(errOut, msg.New("cmd.trust.ask").Text(a.lang))
	answer, _ := bufio.NewReader(in).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes", "是":
		return a.trustPack(cat)
	}
	return &exitError{code: checkExitError, err: msg.Errorf(nil, "cmd.trust.declined")}
}

// writePackCommands prints the pack's commands by lesson and step, each with
// where it runs and what it is.
func writePackCommands(w io.Writer, lang string, cmds []lessons.PackCommand) {
	if len(cmds) == 0 {
		fmt.Fprintln(w, msg.New("cmd.trust.none").Text(lang))
		return
	}
	step := ""
	for _, pc := range cmds {
		if s := pc.Lesson + "/" + pc.Step; s != step {
			step = s
			fmt.Fprintln(w, text.Sanitize(s))
		}
		where := msg.New("cmd.trust.onHost")
		if pc.Where == lessons.OnNode {
			where = msg.New("cmd.trust.onNode", pc.Node)
		}
		var what msg.Msg
		switch pc.What {
		case lessons.RunSolution:
			what = msg.New("cmd.trust.solution")
		case lessons.RunCheck:
			what = msg.New("cmd.trust.check", pc.Check)
		default:
			what = msg.New("cmd.trust.command")
		}
		line := strings.ReplaceAll(strings.TrimRight(pc.Line, "\n"), "\n", "\n      ")
		fmt.Fprintln(w, "  "+text.Sanitize(msg.New("cmd.trust.entry", where, what).Text(lang)))
		fmt.Fprintln(w, "    $ "+text.Sanitize(line))
	}
}

// checkTrusted asks for trust before `kubelab check LESSON[/STEP]` when the
// steps it checks run a command of an untrusted pack (a command check). A
// lesson or step that does not exist is left for the check to report.
func (a *app) checkTrusted(arg string, in io.Reader, errOut io.Writer) error {
	lessonID, stepID, _ := strings.Cut(arg, "/")
	l, err := a.lesson(lessonID)
	if err != nil {
		return nil
	}
	steps := l.Steps
	if stepID != "" {
		s := l.Step(stepID)
		if s == nil {
			return nil
		}
		steps = []*lessons.Step{s}
	}
	if !lessons.RunsCommands(steps) {
		return nil
	}
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	return a.ensureTrusted(cat, in, errOut)
}
