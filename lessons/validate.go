package lessons

import (
	"net/netip"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/client-go/util/jsonpath"

	"go.yaml.in/yaml/v3"
)

// Ops are the numeric comparisons a check may use.
var Ops = []string{"==", "!=", "<", "<=", ">", ">="}

func validateLesson(l *Lesson, root *yaml.Node, c *Catalog, ps *problems) {
	file := path.Join(l.Dir, LessonFile)
	pos := positions(root)
	partOK := false
	for _, p := range c.Parts {
		partOK = partOK || p.ID == l.Part
	}
	if !partOK {
		ps.add(file, pos.line("part"), "part %q is not one of course.yaml's parts", l.Part)
	}
	if errs := validation.IsDNS1123Label(l.Namespace); len(errs) > 0 {
		ps.add(file, pos.line("namespace"), "namespace %q: %s", l.Namespace, errs[0])
	} else if l.Namespace == "default" || strings.HasPrefix(l.Namespace, "kube-") {
		// Reset deletes a lesson's namespace with everything in it.
		ps.add(file, pos.line("namespace"), "namespace %q belongs to the cluster: a lesson works in a namespace of its own, which reset deletes", l.Namespace)
	}
	if len(l.Steps) == 0 {
		ps.add(file, pos.line("steps"), "no steps: a lesson has at least one hands-on step")
	}
	dropEmpty(l, pos, file, ps)
	vars := LabVars(l.Namespace)
	for j, cmd := range l.Undo {
		if strings.TrimSpace(cmd) == "" {
			ps.add(file, pos.line("undo", j), "undo %d is empty: list the commands that put the lesson's changes back", j+1)
		}
		checkTemplate(cmd, vars, c, file, pos.line("undo", j), ps)
	}
	seenStep := map[string]bool{}
	for _, s := range l.Steps {
		i := s.idx
		s.Line = pos.line("steps", i)
		at := func(keys ...any) int { return pos.line(append([]any{"steps", i}, keys...)...) }
		switch {
		case !idRE.MatchString(s.ID):
			ps.add(file, s.Line, "step id %q: use lower-case letters, digits and dashes", s.ID)
		case seenStep[s.ID]:
			ps.add(file, s.Line, "step id %q is used twice", s.ID)
		}
		seenStep[s.ID] = true
		if s.Needs != NeedsCluster && s.Needs != NeedsKind {
			ps.add(file, at("needs"), "step %s: needs is %q; want cluster (any API server) or kind (node shells, real containers, DNS)", s.ID, s.Needs)
		}
		quizOnly := len(s.Checks) > 0
		for _, ch := range s.Checks {
			quizOnly = quizOnly && ch.Kind == KindQuiz
		}
		validateExercise(s, at, vars, c, file, ps)
		if len(s.Commands) == 0 && !quizOnly && !s.IsChallenge() {
			ps.add(file, s.Line, "step %s: no commands: list what the learner runs", s.ID)
		}
		validateCommandCount(s, at, file, ps)
		if len(s.Solution) == 0 && !quizOnly {
			ps.add(file, s.Line, "step %s: no solution: list the commands that complete the step", s.ID)
		}
		if len(s.Checks) == 0 {
			ps.add(file, s.Line, "step %s: no checks: a step needs at least one", s.ID)
		}
		for j, cmd := range s.Commands {
			checkTemplate(cmd, vars, c, file, at("commands", j), ps)
		}
		for j, cmd := range s.Solution {
			checkTemplate(cmd, vars, c, file, at("solution", j), ps)
		}
		seenCheck := map[string]bool{}
		for _, ch := range s.Checks {
			j := ch.idx
			ch.Line = at("checks", j)
			if seenCheck[ch.ID] {
				ps.add(file, ch.Line, "check id %q is used twice in step %s", ch.ID, s.ID)
			}
			seenCheck[ch.ID] = true
			validateCheck(s, ch, pos, []any{"steps", i, "checks", j}, vars, c, file, ps)
		}
	}
	if !ps.full() {
		return // the prose parses when first read: see lessonText
	}
	prose := l.text.parsed()
	for _, lang := range Languages {
		if p, ok := prose[lang]; ok {
			validateProse(l, p, ps)
		}
	}
	validateExplains(l, prose, ps)
}

