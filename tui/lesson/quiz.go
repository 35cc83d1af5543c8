package lesson

import (
	"regexp"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"kubelab/lessons"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
)

// A quiz with choices shows them in the learner's own order
// (lessons.ChoiceOrder with the progress seed), each under a letter that
// follows that order: the learner answers with the letter, and what is
// saved and checked is the choice's id. A quiz without choices takes any
// text.

// choiceLetters label the choices in the order they are shown.
const choiceLetters = "abcdefghijklmnopqrstuvwxyz"

// quizCheck is the open step's quiz check with id, or nil.
func (m *Model) quizCheck(id string) *lessons.Check {
	for _, c := range m.quizzes() {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// choiceOrder is the ids of quiz c's choices in the order this learner
// sees them; nil when the quiz has none.
func (m *Model) choiceOrder(c *lessons.Check) []string {
	order := lessons.ChoiceOrder(m.ctx.Seed, m.steps.lesson, m.steps.lesson.Steps[m.steps.idx], c)
	if len(order) > len(choiceLetters) {
		return nil // the validator allows no such quiz; show the ids then
	}
	return order
}

// choiceID is the id of the choice the learner named by its letter; ok is
// false when the quiz has choices and typed is none of their letters.
// Without choices, what was typed is the answer.
func (m *Model) choiceID(c *lessons.Check, typed string) (string, bool) {
	order := m.choiceOrder(c)
	if order == nil {
		return typed, true
	}
	typed = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(typed), ")")))
	if i := strings.Index(choiceLetters, typed); len(typed) == 1 && i >= 0 && i < len(order) {
		return order[i], true
	}
	return "", false
}

// choiceLetter is the letter a saved answer, a choice's id, has on the
// learner's screen; an answer that is no choice shows as it is.
func (m *Model) choiceLetter(c *lessons.Check, answer string) string {
	if i := slices.Index(m.choiceOrder(c), answer); i >= 0 {
		return choiceLetters[i : i+1]
	}
	return answer
}

// lastLetter is the letter of the last of n choices.
func lastLetter(n int) string {
	n = min(max(n, 1), len(choiceLetters))
	return choiceLetters[n-1 : n]
}

// answeredQuizzes names the open step's quizzes that have an answer, so
// that the cached text is drawn again when one gets its first answer (and
// its explanation shows).
func (m *Model) answeredQuizzes() string {
	var ids []string
	for _, c := range m.quizzes() {
		if m.checks.answers.get(lessons.AnswerKey(m.StepID(), c.ID)) != "" {
			ids = append(ids, c.ID)
		}
	}
	return strings.Join(ids, ",")
}

// quizView draws a quiz in the text pane: its title, its question, its
// choices in the learner's order with inline code rendered as the prose
// renders it, and, once answered right or wrong, its explanation.
func (m *Model) quizView(c *lessons.Check, q *lessons.Quiz, w int) string {
	ctx, th := m.ctx, m.ctx.Theme
	var b strings.Builder
	b.WriteString(th.PaneTitle.Render(ctx.T(i18n.Quiz, m.quizNumber(c.ID), keys.Name(ctx.Keys.Answer))) + "\n" + ctx.Markdown(q.Question, w) + "\n")
	order, letters := m.choiceOrder(c), true
	if order == nil {
		order, letters = q.ChoiceKeys(), false
	}
	for i, id := range order {
		label := id + ") "
		if letters {
			label = choiceLetters[i:i+1] + ") "
		}
		b.WriteString(m.choiceLine(label, q.Choices[id], w) + "\n")
	}
	if q.Explain != "" && m.checks.answers.get(lessons.AnswerKey(m.StepID(), c.ID)) != "" {
		b.WriteString("\n" + th.PaneTitle.Render(ctx.T(i18n.QuizExplain)) + "\n" + ctx.Markdown(q.Explain, w) + "\n")
	}
	return b.String()
}

// What would make a choice's text a markdown block of its own instead of a
// line of prose: an ordered list's number, a bullet, a heading or a quote.
var (
	orderedMarker = regexp.MustCompile(`^(\d+)([.)])`)
	blockMarker   = regexp.MustCompile(`^([-*+>#])`)
)

// choiceLine is one choice rendered as markdown, its label put in the
// renderer's left margin and its wrapped lines hanging under the text.
func (m *Model) choiceLine(label, text string, w int) string {
	text = orderedMarker.ReplaceAllString(text, `$1\$2`)
	text = blockMarker.ReplaceAllString(text, `\$1`)
	lw := ansi.StringWidth(label)
	rendered := m.ctx.Markdown(text, max(w-lw, 10))
	lines := strings.Split(rendered, "\n")
	plain := ansi.Strip(lines[0])
	margin := len(plain) - len(strings.TrimLeft(plain, " "))
	for i, l := range lines {
		pad := strings.Repeat(" ", margin+lw)
		if i == 0 {
			pad = strings.Repeat(" ", margin) + label
		}
		lines[i] = pad + ansi.TruncateLeft(l, margin, "")
	}
	return strings.Join(lines, "\n")
}
