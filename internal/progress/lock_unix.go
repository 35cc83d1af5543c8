//go:build unix

package progress

import (
	"os"
	"syscall"
)

// lockFile blocks until it holds an flock on f. flock locks belong to the
// open file, so two Stores in one process exclude each other too.
func lockFile(f *os.File, exclusive bool) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}

func unlockFile(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
