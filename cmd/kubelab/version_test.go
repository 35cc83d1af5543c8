package main

import (
	"kubelab/internal/topology"

	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

// stamp sets what the release build's -ldflags -X would, for one test.
func stamp(t *testing.T, v, c, d string) {
	old := [3]string{version, commit, date}
	version, commit, date = v, c, d
	t.Cleanup(func() { version, commit, date = old[0], old[1], old[2] })
}

func TestVersionPrintsTheStampedVersionCommitAndDate(t *testing.T) {
	isolate(t)
	stamp(t, "v0.3.0", "0123abcd", "2026-12-05T00:00:00Z")
	out, _, err := run(t, "version")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"kubelab v0.3.0", "Kubernetes " + topology.KubernetesMinor, "commit 0123abcd", "built 2026-12-05T00:00:00Z", runtime.GOOS + "/" + runtime.GOARCH} {
		if !strings.Contains(out, want) {
			t.Errorf("version printed %q, want it to contain %q", out, want)
		}
	}

	out, _, err = run(t, "version", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var v versionInfo
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("version --json printed %q: %v", out, err)
	}
	want := versionInfo{Version: "v0.3.0", Commit: "0123abcd", Date: "2026-12-05T00:00:00Z", Kubernetes: topology.KubernetesMinor,
		Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if v != want {
		t.Errorf("version --json = %+v, want %+v", v, want)
	}
}

func TestAnUnstampedVersionSaysSoRatherThanPrintingBlanks(t *testing.T) {
	isolate(t)
	stamp(t, "", "", "")
	out, _, err := run(t, "version", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var v versionInfo
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.Version == "" || v.Commit == "" || v.Date == "" {
		t.Errorf("unstamped build printed blanks: %+v", v)
	}
}
