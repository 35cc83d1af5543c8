package lesson

import (
	lmsg "kubelab/internal/msg"

	"kubelab/tui/lab"
)

// classBlocked says why step i of the open lesson cannot run in the
// learner's class (it needs cluster-wide rights or the lab's kind nodes),
// if the learner is in a class and it cannot. Such a step is marked in the
// list, says why above its text, its commands' keys do not run them, and
// its checks are not watched: each says why instead.
func (m *Model) classBlocked(i int) (lmsg.Msg, bool) {
	f := m.ctx.Lab.ClassBlocked
	if f == nil || m.steps.lesson == nil || i >= len(m.steps.lesson.Steps) {
		return lmsg.Msg{}, false
	}
	return f(m.steps.lesson.Steps[i])
}

// classSkipped are the open step's check results when the class cannot run
// it: every check skipped, with why.
func (m *Model) classSkipped() ([]lab.CheckResult, bool) {
	why, blocked := m.classBlocked(m.steps.idx)
	if !blocked || m.steps.step == nil {
		return nil, false
	}
	var out []lab.CheckResult
	for _, c := range m.steps.step.Checks {
		out = append(out, lab.CheckResult{ID: c.ID, Skipped: true, Message: why})
	}
	return out, true
}
