// Package doctor finds what stands between the learner and a working lab
// cluster (`kubelab doctor`): a missing container engine, a daemon that is
// not running or not usable by this user, too few CPUs or too little memory
// or disk, inotify limits (kind's most reported failure), cgroup v1, and the
// lab cluster's own health. On Windows and macOS it knows Docker Desktop and
// its WSL2 VM (where its memory is set), and on Windows whether there is a
// POSIX shell for lesson commands. Every finding says how to fix it; findings that
// make `kubelab up` fail are Fail, the rest Warn or OK.
package doctor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"kubelab/sandbox"
	"kubelab/sandbox/kind"
	"kubelab/sandbox/labcluster"
	"kubelab/sandbox/runner"
)

// Severity orders findings.
type Severity int

const (
	OK Severity = iota
	Warn
	Fail
)

func (s Severity) String() string {
	switch s {
	case OK:
		return "ok"
	case Warn:
		return "warn"
	default:
		return "FAIL"
	}
}

// Finding is one thing the doctor looked at.
type Finding struct {
	// Check names what was looked at ("engine", "cpus", ...).
	Check    string
	Severity Severity
	// Detail says what was found; Fix what to do about it (empty when OK).
	Detail string
	Fix    string
}

// Report is every finding, in the order checked.
type Report struct{ Findings []Finding }

// Blocking reports whether some finding would make `kubelab up` fail.
func (r Report) Blocking() bool {
	for _, f := range r.Findings {
		if f.Severity == Fail {
			return true
		}
	}
	return false
}

// Write prints the report for a person.
func (r Report) Write(w io.Writer) {
	for _, f := range r.Findings {
		mark := map[Severity]string{OK: "✓", Warn: "!", Fail: "✗"}[f.Severity]
		fmt.Fprintf(w, " %s %-10s %s\n", mark, f.Check, f.Detail)
		if f.Fix != "" && f.Severity != OK {
			for _, l := range strings.Split(f.Fix, "\n") {
				fmt.Fprintf(w, "   %-10s → %s\n", "", l)
			}
		}
	}
	if r.Blocking() {
		fmt.Fprintln(w, "`kubelab up` cannot work until the findings marked ✗ are fixed.")
	}
}

// Thresholds.
const (
	MinCPUs           = 2 // kubeadm's own preflight minimum
	MinMemory         = 4 << 30
	MinDisk           = 10 << 30
	BlockingDisk      = 3 << 30
	MinInotifyWatches = 524288 // kind's known-issues page recommends these
	MinInotifyInst    = 512
)

// Options let tests point the doctor elsewhere; the zero value checks this
// machine.
type Options struct {
	// ConfigDir is the lab's config folder; empty means the default.
	ConfigDir string
	// ProcDir replaces /proc (for the inotify limits).
	ProcDir string
	// Timeout bounds each engine command; zero means 15 seconds.
	Timeout time.Duration
	// OS replaces runtime.GOOS in the advice given ("windows", "darwin").
	OS string
	// Shell replaces runner.Shell (where lesson commands find sh).
	Shell func() (string, error)
}

func (o Options) goos() string {
	if o.OS != "" {
		return o.OS
	}
	return runtime.GOOS
}

// Run checks everything and returns the report.
func Run(ctx context.Context, o Options) Report {
	var r Report
	add := func(f Finding) { r.Findings = append(r.Findings, f) }

	engine, info, engineOK := checkEngine(ctx, o, add)
	if engineOK {
		checkResources(o, info, add)
	}
	checkInotify(o, add)
	if o.goos() == "windows" {
		add(checkShell(o))
	}
	if engineOK {
		add(checkCluster(ctx, o, engine))
	}
	return r
}

// Preflight runs only the checks that make `kubelab up` fail fast (engine
// installed, running, usable) and returns them as one error saying what to
// do, or nil.
func Preflight(ctx context.Context, o Options) error {
	var blocking []Finding
	checkEngine(ctx, o, func(f Finding) {
		if f.Severity == Fail {
			blocking = append(blocking, f)
		}
	})
	if len(blocking) == 0 {
		return nil
	}
	var b strings.Builder
	for _, f := range blocking {
		fmt.Fprintf(&b, "%s; %s. ", f.Detail, f.Fix)
	}
	b.WriteString("Run `kubelab doctor` for a full check.")
	return fmt.Errorf("%w: %s", ErrNotReady, b.String())
}

// ErrNotReady is wrapped by Preflight's error.
var ErrNotReady = errors.New("the container engine is not ready")

