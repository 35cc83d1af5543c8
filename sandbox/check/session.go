package check

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"kubelab/lessons"
)

// Session is one open step: its checks expanded for the lesson's namespace,
// and what the cluster looked like when the step opened.
type Session struct {
	e        *Engine
	lesson   string
	step     *lessons.Step // expanded
	ns       string
	baseline Baseline
	poke     chan struct{}
}

// Baseline is what "since the step opened" compares with: the values that
// `changed` checks captured and the events that had already happened. It is
// plain data so that a step left open can be resumed later (`kubelab check`
// keeps it between runs).
type Baseline struct {
	OpenedAt time.Time `json:"openedAt"`
	// NamespaceUID is the lesson namespace's UID when the step opened (empty
	// when it did not exist): a different one means the namespace was reset
	// since, and the baseline no longer applies.
	NamespaceUID string `json:"namespaceUID,omitempty"`
	// Values are, per `changed` check, the values its path had then.
	Values map[string][]string `json:"values,omitempty"`
	// Events are the events already in the namespace, by UID, with how often
	// each had happened (an event seen again counts as new).
	Events map[string]string `json:"events,omitempty"`
	// Captured says the baseline was taken (an empty Values map may be one).
	Captured bool `json:"captured"`
}

// Open starts evaluating a step: it expands the step's checks for vars and
// captures the step's baseline now.
func (e *Engine) Open(ctx context.Context, cat *lessons.Catalog, lesson *lessons.Lesson, step *lessons.Step, vars lessons.Vars) (*Session, error) {
	s, err := e.session(cat, lesson, step, vars)
	if err != nil {
		return nil, err
	}
	s.baseline, err = s.capture(ctx)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Resume reopens a step with a baseline captured earlier (Session.Baseline),
// unless the lesson namespace was recreated since, in which case the
// baseline is captured again.
func (e *Engine) Resume(ctx context.Context, cat *lessons.Catalog, lesson *lessons.Lesson, step *lessons.Step, vars lessons.Vars, b Baseline) (*Session, error) {
	s, err := e.session(cat, lesson, step, vars)
	if err != nil {
		return nil, err
	}
	uid, err := e.namespaceUID(ctx, s.ns)
	if err != nil {
		return nil, err
	}
	if !b.Captured || (b.NamespaceUID != "" && uid != b.NamespaceUID) {
		return e.Open(ctx, cat, lesson, step, vars)
	}
	s.baseline = b
	return s, nil
}

func (e *Engine) session(cat *lessons.Catalog, lesson *lessons.Lesson, step *lessons.Step, vars lessons.Vars) (*Session, error) {
	expanded, err := cat.ExpandStep(step, vars)
	if err != nil {
		return nil, fmt.Errorf("lesson %s step %s: %w", lesson.ID, step.ID, err)
	}
	return &Session{e: e, lesson: lesson.ID, step: expanded, ns: vars.Namespace, poke: make(chan struct{}, 1)}, nil
}

// Baseline is what the session compares with; save it to resume the step.
func (s *Session) Baseline() Baseline { return s.baseline }

// Step is the session's step, with its templates expanded.
func (s *Session) Step() *lessons.Step { return s.step }

func (e *Engine) namespaceUID(ctx context.Context, ns string) (string, error) {
	if ns == "" {
		return "", nil
	}
	gvr := schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	var uid string
	err := e.retry(ctx, func() error {
		o, err := e.dyn.Resource(gvr).Get(ctx, ns, metav1.GetOptions{})
		if err != nil {
			if isNotFound(err) {
				uid = ""
				return nil
			}
			return err
		}
		uid = string(o.GetUID())
		return nil
	})
	return uid, err
}

func (s *Session) capture(ctx context.Context) (Baseline, error) {
	b := Baseline{OpenedAt: time.Now(), Values: map[string][]string{}, Captured: true}
	var err error
	if b.NamespaceUID, err = s.e.namespaceUID(ctx, s.ns); err != nil {
		return b, fmt.Errorf("open step %s: %w", s.step.ID, err)
	}
	l := s.e.newLister(s.ns)
	for _, c := range s.step.Checks {
		k := kindOf(c.Kind)
		if k == nil {
			continue // evaluating it reports the unknown kind
		}
		if err := k.capture(ctx, s, l, c, &b); err != nil {
			return b, fmt.Errorf("open step %s: check %s: %w", s.step.ID, c.ID, err)
		}
	}
	return b, nil
}

// Result is one check's verdict.
type Result struct {
	Lesson string
	Step   string
	Check  string
	Kind   lessons.CheckKind
	// Pass is the verdict; false too when Err is set.
	Pass bool
	// Expected and Observed explain the verdict: what the check wants and
	// what it saw. Render them with Text(lang).
	Expected Msg
	Observed Msg
	// Detail is the whole of what the check saw when Observed had to
	// summarise it to fit two lines (every object, every value then and
	// now); zero when Observed says it all.
	Detail Msg
	// Err is set when the check could not be evaluated (an unknown resource,
	// a bad JSONPath, a command that could not start, a node shell on a
	// cluster that has none): not a verdict on the learner's work.
	Err error
	// Answer is a quiz's right answer; never shown by Message, for a UI
	// that reveals the solution.
	Answer string
	// Given is the learner's answer to a quiz (a choice's id when the quiz
	// has choices); empty when not answered.
	Given string
}

// Message is the result as one line in lang: what was seen, and on failure
// what was wanted ("deployments/web: .status.readyReplicas is "1"; want
// .status.readyReplicas >= 3").
func (r Result) Message(lang string) string { return r.Msg().Text(lang) }

// Msg is the result as one message, rendered where it is shown.
func (r Result) Msg() Msg {
	switch {
	case r.Err != nil:
		return msg("result.err", errMsg(r.Err))
	case r.Pass:
		return msg("result.pass", r.Observed)
	default:
		return msg("result.fail", r.Observed, r.Expected)
	}
}

// SkippedMsg says that step's checks were skipped: it needs the lab's kind
// cluster.
func SkippedMsg(step string) Msg { return msg("cli.skipped", step) }

// Report is one evaluation of a step's checks.
type Report struct {
	Lesson, Step string
	Results      []Result
	// Err is set when the cluster could not be reached (an
	// *UnreachableError): then Results hold no verdicts.
	Err error
	At  time.Time
}

// Passed reports whether every check passed.
func (r Report) Passed() bool {
	if r.Err != nil || len(r.Results) == 0 {
		return false
	}
	for _, res := range r.Results {
		if !res.Pass {
			return false
		}
	}
	return true
}

// Evaluate runs every check of the step once. answers are the learner's quiz
// answers keyed by lessons.AnswerKey(step, check); a missing key is no answer.
func (s *Session) Evaluate(ctx context.Context, answers map[string]string) Report {
	rep := Report{Lesson: s.lesson, Step: s.step.ID, At: time.Now(), Results: make([]Result, len(s.step.Checks))}
	l := s.e.newLister(s.ns)
	sem := make(chan struct{}, s.e.cfg.Concurrency)
	var wg sync.WaitGroup
	for i, c := range s.step.Checks {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ev := &evaluation{s: s, l: l, c: c, answers: answers}
			r := ev.run(ctx)
			r.Lesson, r.Step, r.Check, r.Kind = s.lesson, s.step.ID, c.ID, c.Kind
			if r.Err != nil {
				r.Pass = false
			}
			rep.Results[i] = r
		}()
	}
	wg.Wait()
	for _, r := range rep.Results {
		var u *UnreachableError
		if errors.As(r.Err, &u) {
			rep.Err = u
			break
		}
	}
	return rep
}

// errMsg renders an error that stopped a check in the learner's language
// where the error is one the engine knows.
func errMsg(err error) Msg {
	var u *UnreachableError
	if errors.As(err, &u) {
		return u.Msg()
	}
	var unk *unknownResourceError
	if errors.As(err, &unk) {
		return msg("err.unknownResource", unk.name)
	}
	var m *msgError
	if errors.As(err, &m) {
		return m.m
	}
	return msg("text", err.Error())
}

// msgError is an error that has words in every language.
type msgError struct{ m Msg }

func (e *msgError) Error() string { return e.m.Text("en") }

func errorf(key string, args ...any) error { return &msgError{m: msg(key, args...)} }
