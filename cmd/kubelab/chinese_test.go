package main

import (
	"strings"
	"testing"

	"kubelab/internal/msg"
	"kubelab/internal/msg/msgtest"
)

// withoutCommandLines drops the command lines lint lists (indented under
// "$ "): they are the pack's code, in no language.
func withoutCommandLines(s string) string {
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(line, "    ") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// The command line's human output in Chinese has no English sentence in it:
// what a verb prints, its errors, and the doctor's findings. Commands,
// flags, resource names and kubectl's own output may stay as they are.
// PATH is emptied so no container engine is found, which makes the doctor
// and the cluster verbs answer the same on every machine.
func TestTheCommandLineSpeaksNoEnglishInChinese(t *testing.T) {
	isolate(t)
	t.Setenv("PATH", t.TempDir())
	for _, args := range [][]string{
		{"lessons"},
		{"images"},
		{"version"},
		{"notes", "self-healing", "--width", "80"},
		{"lint"},
		{"doctor"},
		{"status"},
		{"up"},
		{"down", "--kubeconfig", "/nonexistent", "--context", "x"},
		{"check", "self-healing"},
		{"notes", "no-such-lesson"},
		{"reset", "self-healing"},
		{"up", "--workers", "-1"},
		{"notes", "self-healing", "--width", "5"},
		{"check", "self-healing", "--wait", "-1s"},
		{"check", "self-healing", "--answer", "nonsense"},
		{"check", "self-healing/no-such-step"},
	} {
		out, errOut, err := run(t, append([]string{"--lang", "zh"}, args...)...)
		if args[0] == "lint" {
			out = withoutCommandLines(out)
		}
		text := out + "\n" + errOut
		if err != nil {
			text += "\n" + msg.New("cmd.error", msg.FromError(err)).Text("zh")
		}
		if found := msgtest.English(text); len(found) > 0 {
			t.Errorf("kubelab %s speaks English in Chinese: %q\n%s", strings.Join(args, " "), found, text)
		}
	}
}
