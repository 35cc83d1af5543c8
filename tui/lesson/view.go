package lesson

import (
	lmsg "kubelab/internal/msg"

	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"kubelab/internal/render"
	"kubelab/lessons"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
)

// The screen's geometry: a side column (steps, checks) and a main column
// (title, notices, text, output, prompt).
func (m *Model) sideWidth() int { return min(max(m.width/3, 24), 34) }
func (m *Model) mainWidth() int { return max(m.width-m.sideWidth()-1, 10) }
func (m *Model) outHeight() int { return max(m.height/4, 3) }

// banners are the lines between the title and the text: reading mode, a
// step that needs kind, a confirmation, a notice.
func (m *Model) banners() []string {
	if m.steps.lesson == nil {
		return nil
	}
	c, th, w := m.ctx, m.ctx.Theme, m.mainWidth()
	var out []string
	add := func(style func(...string) string, s string) {
		for _, l := range strings.Split(render.Wrap(s, w), "\n") {
			out = append(out, style(l))
		}
	}
	switch m.confirm {
	case confirmSolution:
		add(th.Warning.Bold(true).Render, c.T(i18n.SolutionConfirm, keys.Name(c.Keys.Yes)))
	case confirmReset:
		add(th.Warning.Bold(true).Render, c.T(i18n.ResetConfirm, m.steps.lesson.Namespace, keys.Name(c.Keys.Yes)))
	}
	if m.notice != "" {
		add(th.Subtle.Render, m.notice)
	}
	if m.steps.expErr != nil {
		add(th.Error.Render, c.T(i18n.StepBroken, m.steps.expErr))
	}
	why, blocked := m.classBlocked(m.steps.idx)
	if blocked {
		add(th.Banner.Render, why.Text(c.Lang))
	}
	if c.ReadingMode() {
		add(th.Banner.Render, c.T(i18n.ReadingModeBanner, keys.Name(c.Keys.Cluster)))
	} else if !blocked && m.steps.step != nil && m.steps.step.Needs == lessons.NeedsKind && c.Backend() != "kind" {
		add(th.Banner.Render, c.T(i18n.NeedsKind))
	}
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// layout sizes the viewports from the window and the banners.
func (m *Model) layout() {
	textH := m.height - 1 - len(m.banners()) - 1 - m.outHeight() - 1
	m.steps.text.Width, m.steps.text.Height = m.mainWidth(), max(textH, 1)
	if d := &m.checks.details; d.Width != m.mainWidth() || d.Height != max(textH, 1) {
		d.Width, d.Height = m.mainWidth(), max(textH, 1)
		m.refreshDetails()
	}
	m.output.setSize(m.mainWidth(), m.outHeight())
	m.prompt.input.Width = max(m.mainWidth()-4, 1)
}

// refreshContent rebuilds the text pane when what it shows changed (the
// step, the width, the language, hints, the solution, a quiz's first
// answer). The rendered markdown is cached per lesson, step, language and
// width, so paging back and forth or resizing to a width seen before costs
// nothing; the cache is bounded, the least recently drawn going first.
func (m *Model) refreshContent(force bool) {
	if m.steps.lesson == nil || m.width == 0 {
		return
	}
	m.layout()
	k := mdKey{lesson: m.steps.lesson.ID, step: m.StepID(), lang: m.ctx.Lang, width: m.mainWidth(), hints: m.steps.hints, solution: m.steps.showSolution, files: m.files.rev, typeAlong: m.typeAlong, answered: m.answeredQuizzes()}
	if !force && k == m.steps.shown {
		return
	}
	keep := k.lesson == m.steps.shown.lesson && k.step == m.steps.shown.step
	m.steps.shown = k
	s, ok := m.steps.cache.Get(k)
	if !ok {
		s = m.content(k.width)
		m.steps.cache.Put(k, s)
	}
	y := m.steps.text.YOffset
	m.steps.text.SetContent(s)
	if keep {
		m.steps.text.SetYOffset(y)
	} else {
		m.steps.text.GotoTop()
	}
}

// content is the text pane: the step's text, its commands, the hints shown
// so far, and the solution once confirmed.
func (m *Model) content(w int) string {
	c, th := m.ctx, m.ctx.Theme
	sp := m.stepProse()
	var b strings.Builder
	b.WriteString(c.Markdown(sp.Text, w))
	if fv := m.filesView(w); fv != "" {
		b.WriteString("\n\n" + fv)
	}
	if m.steps.step != nil {
		if len(m.steps.step.Commands) > 0 {
			title := i18n.Commands
			if m.typeAlong {
				title = i18n.CommandsTypeAlong
			}
			b.WriteString("\n\n" + th.PaneTitle.Render(c.T(title)) + "\n")
			for i, cmd := range m.steps.step.Commands {
				if i < 9 {
					b.WriteString(commandLine(th.Accent.Render(fmt.Sprintf("[%d] ", i+1)), cmd, th.Command.Render, w) + "\n")
				}
			}
		}
		for _, ch := range m.steps.step.Checks {
			if q := sp.Quizzes[ch.ID]; q != nil && ch.Kind == lessons.KindQuiz {
				b.WriteString("\n" + m.quizView(ch, q, w))
			}
		}
	}
	for i := 0; i < m.steps.hints && i < len(sp.Hints); i++ {
		b.WriteString("\n" + th.PaneTitle.Render(c.T(i18n.HintN, i+1, len(sp.Hints))) + "\n")
		b.WriteString(c.Markdown(sp.Hints[i], w) + "\n")
	}
	if m.steps.showSolution && m.steps.step != nil {
		b.WriteString("\n" + th.PaneTitle.Render(c.T(i18n.Solution)) + "\n")
		for _, cmd := range m.steps.step.Solution {
			b.WriteString(commandLine("  ", cmd, th.Command.Render, w) + "\n")
		}
		if sp.Solution != "" {
			b.WriteString("\n" + c.Markdown(sp.Solution, w) + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// commandLine shows a command, which may span lines (a heredoc), under its
// label with a hanging indent, each line wrapped to the width and styled.
func commandLine(label, cmd string, style func(...string) string, w int) string {
	lw := ansi.StringWidth(label)
	var out []string
	for _, src := range strings.Split(strings.TrimRight(cmd, "\n"), "\n") {
		for _, l := range strings.Split(ansi.Hardwrap(src, max(w-lw, 8), true), "\n") {
			pad := strings.Repeat(" ", lw)
			if len(out) == 0 {
				pad = label
			}
			out = append(out, pad+style(l))
		}
	}
	return strings.Join(out, "\n")
}

// View draws the screen.
func (m *Model) View() string {
	if m.steps.lesson == nil {
		return m.ctx.Theme.Subtle.Render(m.ctx.T(i18n.NoLessonOpen, keys.Name(m.ctx.Keys.Home)))
	}
	side := lipgloss.NewStyle().Width(m.sideWidth()).Height(m.height).MaxHeight(m.height).Render(m.sideView())
	main := lipgloss.NewStyle().Width(m.mainWidth()).MaxHeight(m.height).Render(m.mainView())
	return lipgloss.JoinHorizontal(lipgloss.Top, side, " ", main)
}

func (m *Model) sideView() string {
	c, th, w := m.ctx, m.ctx.Theme, m.sideWidth()-1
	prose := m.steps.lesson.Text(c.Lang)
	var b strings.Builder
	b.WriteString(th.PaneTitle.Render(ansi.Truncate(prose.Title, w, "…")) + "\n")
	for i, s := range m.steps.lesson.Steps {
		mark := th.Faint.Render(th.Marks.NotStarted)
		switch {
		case m.stepDone(i) || (i == m.steps.idx && m.checks.justDone):
			mark = th.Success.Render(th.Marks.Done)
		case i == m.steps.idx:
			mark = th.Warning.Render(th.Marks.InProgress)
		}
		if _, blocked := m.classBlocked(i); blocked && !m.stepDone(i) {
			mark = th.Faint.Render(th.Marks.Skipped) // not available in class
		}
		title := s.ID
		if sp := prose.Steps[s.ID]; sp != nil {
			title = sp.Title
		}
		line := ansi.Truncate(fmt.Sprintf("%d. %s", i+1, title), w-2, "…")
		if i == m.steps.idx {
			line = th.Selected.Render(line)
		}
		b.WriteString(mark + " " + line + "\n")
	}
	b.WriteString("\n" + th.PaneTitle.Render(c.T(i18n.Checks)) + "\n")
	b.WriteString(m.checksView(w))
	return b.String()
}

func (m *Model) checksView(w int) string {
	c, th := m.ctx, m.ctx.Theme
	if m.steps.step == nil {
		return ""
	}
	results := map[string]int{}
	for i, r := range m.checks.results {
		results[r.ID] = i
	}
	var b strings.Builder
	for _, ch := range m.steps.step.Checks {
		desc := m.checkTitle(ch.ID)
		mark, reason, more := th.Faint.Render(th.Marks.Pending), "", false
		i, ok := results[ch.ID]
		switch {
		case c.ReadingMode():
			reason = c.T(i18n.CheckNotRun)
		case !ok:
			reason = c.T(i18n.CheckPending)
		case m.checks.results[i].Skipped:
			mark, reason = th.Faint.Render(th.Marks.Skipped), m.checks.results[i].Message.Text(c.Lang)
		case m.checks.results[i].Pass:
			mark = th.Success.Render(th.Marks.Pass)
		default:
			mark, reason = th.Error.Render(th.Marks.Fail), m.checks.results[i].Message.Text(c.Lang)
			more = !m.checks.results[i].Detail.IsZero()
		}
		mw := ansi.StringWidth(mark) + 1
		b.WriteString(indent(mark+" ", render.Wrap(strings.ReplaceAll(desc, "`", ""), w-mw), mw) + "\n")
		if reason != "" {
			// Two lines at most: the whole is one key away, in the details.
			short, _ := summary(reason, w-mw, reasonLines, c.T(i18n.DetailsMore, keys.Name(c.Keys.Details)), more)
			b.WriteString(indent(strings.Repeat(" ", mw), th.Subtle.Render(short), mw) + "\n")
		}
	}
	if m.checks.err != nil {
		b.WriteString(th.Error.Render(render.Wrap(lmsg.ErrorText(m.checks.err, m.ctx.Lang), w)) + "\n")
	}
	return b.String()
}

// checkTitle is how the checks column names a check: its sentence from
// the prose, or for a quiz its number and the answer given (by the letter
// the learner sees).
func (m *Model) checkTitle(id string) string {
	c := m.ctx
	if ch := m.quizCheck(id); ch != nil {
		if a := m.checks.answers.get(lessons.AnswerKey(m.StepID(), id)); a != "" {
			return c.T(i18n.QuizAnswered, m.quizNumber(id), m.choiceLetter(ch, a))
		}
		return c.T(i18n.QuizCheck, m.quizNumber(id), keys.Name(c.Keys.Answer))
	}
	if desc := m.stepProse().Checks[id]; desc != "" {
		return desc
	}
	return id
}

// indent puts first before the first line of text and pads the others by n.
func indent(first, text string, n int) string {
	lines := strings.Split(text, "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = strings.Repeat(" ", n) + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

func (m *Model) mainView() string {
	c, th, w := m.ctx, m.ctx.Theme, m.mainWidth()
	sp := m.stepProse()
	title := c.T(i18n.StepTitle, m.steps.idx+1, len(m.steps.lesson.Steps), sp.Title)
	var head string
	switch {
	case m.checks.flashing(m.now()):
		head = th.SuccessBanner.Render(ansi.Truncate(th.Marks.Done+" "+c.T(i18n.StepDone, title)+" — "+m.nextHint(), w, "…"))
	case m.stepDone(m.steps.idx) || m.checks.justDone:
		head = th.Marks.Done + " " + title
		if how := c.HowDone(m.steps.lesson.ID, m.StepID()); how != "" {
			head += " · " + how // solved on the learner's own, or with which help
		}
		head = th.Success.Render(ansi.Truncate(head, w, "…"))
	default:
		head = th.Title.Render(ansi.Truncate(title, w, "…"))
	}
	parts := []string{head}
	parts = append(parts, m.banners()...)
	if m.checks.showDetails {
		parts = append(parts, m.checks.details.View())
	} else {
		parts = append(parts, m.steps.text.View())
	}

	outTitle := c.T(i18n.Output)
	if m.output.running {
		outTitle += " " + th.Warning.Render(th.Marks.Running+" "+c.T(i18n.Running, ansi.Truncate(m.output.line, max(w/2, 8), "…"), keys.Name(c.Keys.Interrupt)))
	}
	if m.focus == paneOutput {
		outTitle = th.PaneTitle.Render(outTitle)
	} else {
		outTitle = th.Subtle.Render(outTitle)
	}
	rule := th.Faint.Render(strings.Repeat(ruleChar(th.ASCII), max(w-ansi.StringWidth(outTitle)-1, 0)))
	parts = append(parts, outTitle+" "+rule, m.output.view.View())
	if m.prompt.input.Focused() {
		parts = append(parts, m.prompt.input.View())
	} else {
		idle := i18n.PromptIdle
		if m.typeAlong {
			idle = i18n.PromptIdleTypeAlong
		}
		parts = append(parts, th.Faint.Render(ansi.Truncate(c.T(idle, keys.Name(c.Keys.Prompt), keys.Name(c.Keys.RunCommand), keys.Name(c.Keys.Hint)), w, "…")))
	}
	return strings.Join(parts, "\n")
}

func (m *Model) nextHint() string {
	if m.steps.idx+1 < len(m.steps.lesson.Steps) {
		return m.ctx.T(i18n.NextStepHint, keys.Name(m.ctx.Keys.NextStep))
	}
	return m.ctx.T(i18n.LessonDoneHint, keys.Name(m.ctx.Keys.Back))
}

func ruleChar(ascii bool) string {
	if ascii {
		return "-"
	}
	return "─"
}
