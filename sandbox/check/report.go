package check

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"kubelab/internal/atomicfile"
)

// JSONResult is one check's result as `kubelab check --json` prints it, for
// graders and CI. Expected, observed and error are in the chosen language.
type JSONResult struct {
	Lesson   string `json:"lesson"`
	Step     string `json:"step"`
	Check    string `json:"check"`
	Kind     string `json:"kind"`
	Pass     bool   `json:"pass"`
	Expected string `json:"expected"`
	Observed string `json:"observed"`
	// Detail is the full observed value when Observed is a summary.
	Detail string `json:"detail,omitempty"`
	// Answer is the learner's answer to a quiz: a choice's id when the quiz
	// has choices.
	Answer string `json:"answer,omitempty"`
	// Explain is a quiz's explanation, given once it is answered, right or
	// wrong (from the lesson's prose, in the chosen language).
	Explain string `json:"explain,omitempty"`
	// Error says why the check could not be evaluated (not a verdict).
	Error string `json:"error,omitempty"`
	// Skipped says why the check was not run (its step needs kind).
	Skipped string `json:"skipped,omitempty"`
	// DoneEarlier marks a failing check of a step the learner finished
	// before, when a whole lesson is checked: a later step may have undone
	// it, so it does not fail the lesson.
	DoneEarlier bool `json:"doneEarlier,omitempty"`
}

// JSON is the result for `--json`, in lang.
func (r Result) JSON(lang string) JSONResult {
	j := JSONResult{
		Lesson: r.Lesson, Step: r.Step, Check: r.Check, Kind: string(r.Kind), Pass: r.Pass,
		Expected: r.Expected.Text(lang), Observed: r.Observed.Text(lang), Answer: r.Given,
	}
	if !r.Detail.IsZero() {
		j.Detail = r.Detail.Text(lang)
	}
	if r.Err != nil {
		j.Error = errMsg(r.Err).Text(lang)
	}
	return j
}

// Say renders one of the catalogue's messages in lang, for the command line
// around the results (summaries, skipped steps).
func Say(lang, key string, args ...any) string { return msg(key, args...).Text(lang) }

// Baselines are steps' baselines keyed by "lesson/step", kept in a file so
// that `kubelab check` run twice (before and after the learner's work)
// compares with what the cluster looked like the first time.
type Baselines map[string]Baseline

// ReadBaselines reads the file; a missing file is no baselines.
func ReadBaselines(path string) (Baselines, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return Baselines{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read check baselines: %w", err)
	}
	b := Baselines{}
	if err := json.Unmarshal(data, &b); err != nil {
		// A damaged file only costs the baselines: they are captured again.
		return Baselines{}, nil
	}
	return b, nil
}

// Write saves the baselines to path.
func (b Baselines) Write(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return fmt.Errorf("save check baselines: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save check baselines: %w", err)
	}
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return fmt.Errorf("save check baselines: %w", err)
	}
	return nil
}
