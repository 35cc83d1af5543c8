package check

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"kubelab/lessons"
)

// evaluation is one check evaluated once.
type evaluation struct {
	s       *Session
	l       *lister
	c       *lessons.Check
	answers map[string]string
}

func (ev *evaluation) run(ctx context.Context) Result {
	switch ev.c.Kind {
	case lessons.KindExists:
		return ev.exists(ctx, false)
	case lessons.KindAbsent:
		return ev.exists(ctx, true)
	case lessons.KindField:
		return ev.field(ctx)
	case lessons.KindCount:
		return ev.count(ctx)
	case lessons.KindCondition:
		return ev.condition(ctx)
	case lessons.KindEvent:
		return ev.event(ctx)
	case lessons.KindChanged:
		return ev.changed(ctx)
	case lessons.KindCommand:
		return ev.command(ctx)
	case lessons.KindQuiz:
		return ev.quiz(ctx)
	}
	return Result{Err: fmt.Errorf("check %s: unknown kind %q", ev.c.ID, ev.c.Kind)}
}

func (ev *evaluation) exists(ctx context.Context, absent bool) Result {
	q := ev.c.Query
	r := Result{Expected: msg("want.exists", describeQuery(q))}
	if absent {
		r.Expected = msg("want.absent", describeQuery(q))
	}
	objs, err := ev.l.list(ctx, q)
	if err != nil {
		return Result{Err: err, Expected: r.Expected}
	}
	if len(objs.items) == 0 {
		r.Observed = msg("saw.none", describeQuery(q))
	} else {
		r.Observed = msg("saw.found", describeList(q, objs.items))
	}
	r.Pass = (len(objs.items) > 0) != absent
	return r
}

// field: every matching object (at least one) has a value at the path that
// satisfies the test.
func (ev *evaluation) field(ctx context.Context) Result {
	c := ev.c
	path := showPath(c.Path)
	var want Msg
	var test func(obj, v string) (bool, Msg)
	switch {
	case c.Equals != nil:
		want = msg("want.equals", path, *c.Equals)
		test = func(obj, v string) (bool, Msg) { return v == *c.Equals, msg("saw.value", obj, path, v) }
	case c.Matches != "":
		re, err := regexp.Compile(c.Matches)
		if err != nil {
			return Result{Err: fmt.Errorf("check %s: matches %q: %w", c.ID, c.Matches, err)}
		}
		want = msg("want.matches", path, c.Matches)
		test = func(obj, v string) (bool, Msg) { return re.MatchString(v), msg("saw.value", obj, path, v) }
	case c.InCIDR != "":
		prefix, err := netip.ParsePrefix(c.InCIDR)
		if err != nil {
			return Result{Err: fmt.Errorf("check %s: inCIDR %q: %w", c.ID, c.InCIDR, err)}
		}
		want = msg("want.inCIDR", path, c.InCIDR)
		test = func(obj, v string) (bool, Msg) {
			for _, f := range strings.Fields(v) {
				ip, err := netip.ParseAddr(f)
				if err != nil {
					return false, msg("saw.notIP", obj, path, v)
				}
				if !prefix.Contains(ip) {
					return false, msg("saw.value", obj, path, v)
				}
			}
			return true, msg("saw.value", obj, path, v)
		}
	case c.Op != "":
		want = msg("want.compare", path, c.Op, c.Value)
		test = func(obj, v string) (bool, Msg) {
			ok, isNum := compare(v, c.Op, c.Value)
			if !isNum {
				return false, msg("saw.notNumber", obj, path, v)
			}
			return ok, msg("saw.value", obj, path, v)
		}
	default:
		return Result{Err: fmt.Errorf("check %s: a field check needs equals, matches, inCIDR or op", c.ID)}
	}
	if c.Name == "" {
		want = msg("want.every", want, describeQuery(c.Query))
	}
	objs, err := ev.l.list(ctx, c.Query)
	if err != nil {
		return Result{Err: err, Expected: want}
	}
	r := Result{Expected: want, Pass: len(objs.items) > 0}
	if len(objs.items) == 0 {
		r.Observed = msg("saw.none", describeQuery(c.Query))
		return r
	}
	var good, bad []Msg
	for _, o := range objs.items {
		obj := describeObject(c.Query, o)
		vals, err := pathValues(c.Path, o.Object)
		if err != nil {
			return Result{Err: err, Expected: want}
		}
		if len(vals) == 0 {
			bad = append(bad, msg("saw.missing", obj, path))
			continue
		}
		ok, seen := test(obj, strings.Join(vals, " "))
		if ok {
			good = append(good, seen)
		} else {
			bad = append(bad, seen)
		}
	}
	r.Pass = len(bad) == 0
	if r.Pass {
		r.Observed = joinMsgs(good)
	} else {
		r.Observed = joinMsgs(bad)
	}
	return r
}

// joinMsgs shows up to three messages, then how many more.
func joinMsgs(ms []Msg) Msg {
	if len(ms) > 3 {
		return msg("saw.more", ms[:3], len(ms)-3, len(ms))
	}
	return msg("text", ms)
}

