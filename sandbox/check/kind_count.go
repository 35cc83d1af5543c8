package check

import (
	"context"
	"fmt"
	"strconv"

	"kubelab/lessons"
)

// count: the number of matching objects compares as asked.
var countKind = checkKind{
	kind:     lessons.KindCount,
	evaluate: (*evaluation).count,
	watch:    watchQuery,
	capture:  noBaseline,
	messages: map[string]map[string]string{
		"want.count": {"en": "number of %[1]s %[2]s %[3]s", "zh": "%[1]s 的数量 %[2]s %[3]s"},
		"saw.count":  {"en": "%[2]d %[1]s", "zh": "%[2]d 个 %[1]s"},
	},
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
