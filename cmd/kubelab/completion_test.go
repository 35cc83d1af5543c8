package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"kubelab/lessons"
)

// complete asks kubelab what the shell should offer for args (the last one
// being the word under the cursor), the way the completion scripts do, and
// returns the offered values (without descriptions) and the directive line.
func complete(t *testing.T, args ...string) (values []string, descs map[string]string, directive string) {
	t.Helper()
	out, _, err := run(t, append([]string{cobra.ShellCompRequestCmd}, args...)...)
	if err != nil {
		t.Fatalf("__complete %q: %v", args, err)
	}
	descs = map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(line, ":") {
			directive = line
			continue
		}
		v, d, _ := strings.Cut(line, "\t")
		values = append(values, v)
		descs[v] = d
	}
	return values, descs, directive
}

func TestCompletionOffersLessonIdsWithTheirTitles(t *testing.T) {
	isolate(t)
	c, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	first := c.Lessons[0]
	for _, verb := range []string{"notes", "reset"} {
		got, descs, _ := complete(t, verb, "")
		if len(got) != len(c.Lessons) || got[0] != first.ID {
			t.Errorf("%s: offered %q, want the %d lesson ids starting with %s", verb, got, len(c.Lessons), first.ID)
		}
		if descs[first.ID] != first.Text("en").Title {
			t.Errorf("%s: %s described as %q, want its title %q", verb, first.ID, descs[first.ID], first.Text("en").Title)
		}
	}
	got, _, _ := complete(t, "notes", "self-h")
	if strings.Join(got, " ") != "self-healing" {
		t.Errorf("notes self-h: offered %q, want self-healing", got)
	}
	got, _, _ = complete(t, "shell", "--lesson", "self-h")
	if strings.Join(got, " ") != "self-healing" {
		t.Errorf("shell --lesson self-h: offered %q, want self-healing", got)
	}
}

func TestCompletionOffersTheStepsOfALessonAfterItsSlash(t *testing.T) {
	isolate(t)
	c, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	l := c.Lesson("self-healing")
	var want []string
	for _, s := range l.Steps {
		want = append(want, "self-healing/"+s.ID)
	}
	got, descs, directive := complete(t, "check", "self-healing/")
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("check self-healing/: offered %q, want %q", got, want)
	}
	if d := descs[want[0]]; d != l.Text("en").Steps[l.Steps[0].ID].Title {
		t.Errorf("%s described as %q, want the step's title", want[0], d)
	}
	if directive != ":4" {
		t.Errorf("directive %s, want :4 (no file names)", directive)
	}

	// In Chinese, the descriptions are the Chinese titles.
	_, descs, _ = complete(t, "--lang", "zh", "check", "self-healing/"+l.Steps[0].ID)
	if d := descs[want[0]]; d != l.Text("zh").Steps[l.Steps[0].ID].Title || d == l.Text("en").Steps[l.Steps[0].ID].Title {
		t.Errorf("--lang zh: %s described as %q, want its Chinese title", want[0], d)
	}

	// Before the slash: lesson ids, and no space after one, so the slash
	// can follow.
	got, _, directive = complete(t, "check", "self-h")
	if strings.Join(got, " ") != "self-healing" || directive != ":6" {
		t.Errorf("check self-h: offered %q with %s, want self-healing with :6 (no space, no files)", got, directive)
	}
	if got, _, _ := complete(t, "check", "no-such-lesson/"); len(got) != 0 {
		t.Errorf("check no-such-lesson/: offered %q, want nothing", got)
	}
}

func TestCompletionOffersTheLabsNodeNames(t *testing.T) {
	isolate(t)
	t.Setenv("PATH", t.TempDir()) // no engine: the names `kubelab up` gives
	t.Setenv("KIND_EXPERIMENTAL_PROVIDER", "")
	got, _, _ := complete(t, "node-shell", "")
	if strings.Join(got, " ") != "kubelab-control-plane kubelab-worker kubelab-worker2" {
		t.Errorf("node-shell: offered %q, want the three nodes", got)
	}
	got, _, _ = complete(t, "node-shell", "kubelab-w")
	if strings.Join(got, " ") != "kubelab-worker kubelab-worker2" {
		t.Errorf("node-shell kubelab-w: offered %q, want the workers", got)
	}
	if got, _, _ := complete(t, "node-shell", "kubelab-worker", ""); len(got) != 0 {
		t.Errorf("a second node was offered: %q", got)
	}
}

func TestCompletionOffersFlagValues(t *testing.T) {
	isolate(t)
	for flag, want := range map[string]string{"--lang": "en zh", "--theme": "auto dark light"} {
		got, _, _ := complete(t, flag, "")
		if strings.Join(got, " ") != want {
			t.Errorf("%s: offered %q, want %s", flag, got, want)
		}
	}
}

func TestCompletionScriptsExistForEveryShell(t *testing.T) {
	isolate(t)
	for shell, marker := range map[string]string{
		"bash": "__start_kubelab", "zsh": "#compdef kubelab", "fish": "complete -c kubelab", "powershell": "Register-ArgumentCompleter",
	} {
		out, _, err := run(t, "completion", shell)
		if err != nil || !strings.Contains(out, marker) || !strings.Contains(out, cobra.ShellCompRequestCmd) {
			t.Errorf("completion %s: %v; the script lacks %q or the call back into kubelab", shell, err, marker)
		}
	}
}
