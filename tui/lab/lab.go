// Package lab defines what the terminal UI needs from the rest of kubelab:
// a command runner, a checks watcher, a progress store, a cluster manager
// and a markdown renderer. The screens see only these interfaces; the
// command wires the real sandbox, checks engine and progress store into
// them, and the screens' tests use fakes.
//
// Every method may block (it talks to a cluster or a disk) except those
// documented as reading memory: the UI calls the blocking ones from tea.Cmds
// only, never from Update.
package lab

import (
	"kubelab/internal/msg"

	"context"
	"strconv"
	"time"

	"kubelab/internal/progress"
	"kubelab/lessons"
)

// Lab is everything the UI works with. A nil Runner, Checker or Cluster
// means the UI runs in reading mode.
type Lab struct {
	Catalog  *lessons.Catalog
	Runner   Runner
	Checker  Checker
	Progress Progress
	Cluster  Cluster
	// Markdown renders lesson prose for a width; it caches by its own key.
	Markdown Markdown
	// SaveLang remembers the learner's language choice.
	SaveLang func(lang string) error
	// TrustPack is set when the pack is not trusted yet (not the built-in
	// one, nor trusted before): a pack is code, so the UI shows what it
	// runs and asks before opening any of its lessons. Calling it records
	// the trust; it writes to disk.
	TrustPack func() error
	// Exams sets timed exams; nil means the Exam screen offers none.
	Exams Exams
	// Workspace is the learner's folder of starter files; nil when the lab
	// has none (the steps' files are then not copied anywhere).
	Workspace Workspace
	// TypeAlong is the setting's value when the lab starts: the number
	// keys put a listed command into the prompt instead of running it.
	TypeAlong bool
	// SaveTypeAlong remembers the type-along setting; it writes to disk.
	SaveTypeAlong func(on bool) error
	// ClassBlocked is set when the learner works in a class on a shared
	// cluster: it says why a step cannot run there, if it cannot (it needs
	// cluster-wide rights or the lab's kind nodes). Reads memory.
	ClassBlocked func(s *lessons.Step) (why msg.Msg, blocked bool)
	// Board is a class's live board, set when the lab was opened by the
	// teacher for that class; the Board screen shows it.
	Board Board
	// SetupLog is the file a step's setup commands write their output to
	// (the learner may open it; the screen never shows it otherwise); nil
	// when the lab keeps no such log. Reads memory.
	SetupLog func(lessonID, stepID string) string
}

// ExamSpec is what the learner chose for an exam.
type ExamSpec struct {
	Parts    []string // empty: every part
	Tasks    int
	Minutes  int
	Seed     uint64
	Practice bool
}

// ExamTask is one drawn task: a lesson's step, worked in its own namespace,
// with its starter files in Dir.
type ExamTask struct {
	N         int
	Lesson    *lessons.Lesson
	Step      *lessons.Step
	Part      string
	Weight    int
	Namespace string
	Dir       string
}

// Exams draws exams and keeps their reports.
type Exams interface {
	// New draws an exam for spec; nothing is prepared yet.
	New(spec ExamSpec) (Exam, error)
	// Save keeps an ended exam's record in the learner's history.
	Save(rec progress.Exam) error
}

// Exam is one drawn exam. Prepare, Live, Run, End and Cleanup block; the
// rest read or change memory.
type Exam interface {
	Tasks() []ExamTask
	// Prepare sets every task up before the clock starts, calling progress
	// with the number of tasks ready so far.
	Prepare(ctx context.Context, progress func(done, of int)) error
	// Start starts the clock; the exam ends by itself at the deadline,
	// evaluating every task at that moment.
	Start(now time.Time, d time.Duration) error
	Deadline() time.Time
	// Select makes task i the current one (the report counts the time).
	Select(i int, now time.Time)
	ToggleFlag(i int)
	// Live evaluates task i now in practice mode; false when the exam
	// shows no checks.
	Live(ctx context.Context, i int) (Report, bool)
	// Run runs a command line of the learner's in task i's namespace and
	// folder, as Runner.Run does.
	Run(ctx context.Context, i int, line string, out func(string)) (int, error)
	// End ends the exam (unless the clock did) and returns the frozen record.
	End(ctx context.Context) progress.Exam
	// Cleanup removes the exam's namespaces and puts the nodes back.
	Cleanup(ctx context.Context) error
}

