// Package progress keeps the learner's progress: which steps of which lessons
// are done, where they are now, and the quiz answers they gave, in
// <state dir>/progress.json.
//
// The file is shared by every kubelab process of the learner (the UI and a
// `kubelab check` in another terminal), so every change is a
// read-modify-write under an exclusive lock on progress.json.lock, written
// atomically: no process loses another's update, and a crash leaves the old
// file or the new one. A file that cannot be read is moved aside, never
// overwritten; a file from a newer kubelab is refused, never rewritten.
package progress

import (
	"maps"
	"slices"
	"sort"
	"time"
)

// Version is the schema version this code writes; it reads every version
// from 1 up to it (see migrate).
//
//   - 1: done steps, positions and quiz answers.
//   - 2: also the help taken on each step (hints, the solution) and how
//     each step was completed.
//   - 3: also the history of exams.
const Version = 3

// Progress is the content of progress.json.
type Progress struct {
	Version int `json:"version"`
	// Position is where the learner was last; Current and SetCurrent read
	// and set it.
	Position Position `json:"current"`
	// Lessons is keyed by lesson id.
	Lessons map[string]*Lesson `json:"lessons"`
	// Seed is random text, made once per learner, that orders their quiz
	// choices (lessons.ChoiceOrder): shuffled, and the same every time.
	Seed string `json:"seed,omitempty"`
	// Exams is the history of finished exams, oldest first (at most
	// MaxExams).
	Exams []Exam `json:"exams,omitempty"`
}

// Position is a lesson and a step in it.
type Position struct {
	Lesson string `json:"lesson,omitempty"`
	Step   string `json:"step,omitempty"`
}

// Lesson is one lesson's progress.
type Lesson struct {
	// Done maps the ids of finished steps to when they were first finished.
	Done map[string]time.Time `json:"done,omitempty"`
	// Step is the step the learner was on in this lesson, to resume at.
	Step string `json:"step,omitempty"`
	// Answers are quiz answers keyed by "step/check".
	Answers map[string]string `json:"answers,omitempty"`
	// Help is the help taken on each step so far, by step id.
	Help map[string]Help `json:"help,omitempty"`
	// How says how each finished step was completed, by step id, as the
	// help taken when it was first finished. A step finished before
	// version 2 has none: how is not known.
	How map[string]Help `json:"how,omitempty"`
}

// Help is the help a learner took on a step: how many hints they revealed
// and whether they saw the solution.
type Help struct {
	Hints    int  `json:"hints,omitempty"`
	Solution bool `json:"solution,omitempty"`
}

// How a step was completed, from the least help to the most.
const (
	ByLearner  = "learner"  // with no hint and without the solution
	ByHints    = "hints"    // after some hints
	BySolution = "solution" // after the solution was shown
)

// By says how a step completed with this help was completed: ByLearner,
// ByHints or BySolution.
func (h Help) By() string {
	switch {
	case h.Solution:
		return BySolution
	case h.Hints > 0:
		return ByHints
	}
	return ByLearner
}

// now is the clock MarkDone uses; tests replace it.
var now = time.Now

func (p *Progress) lesson(id string) *Lesson {
	if p.Lessons == nil {
		p.Lessons = map[string]*Lesson{}
	}
	l := p.Lessons[id]
	if l == nil {
		l = &Lesson{}
		p.Lessons[id] = l
	}
	return l
}

// MarkDone records that step of lesson is finished. Marking a finished step
// again keeps the time it was first finished.
func (p *Progress) MarkDone(lesson, step string) {
	l := p.lesson(lesson)
	if _, ok := l.Done[step]; ok {
		return
	}
	if l.Done == nil {
		l.Done = map[string]time.Time{}
	}
	l.Done[step] = now().UTC().Truncate(time.Second)
	if l.How == nil {
		l.How = map[string]Help{}
	}
	l.How[step] = l.Help[step]
}

// UseHints records that the learner has seen n hints of step (the most they
// have seen counts).
func (p *Progress) UseHints(lesson, step string, n int) {
	l := p.lesson(lesson)
	if l.Help == nil {
		l.Help = map[string]Help{}
	}
	h := l.Help[step]
	h.Hints = max(h.Hints, n)
	l.Help[step] = h
}

