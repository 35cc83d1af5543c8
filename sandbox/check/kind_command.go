package check

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"kubelab/lessons"
)

// command: a command run on the host or inside a node exits so (and its
// output contains or matches a text). A watch cannot see its output change,
// so a step with one is polled.
var commandKind = checkKind{
	kind:     lessons.KindCommand,
	evaluate: (*evaluation).command,
	watch:    func(*lessons.Check, *watchSet) bool { return false },
	capture:  noBaseline,
	messages: map[string]map[string]string{
		"want.exit":         {"en": "`%[1]s` exits %[2]d", "zh": "`%[1]s` 退出码为 %[2]d"},
		"want.exitContains": {"en": "`%[1]s` exits %[2]d and prints %[3]q", "zh": "`%[1]s` 退出码为 %[2]d 且输出包含 %[3]q"},
		"want.exitMatches":  {"en": "`%[1]s` exits %[2]d and prints /%[3]s/", "zh": "`%[1]s` 退出码为 %[2]d 且输出匹配 /%[3]s/"},
		"want.onNode":       {"en": "on node %[1]s: %[2]s", "zh": "在节点 %[1]s 上：%[2]s"},
		"saw.exit":          {"en": "exited %[1]d, printed %[2]q", "zh": "退出码 %[1]d，输出 %[2]q"},
		"saw.exitSilent":    {"en": "exited %[1]d, printed nothing", "zh": "退出码 %[1]d，没有输出"},
		"err.needsKind":     {"en": "this check runs inside node %[1]s: only the lab's kind cluster has node shells", "zh": "此检查要在节点 %[1]s 内运行：只有实验的 kind 集群提供节点 shell"},
		"err.noRunner":      {"en": "no command runner is set up for host commands", "zh": "没有配置运行主机命令的执行器"},
	},
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