// Runner runs the learner's commands.
type Runner interface {
	// Run runs one command line with sh -c in the lab environment (the lab's
	// KUBECONFIG, the namespace as the current one), calling out with every
	// line of output, stdout and stderr, as it comes. Cancelling ctx kills
	// the command and its children. It returns the exit code.
	// dir is the working folder (the step's workspace folder); empty means
	// the lab's own.
	Run(ctx context.Context, namespace, dir, line string, out func(line string)) (exitCode int, err error)
}

// Workspace is where the learner edits a step's starter files: a visible
// folder per lesson. Dir reads memory; the others touch the disk or the
// cluster.
type Workspace interface {
	// Root is the workspace's root folder.
	Root() string
	// Dir is a lesson's folder under the root.
	Dir(lessonID string) string
	// Copy copies starter files into the lesson's folder, never over a
	// file the learner changed.
	Copy(lessonID string, files []lessons.StarterFile) (FilesResult, error)
	// Restore puts the starter files back, keeping the learner's version
	// of each beside it.
	Restore(lessonID string, files []lessons.StarterFile) (FilesResult, error)
	// Validate checks the manifest at path against the cluster with a
	// server-side dry run in namespace (YAML parse errors first). The
	// error is for a cluster that could not be asked.
	Validate(ctx context.Context, namespace, path string) ([]Problem, error)
}

// FilesResult says what a Copy or Restore did, by file name.
type FilesResult struct {
	Written, Kept []string
	// Saved maps a restored file to the name its learner's version was
	// kept under.
	Saved map[string]string
}

// Problem is one problem of a manifest: the file's base name, the line (0
// when none could be found) and what, in any language.
type Problem struct {
	File string
	Line int
	Msg  msg.Msg
}

// Text is the problem as "deploy.yaml:14: spec…: Required value" in lang.
func (p Problem) Text(lang string) string {
	if p.Line > 0 {
		return p.File + ":" + strconv.Itoa(p.Line) + ": " + p.Msg.Text(lang)
	}
	return p.File + ": " + p.Msg.Text(lang)
}

// CheckResult is one check's latest result.
type CheckResult struct {
	ID   string
	Pass bool
	// Skipped: the check cannot run on this cluster (its step needs kind);
	// it never counts as passed.
	Skipped bool
	// Message says what the check saw and, when failing, what it wants; the
	// view renders it in the language on screen.
	Message msg.Msg
	// Detail is the whole of what the check saw when Message summarises it
	// (every object, every value then and now); zero when Message says all.
	Detail msg.Msg
}

// Report is one evaluation of a step's checks.
type Report struct {
	Results []CheckResult
	// Err is set when the checks could not be evaluated at all (the cluster
	// cannot be reached); then Results hold no verdicts.
	Err error
}

// WatchRequest says which step to watch.
type WatchRequest struct {
	Catalog *lessons.Catalog
	Lesson  *lessons.Lesson
	// Step is the step as the pack has it; the checker expands it for the
	// lesson's namespace.
	Step *lessons.Step
	// Answers returns the learner's quiz answers keyed by lessons.AnswerKey; it is
	// called before every evaluation and is safe for concurrent use.
	Answers func() map[string]string
	// Recheck receives a value when the checks should be evaluated again at
	// once (a command finished, a quiz was answered).
	Recheck <-chan struct{}
}

// Checker evaluates a step's checks against the cluster.
type Checker interface {
	// Watch opens a session for the step (capturing what "changed" and
	// "event" checks compare with), then calls emit with a report at once
	// and again whenever the outcome changes, until ctx is done. It returns
	// an error when the session cannot be opened: a *SetupError when the
	// step's setup commands, run first when the step opens afresh, failed.
	Watch(ctx context.Context, req WatchRequest, emit func(Report)) error
}

// SetupError is a step whose setup commands failed: the cluster is not in
// the state the step's checks judge. Log is the file with their output;
// watching the step again runs them again.
type SetupError struct {
	Log string
	Err error
}

func (e *SetupError) Error() string { return e.Err.Error() }
func (e *SetupError) Unwrap() error { return e.Err }

