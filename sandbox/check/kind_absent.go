package check

import (
	"context"

	"kubelab/lessons"
)

// absent: no object matches the query.
var absentKind = checkKind{
	kind: lessons.KindAbsent,
	evaluate: func(ev *evaluation, ctx context.Context) Result {
		return ev.existence(ctx, true, msg("want.absent", describeQuery(ev.c.Query)))
	},
	watch:   watchQuery,
	capture: noBaseline,
	messages: map[string]map[string]string{
		"want.absent": {"en": "no %[1]s", "zh": "没有 %[1]s"},
	},
}
