package exam

import (
	lmsg "kubelab/internal/msg"

	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"kubelab/internal/render"
	"kubelab/internal/text"
	"kubelab/tui/keys"
)

// clock formats a duration as mm:ss (h:mm:ss past an hour).
func clock(d time.Duration) string {
	d = max(d, 0).Truncate(time.Second)
	h, mi, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, mi, s)
	}
	return fmt.Sprintf("%02d:%02d", mi, s)
}

// fit cuts lines to the screen's width and height.
func (m *Model) fit(lines []string) string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		for _, w := range strings.Split(render.Wrap(l, max(m.w, 10)), "\n") {
			out = append(out, ansi.Truncate(w, m.w, "…"))
		}
	}
	if len(out) > m.h {
		out = out[:m.h]
	}
	return strings.Join(out, "\n")
}

// View draws the screen.
func (m *Model) View() string {
	th := m.ctx.Theme
	switch m.phase {
	case phaseSetup:
		return m.setupView()
	case phasePreparing:
		bar := progressBar(m.prepDone, m.prepOf, min(40, m.w-2))
		return m.fit([]string{th.Title.Render(m.t("tui.exam.title")), "", m.t("tui.exam.preparing", m.prepDone, m.prepOf), bar})
	case phaseEnding:
		return m.fit([]string{m.header(), "", th.Warning.Render(m.t("tui.exam.ending"))})
	case phaseReport:
		return m.report.View()
	}
	return m.runningView()
}

func progressBar(done, of, w int) string {
	if of == 0 || w < 3 {
		return ""
	}
	n := done * w / of
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", w-n) + "]"
}

func (m *Model) setupView() string {
	th, c := m.ctx.Theme, m.ctx
	onOff := func(b bool) string {
		if b {
			return m.t("tui.exam.on")
		}
		return m.t("tui.exam.off")
	}
	part := m.t("tui.exam.allParts")
	if m.part > 0 {
		p := c.Lab.Catalog.Parts[m.part-1].ID
		part = c.Lab.Catalog.PartTitle(c.Lang, p)
	}
	rows := [][2]string{
		{m.t("tui.exam.tasks"), fmt.Sprint(m.tasks)},
		{m.t("tui.exam.minutes"), fmt.Sprint(m.minutes)},
		{m.t("tui.exam.practice"), onOff(m.practice)},
		{m.t("tui.exam.part"), part},
	}
	lines := []string{th.Title.Render(m.t("tui.exam.title")), "", m.t("tui.exam.intro"), ""}
	for i, r := range rows {
		mark := "  "
		style := th.App
		if i == m.field {
			mark, style = th.Marks.Cursor+" ", th.Selected
		}
		pad := strings.Repeat(" ", max(26-ansi.StringWidth(r[0]), 1))
		lines = append(lines, style.Render(mark+r[0]+pad+"< "+r[1]+" >"))
	}
	lines = append(lines, "", m.t("tui.exam.start", keys.Name(c.Keys.Open)))
	return m.fit(lines)
}

func (m *Model) header() string {
	flagged := 0
	for _, f := range m.flags {
		if f {
			flagged++
		}
	}
	left := time.Duration(0)
	if m.ex != nil {
		left = m.ex.Deadline().Sub(Now())
	}
	h := m.t("tui.exam.header", clock(left), m.cur+1, len(m.list), flagged)
	if m.practice {
		h += m.t("tui.exam.practising")
	}
	return m.ctx.Theme.Title.Render(h)
}

