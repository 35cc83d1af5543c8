package kind

import (
	"regexp"

	"kubelab/internal/msg"
)

// kind's own phase titles and info lines, as its logger prints them in
// English, each with the message the lab shows instead. A line kind adds in
// a later release stays as kind wrote it (msg.Plain) until it is added here.
var kindPhases = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^Ensuring node image \((.+)\)$`), "kind.phase.image"},
	{regexp.MustCompile(`^Preparing nodes$`), "kind.phase.nodes"},
	{regexp.MustCompile(`^Writing configuration$`), "kind.phase.config"},
	{regexp.MustCompile(`^Starting control-plane$`), "kind.phase.controlPlane"},
	{regexp.MustCompile(`^Installing CNI$`), "kind.phase.cni"},
	{regexp.MustCompile(`^Installing StorageClass$`), "kind.phase.storage"},
	{regexp.MustCompile(`^Joining worker nodes$`), "kind.phase.join"},
	{regexp.MustCompile(`^Waiting ≤ (\S+) for control-plane = Ready$`), "kind.phase.wait"},
	{regexp.MustCompile(`^Creating cluster "(.+)" \.\.\.$`), "kind.line.creating"},
	{regexp.MustCompile(`^Deleting cluster "(.+)" \.\.\.$`), "kind.line.deleting"},
}

func kindPhase(title string) msg.Msg { return kindLine(title) }

func kindLine(line string) msg.Msg {
	for _, p := range kindPhases {
		if m := p.re.FindStringSubmatch(line); m != nil {
			args := make([]any, len(m)-1)
			for i, a := range m[1:] {
				args[i] = a
			}
			return msg.New(p.key, args...)
		}
	}
	return msg.Plain(line)
}

var _ = msg.Register("sandbox/kind", msg.Catalog{
	// kind's phases
	"kind.phase.image":        {"en": "Ensuring node image (%[1]s)", "zh": "准备节点镜像（%[1]s）"},
	"kind.phase.nodes":        {"en": "Preparing nodes", "zh": "准备节点"},
	"kind.phase.config":       {"en": "Writing configuration", "zh": "写入配置"},
	"kind.phase.controlPlane": {"en": "Starting control-plane", "zh": "启动控制平面"},
	"kind.phase.cni":          {"en": "Installing CNI", "zh": "安装 CNI"},
	"kind.phase.storage":      {"en": "Installing StorageClass", "zh": "安装 StorageClass"},
	"kind.phase.join":         {"en": "Joining worker nodes", "zh": "加入工作节点"},
	"kind.phase.wait":         {"en": "Waiting ≤ %[1]s for control-plane = Ready", "zh": "最多等待 %[1]s，直到控制平面 Ready"},
	"kind.line.creating":      {"en": "Creating cluster %[1]q ...", "zh": "正在创建集群 %[1]q…"},
	"kind.line.deleting":      {"en": "Deleting cluster %[1]q ...", "zh": "正在删除集群 %[1]q…"},

	// the lab's own steps
	"kind.step.mirrors":     {"en": "Writing %[1]d registry mirror file(s) on every node", "zh": "在每个节点上写入 %[1]d 个镜像仓库镜像配置文件"},
	"kind.step.delete":      {"en": "Deleting the kind cluster %[1]s", "zh": "删除 kind 集群 %[1]s"},
	"kind.step.nodes":       {"en": "Waiting for %[1]d nodes to be Ready", "zh": "等待 %[1]d 个节点 Ready"},
	"kind.step.systemPods":  {"en": "Waiting for kube-system pods to be Ready", "zh": "等待 kube-system 的 Pod Ready"},
	"kind.step.pull":        {"en": "Pulling %[1]s", "zh": "拉取 %[1]s"},
	"kind.step.save":        {"en": "Saving %[1]s from %[2]s", "zh": "从 %[2]s 导出 %[1]s"},
	"kind.step.load":        {"en": "Loading %[1]s into %[2]s", "zh": "把 %[1]s 载入 %[2]s"},
	"kind.info.cgroupV1":    {"en": "the engine runs on cgroup v1: telling the kubelet failCgroupV1: false", "zh": "容器引擎运行在 cgroup v1 上：为 kubelet 设置 failCgroupV1: false"},
	"kind.warn.cgroup":      {"en": "could not tell the engine's cgroup version (%[1]s); assuming v2", "zh": "无法判断容器引擎的 cgroup 版本（%[1]s）；按 v2 处理"},
	"kind.info.alreadyUp":   {"en": "the lab cluster %[1]s is already up", "zh": "实验集群 %[1]s 已经在运行"},
	"kind.info.imagesThere": {"en": "all %[1]d images are already on every node", "zh": "全部 %[1]d 个镜像已在每个节点上"},

	// what was being done when something failed
	"kind.do.list":           {"en": "list kind clusters", "zh": "列出 kind 集群"},
	"kind.do.create":         {"en": "create the kind cluster %[1]s", "zh": "创建 kind 集群 %[1]s"},
	"kind.do.kubeconfig":     {"en": "write the lab kubeconfig", "zh": "写入实验 kubeconfig"},
	"kind.do.listNodes":      {"en": "list the lab cluster's nodes", "zh": "列出实验集群的节点"},
	"kind.do.writeFile":      {"en": "write %[1]s on node %[2]s", "zh": "在节点 %[2]s 上写入 %[1]s"},
	"kind.do.delete":         {"en": "delete the kind cluster %[1]s", "zh": "删除 kind 集群 %[1]s"},
	"kind.do.waitNodes":      {"en": "wait for the lab cluster's nodes", "zh": "等待实验集群的节点"},
	"kind.do.waitPods":       {"en": "wait for the lab cluster's system pods", "zh": "等待实验集群的系统 Pod"},
	"kind.do.pull":           {"en": "pull %[1]s", "zh": "拉取 %[1]s"},
	"kind.do.find":           {"en": "find %[1]s in %[2]s", "zh": "在 %[2]s 中查找 %[1]s"},
	"kind.do.save":           {"en": "save images", "zh": "导出镜像"},
	"kind.do.load":           {"en": "load images into %[1]s", "zh": "把镜像载入 %[1]s"},
	"kind.do.nodeRun":        {"en": "run in node %[1]s", "zh": "在节点 %[1]s 中运行"},
	"kind.do.listContainers": {"en": "list the lab cluster's containers", "zh": "列出实验集群的容器"},

	// what to do next
	"kind.next.doctorEngine": {"en": "run `kubelab doctor` to see what is wrong with %[1]s", "zh": "运行 `kubelab doctor` 查看 %[1]s 出了什么问题"},
	"kind.next.doctor":       {"en": "run `kubelab doctor`", "zh": "运行 `kubelab doctor`"},
	"kind.next.status":       {"en": "run `kubelab status`", "zh": "运行 `kubelab status`"},
	"kind.next.halfCreated":  {"en": "run `kubelab doctor`; if a half-created cluster is left, `kubelab down` then `kubelab up`", "zh": "运行 `kubelab doctor`；如果留下了创建到一半的集群，先 `kubelab down` 再 `kubelab up`"},
	"kind.next.startNodes":   {"en": "the cluster's containers may be stopped: `%[1]s start %[2]s`, or start over with `kubelab down` and `kubelab up`", "zh": "集群的容器可能已停止：`%[1]s start %[2]s`，或用 `kubelab down` 和 `kubelab up` 重新开始"},
	"kind.next.nodeRuns":     {"en": "check the node runs: `kubelab status`", "zh": "确认节点在运行：`kubelab status`"},
	"kind.next.rmByHand":     {"en": "remove its containers by hand: `%[1]s rm -f $(%[1]s ps -aq --filter label=io.x-k8s.kind.cluster=%[2]s)`", "zh": "手动删除它的容器：`%[1]s rm -f $(%[1]s ps -aq --filter label=io.x-k8s.kind.cluster=%[2]s)`"},
	"kind.next.nodeLogs":     {"en": "see `kubelab status`; a node's own log is in `docker logs NODE` and `docker exec NODE journalctl -u kubelet`", "zh": "查看 `kubelab status`；节点自己的日志在 `docker logs NODE` 和 `docker exec NODE journalctl -u kubelet` 中"},
	"kind.next.systemPods":   {"en": "see `kubelab kubectl get pods -n kube-system` and `kubelab kubectl describe pod -n kube-system NAME`", "zh": "查看 `kubelab kubectl get pods -n kube-system` 和 `kubelab kubectl describe pod -n kube-system NAME`"},
	"kind.next.pullBlocked":  {"en": "the network blocks it: pull it where it works, `%[1]s save` it to a file, `%[1]s load` it here and run `kubelab images load` again, or use a registry mirror", "zh": "网络拦住了它：在能拉取的地方拉取，用 `%[1]s save` 存成文件，在这里 `%[1]s load`，再运行 `kubelab images load`；或使用镜像仓库镜像"},
	"kind.next.pullFirst":    {"en": "pull it first: `%[1]s pull %[2]s` (or `%[1]s load` a saved copy)", "zh": "先拉取它：`%[1]s pull %[2]s`（或 `%[1]s load` 一份保存的副本）"},
	"kind.next.diskRoom":     {"en": "check the disk has room for them: `kubelab doctor`", "zh": "确认磁盘有足够空间：`kubelab doctor`"},

	// well-known engine failures
	"kind.hint.permission": {"en": "your user may not use Docker: add it to the docker group (`sudo usermod -aG docker $USER`, then log in again), or run Docker Desktop", "zh": "当前用户无权使用 Docker：把它加入 docker 组（`sudo usermod -aG docker $USER`，然后重新登录），或使用 Docker Desktop"},
	"kind.hint.daemon":     {"en": "start Docker (`sudo systemctl start docker`, or open Docker Desktop), then run `kubelab doctor`", "zh": "启动 Docker（`sudo systemctl start docker`，或打开 Docker Desktop），然后运行 `kubelab doctor`"},
	"kind.hint.inotify":    {"en": "raise the inotify limits: `sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512` (see `kubelab doctor`)", "zh": "调高 inotify 限制：`sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512`（见 `kubelab doctor`）"},
	"kind.hint.disk":       {"en": "free disk space for the engine (`docker system prune`), then run `kubelab up` again", "zh": "为容器引擎腾出磁盘空间（`docker system prune`），然后再次运行 `kubelab up`"},
	"kind.hint.port":       {"en": "another program holds the port kind needs: stop it, or run `kubelab down` and `kubelab up` again", "zh": "另一个程序占用了 kind 需要的端口：停止它，或重新运行 `kubelab down` 和 `kubelab up`"},
	"kind.hint.leftover":   {"en": "a half-created lab cluster is left over: run `kubelab down`, then `kubelab up`", "zh": "留下了创建到一半的实验集群：先运行 `kubelab down`，再运行 `kubelab up`"},
	"kind.hint.pull":       {"en": "the node image could not be pulled: set `registry-mirrors` in Docker's daemon.json, or load the image with `docker load` and pass it with `kubelab up --image REF` (see the sandbox README)", "zh": "无法拉取节点镜像：在 Docker 的 daemon.json 中设置 `registry-mirrors`，或用 `docker load` 载入镜像并用 `kubelab up --image REF` 指定（见 sandbox 的 README）"},

	// finding the container engine
	"kind.engine.unknown":   {"en": "%[1]s=%[2]q: kind knows docker, podman and nerdctl; unset it or pick one of those", "zh": "%[1]s=%[2]q：kind 只认识 docker、podman 和 nerdctl；请取消设置或选其中之一"},
	"kind.engine.notOnPath": {"en": "no container engine found: %[1]s=%[2]s but %[2]q is not on PATH: install it, or unset %[1]s", "zh": "没有找到容器引擎：%[1]s=%[2]s，但 PATH 中没有 %[2]q：安装它，或取消设置 %[1]s"},
	"kind.engine.none":      {"en": "no container engine found: kubelab runs its cluster in Docker: install Docker (https://docs.docker.com/engine/install/) or Docker Desktop, then run `kubelab doctor`; podman and nerdctl work too", "zh": "没有找到容器引擎：kubelab 在 Docker 中运行集群：安装 Docker（https://docs.docker.com/engine/install/）或 Docker Desktop，然后运行 `kubelab doctor`；podman 和 nerdctl 也可以"},

	// kubelab status
	"kind.status.none":         {"en": "The lab cluster %[1]s does not exist: run `kubelab up`.", "zh": "实验集群 %[1]s 不存在：运行 `kubelab up`。"},
	"kind.status.cluster":      {"en": "Cluster %[1]s (%[2]s)", "zh": "集群 %[1]s（%[2]s）"},
	"kind.status.clusterAt":    {"en": "Cluster %[1]s (%[2]s), API server %[3]s", "zh": "集群 %[1]s（%[2]s），API 服务器 %[3]s"},
	"kind.status.noKubeconfig": {"en": "The lab kubeconfig is missing: run `kubelab up` to write it.", "zh": "缺少实验 kubeconfig：运行 `kubelab up` 重新写入。"},
	"kind.status.apiDown":      {"en": "The API server did not answer (%[1]s): if containers are stopped, start them with `%[2]s start NODE...`, or run `kubelab down` and `kubelab up`.", "zh": "API 服务器没有响应（%[1]s）：如果容器已停止，用 `%[2]s start NODE...` 启动它们，或运行 `kubelab down` 和 `kubelab up`。"},

	// how a failed step reads
	"kind.err.command": {"en": "command: %[1]s", "zh": "命令：%[1]s"},
	"kind.err.output":  {"en": "output:", "zh": "输出："},
	"kind.err.next":    {"en": "next: %[1]s", "zh": "下一步：%[1]s"},
})
