package doctor

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kubelab/sandbox/runner"
)

// fakeEngine puts a `docker` script on an otherwise empty PATH (plus the
// folder of sh, which the script needs).
func fakeEngine(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	body := "#!/bin/sh\n" + script + "\n"
	if err := os.WriteFile(filepath.Join(dir, "docker"), []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+":/bin:/usr/bin")
	t.Setenv("KIND_EXPERIMENTAL_PROVIDER", "docker")
}

func noEngine(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("KIND_EXPERIMENTAL_PROVIDER", "")
}

func find(r Report, check string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.Check == check {
			return f, true
		}
	}
	return Finding{}, false
}

func opts(t *testing.T) Options {
	return Options{ConfigDir: t.TempDir(), ProcDir: t.TempDir()}
}

func TestWithoutAnEngineDoctorBlocksAndSaysWhatToInstall(t *testing.T) {
	noEngine(t)
	r := Run(t.Context(), opts(t))
	f, ok := find(r, "engine")
	if !ok || f.Severity != Fail || !strings.Contains(f.Fix.Text("en"), "install Docker") {
		t.Errorf("engine finding %+v, want Fail saying to install Docker", f)
	}
	if !r.Blocking() {
		t.Error("a machine without an engine is not blocking")
	}
	err := Preflight(t.Context(), opts(t))
	if !errors.Is(err, ErrNotReady) || !strings.Contains(err.Error(), "install Docker") {
		t.Errorf("Preflight: %v, want ErrNotReady saying to install Docker", err)
	}
}

func TestAnEngineWhoseDaemonIsDownSaysToStartIt(t *testing.T) {
	fakeEngine(t, `echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2; exit 1`)
	r := Run(t.Context(), opts(t))
	f, _ := find(r, "daemon")
	if f.Severity != Fail || !strings.Contains(f.Detail.Text("en"), "Is the docker daemon running?") || !strings.Contains(f.Fix.Text("en"), "systemctl start docker") {
		t.Errorf("daemon finding %+v, want Fail quoting docker and saying how to start it", f)
	}
	if _, ok := find(r, "cluster"); ok {
		t.Error("the cluster was checked through an engine that is down")
	}
	if err := Preflight(t.Context(), opts(t)); err == nil || !strings.Contains(err.Error(), "systemctl start docker") {
		t.Errorf("Preflight: %v, want it to say how to start docker", err)
	}
}

func TestAnEngineThisUserMayNotUseSaysHowToGetPermission(t *testing.T) {
	fakeEngine(t, `echo "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock" >&2; exit 1`)
	r := Run(t.Context(), opts(t))
	f, _ := find(r, "permission")
	if f.Severity != Fail || !strings.Contains(f.Fix.Text("en"), "usermod -aG docker") {
		t.Errorf("permission finding %+v, want Fail with the docker group fix", f)
	}
}

func TestASmallCgroupV1EngineWarnsButDoesNotBlock(t *testing.T) {
	fakeEngine(t, `case "$1" in
info) echo '{"ServerVersion":"27.1.0","NCPU":1,"MemTotal":2147483648,"CgroupVersion":"1","DockerRootDir":"/"}';;
ps) ;;
*) echo "unexpected: $*" >&2; exit 2;;
esac`)
	o := opts(t)
	inotify := filepath.Join(o.ProcDir, "sys/fs/inotify")
	os.MkdirAll(inotify, 0o755)
	os.WriteFile(filepath.Join(inotify, "max_user_watches"), []byte("8192\n"), 0o644)
	os.WriteFile(filepath.Join(inotify, "max_user_instances"), []byte("128\n"), 0o644)

	r := Run(t.Context(), o)
	for check, want := range map[string]string{
		"cpus":    "at least 2 CPUs",
		"memory":  "4 GiB",
		"cgroup":  "failCgroupV1: false",
		"inotify": "fs.inotify.max_user_watches=524288",
	} {
		f, ok := find(r, check)
		if !ok || f.Severity != Warn || !strings.Contains(f.Fix.Text("en"), want) {
			t.Errorf("%s finding %+v, want a warning whose fix mentions %q", check, f, want)
		}
	}
	if f, _ := find(r, "daemon"); f.Severity != OK {
		t.Errorf("daemon finding %+v, want OK", f)
	}
	if f, _ := find(r, "cluster"); f.Severity != OK || !strings.Contains(f.Fix.Text("en"), "kubelab up") {
		t.Errorf("cluster finding %+v, want OK with a pointer to kubelab up", f)
	}
	if d, _ := find(r, "disk"); d.Severity != Fail && r.Blocking() {
		t.Errorf("warnings alone made the report blocking: %+v", r.Findings)
	}
	var b bytes.Buffer
	r.Write(&b, "en")
	if !strings.Contains(b.String(), "→ sudo sysctl") {
		t.Errorf("the printed report lacks the fixes:\n%s", b.String())
	}
}

