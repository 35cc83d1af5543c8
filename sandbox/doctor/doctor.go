// Package doctor finds what stands between the learner and a working lab
// cluster (`kubelab doctor`): a missing container engine, a daemon that is
// not running or not usable by this user, too few CPUs or too little memory
// or disk, inotify limits (kind's most reported failure), cgroup v1, and the
// lab cluster's own health. On Windows and macOS it knows Docker Desktop and
// its WSL2 VM (where its memory is set), and on Windows whether there is a
// POSIX shell for lesson commands. Every finding says how to fix it;
// findings that make `kubelab up` fail are Fail, the rest Warn or OK.
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

	"github.com/mattn/go-runewidth"

	"kubelab/internal/msg"
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
	// Check names what was looked at ("engine", "cpus", ...); Label is
	// its name in the learner's language.
	Check    string
	Severity Severity
	// Detail says what was found; Fix what to do about it (zero when OK).
	Detail msg.Msg
	Fix    msg.Msg
}

// Label is the name of what the finding looked at, in lang.
func (f Finding) Label(lang string) string { return msg.New("doctor.check." + f.Check).Text(lang) }

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

// Write prints the report for a person, in lang.
func (r Report) Write(w io.Writer, lang string) {
	width := 0
	for _, f := range r.Findings {
		width = max(width, runewidth.StringWidth(f.Label(lang)))
	}
	for _, f := range r.Findings {
		mark := map[Severity]string{OK: "✓", Warn: "!", Fail: "✗"}[f.Severity]
		label := f.Label(lang)
		fmt.Fprintf(w, " %s %s%s %s\n", mark, label, strings.Repeat(" ", width-runewidth.StringWidth(label)), f.Detail.Text(lang))
		if !f.Fix.IsZero() && f.Severity != OK {
			for _, l := range strings.Split(f.Fix.Text(lang), "\n") {
				fmt.Fprintf(w, "   %s → %s\n", strings.Repeat(" ", width), l)
			}
		}
	}
	if r.Blocking() {
		fmt.Fprintln(w, msg.New("doctor.blocking").Text(lang))
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
	var parts []msg.Msg
	for _, f := range blocking {
		parts = append(parts, msg.New("doctor.preflight.finding", f.Detail, f.Fix))
	}
	return &msg.Error{Msg: msg.New("doctor.preflight", parts), Kind: ErrNotReady}
}

// ErrNotReady is what Preflight's error is (errors.Is).
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
		fix := msg.New("doctor.engine.install")
		switch o.goos() {
		case "windows":
			fix = msg.New("doctor.engine.installWindows")
		case "darwin":
			fix = msg.New("doctor.engine.installMac")
		}
		add(Finding{Check: "engine", Severity: Fail, Detail: msg.New("doctor.engine.none"), Fix: fix})
		return "", info, false
	}
	add(Finding{Check: "engine", Severity: OK, Detail: msg.New("doctor.engine.ok", string(engine))})

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
			fix := msg.New("doctor.permission.fix")
			if o.goos() == "windows" {
				fix = msg.New("doctor.permission.fixWindows")
			}
			add(Finding{Check: "permission", Severity: Fail,
				Detail: msg.New("doctor.permission.denied", string(engine), firstLine(text)), Fix: fix})
		case ictx.Err() != nil:
			fix := msg.New("doctor.daemon.restart", string(engine))
			if desktop {
				fix = msg.New("doctor.daemon.restartDesktop")
			}
			add(Finding{Check: "daemon", Severity: Fail, Detail: msg.New("doctor.daemon.timeout", string(engine), timeout.String()), Fix: fix})
		default:
			fix := msg.New("doctor.daemon.start", string(engine))
			if desktop {
				fix = msg.New("doctor.daemon.startDesktop")
			}
			add(Finding{Check: "daemon", Severity: Fail,
				Detail: msg.New("doctor.daemon.unreachable", string(engine), firstLine(text)), Fix: fix})
		}
		return engine, info, false
	}
	add(Finding{Check: "daemon", Severity: OK, Detail: msg.New("doctor.daemon.ok", string(engine), info.ServerVersion)})
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
func memoryFix(o Options, info engineInfo) msg.Msg {
	desktop, wsl2 := dockerDesktop(info)
	switch {
	case wsl2:
		return msg.New("doctor.memory.fixWSL2")
	case desktop || o.goos() == "darwin" || o.goos() == "windows":
		return msg.New("doctor.memory.fixDesktop")
	}
	return msg.New("doctor.memory.fix")
}

