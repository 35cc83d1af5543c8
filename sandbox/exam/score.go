package exam

import (
	"time"

	"kubelab/internal/msg"
	"kubelab/internal/progress"
	"kubelab/lessons"
	"kubelab/sandbox/check"
)

// Report is an ended exam's result, frozen when it ended.
type Report struct {
	Seed     uint64
	Parts    []string
	Practice bool
	Started  time.Time
	Ended    time.Time
	Given    time.Duration // the time the exam was given
	// Expired says the clock ended the exam; otherwise the learner did.
	Expired bool
	// Got and Of are the weight of the tasks passed and of all tasks.
	Got, Of  int
	Score    float64 // Got in percent of Of
	PassMark float64
	Passed   bool
	ByPart   []PartScore
	Tasks    []TaskReport
	Pack     string // the pack's hash; empty for the built-in one
}

// PartScore is the score of the tasks of one part.
type PartScore struct {
	Part    string
	Got, Of int
}

// TaskReport is one task's result: it passed when every check passed at
// the end. Revisit is the lesson to study again when it did not.
type TaskReport struct {
	Task
	Passed  bool
	Flagged bool
	Spent   time.Duration
	Results []check.Result
	// Err is set when the task could not be evaluated (the cluster could
	// not be reached); it scores nothing.
	Err error
}

// Revisit is the lesson to study again, or "" when the task passed.
func (t TaskReport) Revisit() string {
	if t.Passed {
		return ""
	}
	return t.Lesson.ID
}

// percent is got in percent of of, 0 for nothing.
func percent(got, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(got) * 100 / float64(of)
}

// score turns the evaluations at the end into the report.
func score(cat *lessons.Catalog, tasks []Task, st State, reps []check.Report, at time.Time, expired bool) *Report {
	r := &Report{
		Seed: st.Seed, Parts: st.Parts, Practice: st.Practice, Started: st.Started, Ended: at,
		Given: st.Deadline.Sub(st.Started), Expired: expired, PassMark: PassMark,
	}
	if !cat.Builtin {
		r.Pack = cat.Hash
	}
	parts := map[string]*PartScore{}
	for i, t := range tasks {
		rep := reps[i]
		tr := TaskReport{Task: t, Flagged: st.Tasks[i].Flagged, Spent: st.Tasks[i].Spent, Results: rep.Results, Err: rep.Err}
		tr.Passed = rep.Passed()
		r.Of += t.Weight
		ps := parts[t.Part]
		if ps == nil {
			ps = &PartScore{Part: t.Part}
			parts[t.Part] = ps
		}
		ps.Of += t.Weight
		if tr.Passed {
			r.Got += t.Weight
			ps.Got += t.Weight
		}
		r.Tasks = append(r.Tasks, tr)
	}
	for _, p := range cat.Parts { // course order
		if ps := parts[p.ID]; ps != nil {
			r.ByPart = append(r.ByPart, *ps)
		}
	}
	r.Score = percent(r.Got, r.Of)
	r.Passed = r.Score >= r.PassMark
	return r
}

// texts renders m in every language the lab speaks; nil for no message.
func texts(m msg.Msg) map[string]string {
	if m.IsZero() {
		return nil
	}
	out := map[string]string{}
	for _, l := range msg.Languages {
		out[l] = m.Text(l)
	}
	return out
}

// Record is the report as the progress history keeps it.
func (r *Report) Record() progress.Exam {
	e := progress.Exam{
		Started: r.Started.UTC(), Ended: r.Ended.UTC(), Expired: r.Expired, Seconds: int(r.Given.Round(time.Second) / time.Second),
		Seed: r.Seed, Parts: r.Parts, Practice: r.Practice, Pack: r.Pack,
		Score: r.Score, PassMark: r.PassMark, Passed: r.Passed,
	}
	for _, p := range r.ByPart {
		e.ByPart = append(e.ByPart, progress.ExamPart{Part: p.Part, Got: p.Got, Of: p.Of})
	}
	for _, t := range r.Tasks {
		et := progress.ExamTask{
			N: t.N, Lesson: t.Lesson.ID, Step: t.Step.ID, Part: t.Part, Weight: t.Weight, Namespace: t.Namespace,
			Passed: t.Passed, Flagged: t.Flagged, Seconds: int(t.Spent.Round(time.Second) / time.Second),
		}
		if t.Err != nil {
			et.Error = texts(msg.FromError(t.Err))
		}
		for _, res := range t.Results {
			c := progress.ExamCheck{ID: res.Check, Pass: res.Pass, Expected: texts(res.Expected), Observed: texts(res.Observed)}
			if res.Err != nil {
				c.Error = texts(res.Msg())
			}
			et.Checks = append(et.Checks, c)
		}
		e.Tasks = append(e.Tasks, et)
	}
	return e
}
