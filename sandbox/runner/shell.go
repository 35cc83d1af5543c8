package runner

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// ErrNoShell is wrapped by the error Run and Shell return when this machine
// has no POSIX shell to run lesson commands with (Windows without Git for
// Windows). Everything that needs no shell (reading, notes, checks through
// the API, quizzes) works without one.
var ErrNoShell = errors.New("no POSIX shell (sh) found")

// NoShellError says what to install when no POSIX shell was found; Text
// renders it in the learner's language.
type NoShellError struct {
	// Looked lists the places searched, for the curious.
	Looked []string
}

func (e *NoShellError) Error() string { return e.Text("en") }
func (e *NoShellError) Unwrap() error { return ErrNoShell }

// Text says, in lang ("en" or "zh", English otherwise), that lesson
// commands need a POSIX shell and how to get one.
func (e *NoShellError) Text(lang string) string {
	if lang == "zh" {
		return "找不到 POSIX shell（sh），无法运行课程命令。请安装 Git for Windows（自带 sh，https://git-scm.com/download/win），" +
			"或者在 WSL2 中运行 kubelab（在 PowerShell 中执行 `wsl --install`，然后在 WSL 里安装 Linux 版 kubelab）。" +
			"阅读、笔记、检查和测验不需要 shell。"
	}
	return "no POSIX shell (sh) to run lesson commands with: install Git for Windows, which brings sh " +
		"(https://git-scm.com/download/win), or run kubelab inside WSL2 (`wsl --install` in PowerShell, " +
		"then the Linux build of kubelab inside WSL). Reading, notes, checks and quizzes need no shell."
}

// Shell returns the path of the POSIX shell lesson commands run with: `sh`
// on PATH; on Windows also the sh of Git for Windows where it is installed
// but not on PATH. The error wraps ErrNoShell (a *NoShellError) when there
// is none.
func Shell() (string, error) {
	return findShell(runtime.GOOS, exec.LookPath, os.Getenv, func(p string) bool {
		fi, err := os.Stat(p)
		return err == nil && !fi.IsDir()
	})
}

// findShell is Shell with the machine passed in, so the Windows search is
// tested everywhere.
func findShell(goos string, lookPath func(string) (string, error), getenv func(string) string, isFile func(string) bool) (string, error) {
	if p, err := lookPath("sh"); err == nil {
		return p, nil
	}
	if goos != "windows" {
		return "", &NoShellError{Looked: []string{"sh on PATH"}}
	}
	// Git for Windows keeps sh.exe in bin\ and usr\bin\ under its root; the
	// root is found from git.exe on PATH (root\cmd\git.exe) or in the
	// places its installer uses. bash.exe is not looked up on PATH: on
	// Windows that is often WSL's launcher, which runs in another system.
	var roots []string
	if git, err := lookPath("git"); err == nil {
		roots = append(roots, parentWin(parentWin(git)))
	}
	for _, v := range []string{"ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"} {
		if d := getenv(v); d != "" {
			roots = append(roots, joinWin(d, "Git"))
		}
	}
	if d := getenv("LOCALAPPDATA"); d != "" {
		roots = append(roots, joinWin(d, "Programs", "Git"))
	}
	looked := []string{"sh.exe on PATH"}
	for _, r := range roots {
		for _, p := range []string{joinWin(r, "bin", "sh.exe"), joinWin(r, "usr", "bin", "sh.exe")} {
			if isFile(p) {
				return p, nil
			}
			looked = append(looked, p)
		}
	}
	return "", &NoShellError{Looked: looked}
}

// joinWin joins Windows path elements with a backslash whatever the build
// platform, so the search reads the same in tests on Linux.
func joinWin(elem ...string) string {
	for i := range elem {
		if i > 0 {
			elem[i] = strings.Trim(elem[i], `\/`)
		} else {
			elem[i] = strings.TrimRight(elem[i], `\/`)
		}
	}
	return strings.Join(elem, `\`)
}

// parentWin is the folder holding p, a Windows path.
func parentWin(p string) string {
	if i := strings.LastIndexAny(p, `\/`); i > 0 {
		return p[:i]
	}
	return p
}
