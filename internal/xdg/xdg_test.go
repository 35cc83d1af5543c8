package xdg

import (
	"path/filepath"
	"testing"
)

func TestDirsFollowXDGVariables(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/s")
	t.Setenv("XDG_CONFIG_HOME", "/c")
	t.Setenv("XDG_CACHE_HOME", "/k")
	for name, f := range map[string]func() (string, error){"/s": StateDir, "/c": ConfigDir, "/k": CacheDir} {
		got, err := f()
		if err != nil || got != filepath.Join(name, App) {
			t.Errorf("got %q, %v; want %q", got, err, filepath.Join(name, App))
		}
	}
}

func TestDirsFallBackToHomeWhenVariableIsRelativeOrUnset(t *testing.T) {
	t.Setenv("HOME", "/home/learner")
	t.Setenv("XDG_STATE_HOME", "relative/path")
	t.Setenv("XDG_CONFIG_HOME", "")
	if got, _ := StateDir(); got != "/home/learner/.local/state/kubelab" {
		t.Errorf("StateDir = %q", got)
	}
	if got, _ := ConfigDir(); got != "/home/learner/.config/kubelab" {
		t.Errorf("ConfigDir = %q", got)
	}
}
