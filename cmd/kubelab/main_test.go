package main

import (
	"bytes"
	"flag"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// isolate points every lab folder at fresh temporary ones, so tests never
// read or write the developer's own settings, progress or kubeconfig.
func isolate(t *testing.T) {
	t.Helper()
	for _, v := range []string{"XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"} {
		t.Setenv(v, t.TempDir())
	}
	t.Setenv("NO_COLOR", "1")
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		t.Setenv(v, "")
	}
}

// run executes kubelab with args in-process and returns what it printed.
func run(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := newRootCommand()
	var out, errb bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	cmd.SetArgs(args)
	err = cmd.Execute()
	return out.String(), errb.String(), err
}
