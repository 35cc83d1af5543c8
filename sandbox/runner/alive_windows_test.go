//go:build windows

package runner

import (
	"path/filepath"
	"time"

	"golang.org/x/sys/windows"
)

// lastBackgroundPID prints the Windows process id of the shell's last
// background job (Git for Windows' sh keeps its own numbers in $!).
const lastBackgroundPID = `cat /proc/$!/winpid`

// shellPwd prints the working folder as this system spells it (Git for
// Windows' pwd prints /c/..., pwd -W C:/...).
const shellPwd = `pwd -W`

// shellPath is how the shell spells a path of this system.
func shellPath(p string) string { return filepath.ToSlash(p) }

// alive reports whether the process pid still runs.
func alive(pid int) bool {
	deadline := time.Now().Add(2 * time.Second)
	for {
		gone := true
		h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION|windows.SYNCHRONIZE, false, uint32(pid))
		if err == nil {
			ev, _ := windows.WaitForSingleObject(h, 0)
			gone = ev == windows.WAIT_OBJECT_0
			windows.CloseHandle(h)
		}
		if gone {
			return false
		}
		if time.Now().After(deadline) {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
}