func (ev *evaluation) count(ctx context.Context) Result {
	q := ev.c.Query
	want := msg("want.count", describeQuery(q), ev.c.Op, ev.c.Value)
	objs, err := ev.l.list(ctx, q)
	if err != nil {
		return Result{Err: err, Expected: want}
	}
	n := len(objs.items)
	ok, isNum := compare(strconv.Itoa(n), ev.c.Op, ev.c.Value)
	if !isNum {
		return Result{Err: fmt.Errorf("check %s: value %q is not a number", ev.c.ID, ev.c.Value), Expected: want}
	}
	return Result{Pass: ok, Expected: want, Observed: msg("saw.count", describeQuery(q), n)}
}

// condition: every matching object (at least one) has the condition with the
// status (and reason).
func (ev *evaluation) condition(ctx context.Context) Result {
	c := ev.c
	status := c.Status
	if status == "" {
		status = "True"
	}
	q := c.Query
	want := msg("want.condition", describeQuery(q), c.Type, status)
	if c.Reason != "" {
		want = msg("want.conditionReason", describeQuery(q), c.Type, status, c.Reason)
	}
	objs, err := ev.l.list(ctx, q)
	if err != nil {
		return Result{Err: err, Expected: want}
	}
	if len(objs.items) == 0 {
		return Result{Expected: want, Observed: msg("saw.none", describeQuery(q))}
	}
	var good, bad []Msg
	for _, o := range objs.items {
		obj := describeObject(q, o)
		cond := conditionStatus(o, c.Type)
		var seen Msg
		switch {
		case !cond.found:
			bad = append(bad, msg("saw.noCondition", obj, c.Type))
			continue
		case cond.reason != "":
			seen = msg("saw.conditionReason", obj, c.Type, cond.status, cond.reason)
		default:
			seen = msg("saw.condition", obj, c.Type, cond.status)
		}
		if cond.status == status && (c.Reason == "" || cond.reason == c.Reason) {
			good = append(good, seen)
		} else {
			bad = append(bad, seen)
		}
	}
	if len(bad) > 0 {
		return Result{Expected: want, Observed: joinMsgs(bad)}
	}
	return Result{Pass: true, Expected: want, Observed: joinMsgs(good)}
}

// changed: some matching object has a value at the path that none of the
// objects had when the step opened.
func (ev *evaluation) changed(ctx context.Context) Result {
	c := ev.c
	path := showPath(c.Path)
	before := ev.s.baseline.Values[c.ID]
	then := msg("base.none")
	if len(before) > 0 {
		then = msg("text", strings.Join(before, ", "))
	}
	want := msg("want.changed", path, describeQuery(c.Query), then)
	objs, err := ev.l.list(ctx, c.Query)
	if err != nil {
		return Result{Err: err, Expected: want}
	}
	var same []Msg
	for _, o := range objs.items {
		obj := describeObject(c.Query, o)
		vals, err := pathValues(c.Path, o.Object)
		if err != nil {
			return Result{Err: err, Expected: want}
		}
		for _, v := range vals {
			if !slices.Contains(before, v) {
				return Result{Pass: true, Expected: want, Observed: msg("saw.changedTo", obj, path, v)}
			}
			same = append(same, msg("saw.unchanged", obj, path, v))
		}
	}
	if len(objs.items) == 0 {
		return Result{Expected: want, Observed: msg("saw.none", describeQuery(c.Query))}
	}
	if len(same) == 0 {
		return Result{Expected: want, Observed: msg("saw.noValueYet", describeQuery(c.Query), path)}
	}
	return Result{Expected: want, Observed: joinMsgs(same)}
}

func (ev *evaluation) command(ctx context.Context) Result {
	c := ev.c
	code := 0
	if c.ExitCode != nil {
		code = *c.ExitCode
	}
	want := msg("want.exit", c.Run, code)
	switch {
	case c.Contains != "":
		want = msg("want.exitContains", c.Run, code, c.Contains)
	case c.Matches != "":
		want = msg("want.exitMatches", c.Run, code, c.Matches)
	}
	var re *regexp.Regexp
	if c.Matches != "" {
		var err error
		if re, err = regexp.Compile(c.Matches); err != nil {
			return Result{Err: fmt.Errorf("check %s: matches %q: %w", c.ID, c.Matches, err), Expected: want}
		}
	}
	var got int
	var out string
	var err error
	if c.On == "node" {
		want = msg("want.onNode", c.Node, want)
		if ev.s.e.cfg.Nodes == nil {
			return Result{Err: errorf("err.needsKind", c.Node), Expected: want}
		}
		got, out, err = ev.s.e.cfg.Nodes.Exec(ctx, c.Node, c.Run)
	} else {
		if ev.s.e.cfg.Runner == nil {
			return Result{Err: errorf("err.noRunner"), Expected: want}
		}
		got, out, err = ev.s.e.cfg.Runner.Run(ctx, c.Run)
	}
	if err != nil {
		return Result{Err: fmt.Errorf("run %q: %w", c.Run, err), Expected: want}
	}
	r := Result{Expected: want, Observed: msg("saw.exit", got, tail(out, 160))}
	if strings.TrimSpace(out) == "" {
		r.Observed = msg("saw.exitSilent", got)
	}
	r.Pass = got == code &&
		(c.Contains == "" || strings.Contains(out, c.Contains)) &&
		(re == nil || re.MatchString(out))
	return r
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