// validateExplains holds every quiz's explanation to every language: one
// written in one language only would leave the others without it.
func validateExplains(l *Lesson, prose map[string]Prose, ps *problems) {
	for _, s := range l.Steps {
		for _, ch := range s.Checks {
			if ch.Kind != KindQuiz {
				continue
			}
			some := false
			for _, p := range prose {
				if sp := p.Steps[s.ID]; sp != nil && sp.Quizzes[ch.ID] != nil && sp.Quizzes[ch.ID].Explain != "" {
					some = true
				}
			}
			if !some {
				continue
			}
			for _, lang := range Languages {
				p, ok := prose[lang]
				if !ok {
					continue
				}
				sp := p.Steps[s.ID]
				if sp == nil || sp.Quizzes[ch.ID] == nil {
					continue // reported as a missing step or quiz
				}
				if sp.Quizzes[ch.ID].Explain == "" {
					ps.add(p.File, sp.Quizzes[ch.ID].Line, "quiz %s: no explanation in this language: add \"### Explain %s\" as the other languages have", ch.ID, ch.ID)
				}
			}
		}
	}
}

func validateCheck(s *Step, ch *Check, pos nodePositions, at []any, vars Vars, c *Catalog, file string, ps *problems) {
	line := func(keys ...any) int { return pos.line(append(append([]any{}, at...), keys...)...) }
	if !idRE.MatchString(ch.ID) {
		ps.add(file, ch.Line, "check id %q: use lower-case letters, digits and dashes", ch.ID)
	}
	spec, ok := kindOf(ch.Kind)
	if !ok {
		kinds := make([]string, len(CheckKinds))
		for i, k := range CheckKinds {
			kinds[i] = string(k)
		}
		ps.add(file, line("kind"), "check %s: unknown kind %q; want one of %s", ch.ID, ch.Kind, strings.Join(kinds, ", "))
		return
	}
	if !ps.full() {
		return // the rest only looks for problems
	}
	keys := pos.keys(at...)
	allowed := map[string]bool{"id": true, "kind": true}
	for _, f := range spec.allowed {
		allowed[f] = true
	}
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !allowed[k] {
			ps.add(file, keys[k], "check %s: field %q does not apply to a %s check (it takes %s)", ch.ID, k, ch.Kind, strings.Join(spec.allowed, ", "))
		}
	}
	for _, f := range spec.required {
		if _, ok := keys[f]; !ok {
			ps.add(file, ch.Line, "check %s: a %s check needs %q", ch.ID, ch.Kind, f)
		}
	}

	// Validate the expanded values: that is what the engine will see. A
	// field that does not apply was reported above and is left out here.
	exp, err := c.ExpandCheck(ch, vars)
	if err != nil {
		ps.add(file, ch.Line, "check %s: %v", ch.ID, err)
		return
	}
	for _, k := range names {
		if !allowed[k] {
			delete(keys, k)
			exp.clear(k)
		}
	}
	validateQuery(ch.ID, exp.Query, line, file, ps)
	if _, ok := keys["path"]; ok {
		validateJSONPath(ch.ID, exp.Path, file, line("path"), ps)
	}
	if exp.Matches != "" {
		if _, err := regexp.Compile(exp.Matches); err != nil {
			ps.add(file, line("matches"), "check %s: matches: %v", ch.ID, err)
		}
	}
	if _, ok := keys["inCIDR"]; ok {
		if _, err := netip.ParsePrefix(exp.InCIDR); err != nil {
			ps.add(file, line("inCIDR"), "check %s: inCIDR %q is not a CIDR such as %s", ch.ID, exp.InCIDR, vars.ServiceSubnet)
		}
	}
	_, hasOp := keys["op"]
	_, hasValue := keys["value"]
	if hasOp || hasValue {
		if !hasOp || !hasValue {
			ps.add(file, ch.Line, "check %s: op and value go together", ch.ID)
		}
		if hasOp && !contains(Ops, exp.Op) {
			ps.add(file, line("op"), "check %s: op %q; want one of %s", ch.ID, exp.Op, strings.Join(Ops, " "))
		}
		if _, err := strconv.ParseFloat(exp.Value, 64); hasValue && err != nil {
			ps.add(file, line("value"), "check %s: value %q is not a number", ch.ID, exp.Value)
		}
	}
	if spec.validate != nil {
		spec.validate(&checkInput{step: s, ch: ch, exp: exp, keys: keys, pos: pos, at: at, file: file, ps: ps})
	}
}