// ShowSolution records that the learner was shown step's solution.
func (p *Progress) ShowSolution(lesson, step string) {
	l := p.lesson(lesson)
	if l.Help == nil {
		l.Help = map[string]Help{}
	}
	h := l.Help[step]
	h.Solution = true
	l.Help[step] = h
}

// HelpTaken is the help taken on step so far.
func (p Progress) HelpTaken(lesson, step string) Help {
	if l := p.Lessons[lesson]; l != nil {
		return l.Help[step]
	}
	return Help{}
}

// HowDone says how a finished step was completed; ok is false when the step
// is not finished or was finished before kubelab recorded how.
func (p Progress) HowDone(lesson, step string) (h Help, ok bool) {
	l := p.Lessons[lesson]
	if l == nil {
		return Help{}, false
	}
	if _, done := l.Done[step]; !done {
		return Help{}, false
	}
	h, ok = l.How[step]
	return h, ok
}

// IsDone reports whether step of lesson is finished.
func (p Progress) IsDone(lesson, step string) bool {
	l := p.Lessons[lesson]
	if l == nil {
		return false
	}
	_, ok := l.Done[step]
	return ok
}

// DoneCount is how many steps of lesson are finished.
func (p Progress) DoneCount(lesson string) int {
	if l := p.Lessons[lesson]; l != nil {
		return len(l.Done)
	}
	return 0
}

// DoneSteps are the finished steps of lesson, sorted.
func (p Progress) DoneSteps(lesson string) []string {
	l := p.Lessons[lesson]
	if l == nil {
		return nil
	}
	steps := make([]string, 0, len(l.Done))
	for s := range l.Done {
		steps = append(steps, s)
	}
	sort.Strings(steps)
	return steps
}

// SetCurrent records that the learner is on step of lesson, both as the
// current position and as the step to resume that lesson at.
func (p *Progress) SetCurrent(lesson, step string) {
	p.Position = Position{Lesson: lesson, Step: step}
	if lesson != "" {
		p.lesson(lesson).Step = step
	}
}

// Current is the lesson and step the learner was on last.
func (p Progress) Current() (lesson, step string) { return p.Position.Lesson, p.Position.Step }

// ResumeStep is the step to resume lesson at, or "" if it was never opened.
func (p Progress) ResumeStep(lesson string) string {
	if l := p.Lessons[lesson]; l != nil {
		return l.Step
	}
	return ""
}

// SetAnswer records the learner's answer to a quiz; key is "step/check".
func (p *Progress) SetAnswer(lesson, key, answer string) {
	l := p.lesson(lesson)
	if l.Answers == nil {
		l.Answers = map[string]string{}
	}
	l.Answers[key] = answer
}

// Answer is the learner's answer to a quiz, if they gave one.
func (p Progress) Answer(lesson, key string) (string, bool) {
	if l := p.Lessons[lesson]; l != nil {
		a, ok := l.Answers[key]
		return a, ok
	}
	return "", false
}

// Answers are a copy of lesson's quiz answers keyed by "step/check".
func (p Progress) Answers(lesson string) map[string]string {
	out := map[string]string{}
	if l := p.Lessons[lesson]; l != nil {
		maps.Copy(out, l.Answers)
	}
	return out
}

// ResetLesson forgets everything about lesson: finished steps, answers and
// the step to resume at. If it is the current lesson, the learner stays in
// it, at no particular step.
func (p *Progress) ResetLesson(lesson string) {
	delete(p.Lessons, lesson)
	if p.Position.Lesson == lesson {
		p.Position.Step = ""
	}
}

// Clone is a deep copy of p.
func (p Progress) Clone() Progress {
	c := p
	c.Lessons = make(map[string]*Lesson, len(p.Lessons))
	for id, l := range p.Lessons {
		if l == nil {
			continue
		}
		cl := &Lesson{Step: l.Step, Done: maps.Clone(l.Done), Answers: maps.Clone(l.Answers), Help: maps.Clone(l.Help), How: maps.Clone(l.How)}
		c.Lessons[id] = cl
	}
	c.Exams = slices.Clone(p.Exams) // records are never changed once added
	return c
}
