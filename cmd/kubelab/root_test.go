package main

import (
	"strings"
	"testing"
)

// The full-screen lab's flags belong to the command that opens it: every
// other verb's help is free of them.
func TestOnlyTheRootCommandsHelpListsTheUIFlags(t *testing.T) {
	isolate(t)
	out, _, err := run(t, "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--theme", "--ascii"} {
		if !strings.Contains(out, flag) {
			t.Errorf("kubelab --help does not list %s:\n%s", flag, out)
		}
	}
	verbs := newRootCommand().Commands()
	if len(verbs) == 0 {
		t.Fatal("kubelab has no verbs")
	}
	for _, verb := range verbs {
		if verb.Hidden || verb.Name() == "help" {
			continue
		}
		args := []string{verb.Name(), "--help"}
		if verb.DisableFlagParsing {
			args = []string{"help", verb.Name()} // kubectl takes --help itself
		}
		out, _, err := run(t, args...)
		if err != nil {
			t.Errorf("kubelab %s: %v", strings.Join(args, " "), err)
			continue
		}
		for _, flag := range []string{"--theme", "--ascii"} {
			if strings.Contains(out, flag) {
				t.Errorf("kubelab %s lists %s:\n%s", strings.Join(args, " "), flag, out)
			}
		}
	}
}

// A verb rejects the UI's flags instead of ignoring them.
func TestAVerbRefusesTheUIFlags(t *testing.T) {
	isolate(t)
	if _, _, err := run(t, "version", "--theme", "dark"); err == nil || !strings.Contains(err.Error(), "unknown flag: --theme") {
		t.Errorf("kubelab version --theme dark: %v, want unknown flag", err)
	}
}
