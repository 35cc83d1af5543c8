package main

import "kubelab/internal/msg"

// The command line's own words. Check results, the doctor's findings and
// kind's progress come with their packages' catalogues.
var _ = msg.Register("cmd/kubelab", msg.Catalog{
	"cmd.error":   {"en": "kubelab: %[1]s", "zh": "kubelab：%[1]s"},
	"cmd.stopped": {"en": "kubelab: stopped by %[1]s", "zh": "kubelab：被 %[1]s 信号停止"},
	"cmd.warning": {"en": "kubelab: warning: %[1]s", "zh": "kubelab：警告：%[1]s"},

	"cmd.status.context":    {"en": "Context %[1]s at %[2]s (%[3]s backend)", "zh": "上下文 %[1]s，位于 %[2]s（%[3]s 后端）"},
	"cmd.status.contextErr": {"en": "status of context %[1]q at %[2]s", "zh": "上下文 %[1]q（%[2]s）的状态"},

	"cmd.down.deleted": {"en": "The lab cluster %[1]s is deleted. `kubelab up` makes a new one.", "zh": "实验集群 %[1]s 已删除。`kubelab up` 会新建一个。"},
	"cmd.down.none":    {"en": "There was no lab cluster %[1]s to delete.", "zh": "没有可删除的实验集群 %[1]s。"},

	"cmd.up.up":         {"en": "The lab cluster is up at %[1]s.", "zh": "实验集群已在 %[1]s 运行。"},
	"cmd.up.already":    {"en": "The lab cluster is already up at %[1]s.", "zh": "实验集群已经在 %[1]s 运行。"},
	"cmd.up.kubeconfig": {"en": "Its kubeconfig: %[1]s\nTry: kubelab shell -c 'kubectl get nodes'", "zh": "它的 kubeconfig：%[1]s\n试试：kubelab shell -c 'kubectl get nodes'"},
	"cmd.up.workers":    {"en": "--workers %[1]d: want 0 or more", "zh": "--workers %[1]d：应为 0 或更大"},

	"cmd.images.header":          {"en": "NAME\tIMAGE\tUSED FOR", "zh": "名称\t镜像\t用途"},
	"cmd.images.loaded":          {"en": "%[1]d image(s) are on every node.", "zh": "每个节点上都有这 %[1]d 个镜像。"},
	"cmd.lessons.workspace":      {"en": "Your workspace: %[1]s (--workspace or \"workspace\" in the settings file moves it).", "zh": "你的工作文件夹：%[1]s（用 --workspace 或设置文件中的 \"workspace\" 更改）。"},
	"cmd.lessons.workspaceFiles": {"en": "Your workspace: %[1]s; a lesson's starter files are copied into %[2]s when its step opens (--workspace or \"workspace\" in the settings file moves it).", "zh": "你的工作文件夹：%[1]s；课程的起始文件在步骤打开时复制到 %[2]s（用 --workspace 或设置文件中的 \"workspace\" 更改）。"},
	"cmd.exam.bounds":            {"en": "--tasks %[1]d --minutes %[2]d: want at least one task and one minute", "zh": "--tasks %[1]d --minutes %[2]d：至少要一道题、一分钟"},
	"cmd.exam.running":           {"en": "an exam is running: kubelab exam --status shows it, kubelab exam --end ends it", "zh": "有一场考试正在进行：kubelab exam --status 查看，kubelab exam --end 结束"},
	"cmd.exam.left":              {"en": "an earlier exam (time up at %[1]s) was left unscored: kubelab exam --end scores it and cleans it up", "zh": "上一场考试（%[1]s 到时）尚未评分：kubelab exam --end 为它评分并清理"},
	"cmd.exam.none":              {"en": "no exam is running: start one with kubelab exam", "zh": "没有正在进行的考试：用 kubelab exam 开始一场"},
	"cmd.exam.noTask":            {"en": "no task %[1]d: the exam has tasks 1 to %[2]d", "zh": "没有第 %[1]d 题：这场考试的题目是 1 到 %[2]d"},
	"cmd.exam.sent":              {"en": "Done: the running exam has it.", "zh": "好了：正在进行的考试已收到。"},
	"cmd.exam.noAnswer":          {"en": "the running exam did not end within 5 minutes; look at the terminal that runs kubelab exam", "zh": "正在进行的考试 5 分钟内没有结束；请查看运行 kubelab exam 的终端"},
	"cmd.exam.late":              {"en": "The exam's time ran out at %[1]s while no kubelab exam kept its clock: it is scored now, as the cluster is now.", "zh": "考试已在 %[1]s 到时，但当时没有 kubelab exam 在计时：现在按集群此刻的状态评分。"},
	"cmd.exam.drawn":             {"en": "Drew %[1]d task(s) with seed %[2]d (kubelab exam --seed %[2]d draws them again). Preparing; this does not count against the time.", "zh": "用种子 %[2]d 抽了 %[1]d 道题（kubelab exam --seed %[2]d 会再抽到它们）。正在准备，准备时间不计入考试时间。"},
	"cmd.exam.preparing":         {"en": "Preparing task %[1]d of %[2]d: %[3]s in namespace %[4]s", "zh": "正在准备第 %[1]d 题（共 %[2]d 题）：%[3]s，命名空间 %[4]s"},
	"cmd.exam.started":           {"en": "The clock runs: %[1]d minute(s), until %[2]s. Work in another terminal; Ctrl-C here or kubelab exam --end ends the exam.", "zh": "开始计时：%[1]d 分钟，到 %[2]s 为止。请在另一个终端里作答；在这里按 Ctrl-C 或运行 kubelab exam --end 结束考试。"},
	"cmd.exam.task":              {"en": "Task %[1]d: %[2]s (weight %[3]d, %[4]s)", "zh": "第 %[1]d 题：%[2]s（权重 %[3]d，%[4]s）"},
	"cmd.exam.where":             {"en": "Namespace %[1]s; starter files in %[2]s", "zh": "命名空间 %[1]s；初始文件在 %[2]s"},
	"cmd.exam.statusLeft":        {"en": "%[1]s left (until %[2]s)", "zh": "还剩 %[1]s（到 %[2]s 为止）"},
	"cmd.exam.statusTask":        {"en": "%[1]s %[2]d. %[3]s (weight %[4]d, namespace %[5]s) %[6]s", "zh": "%[1]s %[2]d. %[3]s（权重 %[4]d，命名空间 %[5]s）%[6]s"},
	"cmd.exam.flagged":           {"en": "[flagged]", "zh": "[已标记]"},
	"cmd.exam.check":             {"en": "    %[1]s %[2]s: %[3]s", "zh": "    %[1]s %[2]s：%[3]s"},
	"cmd.exam.want":              {"en": "%[1]s; want %[2]s", "zh": "%[1]s；应为 %[2]s"},
	"cmd.exam.score":             {"en": "Score %[1]s%% (pass mark %[2]s%%): %[3]s. Exam ended %[4]s.", "zh": "得分 %[1]s%%（及格线 %[2]s%%）：%[3]s。考试结束于 %[4]s。"},
	"cmd.exam.passed":            {"en": "passed", "zh": "通过"},
	"cmd.exam.failed":            {"en": "not passed", "zh": "未通过"},
	"cmd.exam.part":              {"en": "  %[1]s: %[2]d of %[3]d (%[4]s%%)", "zh": "  %[1]s：%[3]d 中得 %[2]d（%[4]s%%）"},
	"cmd.exam.result":            {"en": "%[1]s Task %[2]d: %[3]s (weight %[4]d, %[5]s spent)", "zh": "%[1]s 第 %[2]d 题：%[3]s（权重 %[4]d，用时 %[5]s）"},
	"cmd.exam.taskErr":           {"en": "    could not be evaluated: %[1]s", "zh": "    无法评估：%[1]s"},
	"cmd.exam.revisit":           {"en": "    revisit lesson %[1]s (%[2]s)", "zh": "    请复习课程 %[1]s（%[2]s）"},
	"cmd.exam.cleaned":           {"en": "The exam's namespaces are removed.", "zh": "考试的命名空间已删除。"},
	"cmd.exam.noHistory":         {"en": "No exam yet: kubelab exam starts one.", "zh": "还没有考试记录：kubelab exam 开始一场。"},
	"cmd.exam.historyRow":        {"en": "%[1]s  %[2]s%%  %[3]s  %[4]d of %[5]d task(s)  seed %[6]d", "zh": "%[1]s  %[2]s%%  %[3]s  %[5]d 题中做对 %[4]d 题  种子 %[6]d"},
	"cmd.reset.done":             {"en": "Namespace %[1]s of lesson %[2]s is empty again.", "zh": "课程 %[2]s 的命名空间 %[1]s 已清空。"},

	"cmd.shell.banner": {"en": "kubelab shell: kubectl talks to %[1]s (%[2]s), namespace %[3]s. Type exit to leave.", "zh": "kubelab shell：kubectl 连接 %[1]s（%[2]s），命名空间 %[3]s。输入 exit 离开。"},
	"cmd.shell.exit":   {"en": "the shell exited with status %[1]d", "zh": "shell 以状态 %[1]d 退出"},
	"cmd.shell.run":    {"en": "run the lab shell", "zh": "运行实验 shell"},

	"cmd.lint.problems": {"en": "%[1]d problem(s)", "zh": "%[1]d 个问题"},
	"cmd.lint.ok":       {"en": "ok: %[1]d lessons, %[2]d steps, %[3]d checks, in %[4]d languages", "zh": "ok：%[1]d 课，%[2]d 步，%[3]d 项检查，%[4]d 种语言"},

	"cmd.lint.commands": {"en": "What the pack runs, step by step, and where:", "zh": "课程包按步骤运行的命令及其运行位置："},

	"cmd.trust.refused":  {"en": "the lesson pack %[1]s is not trusted yet: a pack is code, and its commands run on this machine and in the lab's nodes. Read what it runs with `kubelab lint %[1]s`, then add --trust to trust this content of it", "zh": "尚未信任课程包 %[1]s：课程包就是代码，它的命令会在本机和实验节点中运行。先用 `kubelab lint %[1]s` 查看它运行的命令，再加上 --trust 信任它的这份内容"},
	"cmd.trust.intro":    {"en": "The lesson pack %[1]s is not the built-in one. A pack is code: these commands run on this machine, with the lab's environment, or inside the lab's nodes:", "zh": "课程包 %[1]s 不是内置课程包。课程包就是代码：以下命令会在本机（使用实验环境）或实验节点中运行："},
	"cmd.trust.ask":      {"en": "Trust this pack (this content of it) and run it? [y/N] ", "zh": "信任这个课程包（它的这份内容）并运行吗？[y/N] "},
	"cmd.trust.declined": {"en": "the lesson pack is not trusted; nothing of it ran", "zh": "未信任该课程包；它的任何命令都没有运行"},
	"cmd.trust.none":     {"en": "  (no commands)", "zh": "  （没有命令）"},
	"cmd.trust.entry":    {"en": "%[1]s, %[2]s:", "zh": "%[1]s，%[2]s："},
	"cmd.trust.onHost":   {"en": "on this machine", "zh": "在本机"},
	"cmd.trust.onNode":   {"en": "in node %[1]s", "zh": "在节点 %[1]s 中"},
	"cmd.trust.command":  {"en": "command", "zh": "命令"},
	"cmd.trust.solution": {"en": "solution", "zh": "答案"},
	"cmd.trust.setup":    {"en": "setup, run when the step opens", "zh": "准备命令，步骤打开时运行"},
	"cmd.trust.wrong":    {"en": "wrong attempt, run by the proof", "zh": "错误尝试，由验证运行"},
	"cmd.trust.undo":     {"en": "undo, run by reset", "zh": "撤销命令，重置时运行"},
	"cmd.trust.check":    {"en": "check %[1]s", "zh": "检查 %[1]s"},

	"cmd.catalog.problems": {"en": "the lesson pack has %[1]d problem(s); run `kubelab lint` for the list", "zh": "课程包有 %[1]d 个问题；运行 `kubelab lint` 查看列表"},
	"cmd.catalog.noLesson": {"en": "no lesson %[1]q: `kubelab lessons` lists them", "zh": "没有课程 %[1]q：`kubelab lessons` 会列出所有课程"},

	"cmd.doctor.notReady": {"en": "the machine is not ready for `kubelab up`: fix the findings marked ✗", "zh": "这台机器还不能运行 `kubelab up`：请修复标有 ✗ 的问题"},

	"cmd.nodeShell.exit": {"en": "the node shell exited with status %[1]d", "zh": "节点 shell 以状态 %[1]d 退出"},
	"cmd.nodeShell.open": {"en": "open a shell in node %[1]s", "zh": "在节点 %[1]s 中打开 shell"},

	"cmd.check.wait":   {"en": "--wait %[1]s: give a duration of zero or more, e.g. 2m", "zh": "--wait %[1]s：请给出零或更长的时长，例如 2m"},
	"cmd.check.noStep": {"en": "lesson %[1]s has no step %[2]q; its steps are %[3]s", "zh": "课程 %[1]s 没有步骤 %[2]q；它的步骤有 %[3]s"},
	"cmd.check.noQuiz": {"en": "--answer %[1]s: step %[2]s has no quiz %[3]q", "zh": "--answer %[1]s：步骤 %[2]s 没有测验 %[3]q"},
	"cmd.check.choice": {"en": "--answer %[1]s: %[2]q is not one of the quiz's choices; answer with a choice's id: %[3]s", "zh": "--answer %[1]s：%[2]q 不是这道测验的选项；请用选项的 id 作答：%[3]s"},
	"cmd.check.answer": {"en": "--answer %[1]q: write it as STEP/CHECK=ANSWER, e.g. --answer nodes/node-count=3", "zh": "--answer %[1]q：请写成 STEP/CHECK=ANSWER，例如 --answer nodes/node-count=3"},

	"cmd.notes.width":  {"en": "--width %[1]d: choose %[2]d to %[3]d columns, or leave it out for the terminal's width", "zh": "--width %[1]d：请选 %[2]d 到 %[3]d 列，或省略它以使用终端宽度"},
	"cmd.notes.render": {"en": "notes %[1]s", "zh": "笔记 %[1]s"},
	"cmd.notes.style":  {"en": "--style %[1]q: want auto, dark, light, ascii or notty", "zh": "--style %[1]q：可选 auto、dark、light、ascii 或 notty"},

	"cmd.ui.crashed":    {"en": "the lab crashed while starting (%[1]s); please report it", "zh": "实验在启动时崩溃（%[1]s）；请报告这个问题"},
	"cmd.ui.noTerminal": {"en": "the full-screen lab needs a terminal; run kubelab in one, or use its subcommands (kubelab --help)", "zh": "全屏实验需要终端；请在终端中运行 kubelab，或使用它的子命令（kubelab --help）"},
	"cmd.ui.progress":   {"en": "open your progress in %[1]s", "zh": "打开 %[1]s 中的学习进度"},
	"cmd.ui.theme":      {"en": "--theme %[1]q: choose auto, dark or light", "zh": "--theme %[1]q：可选 auto、dark 或 light"},

	"cmd.kubectl.exit":      {"en": "kubectl exited with status %[1]d", "zh": "kubectl 以状态 %[1]d 退出"},
	"cmd.kubectl.flagValue": {"en": "flag --%[1]s needs a value", "zh": "参数 --%[1]s 需要一个值"},
	"cmd.kubectl.flag":      {"en": "--%[1]s %[2]q", "zh": "--%[1]s %[2]q"},

	"cmd.namedCluster": {"en": "%[1]s works on the lab's own kind cluster; --kubeconfig/--context name a cluster of yours, which kubelab never creates, deletes or changes nodes of: drop those flags", "zh": "%[1]s 只作用于实验自己的 kind 集群；--kubeconfig/--context 指定的是你自己的集群，kubelab 从不创建、删除它或改动它的节点：请去掉这些参数"},
})
