package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
)

// The two reference lessons of the format, in both languages.
var referenceLessons = []string{"what-is-kubernetes", "self-healing"}

func TestNotesNeverPrintALineWiderThanTheWidth(t *testing.T) {
	isolate(t)
	for _, id := range referenceLessons {
		for _, lang := range []string{"en", "zh"} {
			for _, width := range []string{"40", "80"} {
				out, _, err := run(t, "notes", id, "--lang", lang, "--width", width, "--style", "ascii")
				if err != nil {
					t.Fatalf("notes %s --lang %s: %v", id, lang, err)
				}
				if strings.Count(out, "\n") < 10 {
					t.Fatalf("notes %s --lang %s: only %d lines", id, lang, strings.Count(out, "\n"))
				}
				for i, line := range strings.Split(out, "\n") {
					if w := lipgloss.Width(line); w > mustAtoi(t, width) {
						t.Errorf("notes %s --lang %s --width %s: line %d is %d wide: %q", id, lang, width, i+1, w, line)
					}
				}
			}
		}
	}
}

func TestNotesMatchGoldenFilesAtWidth80(t *testing.T) {
	isolate(t)
	for _, id := range referenceLessons {
		for _, lang := range []string{"en", "zh"} {
			out, _, err := run(t, "notes", id, "--lang", lang, "--width", "80", "--style", "ascii")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "notes-"+id+"-"+lang+".golden")
			if *update {
				os.MkdirAll("testdata", 0o755)
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/kubelab -run Golden -update)", err)
			}
			if out != string(want) {
				t.Errorf("notes %s --lang %s differs from %s; if the change is intended, rerun with -update and read the diff", id, lang, golden)
			}
		}
	}
}

func TestNotesNamesAnUnknownLesson(t *testing.T) {
	isolate(t)
	_, _, err := run(t, "notes", "no-such-lesson")
	if err == nil || !strings.Contains(err.Error(), `no lesson "no-such-lesson"`) {
		t.Fatalf("err = %v", err)
	}
}

func mustAtoi(t *testing.T, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestNotesRefusesAWidthOutsideASaneRange(t *testing.T) {
	isolate(t)
	for _, width := range []string{"-5", "3", "1000000"} {
		start := time.Now()
		_, _, err := run(t, "notes", "self-healing", "--width", width, "--style", "ascii")
		if err == nil || !strings.Contains(err.Error(), "choose 20 to 1000 columns") {
			// Fatal: rendering at a million columns takes gigabytes.
			t.Fatalf("--width %s: err = %v", width, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("--width %s: took %s to refuse", width, d)
		}
	}
	if _, _, err := run(t, "notes", "self-healing", "--width", "1000", "--style", "ascii"); err != nil {
		t.Errorf("--width 1000: %v", err)
	}
}
