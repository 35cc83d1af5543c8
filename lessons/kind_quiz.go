package lessons

import "strings"

// KindQuiz: the learner's answer, compared with a literal or a live value.
// Its question and choices are worded in the prose files (### Quiz <id>).
const KindQuiz CheckKind = "quiz"

var quizKind = checkKind{
	kind:      KindQuiz,
	allowed:   []string{"answer", "choices"},
	required:  []string{"answer"},
	templated: func(c *Check) []*string { return c.Answer.templateFields() },
	validate:  validateAnswer,
}

func (a *Answer) templateFields() []*string {
	if a == nil {
		return nil
	}
	f := []*string{&a.Literal}
	if a.Count != nil {
		f = append(f, a.Count.templateFields()...)
	}
	if a.Field != nil {
		f = append(f, a.Field.Query.templateFields()...)
		f = append(f, &a.Field.Path)
	}
	return f
}

func validateAnswer(v *checkInput) {
	a := v.exp.Answer
	if a == nil {
		return
	}
	aAt := append(append([]any{}, v.at...), "answer")
	line := func(keys ...any) int { return v.pos.line(append(append([]any{}, aAt...), keys...)...) }
	id, file, ps := v.ch.ID, v.file, v.ps
	set := 0
	for _, ok := range []bool{v.pos.has(aAt, "literal"), a.Count != nil, a.Field != nil, a.ServerVersion != ""} {
		if ok {
			set++
		}
	}
	if set != 1 {
		v.problem(line(), "answer takes exactly one of literal, count, field, serverVersion")
	}
	if a.Count != nil {
		if a.Count.Resource == "" {
			v.problem(line("count"), "answer count needs a resource")
		}
		validateQuery(id, *a.Count, func(k ...any) int { return line(append([]any{"count"}, k...)...) }, file, ps)
	}
	if a.Field != nil {
		if a.Field.Resource == "" || a.Field.Path == "" {
			v.problem(line("field"), "answer field needs a resource and a path")
		}
		validateQuery(id, a.Field.Query, func(k ...any) int { return line(append([]any{"field"}, k...)...) }, file, ps)
		if a.Field.Path != "" {
			validateJSONPath(id, a.Field.Path, file, line("field", "path"), ps)
		}
	}
	if a.ServerVersion != "" && a.ServerVersion != "minor" && a.ServerVersion != "full" {
		v.problem(line("serverVersion"), "serverVersion %q; want minor or full", a.ServerVersion)
	}
	if len(v.exp.Choices) > 0 {
		seen := map[string]bool{}
		for _, k := range v.exp.Choices {
			if seen[k] {
				v.problem(line(), "choice %q listed twice", k)
			}
			seen[k] = true
		}
		if v.pos.has(aAt, "literal") && !seen[a.Literal] {
			v.problem(line("literal"), "the answer %q is not one of the choices %s", a.Literal, strings.Join(v.exp.Choices, ", "))
		}
	}
}
