// Package xdg finds the lab's own state, config and cache folders, following
// the XDG base directory convention so that tests can isolate them by setting
// XDG_STATE_HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME.
package xdg

import (
	"fmt"
	"os"
	"path/filepath"
)

// App is the folder name used below each base directory.
const App = "kubelab"

// StateDir is where progress lives: $XDG_STATE_HOME/kubelab, falling back to
// ~/.local/state/kubelab.
func StateDir() (string, error) { return dir("XDG_STATE_HOME", ".local/state") }

// ConfigDir is where settings and the lab kubeconfig live:
// $XDG_CONFIG_HOME/kubelab, falling back to ~/.config/kubelab.
func ConfigDir() (string, error) { return dir("XDG_CONFIG_HOME", ".config") }

// CacheDir is for things that can be rebuilt: $XDG_CACHE_HOME/kubelab,
// falling back to ~/.cache/kubelab.
func CacheDir() (string, error) { return dir("XDG_CACHE_HOME", ".cache") }

func dir(env, fallback string) (string, error) {
	if base := os.Getenv(env); filepath.IsAbs(base) {
		return filepath.Join(base, App), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the %s folder: set %s or HOME: %w", App, env, err)
	}
	return filepath.Join(home, fallback, App), nil
}
