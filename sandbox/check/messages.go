package check

import (
	"fmt"
	"strings"
)

// Msg is a message in no language yet: a key into the catalogue below and
// its arguments. Text renders it in a language; an argument that is itself a
// Msg is rendered in the same language.
type Msg struct {
	Key  string
	Args []any
}

func msg(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// IsZero reports whether the message is empty.
func (m Msg) IsZero() bool { return m.Key == "" }

// Text renders the message in lang ("en" or "zh"), falling back to English.
func (m Msg) Text(lang string) string {
	if m.Key == "" {
		return ""
	}
	forms, ok := catalogue[m.Key]
	if !ok {
		// A key missing from the catalogue is a bug the catalogue test
		// catches; show something readable rather than nothing.
		return fmt.Sprint(append([]any{m.Key + ":"}, m.Args...)...)
	}
	format, ok := forms[lang]
	if !ok {
		format = forms["en"]
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		switch v := a.(type) {
		case Msg:
			args[i] = v.Text(lang)
		case []Msg:
			parts := make([]string, len(v))
			for j, p := range v {
				parts[j] = p.Text(lang)
			}
			args[i] = strings.Join(parts, separator(lang))
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

func separator(lang string) string {
	if lang == "zh" {
		return "；"
	}
	return "; "
}

// catalogue holds every message in every language the lab speaks. Object
// descriptions (pods/web-1, pods -l app=web) and JSONPaths stay in kubectl's
// own notation in both languages: they are what the learner types.
var catalogue = map[string]map[string]string{
	// How a result reads as one line.
	"text":        {"en": "%[1]s", "zh": "%[1]s"},
	"result.pass": {"en": "%[1]s", "zh": "%[1]s"},
	"result.fail": {"en": "%[1]s; want %[2]s", "zh": "%[1]s；应为 %[2]s"},
	"result.err":  {"en": "could not check: %[1]s", "zh": "无法检查：%[1]s"},

	// exists, absent
	"want.exists": {"en": "%[1]s exists", "zh": "%[1]s 存在"},
	"want.absent": {"en": "no %[1]s", "zh": "没有 %[1]s"},
	"saw.none":    {"en": "no %[1]s found", "zh": "没有找到 %[1]s"},
	"saw.found":   {"en": "found %[1]s", "zh": "找到 %[1]s"},
	"saw.more":    {"en": "%[1]s and %[2]d more", "zh": "%[1]s 等共 %[3]d 个"},

	// field
	"want.equals":   {"en": "%[1]s is %[2]q", "zh": "%[1]s 为 %[2]q"},
	"want.matches":  {"en": "%[1]s matches /%[2]s/", "zh": "%[1]s 匹配 /%[2]s/"},
	"want.inCIDR":   {"en": "%[1]s inside %[2]s", "zh": "%[1]s 在 %[2]s 之内"},
	"want.compare":  {"en": "%[1]s %[2]s %[3]s", "zh": "%[1]s %[2]s %[3]s"},
	"want.every":    {"en": "%[1]s for every %[2]s", "zh": "每个 %[2]s 的 %[1]s"},
	"saw.value":     {"en": "%[1]s: %[2]s is %[3]q", "zh": "%[1]s：%[2]s 为 %[3]q"},
	"saw.missing":   {"en": "%[1]s has no %[2]s", "zh": "%[1]s 没有 %[2]s"},
	"saw.notNumber": {"en": "%[1]s: %[2]s is %[3]q, not a number", "zh": "%[1]s：%[2]s 为 %[3]q，不是数字"},
	"saw.notIP":     {"en": "%[1]s: %[2]s is %[3]q, not an IP address", "zh": "%[1]s：%[2]s 为 %[3]q，不是 IP 地址"},

	// count
	"want.count": {"en": "number of %[1]s %[2]s %[3]s", "zh": "%[1]s 的数量 %[2]s %[3]s"},
	"saw.count":  {"en": "%[2]d %[1]s", "zh": "%[2]d 个 %[1]s"},

	// condition
	"want.condition":       {"en": "%[1]s has condition %[2]s=%[3]s", "zh": "%[1]s 的条件 %[2]s=%[3]s"},
	"want.conditionReason": {"en": "%[1]s has condition %[2]s=%[3]s with reason %[4]s", "zh": "%[1]s 的条件 %[2]s=%[3]s，原因 %[4]s"},
	"saw.condition":        {"en": "%[1]s: %[2]s=%[3]s", "zh": "%[1]s：%[2]s=%[3]s"},
	"saw.conditionReason":  {"en": "%[1]s: %[2]s=%[3]s (reason %[4]s)", "zh": "%[1]s：%[2]s=%[3]s（原因 %[4]s）"},
	"saw.noCondition":      {"en": "%[1]s has no %[2]s condition", "zh": "%[1]s 没有 %[2]s 条件"},

	// event
	"want.event":    {"en": "an event %[1]s since the step opened", "zh": "步骤开始后出现事件 %[1]s"},
	"saw.noEvent":   {"en": "no such event since the step opened (%[1]d other new events)", "zh": "步骤开始后没有这样的事件（另有 %[1]d 个新事件）"},
	"saw.event":     {"en": "event %[1]s on %[2]s: %[3]s", "zh": "事件 %[1]s，对象 %[2]s：%[3]s"},
	"saw.oldEvents": {"en": "no such event since the step opened (%[1]d older ones from before it)", "zh": "步骤开始后没有这样的事件（之前有 %[1]d 个）"},

	// changed
	"want.changed":   {"en": "%[1]s of %[2]s differs from when the step opened (%[3]s)", "zh": "%[2]s 的 %[1]s 与步骤开始时（%[3]s）不同"},
	"base.none":      {"en": "nothing then", "zh": "当时没有"},
	"saw.unchanged":  {"en": "%[1]s: %[2]s is still %[3]q", "zh": "%[1]s：%[2]s 仍为 %[3]q"},
	"saw.changedTo":  {"en": "%[1]s: %[2]s is now %[3]q", "zh": "%[1]s：%[2]s 现为 %[3]q"},
	"saw.noValueYet": {"en": "no %[1]s has %[2]s", "zh": "没有 %[1]s 具有 %[2]s"},

	// command
	"want.exit":         {"en": "`%[1]s` exits %[2]d", "zh": "`%[1]s` 退出码为 %[2]d"},
	"want.exitContains": {"en": "`%[1]s` exits %[2]d and prints %[3]q", "zh": "`%[1]s` 退出码为 %[2]d 且输出包含 %[3]q"},
	"want.exitMatches":  {"en": "`%[1]s` exits %[2]d and prints /%[3]s/", "zh": "`%[1]s` 退出码为 %[2]d 且输出匹配 /%[3]s/"},
	"want.onNode":       {"en": "on node %[1]s: %[2]s", "zh": "在节点 %[1]s 上：%[2]s"},
	"saw.exit":          {"en": "exited %[1]d, printed %[2]q", "zh": "退出码 %[1]d，输出 %[2]q"},
	"saw.exitSilent":    {"en": "exited %[1]d, printed nothing", "zh": "退出码 %[1]d，没有输出"},
	"err.needsKind":     {"en": "this check runs inside node %[1]s: only the lab's kind cluster has node shells", "zh": "此检查要在节点 %[1]s 内运行：只有实验的 kind 集群提供节点 shell"},
	"err.noRunner":      {"en": "no command runner is set up for host commands", "zh": "没有配置运行主机命令的执行器"},

	// quiz
	"want.quiz":      {"en": "the right answer", "zh": "正确答案"},
	"want.quizLive":  {"en": "the right answer, read from the cluster", "zh": "正确答案（从集群读取）"},
	"saw.noAnswer":   {"en": "not answered yet", "zh": "尚未作答"},
	"saw.answer":     {"en": "you answered %[1]q", "zh": "你的回答是 %[1]q"},
	"saw.answerGood": {"en": "you answered %[1]q, which is right", "zh": "你的回答 %[1]q 正确"},
	"err.quizMany":   {"en": "%[1]s matches %[2]d objects; the quiz needs exactly one", "zh": "%[1]s 匹配到 %[2]d 个对象；测验需要恰好一个"},
	"err.quizNone":   {"en": "%[1]s matches nothing, so the answer cannot be read yet", "zh": "%[1]s 没有匹配的对象，暂时读不到答案"},
	"err.quizEmpty":  {"en": "%[1]s has no %[2]s, so the answer cannot be read yet", "zh": "%[1]s 没有 %[2]s，暂时读不到答案"},

	// the command line around the results
	"cli.skipped":     {"en": "skipped: step %[1]s needs the lab's kind cluster (node shells, real containers, DNS)", "zh": "已跳过：步骤 %[1]s 需要实验的 kind 集群（节点 shell、真实容器、DNS）"},
	"cli.summary":     {"en": "%[1]d of %[2]d checks pass", "zh": "%[2]d 项检查中通过 %[1]d 项"},
	"cli.summarySkip": {"en": "%[1]d of %[2]d checks pass (%[3]d skipped: they need kind)", "zh": "%[2]d 项检查中通过 %[1]d 项（跳过 %[3]d 项：需要 kind）"},
	"cli.waiting":     {"en": "waiting up to %[1]s for every check to pass…", "zh": "最多等待 %[1]s，直到所有检查通过…"},
	"cli.timedOut":    {"en": "not every check passed within %[1]s", "zh": "%[1]s 内未能通过所有检查"},
	"cli.doneEarlier": {"en": "done earlier; a later step changed the cluster since", "zh": "之前已完成；后面的步骤改变了集群"},
	"cli.failed":      {"en": "%[1]d check(s) do not pass", "zh": "有 %[1]d 项检查未通过"},

	// errors
	"err.unknownResource": {"en": "the cluster serves no resource %[1]q (is its CRD installed?)", "zh": "集群没有资源 %[1]q（CRD 是否已安装？）"},
	"err.unreachable":     {"en": "cannot reach the cluster at %[1]s (%[2]s): is it running? Check --kubeconfig and --context, or start the lab's cluster", "zh": "无法连接集群 %[1]s（%[2]s）：集群在运行吗？请检查 --kubeconfig 和 --context，或启动实验集群"},
}
