package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kubelab/internal/progress"
	"kubelab/internal/xdg"
	"kubelab/lessons"
)

func TestLessonsListsEveryLessonWithProgressMarks(t *testing.T) {
	isolate(t)
	c, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	first, second := c.Lessons[0], c.Lessons[1]
	dir, _ := xdg.StateDir()
	store, _, err := progress.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = store.Update(func(p *progress.Progress) error {
		p.UseHints(first.ID, first.Steps[0].ID, 2)
		p.ShowSolution(first.ID, first.Steps[1].ID)
		for _, s := range first.Steps {
			p.MarkDone(first.ID, s.ID)
		}
		p.MarkDone(second.ID, second.Steps[0].ID)
		p.SetCurrent(second.ID, second.Steps[1].ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	out, _, err := run(t, "lessons", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []lessonRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("--json output is not a JSON list: %v\n%s", err, out)
	}
	if len(rows) != len(c.Lessons) {
		t.Fatalf("%d rows, want %d", len(rows), len(c.Lessons))
	}
	if r := rows[0]; r.Done != r.Steps || r.ID != first.ID || strings.Join(r.Languages, ",") != "en,zh" {
		t.Errorf("first row = %+v", r)
	}
	if r := rows[0]; r.WithHints != 1 || r.WithSolution != 1 || r.Solo != r.Steps-2 || r.Completed[0].By != "hints" || r.Completed[0].Hints != 2 || r.Completed[1].By != "solution" {
		t.Errorf("how the first lesson's steps were completed: %+v", r)
	}
	if r := rows[1]; r.Done != 1 || !r.Current {
		t.Errorf("second row = %+v", r)
	}

	out, _, err = run(t, "lessons", "--lang", "zh")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, markDone+" 01") || !strings.Contains(out, markStarted+" 02") || !strings.Contains(out, markNew+" 03") {
		t.Errorf("marks missing:\n%s", out)
	}
	if !strings.Contains(out, fmt.Sprintf("独立完成 %d 步", len(first.Steps)-2)) {
		t.Errorf("how many steps were solved alone is missing:\n%s", out)
	}
	if !strings.Contains(out, c.PartTitle("zh", first.Part)) || !strings.Contains(out, "上次学到这里") {
		t.Errorf("Chinese part title or position missing:\n%s", out)
	}
}

func TestLessonsKeepsACorruptProgressFileAsideAndSaysSo(t *testing.T) {
	isolate(t)
	dir, _ := xdg.StateDir()
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, progress.FileName), []byte("{not json"), 0o644)
	out, stderr, err := run(t, "lessons")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "warning") || !strings.Contains(out, "0/") {
		t.Errorf("stderr = %q\nout = %q", stderr, out)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, progress.FileName+".corrupt-*"))
	if len(kept) != 1 {
		t.Fatalf("corrupt copies kept: %v", kept)
	}
	if data, _ := os.ReadFile(kept[0]); string(data) != "{not json" {
		t.Errorf("kept copy = %q", data)
	}
}

func TestLessonsShowsAnEscapeSequenceInATitleAsText(t *testing.T) {
	var b strings.Builder
	rows := []lessonRow{{Number: 1, ID: "x", Part: "p", PartTitle: "Part \x1b[2J", Title: "Title \x1b]0;pwned\x07", Steps: 1}}
	if err := printLessons(&b, rows, "en"); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, "Title ␛]0;pwned␇") || !strings.Contains(out, "Part ␛[2J") {
		t.Errorf("printLessons = %q", out)
	}
}

// `kubelab lessons` says where the learner's workspace is: ~/kubelab, the
// settings file's folder, or --workspace, which wins; --json names the
// folder of each lesson with starter files.
func TestLessonsSaysWhereTheWorkspaceIs(t *testing.T) {
	isolate(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	pack, err := filepath.Abs("../../sandbox/check/testdata/challengepack")
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, "lessons", "--lessons", pack)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Your workspace: " + filepath.Join(home, "kubelab") + ";"; !strings.Contains(out, want) {
		t.Errorf("the default workspace is not named (want %q):\n%s", want, out)
	}

	configDir, _ := xdg.ConfigDir()
	os.MkdirAll(configDir, 0o755)
	set := filepath.Join(t.TempDir(), "mine")
	os.WriteFile(filepath.Join(configDir, "config.json"), []byte(fmt.Sprintf(`{"workspace": %q}`, set)), 0o600)
	out, _, err = run(t, "lessons", "--lessons", pack, "--lang", "zh")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "你的工作文件夹："+set) {
		t.Errorf("the settings' workspace is not named:\n%s", out)
	}

	flag := filepath.Join(t.TempDir(), "flag")
	out, _, err = run(t, "lessons", "--lessons", pack, "--workspace", flag, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []lessonRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Workspace != filepath.Join(flag, "fix-service") {
		t.Errorf("--json workspace = %+v; want %s", rows, filepath.Join(flag, "fix-service"))
	}
}
