package check

import (
	"fmt"

	message "kubelab/internal/msg"
)

// Msg is a message in no language yet: the lab's one message type
// (internal/msg). The engine's messages are registered under "check.";
// msg makes one from this package's own keys.
type Msg = message.Msg

func msg(key string, args ...any) Msg { return message.New(prefix+key, args...) }

// prefix keeps this package's keys apart from other catalogues'.
const prefix = "check."

func init() {
	c := message.Catalog{}
	for k, v := range catalogue {
		c[prefix+k] = v
	}
	message.Register("sandbox/check", c)
}

// catalogue holds every message in every language the lab speaks: the
// shared ones below and each check kind's own (kind_<name>.go). Object
// descriptions (pods/web-1, pods -l app=web) and JSONPaths stay in kubectl's
// own notation in both languages: they are what the learner types.
var catalogue = withKindMessages(sharedMessages)

// withKindMessages adds every check kind's messages to shared. A key
// defined twice is a bug that would make one wording win at random: it
// panics, so every test of the package catches it.
func withKindMessages(shared map[string]map[string]string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for k, v := range shared {
		out[k] = v
	}
	for _, ck := range checkKinds {
		for k, v := range ck.messages {
			if _, dup := out[k]; dup {
				panic(fmt.Sprintf("message %q of check kind %s is defined twice", k, ck.kind))
			}
			out[k] = v
		}
	}
	return out
}

// sharedMessages are the messages that are not one check kind's own.
var sharedMessages = map[string]map[string]string{
	// How a result reads as one line.
	"text":        {"en": "%[1]s", "zh": "%[1]s"},
	"result.pass": {"en": "%[1]s", "zh": "%[1]s"},
	"result.fail": {"en": "%[1]s; want %[2]s", "zh": "%[1]s；应为 %[2]s"},
	"result.err":  {"en": "could not check: %[1]s", "zh": "无法检查：%[1]s"},

	// What several kinds saw.
	"saw.none": {"en": "no %[1]s found", "zh": "没有找到 %[1]s"},
	"saw.more": {"en": "%[1]s and %[2]d more", "zh": "%[1]s 及另外 %[2]d 个"},

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
