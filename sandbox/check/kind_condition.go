package check

import (
	"context"

	"kubelab/lessons"
)

// condition: every matching object (at least one) has the condition with the
// status (and reason).
var conditionKind = checkKind{
	kind:     lessons.KindCondition,
	evaluate: (*evaluation).condition,
	watch:    watchQuery,
	capture:  noBaseline,
	messages: map[string]map[string]string{
		"want.condition":       {"en": "%[1]s has condition %[2]s=%[3]s", "zh": "%[1]s 的条件 %[2]s=%[3]s"},
		"want.conditionReason": {"en": "%[1]s has condition %[2]s=%[3]s with reason %[4]s", "zh": "%[1]s 的条件 %[2]s=%[3]s，原因 %[4]s"},
		"saw.condition":        {"en": "%[1]s: %[2]s=%[3]s", "zh": "%[1]s：%[2]s=%[3]s"},
		"saw.conditionReason":  {"en": "%[1]s: %[2]s=%[3]s (reason %[4]s)", "zh": "%[1]s：%[2]s=%[3]s（原因 %[4]s）"},
		"saw.noCondition":      {"en": "%[1]s has no %[2]s condition", "zh": "%[1]s 没有 %[2]s 条件"},
	},
}

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
		return Result{Expected: want, Observed: joinMsgs(bad), Detail: fullList(bad)}
	}
	return Result{Pass: true, Expected: want, Observed: joinMsgs(good), Detail: fullList(good)}
}
