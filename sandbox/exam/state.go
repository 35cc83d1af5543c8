package exam

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"kubelab/internal/atomicfile"
	"kubelab/lessons"
	"kubelab/sandbox/check"
)

// State is a running exam as plain data: what was drawn, the clock, and
// per task its namespace, flag and time spent. The command line keeps it in
// a file (Save) so that another `kubelab exam` can show it, end it or clean
// it up.
type State struct {
	Seed     uint64      `json:"seed"`
	Parts    []string    `json:"parts,omitempty"`
	Practice bool        `json:"practice,omitempty"`
	Pack     string      `json:"pack"` // the pack's hash
	Started  time.Time   `json:"started"`
	Deadline time.Time   `json:"deadline"`
	Current  int         `json:"current"`
	Tasks    []TaskState `json:"tasks"`
	// CurrentSince is when the current task became current.
	CurrentSince time.Time `json:"currentSince"`
	// PID is the process keeping the exam's clock (`kubelab exam` in the
	// foreground); 0 when none.
	PID int `json:"pid,omitempty"`
}

// TaskState is one task of a State.
type TaskState struct {
	Lesson    string        `json:"lesson"`
	Step      string        `json:"step"`
	Part      string        `json:"part"`
	Weight    int           `json:"weight"`
	Namespace string        `json:"namespace"`
	Dir       string        `json:"dir"` // its workspace folder
	Flagged   bool          `json:"flagged,omitempty"`
	Spent     time.Duration `json:"spent"`
}

// StateFile is the running exam's file under the state folder.
func StateFile(stateDir string) string { return filepath.Join(Dir(stateDir), "current.json") }

// State is a copy of the exam's state; with pid, as kept by that process.
func (e *Exam) State(pid int) State {
	e.mu.Lock()
	defer e.mu.Unlock()
	st := e.state
	st.Tasks = append([]TaskState(nil), e.state.Tasks...)
	st.Pack = e.cfg.Catalog.Hash
	st.PID = pid
	return st
}

// Save writes the state to path.
func (st State) Save(path string) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save the exam: %w", err)
	}
	return atomicfile.Write(path, append(data, '\n'), 0o600)
}

// ErrNoExam says no exam is running.
var ErrNoExam = errors.New("no exam is running")

// LoadState reads a saved state; ErrNoExam when there is none.
func LoadState(path string) (State, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return State{}, ErrNoExam
	}
	if err != nil {
		return State{}, fmt.Errorf("read the running exam: %w", err)
	}
	var st State
	if err := json.Unmarshal(data, &st); err != nil {
		return State{}, fmt.Errorf("read the running exam %s: %w", path, err)
	}
	return st, nil
}

// Resume rebuilds a running exam from its state, reopening each task's
// checks with the baselines captured when it was prepared. The pack must be
// the one the exam was drawn from.
func Resume(ctx context.Context, cfg Config, st State) (*Exam, error) {
	if st.Pack != cfg.Catalog.Hash {
		return nil, fmt.Errorf("the running exam was drawn from another lesson pack; end it with the same --lessons")
	}
	tasks := make([]Task, len(st.Tasks))
	for i, ts := range st.Tasks {
		l := cfg.Catalog.Lesson(ts.Lesson)
		if l == nil || l.Step(ts.Step) == nil {
			return nil, fmt.Errorf("the running exam's task %s/%s is not in the lesson pack", ts.Lesson, ts.Step)
		}
		tasks[i] = Task{N: i + 1, Lesson: l, Step: l.Step(ts.Step), Part: ts.Part, Weight: ts.Weight, Namespace: ts.Namespace}
	}
	cfg.Practice = st.Practice
	e := New(cfg, tasks, st.Seed, st.Parts)
	sessions := make([]*check.Session, len(tasks))
	for i := range tasks {
		s, err := e.opener.Open(ctx, cfg.Catalog, tasks[i].taskLesson(), []*lessons.Step{tasks[i].Step}, false)
		if err != nil {
			return nil, err
		}
		sessions[i] = s[0]
	}
	e.mu.Lock()
	e.sessions = sessions
	st.PID = 0
	e.state = st
	e.mu.Unlock()
	return e, nil
}