func (m *Model) runningView() string {
	th, c := m.ctx.Theme, m.ctx
	lines := []string{m.header()}
	if m.confirm {
		lines = append(lines, th.Warning.Render(m.t("tui.exam.confirmEnd", keys.Name(c.Keys.Yes))))
	}
	lines = append(lines, "")
	for i, t := range m.list {
		mark := "  "
		if i == m.cur {
			mark = th.Marks.Cursor + " "
		}
		flag := " "
		if m.flags[i] {
			flag = "⚑"
			if th.ASCII {
				flag = "F"
			}
		}
		title := t.Lesson.Text(c.Lang).Steps[t.Step.ID].Title
		row := ansi.Truncate(fmt.Sprintf("%s%d %s %s", mark, t.N, flag, title), m.w, "…")
		if i == m.cur {
			row = th.Selected.Render(row)
		}
		lines = append(lines, row)
	}
	t := m.list[m.cur]
	sp := t.Lesson.Text(c.Lang).Steps[t.Step.ID]
	lines = append(lines, "", th.Bold.Render(m.t("tui.exam.taskHead", t.N, sp.Title, t.Weight, c.Lab.Catalog.PartTitle(c.Lang, t.Part))),
		th.Faint.Render(m.t("tui.exam.where", t.Namespace, t.Dir)), "")
	lines = append(lines, strings.Split(c.Markdown(sp.Text, m.w), "\n")...)
	if rep, ok := m.live[m.cur]; ok && m.practice {
		lines = append(lines, "", th.PaneTitle.Render(m.t("tui.exam.checks")))
		for _, r := range rep.Results {
			mark := th.Marks.Fail
			if r.Pass {
				mark = th.Marks.Pass
			}
			lines = append(lines, mark+" "+r.ID+": "+r.Message.Text(c.Lang))
		}
		if rep.Err != nil {
			lines = append(lines, th.Error.Render(lmsg.ErrorText(rep.Err, c.Lang)))
		}
	}
	// The prompt and the newest output take the bottom of the screen.
	bottom := []string{""}
	room := m.h - len(lines) - 3
	out := m.out
	if room < 0 {
		room = 0
	}
	if len(out) > room {
		out = out[len(out)-room:]
	}
	for _, l := range out {
		bottom = append(bottom, ansi.Truncate(text.SanitizeStyled(strings.ReplaceAll(l, "\t", "    ")), m.w, "…"))
	}
	if m.typing {
		bottom = append(bottom, m.input.View())
	} else {
		bottom = append(bottom, th.Faint.Render(m.t("tui.exam.promptHint", keys.Name(c.Keys.Prompt), keys.Name(c.Keys.Edit))))
	}
	top := m.fit(lines)
	topLines := strings.Split(top, "\n")
	if keep := m.h - len(bottom); len(topLines) > keep {
		topLines = topLines[:max(keep, 0)]
	}
	return strings.Join(append(topLines, bottom...), "\n")
}

// reportText is the report in the language on screen.
func (m *Model) reportText() string {
	th, c := m.ctx.Theme, m.ctx
	r := m.rec
	verdict := m.t("tui.exam.failed")
	style := th.Error
	if r.Passed {
		verdict, style = m.t("tui.exam.passed"), th.Success
	}
	lines := []string{style.Render(m.t("tui.exam.score", fmt.Sprintf("%.0f", r.Score), fmt.Sprintf("%.0f", r.PassMark), verdict))}
	for _, p := range r.ByPart {
		lines = append(lines, "  "+m.t("tui.exam.byPart", c.Lab.Catalog.PartTitle(c.Lang, p.Part), p.Got, p.Of))
	}
	in := func(mm map[string]string) string {
		if s, ok := mm[c.Lang]; ok {
			return s
		}
		return mm["en"]
	}
	for _, t := range r.Tasks {
		mark := th.Marks.Fail
		if t.Passed {
			mark = th.Marks.Pass
		}
		title := t.Lesson + "/" + t.Step
		l := c.Lab.Catalog.Lesson(t.Lesson)
		if l != nil {
			if sp := l.Text(c.Lang).Steps[t.Step]; sp != nil {
				title = sp.Title
			}
		}
		lines = append(lines, "", th.Bold.Render(m.t("tui.exam.result", mark, t.N, title, t.Weight, (time.Duration(t.Seconds)*time.Second).String())))
		if t.Error != nil {
			lines = append(lines, "  "+th.Error.Render(in(t.Error)))
		}
		for _, ch := range t.Checks {
			cm := th.Marks.Fail
			say := m.t("tui.exam.want", in(ch.Observed), in(ch.Expected))
			if ch.Pass {
				cm, say = th.Marks.Pass, in(ch.Observed)
			}
			if ch.Error != nil {
				say = in(ch.Error)
			}
			lines = append(lines, "  "+cm+" "+ch.ID+": "+say)
		}
		if !t.Passed && l != nil {
			lines = append(lines, "  "+th.Accent.Render(m.t("tui.exam.revisit", l.Title(c.Lang), t.Lesson)))
		}
	}
	lines = append(lines, "", th.Faint.Render(m.t("tui.exam.seed", r.Seed)))
	switch {
	case m.cleaning:
		lines = append(lines, th.Faint.Render(m.t("tui.exam.cleaning")))
	case m.cleanErr != nil:
		lines = append(lines, th.Error.Render(m.t("tui.exam.cleanFail", lmsg.ErrorText(m.cleanErr, c.Lang))))
	case m.cleaned:
		lines = append(lines, th.Faint.Render(m.t("tui.exam.cleaned", keys.Name(c.Keys.Open))))
	}
	var out []string
	for _, l := range lines {
		out = append(out, strings.Split(render.Wrap(l, max(m.w, 10)), "\n")...)
	}
	return strings.Join(out, "\n")
}
