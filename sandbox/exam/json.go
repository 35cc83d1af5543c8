package exam

import (
	"time"

	"kubelab/internal/progress"
	"kubelab/lessons"
)

// JSONReport is an exam's report as `kubelab exam --json` and
// `kubelab exam --history --json` print it, its words in one language.
type JSONReport struct {
	Started  time.Time  `json:"started"`
	Ended    time.Time  `json:"ended"`
	Expired  bool       `json:"expired"`
	Seconds  int        `json:"seconds"`
	Seed     uint64     `json:"seed"`
	Parts    []string   `json:"parts,omitempty"`
	Practice bool       `json:"practice"`
	Score    float64    `json:"score"`
	PassMark float64    `json:"passMark"`
	Passed   bool       `json:"passed"`
	ByPart   []JSONPart `json:"byPart"`
	Tasks    []JSONTask `json:"tasks"`
}

// JSONPart is one part's score.
type JSONPart struct {
	Part    string  `json:"part"`
	Title   string  `json:"title"`
	Got     int     `json:"got"`
	Of      int     `json:"of"`
	Percent float64 `json:"percent"`
}

// JSONTask is one task's result; Revisit names the lesson to study again
// when it did not pass.
type JSONTask struct {
	N         int         `json:"n"`
	Lesson    string      `json:"lesson"`
	Step      string      `json:"step"`
	Title     string      `json:"title"`
	Part      string      `json:"part"`
	Weight    int         `json:"weight"`
	Namespace string      `json:"namespace"`
	Passed    bool        `json:"passed"`
	Flagged   bool        `json:"flagged"`
	Seconds   int         `json:"seconds"`
	Revisit   string      `json:"revisit,omitempty"`
	Error     string      `json:"error,omitempty"`
	Checks    []JSONCheck `json:"checks"`
}

// JSONCheck is one check's verdict with what it wanted and saw.
type JSONCheck struct {
	ID       string `json:"id"`
	Pass     bool   `json:"pass"`
	Expected string `json:"expected"`
	Observed string `json:"observed"`
	Error    string `json:"error,omitempty"`
}

// in is the text in lang, else in English.
func in(m map[string]string, lang string) string {
	if s, ok := m[lang]; ok {
		return s
	}
	return m["en"]
}

// TaskTitle is the title of a task's step in lang, or "lesson/step" when
// the pack no longer has it.
func TaskTitle(cat *lessons.Catalog, lesson, step, lang string) string {
	if l := cat.Lesson(lesson); l != nil {
		if sp := l.Text(lang).Steps[step]; sp != nil && sp.Title != "" {
			return sp.Title
		}
	}
	return lesson + "/" + step
}

// JSON renders a kept exam in lang.
func JSON(rec progress.Exam, cat *lessons.Catalog, lang string) JSONReport {
	j := JSONReport{
		Started: rec.Started, Ended: rec.Ended, Expired: rec.Expired, Seconds: rec.Seconds, Seed: rec.Seed,
		Parts: rec.Parts, Practice: rec.Practice, Score: rec.Score, PassMark: rec.PassMark, Passed: rec.Passed,
		ByPart: []JSONPart{}, Tasks: []JSONTask{},
	}
	for _, p := range rec.ByPart {
		j.ByPart = append(j.ByPart, JSONPart{Part: p.Part, Title: cat.PartTitle(lang, p.Part), Got: p.Got, Of: p.Of, Percent: percent(p.Got, p.Of)})
	}
	for _, t := range rec.Tasks {
		jt := JSONTask{
			N: t.N, Lesson: t.Lesson, Step: t.Step, Title: TaskTitle(cat, t.Lesson, t.Step, lang), Part: t.Part,
			Weight: t.Weight, Namespace: t.Namespace, Passed: t.Passed, Flagged: t.Flagged, Seconds: t.Seconds,
			Error: in(t.Error, lang), Checks: []JSONCheck{},
		}
		if !t.Passed {
			jt.Revisit = t.Lesson
		}
		for _, c := range t.Checks {
			jt.Checks = append(jt.Checks, JSONCheck{ID: c.ID, Pass: c.Pass, Expected: in(c.Expected, lang), Observed: in(c.Observed, lang), Error: in(c.Error, lang)})
		}
		j.Tasks = append(j.Tasks, jt)
	}
	return j
}