func checkResources(o Options, info engineInfo, add func(Finding)) {
	if desktop, wsl2 := dockerDesktop(info); desktop {
		detail := msg.New("doctor.desktop.vm")
		if wsl2 {
			detail = msg.New("doctor.desktop.wsl2", info.KernelVersion)
		}
		add(Finding{Check: "desktop", Severity: OK, Detail: detail})
	}
	switch {
	case info.CgroupVersion == "1":
		add(Finding{Check: "cgroup", Severity: Warn, Detail: msg.New("doctor.cgroup.v1"), Fix: msg.New("doctor.cgroup.v1fix")})
	case info.CgroupVersion != "":
		add(Finding{Check: "cgroup", Severity: OK, Detail: msg.Plain("cgroup v" + info.CgroupVersion)})
	}
	if info.NCPU > 0 {
		f := Finding{Check: "cpus", Severity: OK, Detail: msg.New("doctor.cpus", info.NCPU)}
		if info.NCPU < MinCPUs {
			f.Severity = Warn
			f.Fix = msg.New("doctor.cpus.fix", MinCPUs)
		}
		add(f)
	}
	if info.MemTotal > 0 {
		f := Finding{Check: "memory", Severity: OK, Detail: msg.New("doctor.memory", float64(info.MemTotal)/(1<<30))}
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
		return Finding{Check: "disk", Severity: Warn, Detail: msg.New("doctor.disk.unknown", path, err), Fix: msg.New("doctor.disk.unknownFix")}
	}
	f := Finding{Check: "disk", Severity: OK, Detail: msg.New("doctor.disk", float64(free)/(1<<30), path)}
	switch {
	case free < BlockingDisk:
		f.Severity = Fail
	case free < MinDisk:
		f.Severity = Warn
	}
	if f.Severity != OK {
		f.Fix = msg.New("doctor.disk.fix")
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
		add(Finding{Check: "inotify", Severity: OK, Detail: msg.Plain(fmt.Sprintf("max_user_watches %d, max_user_instances %d", watches, instances))})
		return
	}
	add(Finding{Check: "inotify", Severity: Warn,
		Detail: msg.New("doctor.inotify.low", watches, instances),
		Fix:    msg.New("doctor.inotify.fix", max(watches, MinInotifyWatches), max(instances, MinInotifyInst))})
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
		fix := msg.FromError(err)
		var ns *runner.NoShellError
		if errors.As(err, &ns) {
			fix = msg.New("doctor.shell.fix", msg.Lazy(ns.Text))
		}
		return Finding{Check: "shell", Severity: Warn, Detail: msg.New("doctor.shell.none"), Fix: fix}
	}
	return Finding{Check: "shell", Severity: OK, Detail: msg.New("doctor.shell.ok", sh)}
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
		f.Severity, f.Detail, f.Fix = Warn, msg.New("doctor.cluster.list", firstLineErr(err)), msg.New("doctor.cluster.listFix")
	case !st.Exists:
		f.Severity, f.Detail, f.Fix = OK, msg.New("doctor.cluster.none", labcluster.Name), msg.New("doctor.cluster.noneFix")
	case resolveErr != nil:
		f.Severity, f.Detail, f.Fix = Warn, msg.New("doctor.cluster.noConfig", firstLineErr(resolveErr)), msg.New("doctor.cluster.noConfigFix")
	case st.APIError != nil:
		f.Severity, f.Detail = Warn, msg.New("doctor.cluster.api", firstLineErr(st.APIError))
		f.Fix = msg.New("doctor.cluster.apiFix", string(engine), strings.Join(nodeNames(st), " "))
	default:
		ready := 0
		for _, n := range st.Nodes {
			if n.Ready == "Ready" {
				ready++
			}
		}
		f.Detail = msg.New("doctor.cluster.nodes", ready, len(st.Nodes), st.Server)
		if ready < len(st.Nodes) {
			f.Severity, f.Fix = Warn, msg.New("doctor.cluster.nodesFix")
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

// firstLineErr is the first line of err in the learner's language, when it
// carries a message, rendered late.
func firstLineErr(err error) msg.Lazy {
	return func(lang string) string { return firstLine(msg.ErrorText(err, lang)) }
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
