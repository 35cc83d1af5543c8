// Package lessons holds the curriculum as data and the code that loads,
// validates and templates it.
//
// A lesson pack is a folder: course.yaml (parts and the one table of pinned
// images), course.<lang>.yaml (part titles per language) and one folder per
// lesson named NN-<id>, each with a language-neutral lesson.yaml (steps,
// commands, checks, solutions, what a step needs) and one prose file per
// language (en.md, zh.md) holding the notes and each step's text, hints and
// check and quiz wording, keyed by id. The built-in pack is embedded in the
// binary; `kubelab --lessons DIR` loads another from disk. The format is
// documented for authors in README.md beside this file.
//
// Nothing here touches a cluster or a terminal: the sandbox evaluates checks
// and runs commands, the tui shows prose.
package lessons

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"
)

// Languages every lesson must be written in.
var Languages = []string{"en", "zh"}

// Needs says what a step requires of the cluster.
type Needs string

const (
	// NeedsCluster: any Kubernetes API server will do, including the test
	// cluster whose nodes are simulated.
	NeedsCluster Needs = "cluster"
	// NeedsKind: node shells, real containers, cluster DNS or kubeadm, which
	// only the lab's kind cluster has.
	NeedsKind Needs = "kind"
)

// DefaultStepTimeout is how long a step's solution may take to turn its
// checks green when the step does not say.
const DefaultStepTimeout = 60 * time.Second

// Catalog is a loaded, validated lesson pack.
type Catalog struct {
	Parts   []Part
	Lessons []*Lesson
	// Images maps an image's short name, as lessons refer to it with
	// {{image "name"}}, to its pinned reference.
	Images map[string]Image
	// Titles are the part titles per language: Titles[lang][partID].
	Titles map[string]map[string]string
	// ImageNotes say what lessons use each image for, per language:
	// ImageNotes[lang][name], from course.<lang>.yaml.
	ImageNotes map[string]map[string]string
	// Glossary is the pack's glossary (markdown) per language, from
	// glossary.<lang>.md; empty when the pack has none.
	Glossary map[string]string
	// Hash identifies the pack's content: a SHA-256 over every file the
	// loader read (see PackHash). Trust in a pack is given per hash, so one
	// changed byte asks again.
	Hash string
	// Builtin marks the pack shipped inside kubelab, which is trusted.
	Builtin bool
}

// Part groups lessons, in course order.
type Part struct {
	ID string `yaml:"id"`
}

// Image is one entry of the pinned image table.
type Image struct {
	Ref string `yaml:"ref"`
	// Why says what lessons use it for, in a pack that does not say it per
	// language in course.<lang>.yaml (see Catalog.ImageWhy).
	Why string `yaml:"why"`
}

// ImageWhy says what lessons use the image name for, in lang: the note of
// course.<lang>.yaml, else the English one, else course.yaml's why.
func (c *Catalog) ImageWhy(lang, name string) string {
	for _, l := range []string{lang, "en"} {
		if w := c.ImageNotes[l][name]; w != "" {
			return w
		}
	}
	return c.Images[name].Why
}

// Lesson is one lesson: its language-neutral structure plus its prose in
// every language.
type Lesson struct {
	ID    string `yaml:"id"`
	Part  string `yaml:"part"`
	Order int    `yaml:"-"` // the folder's numeric prefix
	// Seed names the section of the source notes this lesson teaches.
	Seed string `yaml:"seed"`
	// Namespace the lesson works in; defaults to the lesson's id.
	Namespace string  `yaml:"namespace"`
	Steps     []*Step `yaml:"steps"`
	// Undo puts back what the lesson changes outside its namespace (a
	// cordoned node, a stopped kubelet, a line added to a node's
	// /etc/hosts, a node that was reset): `kubelab reset` runs these after
	// emptying the namespace, on the lab's own kind cluster (on a cluster
	// the learner named, kubelab changes no node by itself). Each must be
	// safe to run when there is nothing to undo. Templates, like Commands.
	Undo []string `yaml:"undo"`

	Dir string `yaml:"-"` // folder inside the pack, e.g. "03-self-healing"

	text *lessonText // the prose by language: Text, Title, Languages
}

