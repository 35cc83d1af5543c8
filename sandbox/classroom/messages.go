package classroom

import "kubelab/internal/msg"

// catalogue holds every human-facing string of the classroom in English and
// Chinese, keyed. It is the one place to move to a shared message package.
var catalogue = map[string]map[string]string{
	"create.plan":        {"en": "class %s: %d learners × %d lessons = %d namespaces", "zh": "班级 %s：%d 名学员 × %d 课 = %d 个命名空间"},
	"create.done":        {"en": "class %s is ready; hand out the kubeconfigs in %s", "zh": "班级 %s 已就绪；请把 %s 中的 kubeconfig 发给学员"},
	"create.kubeconfig":  {"en": "  %s: %s (token valid until %s)", "zh": "  %s：%s（令牌有效期至 %s）"},
	"create.created":     {"en": "created (all labelled %s):", "zh": "已创建（均带标签 %s）："},
	"create.netpolWarn":  {"en": "warning: each namespace has a NetworkPolicy that keeps other learners' pods out, but only a network plugin that enforces NetworkPolicy (Calico, Cilium, ...) applies it; kubelab cannot tell reliably whether yours does (flannel alone, for one, does not): check your cluster's network plugin.", "zh": "警告：每个命名空间都有一条 NetworkPolicy，阻止其他学员的 Pod 访问；但只有支持 NetworkPolicy 的网络插件（Calico、Cilium 等）才会执行它，kubelab 无法可靠地判断你的集群是否支持（例如单独使用 flannel 时不支持）：请确认集群的网络插件。"},
	"create.cpuNote":     {"en": "note: no CPU quota is set by default (the bin-packing lesson asks for 1000 CPUs on purpose to show a Pending pod); set one with --quota-cpu", "zh": "提示：默认不设 CPU 配额（bin-packing 课故意申请 1000 个 CPU 来演示 Pending 的 Pod）；可用 --quota-cpu 设置"},
	"create.skipped":     {"en": "not available in class: %s/%s: %s", "zh": "课堂中不可用：%s/%s：%s"},
	"delete.none":        {"en": "class %s: nothing to delete (no object carries its label)", "zh": "班级 %s：没有可删除的对象（没有对象带它的标签）"},
	"delete.deleted":     {"en": "deleted %s", "zh": "已删除 %s"},
	"delete.done":        {"en": "class %s deleted: %d objects (namespaces take their contents with them)", "zh": "班级 %s 已删除：%d 个对象（命名空间连同其中的内容一起删除）"},
	"err.name":           {"en": "%s %q is not a valid name: use lower-case letters, digits and '-', starting and ending with a letter or digit", "zh": "%s %q 不是合法的名字：只能用小写字母、数字和 '-'，且以字母或数字开头和结尾"},
	"err.nameLong":       {"en": "namespace %q would be %d characters, more than Kubernetes allows (63): use a shorter class or learner name", "zh": "命名空间 %q 将有 %d 个字符，超过 Kubernetes 允许的 63 个：请用更短的班级名或学员名"},
	"err.noLearners":     {"en": "name the learners with --learners a,b,c or --roster FILE", "zh": "请用 --learners a,b,c 或 --roster FILE 指定学员"},
	"err.dupLearner":     {"en": "learner %q is listed twice", "zh": "学员 %q 出现了两次"},
	"err.noLesson":       {"en": "no lesson %q in the lesson pack", "zh": "课程包中没有课 %q"},
	"err.noClassLesson":  {"en": "lesson %s has no step that can run on a shared cluster", "zh": "第 %s 课没有可以在共享集群上运行的步骤"},
	"err.notOurs":        {"en": "%s %s already exists and is not part of class %s; kubelab will not take it over: choose another class name or remove it", "zh": "%s %s 已存在且不属于班级 %s；kubelab 不会接管它：请换一个班级名或先删除它"},
	"err.noClass":        {"en": "no class %s on this cluster (its roster ConfigMap %s/%s is missing): create it with `kubelab classroom create`", "zh": "此集群上没有班级 %s（名单 ConfigMap %s/%s 不存在）：请用 `kubelab classroom create` 创建"},
	"err.needKubeconfig": {"en": "a class runs on a cluster you name: add --kubeconfig FILE and/or --context NAME (the teacher's own credentials)", "zh": "班级运行在你指定的集群上：请加上 --kubeconfig FILE 和/或 --context NAME（教师自己的凭据）"},
	"err.notClassConfig": {"en": "%s is not a class kubeconfig written by `kubelab classroom create` (its user should be named kubelab-class:CLASS:LEARNER)", "zh": "%s 不是 `kubelab classroom create` 写出的班级 kubeconfig（其用户名应为 kubelab-class:班级:学员）"},
	"err.tokenTTL":       {"en": "--token-ttl %s: the API server issues tokens for at least 10m", "zh": "--token-ttl %s：API 服务器签发的令牌有效期至少为 10m"},
	"err.reportFormat":   {"en": "choose one of --json and --csv", "zh": "请在 --json 和 --csv 中选一个"},
	"err.boardUIOnce":    {"en": "choose one of --ui and --once", "zh": "请在 --ui 和 --once 中选一个"},
	"err.joinedBroken":   {"en": "the class you joined: %v; join again or run `kubelab classroom leave`", "zh": "你加入的班级：%v；请重新加入，或运行 `kubelab classroom leave`"},
	"err.quantity":       {"en": "quantity %q is not a Kubernetes quantity (such as 500m, 2, 256Mi, 4Gi)", "zh": "数量 %q 不是合法的 Kubernetes 数量（例如 500m、2、256Mi、4Gi）"},
	"err.noProgress":     {"en": "write class progress: no ConfigMap %s/%s: ask the teacher to run `kubelab classroom create` again", "zh": "写入班级进度失败：没有 ConfigMap %s/%s：请老师重新运行 `kubelab classroom create`"},
	"join.done":          {"en": "joined class %s as %s; kubelab now uses %s (leave with `kubelab classroom leave`)", "zh": "已作为 %[2]s 加入班级 %[1]s；kubelab 现在使用 %[3]s（用 `kubelab classroom leave` 退出）"},
	"leave.done":         {"en": "left class %s; kubelab uses the lab's own cluster again", "zh": "已退出班级 %s；kubelab 重新使用实验室自己的集群"},
	"leave.none":         {"en": "not in a class", "zh": "当前不在任何班级中"},
	"skip.inClass":       {"en": "not available in class: %s", "zh": "课堂中不可用：%s"},
	"skip.kind":          {"en": "needs the lab's kind cluster (node shells, real containers)", "zh": "需要实验室的 kind 集群（节点 shell、真实容器）"},
	"skip.nodes":         {"en": "it names the lab cluster's nodes, which a class cluster does not have", "zh": "它用到实验室集群的节点名，班级集群没有这些节点"},
	"skip.command":       {"en": "a check runs a command, which may need more than the learner's rights", "zh": "有检查会运行命令，可能需要超出学员权限的操作"},
	"skip.resource":      {"en": "reads %s, which learners may not read", "zh": "读取 %s，学员无权读取"},
	"skip.namespace":     {"en": "looks in namespace %s, outside the learner's own", "zh": "查看命名空间 %s，不在学员自己的范围内"},
	"skip.text":          {"en": "its commands use %q, which needs cluster-wide rights or node access", "zh": "它的命令用到 %q，需要集群级权限或节点访问"},
	"board.title":        {"en": "class %s · %d learners · %s", "zh": "班级 %s · %d 名学员 · %s"},
	"board.learner":      {"en": "learner", "zh": "学员"},
	"board.legend":       {"en": "cell: steps done/steps, then the open step and ✓ its checks pass now, ✗ they do not, · not checked yet; h hints used, s solution shown", "zh": "单元格：已完成步骤/总步骤，然后是当前步骤，✓ 检查现在通过，✗ 未通过，· 尚未检查；h 已用提示，s 已看答案"},
	"board.stuck":        {"en": "%d of %d stuck on %s/%s: %s", "zh": "%[2]d 人中有 %[1]d 人卡在 %[3]s/%[4]s：%[5]s"},
	"board.doneAll":      {"en": "done", "zh": "完成"},
}

// prefix keeps the classroom's keys apart in the lab's one message system.
const prefix = "classroom."

func init() {
	c := msg.Catalog{}
	for k, v := range catalogue {
		c[prefix+k] = v
	}
	msg.Register("sandbox/classroom", c)
}

// say renders a catalogue entry in lang (English when lang or the entry's
// translation is missing).
func say(lang, key string, args ...any) string { return msg.New(prefix+key, args...).Text(lang) }

// Error is an error whose words exist in every language.
type Error struct {
	Key  string
	Args []any
}

func (e *Error) Error() string { return say("en", e.Key, e.Args...) }

// Text is the error in lang.
func (e *Error) Text(lang string) string { return say(lang, e.Key, e.Args...) }

// LocalText is the error in lang, for msg.ErrorText.
func (e *Error) LocalText(lang string) string { return e.Text(lang) }

func errorf(key string, args ...any) error { return &Error{Key: key, Args: args} }

// Say renders one of the classroom's messages in lang, for the command line.
func Say(lang, key string, args ...any) string { return say(lang, key, args...) }
