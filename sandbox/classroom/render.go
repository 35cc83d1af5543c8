package classroom

import (
	"fmt"
	"strings"

	"github.com/mattn/go-runewidth"
)

// CellText is a cell as the board writes it: "1/3 delete-pod ✗ h2 s".
func CellText(c Cell, lang string) string {
	if c.Status == StatusDone {
		return fmt.Sprintf("%d/%d %s", c.Done, c.Steps, say(lang, "board.doneAll"))
	}
	mark := "·"
	switch c.Status {
	case StatusPassing:
		mark = "✓"
	case StatusFailing:
		mark = "✗"
	case StatusError:
		mark = "!"
	}
	s := fmt.Sprintf("%d/%d %s %s", c.Done, c.Steps, c.Step, mark)
	if c.Hints > 0 {
		s += fmt.Sprintf(" h%d", c.Hints)
	}
	if c.Solutions > 0 {
		s += " s"
	}
	return s
}

// RenderText writes the board as a plain-text table in lang: a title line,
// one row per learner and one column per lesson, the legend, then the most
// common failing check of each step.
func RenderText(s Snapshot, lang string) string {
	var b strings.Builder
	fmt.Fprintln(&b, say(lang, "board.title", s.Class, len(s.Learners), s.Updated.Format("15:04:05")))
	head := []string{say(lang, "board.learner")}
	for _, l := range s.Lessons {
		head = append(head, l.ID)
	}
	rows := [][]string{head}
	for i, learner := range s.Learners {
		row := []string{learner}
		for _, c := range s.Cells[i] {
			row = append(row, CellText(c, lang))
		}
		rows = append(rows, row)
	}
	widths := make([]int, len(head))
	for _, r := range rows {
		for j, cell := range r {
			widths[j] = max(widths[j], runewidth.StringWidth(cell))
		}
	}
	for _, r := range rows {
		for j, cell := range r {
			if j > 0 {
				b.WriteString("  ")
			}
			b.WriteString(cell)
			if j < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[j]-runewidth.StringWidth(cell)))
			}
		}
		b.WriteByte('\n')
	}
	fmt.Fprintln(&b, say(lang, "board.legend"))
	for _, st := range s.Stuck {
		fmt.Fprintln(&b, say(lang, "board.stuck", st.Count, st.Of, st.Lesson, st.Step, st.Check+": "+runewidth.Truncate(st.Example.Message(lang), 100, "…")))
	}
	return b.String()
}