// Progress is the learner's saved progress. Done, HowDone and Current read
// memory; the others write to disk.
type Progress interface {
	Done(lessonID, stepID string) bool
	// HowDone says how a finished step was completed: the hints seen and
	// whether the solution was shown before it was; ok is false when the
	// step is not finished or how is not known.
	HowDone(lessonID, stepID string) (h progress.Help, ok bool)
	Current() (lessonID, stepID string)
	// Seed is the learner's own text that orders their quiz choices
	// (lessons.ChoiceOrder); it is made and written the first time.
	Seed() (string, error)
	// UseHints records that the learner has seen n hints of a step.
	UseHints(lessonID, stepID string, n int) error
	// ShowSolution records that the learner was shown a step's solution.
	ShowSolution(lessonID, stepID string) error
	// Answers are a lesson's saved quiz answers keyed by lessons.AnswerKey.
	Answers(lessonID string) map[string]string
	MarkDone(lessonID, stepID string) error
	SetCurrent(lessonID, stepID string) error
	SetAnswer(lessonID, key, answer string) error
	ResetLesson(lessonID string) error
}

// Status is what the UI shows about the cluster.
type Status struct {
	Backend    string // "kind" or "existing"
	Reachable  bool
	Nodes      int
	NodesReady int
	// NotCreated: the lab's kind cluster does not exist yet.
	NotCreated bool
	// Detail says why the cluster is not reachable, and what to do.
	Detail msg.Msg
}

// Event is one line of a cluster operation's progress: a step starting,
// finishing or failing.
type Event struct {
	// Msg is what happens, rendered in the language the screen shows.
	Msg   msg.Msg
	State EventState
}

// EventState is where an Event's step is.
type EventState int

const (
	Running EventState = iota
	Done
	Failed
	Info
)

// Finding is one result of the doctor.
type Finding struct {
	OK     bool
	Warn   bool // not OK, but the lab can work
	Title  msg.Msg
	Detail msg.Msg
	Fix    msg.Msg // what to do when not OK
}

// Cluster manages the lab's cluster.
type Cluster interface {
	Backend() string // reads memory
	// CanCreate reports whether Create and Delete apply (the kind backend);
	// reads memory.
	CanCreate() bool
	Status(ctx context.Context) (Status, error)
	Create(ctx context.Context, progress func(Event)) error
	Delete(ctx context.Context, progress func(Event)) error
	// Doctor looks at what the lab needs and words its findings in lang.
	Doctor(ctx context.Context, lang string) ([]Finding, error)
	// ResetLesson empties a lesson's namespace and puts back what the
	// lesson changed outside it (its undo commands).
	ResetLesson(ctx context.Context, cat *lessons.Catalog, l *lessons.Lesson) error
}

// Markdown renders markdown for a width; lang is the language of the
// renderer's own words (the note under a figure too wide for the width).
type Markdown interface {
	Render(markdown string, width int, lang string) (string, error)
}

// Board is a class's live board: the teacher's kubelab evaluates every
// learner's step from the cluster and publishes the result.
type Board interface {
	// Subscribe returns a channel that receives the newest board whenever
	// it changes (older ones are dropped when the reader is slow), starting
	// with the current one, and a function that ends the subscription.
	// Reads memory.
	Subscribe() (<-chan BoardSnapshot, func())
}

// BoardStatus is what a board cell says about its open step.
type BoardStatus int

const (
	BoardUnchecked BoardStatus = iota // not evaluated yet
	BoardPassing                      // the step's checks pass now
	BoardFailing                      // they do not
	BoardDone                         // every class step of the lesson is done
	BoardError                        // the checks could not be evaluated
)

// BoardCell is one learner in one lesson.
type BoardCell struct {
	// Done and Steps count the lesson's class steps done and in all.
	Done, Steps int
	// Started is whether the learner's lab reported anything for the lesson.
	Started bool
	// Step is the step reached.
	Step   string
	Status BoardStatus
	// Failing is the first failing check of the step (when failing) and
	// what it saw.
	Failing     string
	FailingSeen msg.Msg
	// Error says why the checks could not be evaluated.
	Error string
	// Hints revealed and solutions shown in the lesson.
	Hints, Solutions int
}

// BoardStuck is the most common failing check of one step across the class.
type BoardStuck struct {
	Lesson, Step, Check string
	// Count learners fail it, of Of learners on the step.
	Count, Of int
	// Seen is what one of them got, as the check words it.
	Seen msg.Msg
}

// BoardSnapshot is the board at one moment.
type BoardSnapshot struct {
	Class    string
	Learners []string
	Lessons  []string
	// Cells[i][j] is Learners[i] in Lessons[j].
	Cells [][]BoardCell
	// Stuck are sorted from the most learners stuck.
	Stuck []BoardStuck
	// Ready is false until every cell was evaluated once.
	Ready   bool
	Updated time.Time
	// Err is set when the board stopped (the cluster went away).
	Err error
}
