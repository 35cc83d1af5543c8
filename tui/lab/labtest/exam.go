package labtest

import (
	"kubelab/internal/msg"

	"context"
	"fmt"
	"sync"
	"time"

	"kubelab/internal/progress"
	"kubelab/lessons"
	"kubelab/tui/lab"
)

// Exams draws fake exams: the first steps of the pack, each task passed
// when the world has the flag "exam-<n>" (a command "solve" sets the
// current task's). Saved holds the records kept.
type Exams struct {
	Catalog *lessons.Catalog
	World   *World

	mu    sync.Mutex
	Saved []progress.Exam
	Last  *Exam
}

// New implements lab.Exams.
func (x *Exams) New(spec lab.ExamSpec) (lab.Exam, error) {
	e := &Exam{world: x.World, spec: spec}
	for _, l := range x.Catalog.Lessons {
		for _, s := range l.Steps {
			if len(e.tasks) == spec.Tasks {
				break
			}
			n := len(e.tasks) + 1
			e.tasks = append(e.tasks, lab.ExamTask{N: n, Lesson: l, Step: s, Part: l.Part, Weight: 1,
				Namespace: fmt.Sprintf("exam-%d-%s", n, l.ID), Dir: fmt.Sprintf("/ws/exam/%d-%s", n, l.ID)})
		}
	}
	e.flags = make([]bool, len(e.tasks))
	e.spent = make([]time.Duration, len(e.tasks))
	x.mu.Lock()
	x.Last = e
	x.mu.Unlock()
	return e, nil
}

// Save implements lab.Exams.
func (x *Exams) Save(rec progress.Exam) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.Saved = append(x.Saved, rec)
	return nil
}

// Exam is a fake exam.
type Exam struct {
	world *World
	spec  lab.ExamSpec
	tasks []lab.ExamTask

	mu       sync.Mutex
	started  time.Time
	deadline time.Time
	cur      int
	since    time.Time
	flags    []bool
	spent    []time.Duration
	rec      *progress.Exam
	Cleaned  bool
}

func (e *Exam) Tasks() []lab.ExamTask { return e.tasks }

func (e *Exam) Prepare(ctx context.Context, progress func(done, of int)) error {
	for i := range e.tasks {
		progress(i, len(e.tasks))
	}
	progress(len(e.tasks), len(e.tasks))
	return nil
}

func (e *Exam) Start(now time.Time, d time.Duration) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.started, e.deadline, e.since = now, now.Add(d), now
	return nil
}

func (e *Exam) Deadline() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.deadline
}

func (e *Exam) Select(i int, now time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.spent[e.cur] += now.Sub(e.since)
	e.cur, e.since = i, now
}

func (e *Exam) ToggleFlag(i int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.flags[i] = !e.flags[i]
}

func (e *Exam) passed(i int) bool { return e.world.Get(fmt.Sprintf("exam-%d", i+1)) }

func (e *Exam) Live(ctx context.Context, i int) (lab.Report, bool) {
	if !e.spec.Practice {
		return lab.Report{}, false
	}
	return lab.Report{Results: []lab.CheckResult{{ID: "done", Pass: e.passed(i), Message: msg.Plain(fmt.Sprintf("task %d solved: %v", i+1, e.passed(i)))}}}, true
}

func (e *Exam) Run(ctx context.Context, i int, line string, out func(string)) (int, error) {
	if line == "solve" {
		e.world.Set(fmt.Sprintf("exam-%d", i+1), true)
		out(fmt.Sprintf("task %d solved", i+1))
		return 0, nil
	}
	out("sh: " + line + ": unknown command")
	return 127, nil
}

// End implements lab.Exam: once, with every task evaluated from the world.
func (e *Exam) End(ctx context.Context) progress.Exam {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.rec != nil {
		return *e.rec
	}
	r := progress.Exam{Started: e.started, Ended: e.deadline, Seconds: int(e.deadline.Sub(e.started).Seconds()), Seed: e.spec.Seed, PassMark: 66}
	got := 0
	parts := map[string]*progress.ExamPart{}
	var order []string
	for i, t := range e.tasks {
		ok := e.passed(i)
		if ok {
			got += t.Weight
		}
		if parts[t.Part] == nil {
			parts[t.Part] = &progress.ExamPart{Part: t.Part}
			order = append(order, t.Part)
		}
		parts[t.Part].Of += t.Weight
		if ok {
			parts[t.Part].Got += t.Weight
		}
		r.Tasks = append(r.Tasks, progress.ExamTask{N: t.N, Lesson: t.Lesson.ID, Step: t.Step.ID, Part: t.Part, Weight: t.Weight,
			Namespace: t.Namespace, Passed: ok, Flagged: e.flags[i], Seconds: int(e.spent[i].Seconds()),
			Checks: []progress.ExamCheck{{ID: "done", Pass: ok, Observed: map[string]string{"en": fmt.Sprintf("solved: %v", ok), "zh": fmt.Sprintf("已解决：%v", ok)},
				Expected: map[string]string{"en": "solved: true", "zh": "已解决：true"}}}})
	}
	for _, p := range order {
		r.ByPart = append(r.ByPart, *parts[p])
	}
	r.Score = float64(got) * 100 / float64(len(e.tasks))
	r.Passed = r.Score >= r.PassMark
	e.rec = &r
	return r
}

func (e *Exam) Cleanup(ctx context.Context) error {
	e.mu.Lock()
	e.Cleaned = true
	e.mu.Unlock()
	return nil
}
