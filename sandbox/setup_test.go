package sandbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Setup output goes to the step's log, not the screen; a second run
// replaces the log, and a failing command stops the setup with an error
// that names it and the log.
func TestRunSetupLogsEachCommandAndStopsAtTheFirstFailure(t *testing.T) {
	env := &Env{Target: &Target{}, Namespace: "lesson", BinDir: t.TempDir()}
	state := t.TempDir()
	log := SetupLog(state, "fix-service", "selector")
	if want := filepath.Join(state, "setup", "fix-service", "selector.log"); log != want {
		t.Errorf("log %s, want %s", log, want)
	}
	if err := env.RunSetup(t.Context(), []string{"echo first in $" + EnvNamespace, "echo second"}, log); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(log)
	for _, want := range []string{"$ echo first", "first in lesson", "$ echo second", "second", "# exit 0"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("log lacks %q:\n%s", want, data)
		}
	}
	err := env.RunSetup(t.Context(), []string{"echo broken; exit 3", "echo never"}, log)
	if err == nil || !strings.Contains(err.Error(), `"echo broken; exit 3" exited 3: broken`) || !strings.Contains(err.Error(), log) {
		t.Errorf("err = %v", err)
	}
	data, _ = os.ReadFile(log)
	if strings.Contains(string(data), "first in lesson") || strings.Contains(string(data), "never") || !strings.Contains(string(data), "# exit 3") {
		t.Errorf("the second run's log:\n%s", data)
	}
	if err := env.RunSetup(t.Context(), nil, filepath.Join(state, "none.log")); err != nil {
		t.Errorf("no setup: %v", err)
	}
	if _, err := os.Stat(filepath.Join(state, "none.log")); err == nil {
		t.Error("a step without setup wrote a log")
	}
}
