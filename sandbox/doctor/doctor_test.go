package doctor

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
