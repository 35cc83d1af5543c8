//go:build unix

package runner

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// lastBackgroundPID prints the process id of the shell's last background
// job.
const lastBackgroundPID = `echo $!`

// shellPwd prints the working folder.
const shellPwd = `pwd`

// shellPath is how the shell spells a path of this system.
func shellPath(p string) string { return p }

// alive reports whether pid runs and is not a zombie waiting to be reaped
// by init.
func alive(pid int) bool {
	deadline := time.Now().Add(2 * time.Second)
	for {
		gone := syscall.Kill(pid, 0) != nil
		if !gone {
			if st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
				f := strings.Fields(string(st))
				gone = len(f) > 2 && f[2] == "Z"
			}
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