// Step is one hands-on step.
type Step struct {
	ID    string `yaml:"id"`
	Needs Needs  `yaml:"needs"`
	// Timeout bounds how long the checks may take to pass after the solution
	// ran (rollouts, jobs); DefaultStepTimeout when zero.
	Timeout Duration `yaml:"timeout"`
	// Commands the learner may run from the step, each on a key press (at
	// most MaxCommands). They are templates (see Vars).
	Commands []string `yaml:"commands"`
	Checks   []*Check `yaml:"checks"`
	// Solution is the commands that complete the step; the proof test runs
	// them. Templates, like Commands.
	Solution []string `yaml:"solution"`

	// Mode is guided (the default: the step lists the commands to run) or
	// challenge (the step states a goal; its commands may only look).
	Mode Mode `yaml:"mode"`
	// Setup is commands the lab runs, not shown, when the step opens and
	// again after a reset, to put the cluster into a state the learner must
	// diagnose. They must be idempotent. Templates, like Commands.
	Setup []string `yaml:"setup"`
	// Files are starter files, paths relative to the lesson's folder,
	// copied into the learner's workspace when the step opens.
	Files []string `yaml:"files"`
	// Wrong are plausible wrong attempts at a challenge, each proven to
	// leave the checks it names failing.
	Wrong []*Wrong `yaml:"wrong"`

	// Exam marks a step an exam may draw as a task besides the challenges,
	// which an exam may always draw (see Drawable).
	Exam bool `yaml:"exam"`
	// Weight is the task's weight in an exam's score (1 to MaxWeight); zero
	// means DefaultWeight. Only a drawable step may set it.
	Weight int `yaml:"weight"`

	// Starter holds the contents of Files, read when the pack loads.
	Starter []StarterFile `yaml:"-"`

	Line int `yaml:"-"` // where the step starts in lesson.yaml
	idx  int // its index in lesson.yaml's steps list
}

// Mode is how a step is worked.
type Mode string

const (
	// ModeGuided: the step lists the commands that complete it, each run
	// with a key.
	ModeGuided Mode = "guided"
	// ModeChallenge: the step states a goal; the learner writes the
	// commands or manifests. Hints and the solution are there on request.
	ModeChallenge Mode = "challenge"
)

// IsChallenge reports whether the step is a challenge.
func (s *Step) IsChallenge() bool { return s.Mode == ModeChallenge }

// Exam task weights: a step's weight in an exam's score.
const (
	DefaultWeight = 1
	MaxWeight     = 10
)

// Drawable reports whether an exam may draw the step as a task: every
// challenge without a quiz (an exam scores the cluster, it asks no
// questions), and any step its author marked with exam: true.
func (s *Step) Drawable() bool { return s.Exam || (s.IsChallenge() && !s.hasQuiz()) }

func (s *Step) hasQuiz() bool {
	for _, ch := range s.Checks {
		if ch.Kind == KindQuiz {
			return true
		}
	}
	return false
}

// TaskWeight is the step's weight as an exam task: Weight, or DefaultWeight.
func (s *Step) TaskWeight() int {
	if s.Weight > 0 {
		return s.Weight
	}
	return DefaultWeight
}

// StarterFile is one of a step's starter files.
type StarterFile struct {
	// Name is the file's path relative to the lesson folder, and so to the
	// learner's workspace ("deploy.yaml").
	Name string
	Data []byte
}

// MaxStarterFile bounds one starter file: they are small manifests.
const MaxStarterFile = 64 << 10

// Wrong is one wrong attempt at a challenge: what a learner might
// plausibly try, and the checks that must still fail after it.
type Wrong struct {
	// Files are written into an empty folder (name -> content, a template)
	// in which the commands then run, so an attempt can apply a manifest
	// ("kubectl apply -f deploy.yaml").
	Files map[string]string `yaml:"files"`
	// Commands are run in order, with the lab's environment. Templates.
	Commands []string `yaml:"commands"`
	// Fail are the ids of the step's checks that must fail afterwards.
	Fail []string `yaml:"fail"`

	Line int `yaml:"-"`
}

// MaxCommands is how many commands a step may offer: the learner runs each
// with one digit key, 1 to 9.
const MaxCommands = 9

// AnswerKey keys a quiz's answer: "step/check". The progress store keeps a
// lesson's answers under it, the UI writes them and the checks engine reads
// them.
func AnswerKey(step, check string) string { return step + "/" + check }

// Check is one declarative check. Which fields are allowed and required
// depends on Kind (each kind's file, kind_<name>.go, says which); the
// validator enforces it. The kind's file also says which fields are templates.
type Check struct {
	ID   string    `yaml:"id"`
	Kind CheckKind `yaml:"kind"`

	// The objects a check looks at (exists, absent, field, count, condition,
	// changed; and quiz answers computed from the cluster).
	Query `yaml:",inline"`

	// field, changed: a JSONPath such as {.status.readyReplicas}.
	Path string `yaml:"path"`
	// field: exactly one of Equals, Matches, InCIDR, or Op with Value.
	Equals  *string `yaml:"equals"`
	Matches string  `yaml:"matches"` // a Go regular expression
	InCIDR  string  `yaml:"inCIDR"`
	// field, count: a numeric comparison: ==, !=, <, <=, >, >=.
	Op    string `yaml:"op"`
	Value string `yaml:"value"`

	// condition: the condition's type, wanted status (default "True") and
	// optionally its reason.
	Type   string `yaml:"type"`
	Status string `yaml:"status"`
	Reason string `yaml:"reason"`

	// event: Reason (above) is required; optionally the involved object's
	// kind and name, and the event type (Normal, Warning).
	InvolvedKind string `yaml:"involvedKind"`
	InvolvedName string `yaml:"involvedName"`
	EventType    string `yaml:"eventType"`

	// command: a shell command line run with the lab environment, on the host
	// or inside a kind node; its exit code (default 0) and, optionally, its
	// output containing or matching a text.
	Run      string `yaml:"run"`
	On       string `yaml:"on"`   // "host" (default) or "node"
	Node     string `yaml:"node"` // with on: node, e.g. "{{.Nodes.Worker}}"
	ExitCode *int   `yaml:"exitCode"`
	Contains string `yaml:"contains"`

	// quiz: where the right answer comes from, and optional choices (their
	// wording is in the prose files).
	Answer  *Answer  `yaml:"answer"`
	Choices []string `yaml:"choices"`

	Line int `yaml:"-"` // where the check starts in lesson.yaml
	idx  int // its index in the step's checks list
}

