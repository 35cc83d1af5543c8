package labtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"kubelab/lessons"
	"kubelab/tui/lab"
)

// Setup plays the setup commands of the steps that have them, for the fake
// Checker: each watch of such a step runs them first, writing each line to
// the step's log under Dir, and may be held or made to fail.
type Setup struct {
	Dir string
	// Gate, when set, holds every setup until it receives a value (or the
	// watch ends): the step shows as being prepared meanwhile.
	Gate chan struct{}

	mu   sync.Mutex
	fail error
	runs map[string]int // by "lesson/step"
}

// Log is the file a step's setup writes to.
func (s *Setup) Log(lessonID, stepID string) string {
	return filepath.Join(s.Dir, lessonID, stepID+".log")
}

// Fail makes every setup from now on fail with err; nil mends it.
func (s *Setup) Fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = err
}

// Runs is how many times a step's setup ran.
func (s *Setup) Runs(lessonID, stepID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runs[lessonID+"/"+stepID]
}

// run runs a step's setup: a *lab.SetupError when it fails, ctx's error
// when the watch ended while it was held.
func (s *Setup) run(ctx context.Context, req lab.WatchRequest) error {
	if s.Gate != nil {
		select {
		case <-s.Gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	s.mu.Lock()
	if s.runs == nil {
		s.runs = map[string]int{}
	}
	s.runs[req.Lesson.ID+"/"+req.Step.ID]++
	fail := s.fail
	s.mu.Unlock()
	log := s.Log(req.Lesson.ID, req.Step.ID)
	lines := req.Step.Setup
	if exp, err := req.Catalog.ExpandStep(req.Step, lessons.LabVars(req.Lesson.Namespace)); err == nil {
		lines = exp.Setup
	}
	var b strings.Builder
	b.WriteString("# setup\n")
	for i, line := range lines {
		fmt.Fprintf(&b, "$ %s\n", line)
		if fail != nil && i == len(lines)-1 {
			fmt.Fprintf(&b, "%v\n# exit 1\n", fail)
			break
		}
		b.WriteString("# exit 0\n")
	}
	if err := os.MkdirAll(filepath.Dir(log), 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(log, []byte(b.String()), 0o600); err != nil {
		return err
	}
	if fail != nil {
		return &lab.SetupError{Log: log, Err: fmt.Errorf("set up the step: %w (the whole output is in %s)", fail, log)}
	}
	return nil
}
