package main

import (
	"kubelab/internal/msg"

	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"kubelab/lessons"
)

func newLintCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "lint [DIR]",
		Short: "Validate a lesson pack and print file:line: problem for each problem",
		Long: `lint checks a lesson pack: ids, order, that every step has text, hints and
checks in every language, that every check is well formed and every template
and image reference resolves. Without DIR it checks the built-in lessons (or
the pack given with --lessons). It exits 1 if there is any problem. A pack
is code: on success lint lists every command the pack runs, step by step,
and where (on this machine or in a node), to read before trusting it.`,
		Example: "  kubelab lint\n  kubelab lint ./my-lessons",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := a.lessonsDir
			if len(args) == 1 {
				dir = args[0]
			}
			var (
				c  *lessons.Catalog
				ps lessons.Problems
			)
			if dir == "" {
				c, ps = lessons.Load(lessons.BuiltinFS())
				ps = ps.WithRoot("lessons")
			} else {
				var err error
				c, err = lessons.LoadDir(dir)
				if err != nil && !errors.As(err, &ps) {
					return err
				}
			}
			out := cmd.OutOrStdout()
			for _, p := range ps {
				fmt.Fprintln(out, p)
			}
			if len(ps) > 0 {
				return &exitError{code: 1, err: msg.Errorf(nil, "cmd.lint.problems", len(ps))}
			}
			steps, checks := 0, 0
			for _, l := range c.Lessons {
				steps += len(l.Steps)
				for _, s := range l.Steps {
					checks += len(s.Checks)
				}
			}
			fmt.Fprintln(out, msg.New("cmd.lint.ok", len(c.Lessons), steps, checks, len(lessons.Languages)).Text(a.lang))
			// A pack is code: show what it runs, for the learner to read
			// before trusting it.
			fmt.Fprintln(out)
			fmt.Fprintln(out, msg.New("cmd.lint.commands").Text(a.lang))
			writePackCommands(out, a.lang, c.PackCommands())
			return nil
		},
	}
}
