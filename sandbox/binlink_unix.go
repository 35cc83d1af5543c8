//go:build !windows

package sandbox

import "os"

// kubectlFile is the name the lab's kubectl has in its bin folder.
const kubectlFile = "kubectl"

func isLinkTo(link, exe string) bool {
	cur, err := os.Readlink(link)
	return err == nil && cur == exe
}

func linkExe(exe, link string) error { return os.Symlink(exe, link) }