// engineInfo is what the doctor reads from `docker info` (nerdctl prints
// the same names; podman's are mapped).
type engineInfo struct {
	ServerVersion   string
	OperatingSystem string // "Docker Desktop" for Docker Desktop's VM
	KernelVersion   string // "...-microsoft-standard-WSL2" on WSL2
	NCPU            int
	MemTotal        int64
	CgroupVersion   string
	DockerRootDir   string
	ServerErrors    []string
}

func checkEngine(ctx context.Context, o Options, add func(Finding)) (kind.Engine, engineInfo, bool) {
	var info engineInfo
	engine, err := kind.DetectEngine()
	if err != nil {
		fix := "install Docker Engine (https://docs.docker.com/engine/install/) or Docker Desktop, start it, and run `kubelab doctor` again"
		switch o.goos() {
		case "windows":
			fix = "install Docker Desktop with its WSL2 backend (https://docs.docker.com/desktop/setup/install/windows-install/; " +
				"`wsl --install` first if WSL2 is missing), start it, and run `kubelab doctor` again"
		case "darwin":
			fix = "install Docker Desktop (https://docs.docker.com/desktop/setup/install/mac-install/) or another engine such as colima, start it, and run `kubelab doctor` again"
		}
		add(Finding{Check: "engine", Severity: Fail, Detail: "no container engine (docker, podman or nerdctl) on PATH", Fix: fix})
		return "", info, false
	}
	add(Finding{Check: "engine", Severity: OK, Detail: string(engine) + " is installed"})

	timeout := o.Timeout
	if timeout == 0 {
		timeout = 15 * time.Second
	}
	ictx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out, err := engineInfoOutput(ictx, engine)
	if err == nil {
		err = parseInfo(engine, out, &info)
	}
	if err == nil && len(info.ServerErrors) > 0 {
		err = errors.New(strings.Join(info.ServerErrors, "; "))
	}
	if err != nil {
		text := strings.TrimSpace(string(out) + "\n" + err.Error())
		low := strings.ToLower(text)
		desktop := o.goos() == "windows" || o.goos() == "darwin"
		switch {
		case strings.Contains(low, "permission denied") || strings.Contains(low, "access is denied"):
			fix := "add yourself to the docker group: `sudo usermod -aG docker $USER`, then log out and in again " +
				"(or use Docker Desktop / rootless Docker)"
			if o.goos() == "windows" {
				fix = "Docker Desktop admits the members of docker-users: `net localgroup docker-users %USERNAME% /add` " +
					"in an administrator's PowerShell, then sign out and in again"
			}
			add(Finding{Check: "permission", Severity: Fail,
				Detail: fmt.Sprintf("this user may not use %s: %s", engine, firstLine(text)), Fix: fix})
		case ictx.Err() != nil:
			fix := fmt.Sprintf("restart the engine (`sudo systemctl restart %s`, or restart Docker Desktop)", engine)
			if desktop {
				fix = "restart Docker Desktop (its menu: Restart) and wait until it says Engine running"
			}
			add(Finding{Check: "daemon", Severity: Fail, Detail: fmt.Sprintf("`%s info` did not answer within %s", engine, timeout), Fix: fix})
		default:
			fix := fmt.Sprintf("start it: `sudo systemctl start %s` (Linux) or open Docker Desktop; "+
				"if DOCKER_HOST is set, check it points at a running engine", engine)
			if desktop {
				fix = "open Docker Desktop and wait until it says Engine running; " +
					"if DOCKER_HOST or a docker context is set, check it points at a running engine"
			}
			add(Finding{Check: "daemon", Severity: Fail,
				Detail: fmt.Sprintf("the %s daemon is not reachable: %s", engine, firstLine(text)), Fix: fix})
		}
		return engine, info, false
	}
	add(Finding{Check: "daemon", Severity: OK, Detail: fmt.Sprintf("%s %s answers and this user may use it", engine, info.ServerVersion)})
	return engine, info, true
}

func engineInfoOutput(ctx context.Context, e kind.Engine) ([]byte, error) {
	cmd := exec.CommandContext(ctx, string(e), "info", "--format", "{{json .}}")
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if err != nil {
		return []byte(errOut.String() + out.String()), fmt.Errorf("%s info: %w", e, err)
	}
	return []byte(out.String()), nil
}

