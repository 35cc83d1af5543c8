package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kubelab/internal/config"
	"kubelab/internal/testcluster"
	"kubelab/internal/xdg"
	"kubelab/lessons"
)

// runApp runs kubelab on a with in as its standard input.
func runApp(t *testing.T, a *app, in string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	root := newRoot(a)
	var out, errOut bytes.Buffer
	root.SetIn(strings.NewReader(in))
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		code = exitCode(err)
		errOut.WriteString(err.Error())
	}
	return out.String(), errOut.String(), code
}

// copiedPack is a copy of the built-in pack in a folder of its own: a pack
// that is not the built-in one, with command checks on the host and in
// nodes.
func copiedPack(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pack")
	if err := os.CopyFS(dir, lessons.BuiltinFS()); err != nil {
		t.Fatal(err)
	}
	return dir
}

func trustedHashes(t *testing.T) int {
	t.Helper()
	dir, err := xdg.ConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, config.TrustFile))
	if err != nil {
		return 0
	}
	return strings.Count(string(data), `"hash"`)
}

// The step checked runs command checks inside a node; on the test cluster
// (not kind) it is skipped once trusted, so the check itself passes.
const nodeCommandStep = "service-discovery/kube-proxy"

func TestCheckRefusesAnUntrustedPackWithoutTrustWhenNotInteractive(t *testing.T) {
	isolate(t)
	pack := copiedPack(t)
	_, errOut, code := runApp(t, &app{}, "", "check", nodeCommandStep, "--lessons", pack, "--lang", "en")
	if code != checkExitError {
		t.Fatalf("exit %d, want %d; stderr %s", code, checkExitError, errOut)
	}
	if !strings.Contains(errOut, "--trust") || !strings.Contains(errOut, "kubelab lint "+pack) {
		t.Errorf("the refusal should name --trust and how to read the commands; got %s", errOut)
	}
	if n := trustedHashes(t); n != 0 {
		t.Errorf("%d packs trusted after a refusal", n)
	}
}

func TestCheckWithTrustRecordsThePackAndASecondRunNeedsNoFlagUntilOneByteChanges(t *testing.T) {
	isolate(t)
	c := testcluster.Shared(t)
	pack := copiedPack(t)
	args := []string{"check", nodeCommandStep, "--lessons", pack, "--lang", "en", "--kubeconfig", c.Kubeconfig()}

	_, errOut, code := runApp(t, &app{}, "", append(args, "--trust")...)
	if code != 0 {
		t.Fatalf("with --trust: exit %d; stderr %s", code, errOut)
	}
	if n := trustedHashes(t); n != 1 {
		t.Fatalf("%d packs trusted after --trust, want 1", n)
	}
	if _, errOut, code = runApp(t, &app{}, "", args...); code != 0 {
		t.Fatalf("the trusted pack again, without --trust: exit %d; stderr %s", code, errOut)
	}

	// One byte of a prose file changes: the content is not the one trusted.
	zh := filepath.Join(pack, "05-service-discovery", "zh.md")
	data, err := os.ReadFile(zh)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(zh, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = runApp(t, &app{}, "", args...)
	if code != checkExitError || !strings.Contains(errOut, "--trust") {
		t.Fatalf("a changed pack: exit %d, stderr %s; want %d naming --trust", code, errOut, checkExitError)
	}
}

func TestCheckOnATerminalShowsWhatRunsWhereAndAsksOnce(t *testing.T) {
	isolate(t)
	pack := copiedPack(t)
	terminal := func(io.Reader) bool { return true }
	args := []string{"check", nodeCommandStep, "--lessons", pack, "--lang", "en"}

	_, errOut, code := runApp(t, &app{terminal: terminal}, "n\n", args...)
	if code != checkExitError || trustedHashes(t) != 0 {
		t.Fatalf("answered no: exit %d, %d trusted; stderr %s", code, trustedHashes(t), errOut)
	}
	for _, want := range []string{"[y/N]", "in node kubelab-worker, check two-dnat-rules:", "on this machine, command:", "$ kubectl scale deployment web --replicas=2"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the question should show %q; got:\n%s", want, errOut)
		}
	}

	_, errOut, _ = runApp(t, &app{terminal: terminal}, "y\n", args...)
	if trustedHashes(t) != 1 {
		t.Fatalf("answered yes: the pack is not trusted; stderr %s", errOut)
	}
	_, errOut, _ = runApp(t, &app{terminal: terminal}, "", args...)
	if strings.Contains(errOut, "[y/N]") {
		t.Errorf("asked again about the trusted pack:\n%s", errOut)
	}
}

func TestCheckOfTheBuiltinPackOrOfStepsWithoutCommandsNeverAsks(t *testing.T) {
	isolate(t)
	pack := copiedPack(t)
	for _, args := range [][]string{
		{"check", nodeCommandStep},
		{"check", "self-healing/deploy", "--lessons", pack}, // no command check
	} {
		_, errOut, _ := runApp(t, &app{}, "", append(args, "--lang", "en")...)
		if strings.Contains(errOut, "--trust") {
			t.Errorf("%v: asked for trust:\n%s", args, errOut)
		}
	}
}

func TestLintListsEveryHostAndNodeCommandOfAPack(t *testing.T) {
	isolate(t)
	pack := copiedPack(t)
	out, _, code := runApp(t, &app{}, "", "lint", pack, "--lang", "en")
	if code != 0 {
		t.Fatalf("lint: exit %d\n%s", code, out)
	}
	cat, err := lessons.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	cmds := cat.PackCommands()
	if got := strings.Count(out, "\n    $ "); got != len(cmds) {
		t.Errorf("lint shows %d command lines, the pack has %d", got, len(cmds))
	}
	for _, want := range []string{
		"service-discovery/kube-proxy\n",
		"  in node kubelab-worker, check two-dnat-rules:\n    $ iptables-save -t nat | grep -- 'service-discovery/web'",
		"  on this machine, solution:\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lint output lacks %q", want)
		}
	}
	zh, _, _ := runApp(t, &app{}, "", "lint", pack, "--lang", "zh")
	if !strings.Contains(zh, "在节点 kubelab-worker 中") {
		t.Error("lint's command list is not in Chinese with --lang zh")
	}
}
