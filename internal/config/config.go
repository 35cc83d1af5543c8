// Package config holds the learner's settings that outlive one run, such as
// the chosen language, in $XDG_CONFIG_HOME/kubelab/config.json.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"kubelab/internal/atomicfile"
)

// Languages the lab ships, in the order they are offered.
var Languages = []string{"en", "zh"}

// Config is the settings file. Unknown fields are kept out by design: the
// file is small and written only by the lab.
type Config struct {
	// Lang is the language chosen with --lang, remembered for later runs.
	Lang string `json:"lang,omitempty"`
	// Class is the class joined with `kubelab classroom join`: its
	// kubeconfig is the cluster kubelab uses when none is named.
	Class *Class `json:"class,omitempty"`
	// Workspace is the folder the lessons' starter files are copied into
	// (one folder per lesson); empty means ~/kubelab. --workspace
	// overrides it for one run.
	Workspace string `json:"workspace,omitempty"`
	// TypeAlong: the number keys put a listed command into the prompt,
	// ready to edit and run with Enter, instead of running it.
	TypeAlong bool `json:"typeAlong,omitempty"`
}

// Class is a class the learner joined.
type Class struct {
	Name    string `json:"name"`
	Learner string `json:"learner"`
	// Kubeconfig is the lab's own copy of the class kubeconfig.
	Kubeconfig string `json:"kubeconfig"`
}

// File is the settings file's name inside the config folder.
const File = "config.json"

// readJSON decodes the small regular file at path into v; a missing file
// leaves v as it is. what names the file's content in errors.
func readJSON(path string, max int64, what string, v any) error {
	data, err := atomicfile.ReadSmall(path, max)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: not valid JSON (%v); fix or delete it", path, err)
	}
	return nil
}

// maxFileBytes bounds what Load reads: the file holds a few short fields.
const maxFileBytes = 64 << 10

// Load reads dir/config.json. A missing file is an empty Config.
func Load(dir string) (Config, error) {
	var c Config
	path := filepath.Join(dir, File)
	if err := readJSON(path, maxFileBytes, "settings", &c); err != nil {
		return Config{}, err
	}
	if c.Lang != "" && !Supported(c.Lang) {
		return Config{}, fmt.Errorf("%s: field lang: %q is not one of %s", path, c.Lang, strings.Join(Languages, ", "))
	}
	return c, nil
}

// Save writes dir/config.json atomically.
func Save(dir string, c Config) error {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	// The folder also holds the lab cluster's kubeconfig, with admin
	// credentials: only its owner may look inside.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return atomicfile.Write(filepath.Join(dir, File), append(data, '\n'), 0o600)
}

// Supported reports whether lang is a language the lab ships.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// LangFromEnv picks the language from the locale variables in POSIX order of
// precedence (LC_ALL, LC_MESSAGES, LANG): a value starting with "zh" means
// Chinese, anything else English. getenv is os.Getenv outside tests.
func LangFromEnv(getenv func(string) string) string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		if strings.HasPrefix(strings.ToLower(v), "zh") {
			return "zh"
		}
		return "en"
	}
	return "en"
}

// ResolveLang decides the language for this run: the flag if given (and then
// remembered in dir), else the remembered choice, else the locale.
func ResolveLang(dir, flag string, getenv func(string) string) (string, error) {
	if flag != "" {
		if !Supported(flag) {
			return "", fmt.Errorf("--lang %q: choose one of %s", flag, strings.Join(Languages, ", "))
		}
		c, err := Load(dir)
		if err != nil {
			return "", err
		}
		if c.Lang != flag {
			c.Lang = flag
			if err := Save(dir, c); err != nil {
				return "", err
			}
		}
		return flag, nil
	}
	c, err := Load(dir)
	if err != nil {
		return "", err
	}
	if c.Lang != "" {
		return c.Lang, nil
	}
	return LangFromEnv(getenv), nil
}