func parseInfo(e kind.Engine, out []byte, info *engineInfo) error {
	if e == kind.Podman {
		var p struct {
			Host struct {
				CPUs           int    `json:"cpus"`
				MemTotal       int64  `json:"memTotal"`
				CgroupsVersion string `json:"cgroupVersion"`
			} `json:"host"`
			Store struct {
				GraphRoot string `json:"graphRoot"`
			} `json:"store"`
			Version struct {
				Version string `json:"Version"`
			} `json:"version"`
		}
		if err := json.Unmarshal(out, &p); err != nil {
			return fmt.Errorf("read `podman info`: %w", err)
		}
		*info = engineInfo{ServerVersion: p.Version.Version, NCPU: p.Host.CPUs, MemTotal: p.Host.MemTotal,
			CgroupVersion: strings.TrimPrefix(p.Host.CgroupsVersion, "v"), DockerRootDir: p.Store.GraphRoot}
		return nil
	}
	if err := json.Unmarshal(out, info); err != nil {
		return fmt.Errorf("read `%s info`: %w (output: %s)", e, err, firstLine(string(out)))
	}
	return nil
}

// dockerDesktop reports whether the engine is Docker Desktop's VM and, if
// so, whether that VM is a WSL2 distribution (whose memory WSL sets).
func dockerDesktop(info engineInfo) (desktop, wsl2 bool) {
	desktop = strings.Contains(info.OperatingSystem, "Docker Desktop")
	return desktop, desktop && strings.Contains(strings.ToLower(info.KernelVersion), "wsl2")
}

// memoryFix says where the engine's memory is set.
func memoryFix(o Options, info engineInfo) string {
	desktop, wsl2 := dockerDesktop(info)
	switch {
	case wsl2:
		return "three nodes want about 4 GiB: Docker Desktop on WSL2 gets what WSL gives its VM; set `memory=6GB` under [wsl2] in " +
			"%UserProfile%\\.wslconfig, run `wsl --shutdown` and start Docker Desktop again (or use `kubelab up --workers 1`)"
	case desktop || o.goos() == "darwin" || o.goos() == "windows":
		return "three nodes want about 4 GiB: give Docker Desktop more memory (Settings → Resources), or use `kubelab up --workers 1`"
	}
	return "three nodes want about 4 GiB: give the engine more memory (Docker Desktop: Settings → Resources), or use `kubelab up --workers 1`"
}

func checkResources(o Options, info engineInfo, add func(Finding)) {
	if desktop, wsl2 := dockerDesktop(info); desktop {
		vm := "its own VM"
		if wsl2 {
			vm = "a WSL2 VM (kernel " + info.KernelVersion + ")"
		}
		add(Finding{Check: "desktop", Severity: OK, Detail: "Docker Desktop runs the engine in " + vm})
	}
	switch {
	case info.CgroupVersion == "1":
		add(Finding{Check: "cgroup", Severity: Warn, Detail: "the engine's host runs cgroup v1",
			Fix: "kubelab sets the kubelet's failCgroupV1: false for you; Kubernetes is dropping v1, so prefer a host with cgroup v2 (systemd.unified_cgroup_hierarchy=1)"})
	case info.CgroupVersion != "":
		add(Finding{Check: "cgroup", Severity: OK, Detail: "cgroup v" + info.CgroupVersion})
	}
	if info.NCPU > 0 {
		f := Finding{Check: "cpus", Severity: OK, Detail: fmt.Sprintf("%d CPUs for the engine", info.NCPU)}
		if info.NCPU < MinCPUs {
			f.Severity = Warn
			f.Fix = fmt.Sprintf("kubeadm wants at least %d CPUs: give the engine more (Docker Desktop: Settings → Resources) or use a bigger machine", MinCPUs)
		}
		add(f)
	}
	if info.MemTotal > 0 {
		f := Finding{Check: "memory", Severity: OK, Detail: fmt.Sprintf("%.1f GiB for the engine", float64(info.MemTotal)/(1<<30))}
		if info.MemTotal < MinMemory {
			f.Severity = Warn
			f.Fix = memoryFix(o, info)
		}
		add(f)
	}
	add(checkDisk(info.DockerRootDir))
}

func checkDisk(root string) Finding {
	path := root
	if path == "" {
		path, _ = os.UserHomeDir()
	}
	// A remote engine's root is not on this machine: check the closest
	// folder that exists here, which is right for the common local case.
	for path != "" && filepath.Dir(path) != path {
		if _, err := os.Stat(path); err == nil {
			break
		}
		path = filepath.Dir(path)
	}
	if path == "" {
		path = string(filepath.Separator)
	}
	free, err := freeBytes(path)
	if err != nil {
		return Finding{Check: "disk", Severity: Warn, Detail: fmt.Sprintf("could not measure free space at %s: %v", path, err),
			Fix: "make sure the engine has 10 GiB free"}
	}
	f := Finding{Check: "disk", Severity: OK, Detail: fmt.Sprintf("%.1f GiB free at %s", float64(free)/(1<<30), path)}
	switch {
	case free < BlockingDisk:
		f.Severity = Fail
	case free < MinDisk:
		f.Severity = Warn
	}
	if f.Severity != OK {
		f.Fix = "the node image and lesson images need about 10 GiB: free space (`docker system prune`) or move the engine's data root"
	}
	return f
}

