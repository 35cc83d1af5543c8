package workspace

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"kubelab/lessons"
)

func starter(content string) []lessons.StarterFile {
	return []lessons.StarterFile{{Name: "deploy.yaml", Data: []byte(content)}}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCopyWritesAMissingStarterFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lesson")
	res, err := Copy(dir, starter("v1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dir, "deploy.yaml")); got != "v1\n" || !slices.Equal(res.Written, []string{"deploy.yaml"}) {
		t.Errorf("file %q, result %+v", got, res)
	}
}

func TestCopyNeverWritesOverAFileTheLearnerChanged(t *testing.T) {
	dir := t.TempDir()
	if _, err := Copy(dir, starter("v1\n")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "deploy.yaml"), []byte("mine\n"), 0o644)
	res, err := Copy(dir, starter("v1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dir, "deploy.yaml")); got != "mine\n" || !slices.Equal(res.Kept, []string{"deploy.yaml"}) || len(res.Written) != 0 {
		t.Errorf("file %q, result %+v", got, res)
	}
}

func TestCopyKeepsAFileTheLearnerWroteBeforeTheLabDid(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "deploy.yaml"), []byte("mine\n"), 0o644)
	res, err := Copy(dir, starter("v1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dir, "deploy.yaml")); got != "mine\n" || len(res.Kept) != 1 {
		t.Errorf("file %q, result %+v", got, res)
	}
}

func TestCopyUpdatesAnUntouchedFileWhenTheLessonChangesIt(t *testing.T) {
	dir := t.TempDir()
	if _, err := Copy(dir, starter("v1\n")); err != nil {
		t.Fatal(err)
	}
	res, err := Copy(dir, starter("v2\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dir, "deploy.yaml")); got != "v2\n" || len(res.Written) != 1 {
		t.Errorf("file %q, result %+v", got, res)
	}
}

func TestRestorePutsTheStarterBackAndKeepsTheLearnersVersionBesideIt(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "deploy.yaml")
	if _, err := Copy(dir, starter("v1\n")); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"deploy.yaml.mine", "deploy.yaml.mine.1"} {
		os.WriteFile(path, []byte("mine "+want+"\n"), 0o644)
		res, err := Restore(dir, starter("v1\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got := read(t, path); got != "v1\n" {
			t.Errorf("restore %d: file %q, want the starter", i, got)
		}
		if res.Saved["deploy.yaml"] != want || read(t, filepath.Join(dir, want)) != "mine "+want+"\n" {
			t.Errorf("restore %d: saved %v, want the learner's version in %s", i, res.Saved, want)
		}
	}
	// Restoring an untouched file keeps nothing aside.
	res, err := Restore(dir, starter("v1\n"))
	if err != nil || len(res.Saved) != 0 {
		t.Errorf("restore of an untouched file: %+v, %v", res, err)
	}
	// After a restore, the file is the lab's again: a copy may update it.
	if _, err := Copy(dir, starter("v2\n")); err != nil || read(t, path) != "v2\n" {
		t.Errorf("copy after restore: %q, %v", read(t, path), err)
	}
}

func TestRestoreWritesAMissingFile(t *testing.T) {
	dir := t.TempDir()
	files := []lessons.StarterFile{{Name: "sub/cm.yaml", Data: []byte("x\n")}}
	if _, err := Restore(dir, files); err != nil || read(t, filepath.Join(dir, "sub", "cm.yaml")) != "x\n" {
		t.Errorf("restore: %v", err)
	}
}

func TestCopyRefusesAFileOutsideTheFolder(t *testing.T) {
	dir := t.TempDir()
	if _, err := Copy(dir, []lessons.StarterFile{{Name: "../evil", Data: []byte("x")}}); err == nil {
		t.Error("a starter file outside the folder was written")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "evil")); err == nil {
		t.Error("../evil exists")
	}
}

func TestADamagedRecordKeepsEveryChangedFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := Copy(dir, starter("v1\n")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, RecordFile), []byte("{not json"), 0o644)
	res, err := Copy(dir, starter("v2\n"))
	if err != nil || len(res.Kept) != 1 || read(t, filepath.Join(dir, "deploy.yaml")) != "v1\n" {
		t.Errorf("copy over a damaged record: %+v, %v", res, err)
	}
}

func TestRootIsTheHomeFoldersKubelabUnlessOverridden(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	for in, want := range map[string]string{
		"":          filepath.Join(home, "kubelab"),
		"~/work":    filepath.Join(home, "work"),
		"/srv/labs": "/srv/labs",
	} {
		got, err := Root(in)
		if err != nil || got != want {
			t.Errorf("Root(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if got, _ := Root("rel"); !filepath.IsAbs(got) {
		t.Errorf("a relative folder stays relative: %q", got)
	}
	if Dir("/w", "fix-service") != filepath.Join("/w", "fix-service") {
		t.Error("Dir")
	}
}
