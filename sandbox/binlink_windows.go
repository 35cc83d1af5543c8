//go:build windows

package sandbox

import (
	"io"
	"os"
)

// kubectlFile is the name the lab's kubectl has in its bin folder; a shell
// finds kubectl.exe when asked for kubectl.
const kubectlFile = "kubectl.exe"

// isLinkTo reports whether link is exe: the same file (a hard link) or a
// copy of it with exe's size and modification time.
func isLinkTo(link, exe string) bool {
	l, err1 := os.Stat(link)
	e, err2 := os.Stat(exe)
	if err1 != nil || err2 != nil {
		return false
	}
	return os.SameFile(l, e) || (l.Size() == e.Size() && l.ModTime().Equal(e.ModTime()))
}

// linkExe hard-links exe as link, which needs no rights beyond writing the
// folder, or copies it when the two are on different volumes.
func linkExe(exe, link string) error {
	if err := os.Link(exe, link); err == nil {
		return nil
	}
	src, err := os.Open(exe)
	if err != nil {
		return err
	}
	defer src.Close()
	fi, err := src.Stat()
	if err != nil {
		return err
	}
	dst, err := os.OpenFile(link, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		os.Remove(link)
		return err
	}
	if err := dst.Close(); err != nil {
		os.Remove(link)
		return err
	}
	return os.Chtimes(link, fi.ModTime(), fi.ModTime())
}
