package lessons

import "fmt"

// CheckKind names what a check verifies.
type CheckKind string

// checkKind is everything the lesson format knows about one kind of check:
// which fields it takes, which of them are templates, and the rules a
// well-formed check of the kind follows beyond its fields. Each kind is one
// file, kind_<name>.go, and is listed once in checkKinds. The sandbox's
// check engine evaluates it from a file of the same name. The tests here fail
// when a kind misses a part or its row in README.md's table of kinds; those
// of the engine when a kind has no evaluator (or the other way round) or a
// message is missing in a language.
type checkKind struct {
	kind CheckKind
	// allowed are the YAML fields a check of this kind may set besides id
	// and kind; required those it must set.
	allowed, required []string
	// templated returns pointers to the fields of c that are templates,
	// expanded before validation and evaluation. c is a copy whose pointer
	// fields (equals, answer) are its own.
	templated func(c *Check) []*string
	// validate adds the kind's own problems; nil when its fields' rules
	// are all there is.
	validate func(v *checkInput)
}

// checkKinds is the one table of check kinds, in the order README.md
// presents them.
var checkKinds = []*checkKind{
	&existsKind,
	&absentKind,
	&fieldKind,
	&countKind,
	&conditionKind,
	&eventKind,
	&changedKind,
	&commandKind,
	&quizKind,
}

// CheckKinds lists every kind, in the order the docs present them.
var CheckKinds = kindNames()

func kindNames() []CheckKind {
	out := make([]CheckKind, len(checkKinds))
	for i, k := range checkKinds {
		out[i] = k.kind
	}
	return out
}

func kindOf(k CheckKind) (*checkKind, bool) {
	for _, ck := range checkKinds {
		if ck.kind == k {
			return ck, true
		}
	}
	return nil, false
}

// checkInput is one check as a kind's validate sees it: as written, as
// expanded, and where its fields are in lesson.yaml.
type checkInput struct {
	step *Step
	ch   *Check // as written
	exp  *Check // templates expanded
	keys map[string]int
	pos  nodePositions
	at   []any // the check's path in lesson.yaml
	file string
	ps   *problems
}

// line is the line of a key under the check.
func (v *checkInput) line(keys ...any) int {
	return v.pos.line(append(append([]any{}, v.at...), keys...)...)
}

// has reports whether the check sets the field.
func (v *checkInput) has(key string) bool {
	_, ok := v.keys[key]
	return ok
}

// problem reports a problem with the check at line; the message starts
// with "check <id>: ".
func (v *checkInput) problem(line int, format string, args ...any) {
	v.ps.add(v.file, line, "check %s: %s", v.ch.ID, fmt.Sprintf(format, args...))
}

// query fields shared by the kinds that look at objects.
var queryFields = []string{"resource", "namespace", "name", "selector", "fieldSelector", "condition"}

func without(list []string, drop string) []string {
	var out []string
	for _, s := range list {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
