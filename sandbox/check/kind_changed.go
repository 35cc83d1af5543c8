package check

import (
	"context"
	"errors"
	"slices"
	"strings"

	"kubelab/lessons"
)

// changed: some matching object has a value at the path that none of the
// objects had when the step opened.
var changedKind = checkKind{
	kind:     lessons.KindChanged,
	evaluate: (*evaluation).changed,
	watch:    watchQuery,
	capture:  captureChanged,
	messages: map[string]map[string]string{
		"want.changed":   {"en": "%[1]s of %[2]s differs from when the step opened", "zh": "%[2]s 的 %[1]s 与步骤开始时不同"},
		"base.none":      {"en": "nothing then", "zh": "当时没有"},
		"base.values":    {"en": "when the step opened, %[1]s was %[2]s", "zh": "步骤开始时，%[1]s 为 %[2]s"},
		"saw.sameUIDs":   {"en": "%[1]d of %[2]d %[3]s are the ones that existed when the step opened", "zh": "%[2]d 个 %[3]s 中有 %[1]d 个仍是步骤开始时就存在的那些"},
		"saw.sameValues": {"en": "all %[1]d values of %[2]s are what they were when the step opened", "zh": "%[2]s 的 %[1]d 个值都与步骤开始时相同"},
		"detail.changed": {"en": "%[1]s. Now: %[2]s", "zh": "%[1]s。现在：%[2]s"},
		"saw.unchanged":  {"en": "%[1]s: %[2]s is still %[3]q", "zh": "%[1]s：%[2]s 仍为 %[3]q"},
		"saw.changedTo":  {"en": "%[1]s: %[2]s is now %[3]q", "zh": "%[1]s：%[2]s 现为 %[3]q"},
		"saw.noValueYet": {"en": "no %[1]s has %[2]s", "zh": "没有 %[1]s 具有 %[2]s"},
	},
}

func (ev *evaluation) changed(ctx context.Context) Result {
	c := ev.c
	path := showPath(c.Path)
	before := ev.s.baseline.Values[c.ID]
	then := msg("base.none")
	if len(before) > 0 {
		then = msg("base.values", path, strings.Join(before, ", "))
	}
	want := msg("want.changed", path, describeQuery(c.Query))
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
	// Every value is one the step opened with: say how many, in two lines
	// at most; the values themselves, then and now, are in Detail.
	detail := msg("detail.changed", then, msg("text", same))
	if strings.TrimSpace(c.Path) == "{.metadata.uid}" {
		return Result{Expected: want, Observed: msg("saw.sameUIDs", len(same), len(objs.items), c.Resource), Detail: detail}
	}
	return Result{Expected: want, Observed: msg("saw.sameValues", len(same), path), Detail: detail}
}

// captureChanged records the values the check's path has now.
func captureChanged(ctx context.Context, s *Session, l *lister, c *lessons.Check, b *Baseline) error {
	objs, err := l.list(ctx, c.Query)
	var unknown *unknownResourceError
	if errors.As(err, &unknown) {
		// A kind the step itself installs (a CRD): nothing then.
		b.Values[c.ID] = []string{}
		return nil
	}
	if err != nil {
		return err
	}
	vals := []string{}
	for _, o := range objs.items {
		v, err := pathValues(c.Path, o.Object)
		if err != nil {
			return err
		}
		vals = append(vals, v...)
	}
	b.Values[c.ID] = vals
	return nil
}
