package check

import (
	"context"

	"kubelab/lessons"
)

// exists: at least one object matches the query.
var existsKind = checkKind{
	kind: lessons.KindExists,
	evaluate: func(ev *evaluation, ctx context.Context) Result {
		return ev.existence(ctx, false, msg("want.exists", describeQuery(ev.c.Query)))
	},
	watch:   watchQuery,
	capture: noBaseline,
	messages: map[string]map[string]string{
		"want.exists": {"en": "%[1]s exists", "zh": "%[1]s 存在"},
		"saw.found":   {"en": "found %[1]s", "zh": "找到 %[1]s"},
	},
}

// existence passes when some object matches q (none, when absent).
func (ev *evaluation) existence(ctx context.Context, absent bool, want Msg) Result {
	q := ev.c.Query
	r := Result{Expected: want}
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