// Query selects Kubernetes objects.
type Query struct {
	// Resource as kubectl names it: "pods", "deployments",
	// "deployments.apps", "cronjobs.batch", "nodes"; any kind the cluster
	// serves, CRDs included.
	Resource string `yaml:"resource"`
	// Namespace to look in; the lesson's namespace when empty; ignored for
	// cluster-scoped resources.
	Namespace     string `yaml:"namespace"`
	Name          string `yaml:"name"`
	Selector      string `yaml:"selector"`      // a label selector
	FieldSelector string `yaml:"fieldSelector"` // a field selector
	// Condition narrows to objects whose status condition of this type is
	// "True" (for example Ready).
	Condition string `yaml:"condition"`
}

// Answer is where a quiz's right answer comes from: exactly one field set.
type Answer struct {
	// Literal is a fixed answer (a choice's key when the quiz has choices).
	Literal string `yaml:"literal"`
	// Count is the number of objects the query matches.
	Count *Query `yaml:"count"`
	// Field is the value at Path of the one object the query names.
	Field *FieldAnswer `yaml:"field"`
	// ServerVersion is the API server's version: "minor" gives "1.36",
	// "full" gives "v1.36.3".
	ServerVersion string `yaml:"serverVersion"`
}

// FieldAnswer is a value read from one object.
type FieldAnswer struct {
	Query `yaml:",inline"`
	Path  string `yaml:"path"`
}

// Prose is a lesson's text in one language, parsed from <lang>.md.
type Prose struct {
	Title   string
	Summary string
	Notes   string // markdown
	Steps   map[string]*StepProse
	File    string // e.g. "03-self-healing/en.md"

	stepOrder []string // step ids in the order the file has them
}

// StepProse is one step's text in one language.
type StepProse struct {
	Title    string
	Text     string   // markdown
	Hints    []string // markdown, revealed one at a time
	Solution string   // optional markdown explaining the solution
	Checks   map[string]string
	Quizzes  map[string]*Quiz
	Line     int

	explains map[string]int // quiz id -> line of its ### Explain
}

// Quiz is a quiz's wording.
type Quiz struct {
	Question string
	Choices  map[string]string // choice key -> text
	// Explain is shown after any answer, right or wrong (### Explain <id>).
	Explain string
	Line    int

	choiceOrder []string
}

// ChoiceKeys are the quiz's choice keys in the order the prose lists them.
func (q *Quiz) ChoiceKeys() []string { return q.choiceOrder }

// Step returns the step with id, or nil.
func (l *Lesson) Step(id string) *Step {
	for _, s := range l.Steps {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// StepTimeout is the step's timeout or the default.
func (s *Step) StepTimeout() time.Duration {
	if s.Timeout.Duration > 0 {
		return s.Timeout.Duration
	}
	return DefaultStepTimeout
}

// Lesson returns the lesson with id, or nil.
func (c *Catalog) Lesson(id string) *Lesson {
	for _, l := range c.Lessons {
		if l.ID == id {
			return l
		}
	}
	return nil
}

// PartTitle is a part's title in lang (English when missing).
func (c *Catalog) PartTitle(lang, part string) string {
	if t := c.Titles[lang][part]; t != "" {
		return t
	}
	return c.Titles["en"][part]
}

// Duration is a time.Duration written as "90s" or "2m" in YAML.
type Duration struct{ time.Duration }

// UnmarshalYAML parses a Go duration string, naming the line when it is bad.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil || v <= 0 || n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: timeout %q: want a positive duration such as 90s or 2m", n.Line, n.Value)
	}
	d.Duration = v
	return nil
}

// MarshalYAML writes the duration back as text.
func (d Duration) MarshalYAML() (any, error) { return d.Duration.String(), nil }

// NotesMarkdown is the lesson's concept notes in lang as one markdown
// document: the title, the summary and the notes.
func (l *Lesson) NotesMarkdown(lang string) string {
	p := l.Text(lang)
	return "# " + p.Title + "\n\n" + p.Summary + "\n\n" + p.Notes + "\n"
}
