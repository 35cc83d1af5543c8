package check

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"kubelab/lessons"
)

// field: every matching object (at least one) has a value at the path that
// satisfies the test.
var fieldKind = checkKind{
	kind:     lessons.KindField,
	evaluate: (*evaluation).field,
	watch:    watchQuery,
	capture:  noBaseline,
	messages: map[string]map[string]string{
		"want.equals":   {"en": "%[1]s is %[2]q", "zh": "%[1]s 为 %[2]q"},
		"want.matches":  {"en": "%[1]s matches /%[2]s/", "zh": "%[1]s 匹配 /%[2]s/"},
		"want.inCIDR":   {"en": "%[1]s inside %[2]s", "zh": "%[1]s 在 %[2]s 之内"},
		"want.compare":  {"en": "%[1]s %[2]s %[3]s", "zh": "%[1]s %[2]s %[3]s"},
		"want.every":    {"en": "%[1]s for every %[2]s", "zh": "每个 %[2]s 的 %[1]s"},
		"saw.value":     {"en": "%[1]s: %[2]s is %[3]q", "zh": "%[1]s：%[2]s 为 %[3]q"},
		"saw.missing":   {"en": "%[1]s has no %[2]s", "zh": "%[1]s 没有 %[2]s"},
		"saw.notNumber": {"en": "%[1]s: %[2]s is %[3]q, not a number", "zh": "%[1]s：%[2]s 为 %[3]q，不是数字"},
		"saw.notIP":     {"en": "%[1]s: %[2]s is %[3]q, not an IP address", "zh": "%[1]s：%[2]s 为 %[3]q，不是 IP 地址"},
	},
}

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
		r.Observed, r.Detail = joinMsgs(good), fullList(good)
	} else {
		r.Observed, r.Detail = joinMsgs(bad), fullList(bad)
	}
	return r
}
