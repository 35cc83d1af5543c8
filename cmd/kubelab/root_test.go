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

// A teacher opens the full-screen lab on a class's board with `classroom
// board --ui`, which takes the lab's own flags; it is not also printed once.
func TestTheClassBoardOpensTheLabWithItsFlags(t *testing.T) {
	isolate(t)
	out, _, err := run(t, "classroom", "board", "--help")
	if err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--ui", "--theme", "--ascii", "--once"} {
		if !strings.Contains(out, flag) {
			t.Errorf("kubelab classroom board --help does not list %s:\n%s", flag, out)
		}
	}
	if _, _, err := run(t, "classroom", "board", "k8s101", "--ui", "--once", "--lang", "zh"); err == nil || !strings.Contains(err.Error(), "请在 --ui 和 --once 中选一个") {
		t.Errorf("board --ui --once: %v", err)
	}
}
