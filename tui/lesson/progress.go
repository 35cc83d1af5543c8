package lesson

import (
	lmsg "kubelab/internal/msg"
	"kubelab/tui/i18n"

	"context"
	"sort"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"kubelab/lessons"
	"kubelab/tui/keys"
)

// savedMsg reports a write of the progress store; the writes are the
// learner's position, a step done, a quiz answer, the help taken (hints
// seen, the solution shown) and a lesson reset.
type savedMsg struct{ err error }

func (m *Model) markDone() tea.Cmd {
	p, l, s := m.ctx.Lab.Progress, m.steps.lesson.ID, m.StepID()
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		if err := p.MarkDone(l, s); err != nil {
			return savedMsg{lmsg.Errorf(err, string(i18n.ErrSaveProgress), l, s)}
		}
		return savedMsg{}
	}
}

// saveHints records that the learner has now seen n hints of the open
// step, so that a step done after them counts as done with hints (a step
// done before keeps how it was done).
func (m *Model) saveHints(n int) tea.Cmd {
	p, l, s := m.ctx.Lab.Progress, m.steps.lesson.ID, m.StepID()
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		if err := p.UseHints(l, s, n); err != nil {
			return savedMsg{lmsg.Errorf(err, string(i18n.ErrSaveHelp), l, s)}
		}
		return savedMsg{}
	}
}

// saveSolution records that the learner was shown the open step's
// solution.
func (m *Model) saveSolution() tea.Cmd {
	p, l, s := m.ctx.Lab.Progress, m.steps.lesson.ID, m.StepID()
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		if err := p.ShowSolution(l, s); err != nil {
			return savedMsg{lmsg.Errorf(err, string(i18n.ErrSaveHelp), l, s)}
		}
		return savedMsg{}
	}
}

// positionSaver orders the writes of the learner's position: commands run
// concurrently, so paging quickly through steps could otherwise save an
// older step after a newer one.
type positionSaver struct {
	mu      sync.Mutex
	written int // the sequence number of the position on disk
}

func (m *Model) saveCurrent() tea.Cmd {
	p, l, s := m.ctx.Lab.Progress, m.steps.lesson.ID, m.StepID()
	if p == nil {
		return nil
	}
	m.saveSeq++
	seq, sv := m.saveSeq, m.saver
	return func() tea.Msg {
		sv.mu.Lock()
		defer sv.mu.Unlock()
		if seq < sv.written {
			return nil // a later position is already saved
		}
		sv.written = seq
		if err := p.SetCurrent(l, s); err != nil {
			return savedMsg{lmsg.Errorf(err, string(i18n.ErrSaveCurrent), l, s)}
		}
		return savedMsg{}
	}
}

// answer saves the learner's answer to quiz checkID and re-evaluates. A
// quiz with choices is answered with a choice's letter on screen, and saves
// that choice's id; any other text is refused with a notice.
func (m *Model) answer(checkID, text string) tea.Cmd {
	if c := m.quizCheck(checkID); c != nil {
		id, ok := m.choiceID(c, text)
		if !ok {
			m.notice = m.ctx.T(i18n.QuizPickChoice, choiceLetters[:1], lastLetter(len(c.Choices)))
			return nil
		}
		text = id
	}
	key := lessons.AnswerKey(m.StepID(), checkID)
	m.checks.answers.set(key, text)
	m.checks.poke()
	m.refreshContent(true)
	p, l := m.ctx.Lab.Progress, m.steps.lesson.ID
	if p == nil {
		return nil
	}
	return func() tea.Msg {
		if err := p.SetAnswer(l, key, text); err != nil {
			return savedMsg{lmsg.Errorf(err, string(i18n.ErrSaveAnswer), key)}
		}
		return savedMsg{}
	}
}

func (m *Model) reset() tea.Cmd {
	// Read everything now: the command runs beside Update, which writes the
	// model and the program context.
	l, c, reachable := m.steps.lesson, m.ctx.Lab, !m.ctx.ReadingMode()
	clusterKey := keys.Name(m.ctx.Keys.Cluster)
	m.output.stop()
	m.checks.end()
	return func() tea.Msg {
		if c.Cluster != nil && reachable {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			if err := c.Cluster.ResetLesson(ctx, c.Catalog, l); err != nil {
				return resetMsg{lesson: l.ID, err: lmsg.Errorf(err, string(i18n.ErrResetNamespace), l.ID, l.Namespace, clusterKey)}
			}
		}
		if c.Progress != nil {
			if err := c.Progress.ResetLesson(l.ID); err != nil {
				return resetMsg{lesson: l.ID, err: lmsg.Errorf(err, string(i18n.ErrResetLesson), l.ID)}
			}
		}
		var saved map[string]string
		if starter := starterOf(l); c.Workspace != nil && len(starter) > 0 {
			// The starter files go back as the lesson ships them; what the
			// learner wrote is kept beside each one.
			res, err := c.Workspace.Restore(l.ID, starter)
			if err != nil {
				return resetMsg{lesson: l.ID, err: err}
			}
			saved = res.Saved
		}
		return resetMsg{lesson: l.ID, saved: saved}
	}
}

type resetMsg struct {
	lesson string
	err    error
	saved  map[string]string // the learner's versions of files the reset restored
}

// savedList is "a.yaml → a.yaml.mine, b.yaml → b.yaml.mine", by file name.
func savedList(saved map[string]string) string {
	names := make([]string, 0, len(saved))
	for n := range saved {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		names[i] = n + " → " + saved[n]
	}
	return strings.Join(names, ", ")
}
