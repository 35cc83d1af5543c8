package check

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/version"

	"kubelab/lessons"
)

// quiz: the learner's answer equals the right one, which is a literal or is
// read from the cluster now. A quiz whose answer is read from the cluster is
// evaluated again when the objects it reads change.
var quizKind = checkKind{
	kind:     lessons.KindQuiz,
	evaluate: (*evaluation).quiz,
	watch: func(c *lessons.Check, w *watchSet) bool {
		if c.Answer != nil && c.Answer.Count != nil {
			w.query(*c.Answer.Count)
		}
		if c.Answer != nil && c.Answer.Field != nil {
			w.query(c.Answer.Field.Query)
		}
		return true
	},
	capture: noBaseline,
	messages: map[string]map[string]string{
		"want.quiz":      {"en": "the right answer", "zh": "正确答案"},
		"want.quizLive":  {"en": "the right answer, read from the cluster", "zh": "正确答案（从集群读取）"},
		"saw.noAnswer":   {"en": "not answered yet", "zh": "尚未作答"},
		"saw.answer":     {"en": "you answered %[1]q", "zh": "你的回答是 %[1]q"},
		"saw.answerGood": {"en": "you answered %[1]q, which is right", "zh": "你的回答 %[1]q 正确"},
		"err.quizMany":   {"en": "%[1]s matches %[2]d objects; the quiz needs exactly one", "zh": "%[1]s 匹配到 %[2]d 个对象；测验需要恰好一个"},
		"err.quizNone":   {"en": "%[1]s matches nothing, so the answer cannot be read yet", "zh": "%[1]s 没有匹配的对象，暂时读不到答案"},
		"err.quizEmpty":  {"en": "%[1]s has no %[2]s, so the answer cannot be read yet", "zh": "%[1]s 没有 %[2]s，暂时读不到答案"},
	},
}

func (ev *evaluation) quiz(ctx context.Context) Result {
	c := ev.c
	want := msg("want.quiz")
	if c.Answer == nil {
		return Result{Err: fmt.Errorf("check %s: a quiz needs an answer", c.ID), Expected: want}
	}
	if c.Answer.Literal == "" {
		want = msg("want.quizLive")
	}
	right, err := ev.s.rightAnswer(ctx, ev.l, c.ID)
	if err != nil {
		return Result{Err: err, Expected: want}
	}
	given, ok := ev.answers[lessons.AnswerKey(ev.s.step.ID, c.ID)]
	if !ok || strings.TrimSpace(given) == "" {
		return Result{Expected: want, Observed: msg("saw.noAnswer"), Answer: right}
	}
	given = strings.TrimSpace(given)
	if sameAnswer(given, right) {
		return Result{Pass: true, Expected: want, Observed: msg("saw.answerGood", given), Answer: right, Given: given}
	}
	return Result{Expected: want, Observed: msg("saw.answer", given), Answer: right, Given: given}
}

// RightAnswer is the right answer to the step's quiz check now: its literal,
// or the value read from the cluster. The proof test and a UI that reveals
// solutions use it.
func (s *Session) RightAnswer(ctx context.Context, checkID string) (string, error) {
	return s.rightAnswer(ctx, s.e.newLister(s.ns), checkID)
}

func (s *Session) rightAnswer(ctx context.Context, l *lister, checkID string) (string, error) {
	var a = s.quizAnswer(checkID)
	switch {
	case a == nil:
		return "", fmt.Errorf("step %s has no quiz %s", s.step.ID, checkID)
	case a.Literal != "":
		return a.Literal, nil
	case a.Count != nil:
		objs, err := l.list(ctx, *a.Count)
		if err != nil {
			return "", err
		}
		return strconv.Itoa(len(objs.items)), nil
	case a.Field != nil:
		objs, err := l.list(ctx, a.Field.Query)
		if err != nil {
			return "", err
		}
		o, err := oneObject(a.Field.Query, objs)
		if err != nil {
			return "", err
		}
		vals, err := pathValues(a.Field.Path, o.Object)
		if err != nil {
			return "", err
		}
		if len(vals) == 0 {
			return "", errorf("err.quizEmpty", describeObject(a.Field.Query, o), showPath(a.Field.Path))
		}
		return strings.Join(vals, " "), nil
	case a.ServerVersion != "":
		v, err := s.e.serverVersion(ctx)
		if err != nil {
			return "", err
		}
		if a.ServerVersion == "full" {
			return v.GitVersion, nil
		}
		return minorVersion(v), nil
	}
	return "", fmt.Errorf("check %s: the quiz's answer names no source", checkID)
}

// oneObject is the object a quiz's field answer reads.
func oneObject(q lessons.Query, objs objects) (unstructured.Unstructured, error) {
	switch len(objs.items) {
	case 1:
		return objs.items[0], nil
	case 0:
		return unstructured.Unstructured{}, errorf("err.quizNone", describeQuery(q))
	default:
		return unstructured.Unstructured{}, errorf("err.quizMany", describeQuery(q), len(objs.items))
	}
}

func (s *Session) quizAnswer(checkID string) *lessons.Answer {
	for _, c := range s.step.Checks {
		if c.ID == checkID && c.Kind == lessons.KindQuiz {
			return c.Answer
		}
	}
	return nil
}

func (e *Engine) serverVersion(ctx context.Context) (*version.Info, error) {
	var v *version.Info
	err := e.retry(ctx, func() error {
		var err error
		v, err = e.disco.ServerVersion()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the server's version: %w", err)
	}
	return v, nil
}

// minorVersion is "1.36" for v1.36.3 (and for a minor reported as "36+").
func minorVersion(v *version.Info) string {
	minor := strings.TrimRightFunc(v.Minor, func(r rune) bool { return r < '0' || r > '9' })
	if v.Major != "" && minor != "" {
		return v.Major + "." + minor
	}
	parts := strings.SplitN(strings.TrimPrefix(v.GitVersion, "v"), ".", 3)
	if len(parts) >= 2 {
		return parts[0] + "." + parts[1]
	}
	return v.GitVersion
}

// sameAnswer compares a learner's answer with the right one forgivingly:
// case, surrounding space and quotes, a leading "v" on versions, numbers
// written differently (3 and 3.0), and lists given in another order or
// separated by commas instead of spaces.
func sameAnswer(given, right string) bool {
	g, r := tokens(given), tokens(right)
	if len(g) != len(r) || len(g) == 0 {
		return false
	}
	slices.Sort(g)
	slices.Sort(r)
	for i := range g {
		if !sameToken(g[i], r[i]) {
			return false
		}
	}
	return true
}

func tokens(s string) []string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.Trim(s, "\"'`")
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '，' || r == ';' })
}

func sameToken(a, b string) bool {
	if a == b {
		return true
	}
	if fa, err := strconv.ParseFloat(a, 64); err == nil {
		if fb, err := strconv.ParseFloat(b, 64); err == nil {
			return fa == fb
		}
	}
	trim := func(s string) string {
		if len(s) > 1 && s[0] == 'v' && s[1] >= '0' && s[1] <= '9' {
			return s[1:]
		}
		return s
	}
	return trim(a) == trim(b)
}
