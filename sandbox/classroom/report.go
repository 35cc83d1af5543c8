package classroom

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"time"
)

// ReportRow is one learner in one lesson, for grading.
type ReportRow struct {
	Learner string `json:"learner"`
	Lesson  string `json:"lesson"`
	// StepsDone of Steps: the lesson's class steps the learner completed.
	StepsDone int `json:"stepsDone"`
	Steps     int `json:"steps"`
	// Step is the step reached ("" when the lesson is done) and Status
	// whether its checks pass now, as the teacher's process saw it.
	Step   string `json:"step"`
	Status Status `json:"status"`
	// FailingCheck is the first failing check of Step, and Observed what it
	// saw, in the report's language.
	FailingCheck string    `json:"failingCheck,omitempty"`
	Observed     string    `json:"observed,omitempty"`
	Hints        int       `json:"hints"`
	Solutions    int       `json:"solutionsShown"`
	Answers      int       `json:"quizAnswers"`
	Checked      time.Time `json:"checked"`
}

// Report lists a snapshot's cells as rows, learners in roster order and
// lessons in course order.
func Report(s Snapshot, lang string) []ReportRow {
	var out []ReportRow
	for i := range s.Learners {
		for _, c := range s.Cells[i] {
			r := ReportRow{
				Learner: c.Learner, Lesson: c.Lesson, StepsDone: c.Done, Steps: c.Steps,
				Status: c.Status, Hints: c.Hints, Solutions: c.Solutions, Answers: c.Answers, Checked: c.Checked.UTC().Truncate(time.Second),
			}
			if c.Status != StatusDone {
				r.Step = c.Step
			}
			if len(c.Failing) > 0 {
				r.FailingCheck = c.Failing[0].Check
				r.Observed = c.Failing[0].Message(lang)
			}
			if c.Status == StatusError {
				r.Observed = c.Error
			}
			out = append(out, r)
		}
	}
	return out
}

// WriteJSON writes the rows as one indented JSON array.
func WriteJSON(w io.Writer, rows []ReportRow) error {
	if rows == nil {
		rows = []ReportRow{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rows)
}

// CSVHeader is the report's CSV header row.
var CSVHeader = []string{"learner", "lesson", "steps_done", "steps", "step", "status", "failing_check", "observed", "hints", "solutions_shown", "quiz_answers", "checked"}

// WriteCSV writes the rows as CSV with CSVHeader.
func WriteCSV(w io.Writer, rows []ReportRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write([]string{
			r.Learner, r.Lesson, strconv.Itoa(r.StepsDone), strconv.Itoa(r.Steps), r.Step, string(r.Status),
			r.FailingCheck, r.Observed, strconv.Itoa(r.Hints), strconv.Itoa(r.Solutions), strconv.Itoa(r.Answers),
			r.Checked.Format(time.RFC3339),
		}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
