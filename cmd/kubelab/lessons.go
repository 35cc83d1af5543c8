package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"kubelab/internal/msg"
	"kubelab/internal/progress"
	"kubelab/internal/render"
	"kubelab/internal/text"
	"kubelab/lessons"
	"kubelab/sandbox/workspace"
)

// stepDone is how one finished step was completed.
type stepDone struct {
	Step string `json:"step"`
	// By is learner, hints or solution; empty when not recorded.
	By    string `json:"by,omitempty"`
	Hints int    `json:"hints,omitempty"`
}

// lessonRow is one lesson as `kubelab lessons --json` prints it.
type lessonRow struct {
	Number    int    `json:"number"`
	ID        string `json:"id"`
	Part      string `json:"part"`
	PartTitle string `json:"partTitle"`
	Title     string `json:"title"`
	Steps     int    `json:"steps"`
	KindSteps int    `json:"kindSteps"` // steps that need the lab's kind cluster
	Done      int    `json:"done"`
	// How the finished steps were completed: on the learner's own, after
	// hints, after the solution was shown (steps finished before kubelab
	// recorded this count in none of them).
	Solo         int `json:"solo"`
	WithHints    int `json:"withHints"`
	WithSolution int `json:"withSolution"`
	// Completed says, per finished step in lesson order, how.
	Completed []stepDone `json:"completed,omitempty"`
	Current   bool       `json:"current"` // the lesson the learner was on last
	Languages []string   `json:"languages"`
	// Workspace is the lesson's folder of starter files, for a lesson that
	// has some.
	Workspace string `json:"workspace,omitempty"`
}

func newLessonsCommand(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "lessons",
		Short:   "List the parts and lessons with their step counts and your progress",
		Example: "  kubelab lessons\n  kubelab lessons --lang zh\n  kubelab lessons --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.catalog()
			if err != nil {
				return err
			}
			store, err := openProgress(cmd.ErrOrStderr(), a.lang)
			if err != nil {
				return err
			}
			p, err := store.Load()
			if err != nil {
				return err
			}
			root, err := a.workspaceRoot()
			if err != nil {
				return err
			}
			rows := lessonRows(c, p, a.lang)
			files := false
			for i, l := range c.Lessons {
				for _, s := range l.Steps {
					if len(s.Starter) > 0 {
						rows[i].Workspace, files = workspace.Dir(root, l.ID), true
					}
				}
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			if err := printLessons(cmd.OutOrStdout(), rows, a.lang); err != nil {
				return err
			}
			key := "cmd.lessons.workspace"
			if files {
				key = "cmd.lessons.workspaceFiles"
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), "\n"+text.Sanitize(msg.New(key, root, filepath.Join(root, "<lesson>")).Text(a.lang)))
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per lesson")
	return cmd
}

func lessonRows(c *lessons.Catalog, p progress.Progress, lang string) []lessonRow {
	current, _ := p.Current()
	rows := make([]lessonRow, 0, len(c.Lessons))
	for _, l := range c.Lessons {
		r := lessonRow{
			Number: l.Order, ID: l.ID, Part: l.Part, PartTitle: c.PartTitle(lang, l.Part),
			Title: l.Title(lang), Steps: len(l.Steps), Current: l.ID == current,
		}
		for _, s := range l.Steps {
			if s.Needs == lessons.NeedsKind {
				r.KindSteps++
			}
			if !p.IsDone(l.ID, s.ID) {
				continue
			}
			r.Done++
			d := stepDone{Step: s.ID}
			if h, ok := p.HowDone(l.ID, s.ID); ok {
				d.By, d.Hints = h.By(), h.Hints
				switch d.By {
				case progress.ByLearner:
					r.Solo++
				case progress.ByHints:
					r.WithHints++
				case progress.BySolution:
					r.WithSolution++
				}
			}
			r.Completed = append(r.Completed, d)
		}
		r.Languages = l.Languages()
		rows = append(rows, r)
	}
	return rows
}

// Progress marks, as the UI shows them.
const (
	markDone    = "✓"
	markStarted = "●"
	markNew     = "○"
)

func printLessons(w io.Writer, rows []lessonRow, lang string) error {
	// Columns are padded by display width, so Chinese titles line up too.
	idW, titleW := 0, 0
	for _, r := range rows {
		idW = max(idW, render.Width(r.ID))
		titleW = max(titleW, render.Width(r.Title))
	}
	pad := func(s string, n int) string { return s + strings.Repeat(" ", n-render.Width(s)) }
	var b strings.Builder
	part := ""
	for _, r := range rows {
		if r.Part != part {
			if part != "" {
				b.WriteString("\n")
			}
			part = r.Part
			b.WriteString(r.PartTitle + "\n")
		}
		mark := markNew
		switch {
		case r.Done == r.Steps && r.Steps > 0:
			mark = markDone
		case r.Done > 0 || r.Current:
			mark = markStarted
		}
		steps := fmt.Sprintf(map[string]string{"en": "%d/%d steps", "zh": "%d/%d 步"}[lang], r.Done, r.Steps)
		if r.Done > 0 && r.Solo+r.WithHints+r.WithSolution > 0 {
			steps += fmt.Sprintf(map[string]string{"en": " · %d on your own", "zh": " · 独立完成 %d 步"}[lang], r.Solo)
		}
		if r.KindSteps > 0 {
			steps += fmt.Sprintf(map[string]string{"en": " (%d need kind)", "zh": "（%d 步需要 kind）"}[lang], r.KindSteps)
		}
		if r.Current {
			steps += map[string]string{"en": "  ← you are here", "zh": "  ← 上次学到这里"}[lang]
		}
		fmt.Fprintf(&b, "  %s %02d  %s  %s  %s\n", mark, r.Number, pad(r.ID, idW), pad(r.Title, titleW), steps)
	}
	// The pack is checked when it loads; this is the last defence should a
	// title still hold an escape sequence.
	_, err := io.WriteString(w, text.Sanitize(b.String()))
	return err
}
