package progress

import (
	"slices"
	"time"
)

// MaxExams is how many exams the history keeps; the oldest go first.
const MaxExams = 100

// Exam is one finished exam as the history keeps it: what was drawn, the
// score frozen when it ended, and for every task its checks with what they
// wanted and saw, in every language the lab speaks (so the history reads
// the same after a language switch, and without the cluster).
type Exam struct {
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended"`
	// Expired says the clock ended the exam; otherwise the learner did.
	Expired  bool     `json:"expired,omitempty"`
	Seconds  int      `json:"seconds"` // the time the exam was given
	Seed     uint64   `json:"seed"`
	Parts    []string `json:"parts,omitempty"` // empty: every part
	Practice bool     `json:"practice,omitempty"`
	// Pack is the lesson pack's hash; empty for the built-in one.
	Pack string `json:"pack,omitempty"`
	// Score is the weight of the tasks passed, in percent of the whole.
	Score    float64    `json:"score"`
	PassMark float64    `json:"passMark"`
	Passed   bool       `json:"passed"`
	ByPart   []ExamPart `json:"byPart"`
	Tasks    []ExamTask `json:"tasks"`
}

// ExamPart is the score of one part of the course.
type ExamPart struct {
	Part string `json:"part"`
	Got  int    `json:"got"` // weight of the part's tasks passed
	Of   int    `json:"of"`  // weight of all its tasks
}

// ExamTask is one task's result.
type ExamTask struct {
	N         int         `json:"n"`
	Lesson    string      `json:"lesson"`
	Step      string      `json:"step"`
	Part      string      `json:"part"`
	Weight    int         `json:"weight"`
	Namespace string      `json:"namespace"`
	Passed    bool        `json:"passed"`
	Flagged   bool        `json:"flagged,omitempty"`
	Seconds   int         `json:"seconds"` // time the task was the current one
	Checks    []ExamCheck `json:"checks"`
	// Error says, per language, why the task could not be evaluated (the
	// cluster could not be reached): it scores nothing.
	Error map[string]string `json:"error,omitempty"`
}

// ExamCheck is one check's verdict; texts are keyed by language.
type ExamCheck struct {
	ID       string            `json:"id"`
	Pass     bool              `json:"pass"`
	Expected map[string]string `json:"expected,omitempty"`
	Observed map[string]string `json:"observed,omitempty"`
	Error    map[string]string `json:"error,omitempty"`
}

// AddExam adds a finished exam to the history, dropping the oldest beyond
// MaxExams.
func (p *Progress) AddExam(e Exam) {
	p.Exams = append(p.Exams, e)
	if n := len(p.Exams) - MaxExams; n > 0 {
		p.Exams = slices.Delete(p.Exams, 0, n)
	}
}

// AddExam records on disk a finished exam.
func (s *Store) AddExam(e Exam) error {
	return s.Update(func(p *Progress) error { p.AddExam(e); return nil })
}
