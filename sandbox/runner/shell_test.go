package runner

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

func TestFindShellOnWindows(t *testing.T) {
	env := map[string]string{`ProgramFiles`: `C:\Program Files`, `LOCALAPPDATA`: `C:\Users\ada\AppData\Local`}
	getenv := func(k string) string { return env[k] }
	notFound := func(string) (string, error) { return "", exec.ErrNotFound }
	cases := []struct {
		name     string
		lookPath func(string) (string, error)
		files    []string
		want     string
	}{
		{"sh on PATH wins", func(f string) (string, error) {
			if f == "sh" {
				return `D:\msys64\usr\bin\sh.exe`, nil
			}
			return "", exec.ErrNotFound
		}, []string{`C:\Program Files\Git\bin\sh.exe`}, `D:\msys64\usr\bin\sh.exe`},
		{"Git's root from git.exe on PATH", func(f string) (string, error) {
			if f == "git" {
				return `E:\tools\Git\cmd\git.exe`, nil
			}
			return "", exec.ErrNotFound
		}, []string{`E:\tools\Git\bin\sh.exe`, `C:\Program Files\Git\bin\sh.exe`}, `E:\tools\Git\bin\sh.exe`},
		{"Git for Windows installed for all users", notFound, []string{`C:\Program Files\Git\usr\bin\sh.exe`}, `C:\Program Files\Git\usr\bin\sh.exe`},
		{"Git for Windows installed for one user", notFound, []string{`C:\Users\ada\AppData\Local\Programs\Git\bin\sh.exe`}, `C:\Users\ada\AppData\Local\Programs\Git\bin\sh.exe`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			isFile := func(p string) bool {
				for _, f := range c.files {
					if f == p {
						return true
					}
				}
				return false
			}
			got, err := findShell("windows", c.lookPath, getenv, isFile)
			if err != nil || got != c.want {
				t.Errorf("findShell = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestFindShellWithoutOneSaysToInstallGitOrUseWSL(t *testing.T) {
	notFound := func(string) (string, error) { return "", exec.ErrNotFound }
	_, err := findShell("windows", notFound, func(string) string { return `C:\Program Files` }, func(string) bool { return false })
	if !errors.Is(err, ErrNoShell) {
		t.Fatalf("error %v, want ErrNoShell", err)
	}
	var ns *NoShellError
	if !errors.As(err, &ns) {
		t.Fatalf("error %T, want *NoShellError", err)
	}
	for _, lang := range []string{"en", "zh"} {
		text := ns.Text(lang)
		if !strings.Contains(text, "Git for Windows") || !strings.Contains(text, "WSL2") || !strings.Contains(text, "wsl --install") {
			t.Errorf("%s: %q does not name both ways to get a shell", lang, text)
		}
	}
	if ns.Text("zh") == ns.Text("en") {
		t.Error("the Chinese text is the English one")
	}
	// WSL's bash.exe launcher is never taken for a shell of this system.
	bashOnly := func(f string) (string, error) {
		if f == "bash" {
			return `C:\Windows\System32\bash.exe`, nil
		}
		return "", exec.ErrNotFound
	}
	if got, err := findShell("windows", bashOnly, func(string) string { return "" }, func(string) bool { return false }); err == nil {
		t.Errorf("took %q for a POSIX shell", got)
	}
}

func TestRunWithoutAShellFailsWithErrNoShell(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := Shell(); err == nil {
		t.Skip("a shell is found outside PATH here")
	}
	res, err := Run(t.Context(), Spec{Command: "true"}, nil)
	if !errors.Is(err, ErrNoShell) || res.ExitCode != -1 {
		t.Errorf("result %+v, error %v; want exit code -1 and ErrNoShell", res, err)
	}
}
