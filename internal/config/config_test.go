package config

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLangFromEnvFollowsLocalePrecedence(t *testing.T) {
	cases := []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{}, "en"},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, "zh"},
		{map[string]string{"LANG": "de_DE.UTF-8"}, "en"},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"}, "zh"},
		{map[string]string{"LC_MESSAGES": "en_US", "LC_ALL": "zh_CN"}, "zh"},
		{map[string]string{"LC_ALL": "C", "LANG": "zh_CN"}, "en"},
	}
	for _, c := range cases {
		if got := LangFromEnv(env(c.vars)); got != c.want {
			t.Errorf("LangFromEnv(%v) = %q, want %q", c.vars, got, c.want)
		}
	}
}

func TestResolveLangRemembersAnExplicitChoice(t *testing.T) {
	dir := t.TempDir()
	zhEnv := env(map[string]string{"LANG": "zh_CN.UTF-8"})
	if got, _ := ResolveLang(dir, "", zhEnv); got != "zh" {
		t.Fatalf("from env: got %q", got)
	}
	if got, err := ResolveLang(dir, "en", zhEnv); err != nil || got != "en" {
		t.Fatalf("from flag: got %q, %v", got, err)
	}
	if got, _ := ResolveLang(dir, "", zhEnv); got != "en" {
		t.Fatalf("remembered: got %q, want en", got)
	}
}

func TestResolveLangRejectsUnknownLanguage(t *testing.T) {
	_, err := ResolveLang(t.TempDir(), "fr", env(nil))
	if err == nil || !strings.Contains(err.Error(), "en, zh") {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadNamesFileAndFieldOfBadSettings(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, File), []byte(`{"lang":"xx"}`), 0o644)
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), "config.json: field lang") {
		t.Fatalf("err = %v", err)
	}
	os.WriteFile(filepath.Join(dir, File), []byte(`{`), 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Fatalf("err = %v", err)
	}
}

func TestSaveKeepsTheFolderAndFileToTheirOwner(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix permissions")
	}
	dir := filepath.Join(t.TempDir(), "kubelab")
	if err := Save(dir, Config{Lang: "zh"}); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, File): 0o600} {
		info, err := os.Stat(path)
		if err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %v", path, info.Mode().Perm(), err, want)
		}
	}
}

func TestLoadReadsOnlyASmallRegularFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, File), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a folder named config.json: %v", err)
	}
	dir = t.TempDir()
	big := `{"lang":"en"` + strings.Repeat(" ", maxFileBytes) + `}`
	os.WriteFile(filepath.Join(dir, File), []byte(big), 0o600)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("an oversized config.json: %v", err)
	}
}
