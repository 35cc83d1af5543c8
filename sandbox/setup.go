package sandbox

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kubelab/sandbox/runner"
)

// SetupTimeout bounds each of a step's setup commands.
const SetupTimeout = 2 * time.Minute

// SetupLog is the file a step's setup writes its output to, under the lab's
// state folder: setup/<lesson>/<step>.log. The learner may open it; the
// screen never shows it.
func SetupLog(stateDir, lesson, step string) string {
	return filepath.Join(stateDir, "setup", lesson, step+".log")
}

// RunSetup runs a step's setup command lines (expanded), in order, in the
// lab's environment, and writes each command and its output to logFile,
// replacing what an earlier run wrote. It stops at the first command that
// fails and returns an error naming it and the log.
func (e *Env) RunSetup(ctx context.Context, lines []string, logFile string) error {
	if len(lines) == 0 {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(logFile), 0o700); err != nil {
		return fmt.Errorf("set up the step: %w", err)
	}
	f, err := os.OpenFile(logFile, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("set up the step: %w", err)
	}
	defer f.Close()
	fmt.Fprintf(f, "# setup at %s\n", time.Now().UTC().Format(time.RFC3339))
	for _, line := range lines {
		fmt.Fprintf(f, "$ %s\n", line)
		res, err := runner.Run(ctx, e.Spec(line, SetupTimeout), func(l runner.Line) {
			fmt.Fprintln(f, l.Text)
		})
		fmt.Fprintf(f, "# exit %d\n", res.ExitCode)
		if err != nil || res.ExitCode != 0 {
			why := fmt.Sprintf("exited %d", res.ExitCode)
			if err != nil {
				why = err.Error()
			}
			return fmt.Errorf("set up the step: %q %s: %s (the whole output is in %s)", line, why, lastLine(res.Output), logFile)
		}
	}
	return nil
}

func lastLine(out string) string {
	out = strings.TrimSpace(out)
	if i := strings.LastIndexByte(out, '\n'); i >= 0 {
		out = out[i+1:]
	}
	if r := []rune(out); len(r) > 200 {
		out = string(r[:200]) + "…"
	}
	return out
}
