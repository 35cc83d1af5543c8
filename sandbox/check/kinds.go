package check

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"

	"kubelab/lessons"
)

// checkKind is everything the engine does for one kind of check: evaluate
// it, say what to watch so it is evaluated again when it may have changed,
// capture what it compares with when the step opens, and the words of its
// verdicts in every language. Each kind is one file, kind_<name>.go, and is
// listed once in checkKinds; its fields, templates and validation are in the
// lessons package's file of the same name. TestEveryCheckKindIsComplete
// fails when a kind misses a part here or there.
type checkKind struct {
	kind lessons.CheckKind
	// evaluate evaluates one check once; a method of evaluation, as
	// (*evaluation).field.
	evaluate func(ev *evaluation, ctx context.Context) Result
	// watch adds to w what a check of this kind reads, and returns false
	// when a watch cannot see it change (a command's output), so a poll
	// must.
	watch func(c *lessons.Check, w *watchSet) bool
	// capture records in b, when the step opens, what a check of this kind
	// compares with later ("since the step opened"); noBaseline when the
	// kind compares with nothing.
	capture func(ctx context.Context, s *Session, l *lister, c *lessons.Check, b *Baseline) error
	// messages are the kind's own verdict wording, keyed like catalogue,
	// in every language.
	messages map[string]map[string]string
}

// checkKinds is the one table of the kinds the engine evaluates.
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

func kindOf(k lessons.CheckKind) *checkKind {
	for _, ck := range checkKinds {
		if ck.kind == k {
			return ck
		}
	}
	return nil
}

// evaluation is one check evaluated once.
type evaluation struct {
	s       *Session
	l       *lister
	c       *lessons.Check
	answers map[string]string
}

func (ev *evaluation) run(ctx context.Context) Result {
	k := kindOf(ev.c.Kind)
	if k == nil {
		return Result{Err: fmt.Errorf("check %s: unknown kind %q", ev.c.ID, ev.c.Kind)}
	}
	return k.evaluate(ev, ctx)
}

// watchQuery is the watch strategy of the kinds that read the objects of
// their query.
func watchQuery(c *lessons.Check, w *watchSet) bool {
	if c.Resource != "" {
		w.query(c.Query)
	}
	return true
}

// noBaseline is the capture of the kinds that compare with nothing from
// when the step opened.
func noBaseline(context.Context, *Session, *lister, *lessons.Check, *Baseline) error { return nil }

// joinMsgs shows up to three messages, then how many more.
func joinMsgs(ms []Msg) Msg {
	if len(ms) > 3 {
		return msg("saw.more", ms[:3], len(ms)-3, len(ms))
	}
	return msg("text", ms)
}

// fullList is the whole list joinMsgs shortened, for Result.Detail; zero
// when joinMsgs showed all of it.
func fullList(ms []Msg) Msg {
	if len(ms) > 3 {
		return msg("text", ms)
	}
	return Msg{}
}

// tail keeps the end of a command's output, where the verdict usually is.
func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n:])
}

// compare evaluates "got op want" as numbers; isNum is false when either side
// is not one. Quantities such as 500m or 1Gi count as numbers.
func compare(got, op, want string) (ok, isNum bool) {
	a, okA := number(got)
	b, okB := number(want)
	if !okA || !okB {
		return false, false
	}
	switch op {
	case "==":
		return a == b, true
	case "!=":
		return a != b, true
	case "<":
		return a < b, true
	case "<=":
		return a <= b, true
	case ">":
		return a > b, true
	case ">=":
		return a >= b, true
	}
	return false, false
}

func number(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f, true
	}
	if q, err := resource.ParseQuantity(s); err == nil {
		return q.AsApproximateFloat64(), true
	}
	return 0, false
}

func isNotFound(err error) bool { return apierrors.IsNotFound(err) }
