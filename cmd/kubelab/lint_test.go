package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kubelab/lessons"
)

func TestLintPassesOnTheBuiltInLessons(t *testing.T) {
	isolate(t)
	out, _, err := run(t, "lint")
	if err != nil {
		t.Fatalf("lint: %v\n%s", err, out)
	}
	if !strings.HasPrefix(out, "ok: ") {
		t.Errorf("output = %q", out)
	}
}

func TestLintFailsWithFileAndLineOnADamagedCopyOfTheBuiltInLessons(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "pack")
	if err := os.CopyFS(dir, lessons.BuiltinFS()); err != nil {
		t.Fatal(err)
	}
	// Damage the first lesson: an unknown check kind and a missing language.
	entries, _ := filepath.Glob(filepath.Join(dir, "[0-9][0-9]-*"))
	if len(entries) == 0 {
		t.Fatal("the built-in pack has no lessons")
	}
	first := entries[0]
	yml := filepath.Join(first, "lesson.yaml")
	data, _ := os.ReadFile(yml)
	lines := strings.Split(string(data), "\n")
	kindLine := 0
	for i, l := range lines {
		if strings.Contains(l, "kind: ") {
			lines[i] = strings.Replace(l, "kind: ", "kind: bogus-", 1)
			kindLine = i + 1
			break
		}
	}
	os.WriteFile(yml, []byte(strings.Join(lines, "\n")), 0o644)
	os.Remove(filepath.Join(first, "zh.md"))

	out, _, err := run(t, "lint", dir)
	if exitCode(err) != 1 {
		t.Fatalf("exit code %d (err %v), want 1", exitCode(err), err)
	}
	wantKind := filepath.ToSlash(yml) + ":" + strconv.Itoa(kindLine) + ": "
	if !strings.Contains(out, wantKind) || !strings.Contains(out, "unknown kind") {
		t.Errorf("want a line starting %q about the unknown kind; got:\n%s", wantKind, out)
	}
	if !strings.Contains(out, filepath.ToSlash(filepath.Join(first, "zh.md"))+": missing") {
		t.Errorf("want the missing zh.md named; got:\n%s", out)
	}
}

func TestLintNamesTheLineOfAnEscapeSequenceWithoutPrintingIt(t *testing.T) {
	isolate(t)
	dir := filepath.Join(t.TempDir(), "pack")
	if err := os.CopyFS(dir, lessons.BuiltinFS()); err != nil {
		t.Fatal(err)
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "[0-9][0-9]-*"))
	if len(entries) == 0 {
		t.Fatal("the built-in pack has no lessons")
	}
	en := filepath.Join(entries[0], "en.md")
	data, _ := os.ReadFile(en)
	lines := strings.Split(string(data), "\n")
	lines[0] += " \x1b]0;pwned\x07"
	os.WriteFile(en, []byte(strings.Join(lines, "\n")), 0o644)

	out, _, err := run(t, "lint", dir)
	if exitCode(err) != 1 {
		t.Fatalf("exit code %d (err %v), want 1", exitCode(err), err)
	}
	if want := filepath.ToSlash(en) + ":1: control character U+001B"; !strings.Contains(out, want) {
		t.Errorf("want %q; got:\n%s", want, out)
	}
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("lint printed the escape sequence raw: %q", out)
	}
}