// resourceRE is a resource as kubectl names it: pods, deployments.apps.
var resourceRE = regexp.MustCompile(`^[a-z0-9]+(\.[a-z0-9.-]+)?$`)

func validateQuery(id string, q Query, line func(...any) int, file string, ps *problems) {
	if q.Name != "" && q.Selector != "" {
		ps.add(file, line("selector"), "check %s: name and selector both set: choose one", id)
	}
	if q.Selector != "" {
		if _, err := labels.Parse(q.Selector); err != nil {
			ps.add(file, line("selector"), "check %s: selector %q: %v", id, q.Selector, err)
		}
	}
	if q.FieldSelector != "" {
		if _, err := fields.ParseSelector(q.FieldSelector); err != nil {
			ps.add(file, line("fieldSelector"), "check %s: fieldSelector %q: %v", id, q.FieldSelector, err)
		}
	}
	if q.Resource != "" && !resourceRE.MatchString(q.Resource) {
		ps.add(file, line("resource"), "check %s: resource %q: name it as kubectl does, e.g. pods, deployments.apps", id, q.Resource)
	}
}

func validateJSONPath(id, p, file string, line int, ps *problems) {
	if p == "" {
		ps.add(file, line, "check %s: empty path", id)
		return
	}
	if !strings.HasPrefix(p, "{") {
		ps.add(file, line, "check %s: path %q: write a JSONPath in braces, e.g. {.status.readyReplicas}", id, p)
		return
	}
	if err := jsonpath.New(id).Parse(p); err != nil {
		ps.add(file, line, "check %s: path %q: %v", id, p, err)
	}
}

// clear zeroes the field a check's YAML key names (in a copy the validator
// owns), so that a field that does not apply is not validated further.
func (ch *Check) clear(key string) {
	var walk func(v reflect.Value) bool
	walk = func(v reflect.Value) bool {
		t := v.Type()
		for i := range t.NumField() {
			tag := t.Field(i).Tag.Get("yaml")
			if tag == ",inline" && walk(v.Field(i)) {
				return true
			}
			if strings.Split(tag, ",")[0] == key {
				v.Field(i).SetZero()
				return true
			}
		}
		return false
	}
	walk(reflect.ValueOf(ch).Elem())
}

func (p nodePositions) has(at []any, key string) bool {
	_, ok := p.keys(at...)[key]
	return ok
}

func checkTemplate(text string, vars Vars, c *Catalog, file string, line int, ps *problems) {
	if !ps.full() {
		return
	}
	if _, err := c.Expand(text, vars); err != nil {
		ps.add(file, line, "%v", err)
	}
}

