package doctor

import "kubelab/internal/msg"

var _ = msg.Register("sandbox/doctor", msg.Catalog{
	// what each finding looked at
	"doctor.check.engine":     {"en": "engine", "zh": "容器引擎"},
	"doctor.check.permission": {"en": "permission", "zh": "权限"},
	"doctor.check.daemon":     {"en": "daemon", "zh": "守护进程"},
	"doctor.check.cgroup":     {"en": "cgroup", "zh": "cgroup"},
	"doctor.check.cpus":       {"en": "cpus", "zh": "CPU"},
	"doctor.check.memory":     {"en": "memory", "zh": "内存"},
	"doctor.check.disk":       {"en": "disk", "zh": "磁盘"},
	"doctor.check.inotify":    {"en": "inotify", "zh": "inotify"},
	"doctor.check.cluster":    {"en": "cluster", "zh": "集群"},
	"doctor.check.desktop":    {"en": "desktop", "zh": "Docker Desktop"},
	"doctor.check.shell":      {"en": "shell", "zh": "shell"},

	"doctor.blocking":          {"en": "`kubelab up` cannot work until the findings marked ✗ are fixed.", "zh": "在修复标有 ✗ 的问题之前，`kubelab up` 无法工作。"},
	"doctor.preflight":         {"en": "the container engine is not ready: %[1]s. Run `kubelab doctor` for a full check.", "zh": "容器引擎尚未就绪：%[1]s。运行 `kubelab doctor` 做完整检查。"},
	"doctor.preflight.finding": {"en": "%[1]s; %[2]s", "zh": "%[1]s；%[2]s"},

	"doctor.engine.none":           {"en": "no container engine (docker, podman or nerdctl) on PATH", "zh": "PATH 中没有容器引擎（docker、podman 或 nerdctl）"},
	"doctor.engine.install":        {"en": "install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop, start it, and run `kubelab doctor` again", "zh": "安装 Docker Engine（https://docs.docker.com/engine/install/）或 Docker Desktop，启动它，然后再次运行 `kubelab doctor`"},
	"doctor.engine.installWindows": {"en": "install Docker Desktop with its WSL2 backend (https://docs.docker.com/desktop/setup/install/windows-install/; `wsl --install` first if WSL2 is missing), start it, and run `kubelab doctor` again", "zh": "安装使用 WSL2 后端的 Docker Desktop（https://docs.docker.com/desktop/setup/install/windows-install/；如果缺少 WSL2，先运行 `wsl --install`），启动它，然后再次运行 `kubelab doctor`"},
	"doctor.engine.installMac":     {"en": "install Docker Desktop (https://docs.docker.com/desktop/setup/install/mac-install/) or another engine such as colima, start it, and run `kubelab doctor` again", "zh": "安装 Docker Desktop（https://docs.docker.com/desktop/setup/install/mac-install/）或 colima 等其他引擎，启动它，然后再次运行 `kubelab doctor`"},
	"doctor.engine.ok":             {"en": "%[1]s is installed", "zh": "已安装 %[1]s"},

	"doctor.permission.denied": {"en": "this user may not use %[1]s: %[2]s", "zh": "当前用户无权使用 %[1]s：%[2]s"},
	"doctor.permission.fix":    {"en": "add yourself to the docker group: `sudo usermod -aG docker $USER`, then log out and in again (or use Docker Desktop / rootless Docker)", "zh": "把自己加入 docker 组：`sudo usermod -aG docker $USER`，然后注销并重新登录（或使用 Docker Desktop / rootless Docker）"},

	"doctor.permission.fixWindows": {"en": "Docker Desktop admits the members of docker-users: `net localgroup docker-users %USERNAME% /add` in an administrator's PowerShell, then sign out and in again", "zh": "Docker Desktop 只接纳 docker-users 组的成员：在管理员 PowerShell 中运行 `net localgroup docker-users %USERNAME% /add`，然后注销并重新登录"},
	"doctor.daemon.restartDesktop": {"en": "restart Docker Desktop (its menu: Restart) and wait until it says Engine running", "zh": "重启 Docker Desktop（菜单：Restart），等到它显示 Engine running"},
	"doctor.daemon.startDesktop":   {"en": "open Docker Desktop and wait until it says Engine running; if DOCKER_HOST or a docker context is set, check it points at a running engine", "zh": "打开 Docker Desktop，等到它显示 Engine running；如果设置了 DOCKER_HOST 或 docker context，确认它指向正在运行的引擎"},
	"doctor.daemon.timeout":        {"en": "`%[1]s info` did not answer within %[2]s", "zh": "`%[1]s info` 在 %[2]s 内没有响应"},
	"doctor.daemon.restart":        {"en": "restart the engine (`sudo systemctl restart %[1]s`, or restart Docker Desktop)", "zh": "重启容器引擎（`sudo systemctl restart %[1]s`，或重启 Docker Desktop）"},
	"doctor.daemon.unreachable":    {"en": "the %[1]s daemon is not reachable: %[2]s", "zh": "无法连接 %[1]s 守护进程：%[2]s"},
	"doctor.daemon.start":          {"en": "start it: `sudo systemctl start %[1]s` (Linux) or open Docker Desktop; if DOCKER_HOST is set, check it points at a running engine", "zh": "启动它：`sudo systemctl start %[1]s`（Linux），或打开 Docker Desktop；如果设置了 DOCKER_HOST，确认它指向正在运行的引擎"},
	"doctor.daemon.ok":             {"en": "%[1]s %[2]s answers and this user may use it", "zh": "%[1]s %[2]s 有响应，当前用户可以使用"},

	"doctor.cgroup.v1":    {"en": "the engine's host runs cgroup v1", "zh": "容器引擎的主机运行 cgroup v1"},
	"doctor.cgroup.v1fix": {"en": "kubelab sets the kubelet's failCgroupV1: false for you; Kubernetes is dropping v1, so prefer a host with cgroup v2 (systemd.unified_cgroup_hierarchy=1)", "zh": "kubelab 会为你设置 kubelet 的 failCgroupV1: false；Kubernetes 正在放弃 v1，最好使用 cgroup v2 的主机（systemd.unified_cgroup_hierarchy=1）"},

	"doctor.cpus":     {"en": "%[1]d CPUs for the engine", "zh": "容器引擎可用 %[1]d 个 CPU"},
	"doctor.cpus.fix": {"en": "kubeadm wants at least %[1]d CPUs: give the engine more (Docker Desktop: Settings → Resources) or use a bigger machine", "zh": "kubeadm 至少需要 %[1]d 个 CPU：给容器引擎分配更多（Docker Desktop：Settings → Resources），或换一台更大的机器"},

	"doctor.memory":     {"en": "%.1[1]f GiB for the engine", "zh": "容器引擎可用 %.1[1]f GiB 内存"},
	"doctor.memory.fix": {"en": "three nodes want about 4 GiB: give the engine more memory (Docker Desktop: Settings → Resources), or use `kubelab up --workers 1`", "zh": "三个节点大约需要 4 GiB：给容器引擎分配更多内存（Docker Desktop：Settings → Resources），或使用 `kubelab up --workers 1`"},

	"doctor.memory.fixWSL2":    {"en": "three nodes want about 4 GiB: Docker Desktop on WSL2 gets what WSL gives its VM; set `memory=6GB` under [wsl2] in %UserProfile%\\.wslconfig, run `wsl --shutdown` and start Docker Desktop again (or use `kubelab up --workers 1`)", "zh": "三个节点大约需要 4 GiB：WSL2 上的 Docker Desktop 只能用 WSL 分给虚拟机的内存；在 %UserProfile%\\.wslconfig 的 [wsl2] 下设置 `memory=6GB`，运行 `wsl --shutdown` 后重新启动 Docker Desktop（或使用 `kubelab up --workers 1`）"},
	"doctor.memory.fixDesktop": {"en": "three nodes want about 4 GiB: give Docker Desktop more memory (Settings → Resources), or use `kubelab up --workers 1`", "zh": "三个节点大约需要 4 GiB：给 Docker Desktop 分配更多内存（Settings → Resources），或使用 `kubelab up --workers 1`"},
	"doctor.desktop.vm":        {"en": "Docker Desktop runs the engine in its own VM", "zh": "Docker Desktop 在自己的虚拟机中运行容器引擎"},
	"doctor.desktop.wsl2":      {"en": "Docker Desktop runs the engine in a WSL2 VM (kernel %[1]s)", "zh": "Docker Desktop 在 WSL2 虚拟机中运行容器引擎（内核 %[1]s）"},
	"doctor.shell.none":        {"en": "no POSIX shell: lesson commands cannot run (reading, checks and quizzes can)", "zh": "没有 POSIX shell：课程命令无法运行（阅读、检查和测验仍可使用）"},
	"doctor.shell.fix":         {"en": "%[1]s", "zh": "%[1]s"},
	"doctor.shell.ok":          {"en": "lesson commands run with %[1]s", "zh": "课程命令使用 %[1]s 运行"},
	"doctor.disk":              {"en": "%.1[1]f GiB free at %[2]s", "zh": "%[2]s 处可用 %.1[1]f GiB"},
	"doctor.disk.unknown":      {"en": "could not measure free space at %[1]s: %[2]s", "zh": "无法测量 %[1]s 处的可用空间：%[2]s"},
	"doctor.disk.unknownFix":   {"en": "make sure the engine has 10 GiB free", "zh": "确保容器引擎有 10 GiB 可用空间"},
	"doctor.disk.fix":          {"en": "the node image and lesson images need about 10 GiB: free space (`docker system prune`) or move the engine's data root", "zh": "节点镜像和课程镜像大约需要 10 GiB：释放空间（`docker system prune`），或把容器引擎的数据目录移到别处"},

	"doctor.inotify.low": {"en": "max_user_watches %[1]d, max_user_instances %[2]d: too low for three nodes (pods fail with \"too many open files\")", "zh": "max_user_watches %[1]d，max_user_instances %[2]d：对三个节点来说太低（Pod 会因 “too many open files” 失败）"},
	"doctor.inotify.fix": {"en": "sudo sysctl fs.inotify.max_user_watches=%[1]d fs.inotify.max_user_instances=%[2]d\nto keep it: printf 'fs.inotify.max_user_watches=%[1]d\\nfs.inotify.max_user_instances=%[2]d\\n' | sudo tee /etc/sysctl.d/99-kubelab.conf", "zh": "sudo sysctl fs.inotify.max_user_watches=%[1]d fs.inotify.max_user_instances=%[2]d\n永久生效：printf 'fs.inotify.max_user_watches=%[1]d\\nfs.inotify.max_user_instances=%[2]d\\n' | sudo tee /etc/sysctl.d/99-kubelab.conf"},

	"doctor.cluster.list":        {"en": "could not list the lab cluster's containers: %[1]s", "zh": "无法列出实验集群的容器：%[1]s"},
	"doctor.cluster.listFix":     {"en": "see the daemon finding above", "zh": "见上面关于守护进程的结果"},
	"doctor.cluster.none":        {"en": "the lab cluster %[1]s does not exist yet", "zh": "实验集群 %[1]s 还不存在"},
	"doctor.cluster.noneFix":     {"en": "run `kubelab up`", "zh": "运行 `kubelab up`"},
	"doctor.cluster.noConfig":    {"en": "the lab cluster exists but %[1]s", "zh": "实验集群存在，但 %[1]s"},
	"doctor.cluster.noConfigFix": {"en": "run `kubelab up` to write the lab kubeconfig again", "zh": "运行 `kubelab up` 重新写入实验 kubeconfig"},
	"doctor.cluster.api":         {"en": "the lab cluster's API server does not answer: %[1]s", "zh": "实验集群的 API 服务器没有响应：%[1]s"},
	"doctor.cluster.apiFix":      {"en": "start stopped nodes with `%[1]s start %[2]s`, or start over: `kubelab down` then `kubelab up`", "zh": "用 `%[1]s start %[2]s` 启动已停止的节点，或重新开始：先 `kubelab down` 再 `kubelab up`"},
	"doctor.cluster.nodes":       {"en": "%[1]d of %[2]d nodes Ready at %[3]s", "zh": "%[3]s 上 %[2]d 个节点中有 %[1]d 个 Ready"},
	"doctor.cluster.nodesFix":    {"en": "see `kubelab status`; `kubelab up` waits for the nodes again", "zh": "查看 `kubelab status`；`kubelab up` 会再次等待节点"},
})
