// Package exam runs a timed, scored exam on the lab's cluster: it draws
// tasks from a lesson pack's challenges and the steps marked for exams,
// prepares each in its own namespace before the clock starts, evaluates
// every task once when the time is up or the learner ends the exam, and
// freezes that score: nothing done to the cluster afterwards changes it.
// Cleanup removes only the exam's namespaces and puts back what the tasks'
// lessons changed on the nodes, as a lesson reset does.
//
// The package knows nothing of screens: the command line and the UI drive
// an Exam and render its Report.
package exam

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"kubelab/internal/msg"
	"kubelab/lessons"
)

// Task is one drawn task: a step of a lesson, worked in the exam's own
// namespace for it.
type Task struct {
	// N numbers the task from 1, in the order of the draw.
	N      int
	Lesson *lessons.Lesson
	Step   *lessons.Step
	Part   string
	Weight int
	// Namespace is the task's own: exam-<n>-<lesson>.
	Namespace string
}

// Candidates are the steps of cat an exam may draw (lessons.Step.Drawable)
// in the given parts (every part when empty), in course order. Without
// onKind, a step that needs the lab's kind cluster, or whose lesson needs it
// before that step, is left out: it cannot be prepared.
func Candidates(cat *lessons.Catalog, parts []string, onKind bool) ([]Task, error) {
	for _, p := range parts {
		if !slices.ContainsFunc(cat.Parts, func(q lessons.Part) bool { return q.ID == p }) {
			ids := make([]string, len(cat.Parts))
			for i, q := range cat.Parts {
				ids[i] = q.ID
			}
			return nil, msg.Errorf(nil, "exam.unknownPart", p, strings.Join(ids, ", "))
		}
	}
	var out []Task
	for _, l := range cat.Lessons {
		if len(parts) > 0 && !slices.Contains(parts, l.Part) {
			continue
		}
		kindBefore := false
		for _, s := range l.Steps {
			needsKind := kindBefore || s.Needs == lessons.NeedsKind
			kindBefore = needsKind
			if !s.Drawable() || (needsKind && !onKind) {
				continue
			}
			out = append(out, Task{Lesson: l, Step: s, Part: l.Part, Weight: s.TaskWeight()})
		}
	}
	return out, nil
}

// Draw draws up to n tasks from the candidates (Candidates), the same ones
// in the same order for the same seed and pack. The draw is weighted by
// part: each pick first chooses a part, every part that still has tasks
// being equally likely, then a task of that part; so a part with many
// challenges does not crowd the others out, as an exam's domains each have
// their share. Fewer than n tasks are drawn when there are fewer candidates.
func Draw(cat *lessons.Catalog, parts []string, n int, seed uint64, onKind bool) ([]Task, error) {
	cands, err := Candidates(cat, parts, onKind)
	if err != nil {
		return nil, err
	}
	if len(cands) == 0 {
		return nil, msg.Errorf(nil, "exam.noTasks")
	}
	byPart := map[string][]Task{}
	var order []string // parts in course order
	for _, c := range cands {
		if _, ok := byPart[c.Part]; !ok {
			order = append(order, c.Part)
		}
		byPart[c.Part] = append(byPart[c.Part], c)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x6b7562656c6162)) // "kubelab"
	var out []Task
	for len(out) < n && len(order) > 0 {
		pi := rng.IntN(len(order))
		part := order[pi]
		pool := byPart[part]
		ti := rng.IntN(len(pool))
		t := pool[ti]
		byPart[part] = slices.Delete(pool, ti, ti+1)
		if len(byPart[part]) == 0 {
			order = slices.Delete(order, pi, pi+1)
		}
		t.N = len(out) + 1
		t.Namespace = Namespace(t.N, t.Lesson.ID)
		out = append(out, t)
	}
	return out, nil
}

// Namespace is task n's namespace: exam-<n>-<lesson>, cut to a valid name.
func Namespace(n int, lesson string) string {
	ns := fmt.Sprintf("exam-%d-%s", n, lesson)
	if len(ns) > 63 {
		ns = strings.TrimRight(ns[:63], "-")
	}
	return ns
}
