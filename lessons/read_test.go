package lessons

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestADeviceOrPipeIsRefusedEvenThroughAFileSystemThatFollowsLinks(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	dir := t.TempDir()
	must(t, os.CopyFS(dir, os.DirFS("testdata/valid")))
	replaceWithLink(t, "/dev/zero", filepath.Join(dir, "glossary.en.md"))
	fifo := filepath.Join(dir, "01-first-steps", "zh.md")
	must(t, os.Remove(fifo))
	if err := mkfifo(fifo); err != nil {
		t.Skip(err)
	}
	res := loadInChild(t, dir, true)
	for _, want := range []string{"/glossary.en.md: a device, not a regular file", "/01-first-steps/zh.md: a named pipe, not a regular file"} {
		found := false
		for _, p := range res.Problems {
			found = found || strings.Contains(p, want)
		}
		if !found {
			t.Errorf("no problem %q in:\n%s", want, strings.Join(res.Problems, "\n"))
		}
	}
}

func TestALinkInsideThePackIsFollowed(t *testing.T) {
	dir := t.TempDir()
	must(t, os.CopyFS(dir, os.DirFS("testdata/valid")))
	must(t, os.Rename(filepath.Join(dir, "glossary.en.md"), filepath.Join(dir, "01-first-steps", "terms.md")))
	if err := os.Symlink(filepath.Join("01-first-steps", "terms.md"), filepath.Join(dir, "glossary.en.md")); err != nil {
		t.Skip(err)
	}
	if _, err := LoadDir(dir); err != nil {
		t.Errorf("a link to a file of the pack: %v", err)
	}
}