func validateProse(l *Lesson, p Prose, ps *problems) {
	file := p.File
	for i, s := range l.Steps {
		sp, ok := p.Steps[s.ID]
		if !ok {
			ps.add(file, 0, "step %s has no text: add \"## Step %s: <title>\"", s.ID, s.ID)
			continue
		}
		if i < len(p.stepOrder) && p.stepOrder[i] != s.ID {
			ps.add(file, sp.Line, "step %s is out of order: write the steps in lesson.yaml's order", s.ID)
		}
		if sp.Text == "" {
			ps.add(file, sp.Line, "step %s: no text under its heading", s.ID)
		}
		if len(sp.Hints) < 2 {
			ps.add(file, sp.Line, "step %s: %d hint(s); write at least two (### Hint), from a nudge to nearly the answer", s.ID, len(sp.Hints))
		}
		quizOnly := len(s.Checks) > 0
		known := map[string]*Check{}
		for _, ch := range s.Checks {
			known[ch.ID] = ch
			quizOnly = quizOnly && ch.Kind == KindQuiz
			if ch.Kind == KindQuiz {
				q, ok := sp.Quizzes[ch.ID]
				if !ok || (q.Question == "" && q.Explain != "") {
					if ok {
						ps.add(file, q.Line, "step %s: quiz %s has an explanation but no question: add \"### Quiz %s\"", s.ID, ch.ID, ch.ID)
					} else {
						ps.add(file, sp.Line, "step %s: quiz %s has no question: add \"### Quiz %s\"", s.ID, ch.ID, ch.ID)
					}
					continue
				}
				for _, k := range ch.Choices {
					if q.Choices[k] == "" {
						ps.add(file, q.Line, "quiz %s: choice %q has no text: add \"- %s: ...\"", ch.ID, k, k)
					}
				}
				for k := range q.Choices {
					if !contains(ch.Choices, k) {
						ps.add(file, q.Line, "quiz %s: choice %q is not in lesson.yaml's choices", ch.ID, k)
					}
				}
				continue
			}
			if _, ok := sp.Checks[ch.ID]; !ok {
				ps.add(file, sp.Line, "step %s: check %s has no description: add \"### Check %s\"", s.ID, ch.ID, ch.ID)
			}
		}
		if quizOnly && sp.Solution == "" {
			ps.add(file, sp.Line, "step %s: a quiz-only step explains its answer under ### Solution", s.ID)
		}
		for id := range sp.Checks {
			if ch, ok := known[id]; !ok || ch.Kind == KindQuiz {
				ps.add(file, sp.Line, "step %s: ### Check %s names no such check in lesson.yaml", s.ID, id)
			}
		}
		for id, q := range sp.Quizzes {
			if ch, ok := known[id]; !ok || ch.Kind != KindQuiz {
				ps.add(file, q.Line, "step %s: ### Quiz %s names no quiz check in lesson.yaml", s.ID, id)
			}
		}
	}
	for id, sp := range p.Steps {
		if l.Step(id) == nil {
			ps.add(file, sp.Line, "step %s is not in lesson.yaml", id)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// dropEmpty removes null list items (a bare "-") from steps and checks,
// reporting each, so the rest of validation sees only real ones.
func dropEmpty(l *Lesson, pos nodePositions, file string, ps *problems) {
	steps := l.Steps[:0]
	for i, s := range l.Steps {
		if s == nil {
			ps.add(file, pos.line("steps", i), "an empty step")
			continue
		}
		checks := s.Checks[:0]
		for j, ch := range s.Checks {
			if ch == nil {
				ps.add(file, pos.line("steps", i, "checks", j), "an empty check in step %s", s.ID)
				continue
			}
			ch.idx = j
			checks = append(checks, ch)
		}
		s.Checks = checks
		s.idx = i
		steps = append(steps, s)
	}
	l.Steps = steps
}

// validateCommandCount refuses a step with more commands than digit keys:
// the ones past the ninth could never be run.
func validateCommandCount(s *Step, at func(...any) int, file string, ps *problems) {
	if len(s.Commands) > MaxCommands {
		ps.add(file, at("commands", MaxCommands), "step %s: %d commands; a step offers at most %d, one per digit key, so the rest can never be run: split the step", s.ID, len(s.Commands), MaxCommands)
	}
}