func TestDockerDesktopOnWSL2SaysWhereItsMemoryIsSet(t *testing.T) {
	fakeEngine(t, `case "$1" in
info) echo '{"ServerVersion":"28.3.2","OperatingSystem":"Docker Desktop","KernelVersion":"6.6.87.2-microsoft-standard-WSL2","NCPU":8,"MemTotal":2147483648,"CgroupVersion":"2","DockerRootDir":"/var/lib/docker"}';;
ps) ;;
*) echo "unexpected: $*" >&2; exit 2;;
esac`)
	o := opts(t)
	o.OS = "windows"
	o.Shell = func() (string, error) { return `C:\Program Files\Git\bin\sh.exe`, nil }
	r := Run(t.Context(), o)
	if f, _ := find(r, "desktop"); f.Severity != OK || !strings.Contains(f.Detail.Text("en"), "WSL2") {
		t.Errorf("desktop finding %+v, want OK naming the WSL2 VM", f)
	}
	if f, _ := find(r, "memory"); f.Severity != Warn || !strings.Contains(f.Fix.Text("en"), ".wslconfig") || !strings.Contains(f.Fix.Text("en"), "wsl --shutdown") {
		t.Errorf("memory finding %+v, want a warning that says to set memory in .wslconfig", f)
	}
	if f, _ := find(r, "shell"); f.Severity != OK || !strings.Contains(f.Detail.Text("en"), `Git\bin\sh.exe`) {
		t.Errorf("shell finding %+v, want OK naming Git's sh", f)
	}
}

func TestWindowsWithoutAShellWarnsAndOffersWSL2(t *testing.T) {
	noEngine(t)
	o := opts(t)
	o.OS = "windows"
	o.Shell = func() (string, error) { return "", &runner.NoShellError{} }
	r := Run(t.Context(), o)
	if f, _ := find(r, "shell"); f.Severity != Warn || !strings.Contains(f.Fix.Text("en"), "Git for Windows") || !strings.Contains(f.Fix.Text("en"), "wsl --install") {
		t.Errorf("shell finding %+v, want a warning offering Git for Windows and WSL2", f)
	}
	if f, _ := find(r, "engine"); f.Severity != Fail || !strings.Contains(f.Fix.Text("en"), "Docker Desktop") || !strings.Contains(f.Fix.Text("en"), "WSL2") {
		t.Errorf("engine finding %+v, want Fail saying to install Docker Desktop with WSL2", f)
	}
}

func TestDockerDesktopNotRunningSaysToOpenIt(t *testing.T) {
	fakeEngine(t, `echo "error during connect: this error may indicate that the docker daemon is not running" >&2; exit 1`)
	o := opts(t)
	o.OS = "darwin"
	r := Run(t.Context(), o)
	if f, _ := find(r, "daemon"); f.Severity != Fail || !strings.Contains(f.Fix.Text("en"), "open Docker Desktop") || strings.Contains(f.Fix.Text("en"), "systemctl") {
		t.Errorf("daemon finding %+v, want Fail saying to open Docker Desktop", f)
	}
	if _, ok := find(r, "shell"); ok {
		t.Error("the shell was checked on macOS, which always has one")
	}
}