func checkInotify(o Options, add func(Finding)) {
	proc := o.ProcDir
	if proc == "" {
		proc = "/proc"
	}
	watches, err1 := readInt(filepath.Join(proc, "sys/fs/inotify/max_user_watches"))
	instances, err2 := readInt(filepath.Join(proc, "sys/fs/inotify/max_user_instances"))
	if err1 != nil || err2 != nil {
		return // not Linux, or a remote engine's host: nothing to read here
	}
	if watches >= MinInotifyWatches && instances >= MinInotifyInst {
		add(Finding{Check: "inotify", Severity: OK, Detail: fmt.Sprintf("max_user_watches %d, max_user_instances %d", watches, instances)})
		return
	}
	add(Finding{Check: "inotify", Severity: Warn,
		Detail: fmt.Sprintf("max_user_watches %d, max_user_instances %d: too low for three nodes (pods fail with \"too many open files\")", watches, instances),
		Fix: fmt.Sprintf("sudo sysctl fs.inotify.max_user_watches=%d fs.inotify.max_user_instances=%d\n"+
			"to keep it: printf 'fs.inotify.max_user_watches=%d\\nfs.inotify.max_user_instances=%d\\n' | sudo tee /etc/sysctl.d/99-kubelab.conf",
			max(watches, MinInotifyWatches), max(instances, MinInotifyInst), max(watches, MinInotifyWatches), max(instances, MinInotifyInst))})
}

// checkShell says whether lesson commands have a POSIX shell (on Windows,
// Git for Windows' sh) and, when not, what to install.
func checkShell(o Options) Finding {
	find := o.Shell
	if find == nil {
		find = runner.Shell
	}
	sh, err := find()
	if err != nil {
		fix := err.Error()
		var ns *runner.NoShellError
		if errors.As(err, &ns) {
			fix = ns.Text("en")
		}
		return Finding{Check: "shell", Severity: Warn, Detail: "no POSIX shell: lesson commands cannot run (reading, checks and quizzes can)", Fix: fix}
	}
	return Finding{Check: "shell", Severity: OK, Detail: "lesson commands run with " + sh}
}

func checkCluster(ctx context.Context, o Options, engine kind.Engine) Finding {
	f := Finding{Check: "cluster"}
	var target *sandbox.Target
	t, resolveErr := sandbox.Resolve(sandbox.Options{ConfigDir: o.ConfigDir})
	if resolveErr == nil {
		target = t
	}
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	var st kind.Status
	var err error
	if target != nil {
		st, err = kind.GetStatus(cctx, engine, target.RESTConfig())
	} else {
		st, err = kind.GetStatus(cctx, engine, nil)
	}
	switch {
	case err != nil:
		f.Severity, f.Detail, f.Fix = Warn, "could not list the lab cluster's containers: "+firstLine(err.Error()), "see the daemon finding above"
	case !st.Exists:
		f.Severity, f.Detail, f.Fix = OK, "the lab cluster "+labcluster.Name+" does not exist yet", "run `kubelab up`"
	case resolveErr != nil:
		f.Severity, f.Detail, f.Fix = Warn, "the lab cluster exists but "+firstLine(resolveErr.Error()), "run `kubelab up` to write the lab kubeconfig again"
	case st.APIError != nil:
		f.Severity, f.Detail = Warn, "the lab cluster's API server does not answer: "+firstLine(st.APIError.Error())
		f.Fix = fmt.Sprintf("start stopped nodes with `%s start %s`, or start over: `kubelab down` then `kubelab up`", engine, strings.Join(nodeNames(st), " "))
	default:
		ready := 0
		for _, n := range st.Nodes {
			if n.Ready == "Ready" {
				ready++
			}
		}
		f.Detail = fmt.Sprintf("%d of %d nodes Ready at %s", ready, len(st.Nodes), st.Server)
		if ready < len(st.Nodes) {
			f.Severity, f.Fix = Warn, "see `kubelab status`; `kubelab up` waits for the nodes again"
		}
	}
	return f
}

func nodeNames(st kind.Status) []string {
	var names []string
	for _, n := range st.Nodes {
		names = append(names, n.Name)
	}
	return names
}

func readInt(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(data)))
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
