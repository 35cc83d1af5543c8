package classroom

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"

	"kubelab/internal/progress"
	"kubelab/sandbox/check"
)

// ProgressVersion is the version of the progress format below.
const ProgressVersion = 1

// Progress is what a learner's lab writes to the ProgressName ConfigMap
// (data key ProgressKey, JSON) in the learner's first lesson namespace, for
// the teacher's board. It is what the learner reports; the board checks the
// cluster itself for whether the open step's checks pass.
type Progress struct {
	Version int       `json:"version"`
	Learner string    `json:"learner"`
	Updated time.Time `json:"updated,omitzero"`
	// Lessons by lesson id.
	Lessons map[string]*LessonProgress `json:"lessons,omitempty"`
}

// LessonProgress is one lesson's progress.
type LessonProgress struct {
	// Step is the step the learner has open (or last had open).
	Step string `json:"step,omitempty"`
	// Done are the steps completed, with when.
	Done map[string]time.Time `json:"done,omitempty"`
	// Hints are how many hints of each step the learner revealed.
	Hints map[string]int `json:"hints,omitempty"`
	// Solutions are the steps whose solution the learner looked at.
	Solutions map[string]bool `json:"solutions,omitempty"`
	// Answers are the learner's quiz answers keyed by check.AnswerKey.
	Answers map[string]string `json:"answers,omitempty"`
	// Baselines are, per step, what the cluster looked like when the
	// learner opened it, so the board judges `changed` and `event` checks
	// as the learner's lab does.
	Baselines map[string]check.Baseline `json:"baselines,omitempty"`
}

// Lesson returns the lesson's progress, creating it.
func (p *Progress) Lesson(id string) *LessonProgress {
	if p.Lessons == nil {
		p.Lessons = map[string]*LessonProgress{}
	}
	l := p.Lessons[id]
	if l == nil {
		l = &LessonProgress{}
		p.Lessons[id] = l
	}
	return l
}

// MarkDone records a step as done.
func (l *LessonProgress) MarkDone(step string, at time.Time) {
	if l.Done == nil {
		l.Done = map[string]time.Time{}
	}
	if _, ok := l.Done[step]; !ok {
		l.Done[step] = at.UTC().Truncate(time.Second)
	}
}

// ParseProgress reads a progress ConfigMap's data.
func ParseProgress(cm *corev1.ConfigMap) (Progress, error) {
	var p Progress
	raw := cm.Data[ProgressKey]
	if raw == "" {
		return p, nil
	}
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return Progress{}, fmt.Errorf("progress %s/%s: %w", cm.Namespace, cm.Name, err)
	}
	return p, nil
}

// WriteProgress stores p in the learner's progress ConfigMap in namespace
// ns, with the learner's own credentials (their edit role covers it).
// change is applied to the stored progress (read fresh, retried on a
// conflict), so two lab processes of one learner do not undo each other.
func WriteProgress(ctx context.Context, cs kubernetes.Interface, ns string, change func(*Progress)) error {
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		cm, err := cs.CoreV1().ConfigMaps(ns).Get(ctx, ProgressName, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return errorf("err.noProgress", ns, ProgressName)
		}
		if err != nil {
			return fmt.Errorf("write class progress: %w", err)
		}
		p, err := ParseProgress(cm)
		if err != nil {
			p = Progress{}
		}
		change(&p)
		p.Version = ProgressVersion
		if p.Learner == "" {
			p.Learner = cm.Labels[LabelLearner]
		}
		p.Updated = time.Now().UTC().Truncate(time.Millisecond)
		data, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if cm.Data == nil {
			cm.Data = map[string]string{}
		}
		cm.Data[ProgressKey] = string(data)
		_, err = cs.CoreV1().ConfigMaps(ns).Update(ctx, cm, metav1.UpdateOptions{})
		return err
	})
}

// MirrorLocal copies what the lab's own progress file knows (steps done, the
// open step, quiz answers, the hints revealed and solutions shown) into a
// class progress, keeping what only the class records (baselines). Help
// only grows: the most hints revealed counts, and a solution once shown
// stays shown, also when the learner resets the lesson on their machine,
// so the teacher sees the help a learner took.
func MirrorLocal(local progress.Progress) func(*Progress) {
	return func(p *Progress) {
		for id, l := range local.Lessons {
			if l == nil {
				continue
			}
			lp := p.Lesson(id)
			lp.Step = l.Step
			lp.Done = maps.Clone(l.Done)
			lp.Answers = maps.Clone(l.Answers)
			for step, h := range l.Help {
				if h.Hints > lp.Hints[step] {
					if lp.Hints == nil {
						lp.Hints = map[string]int{}
					}
					lp.Hints[step] = h.Hints
				}
				if h.Solution && !lp.Solutions[step] {
					if lp.Solutions == nil {
						lp.Solutions = map[string]bool{}
					}
					lp.Solutions[step] = true
				}
			}
		}
	}
}
