package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Helper processes: the test binary started again with KUBELAB_PROGRESS_HELPER
// set plays a second kubelab process.
func TestMain(m *testing.M) {
	switch os.Getenv("KUBELAB_PROGRESS_HELPER") {
	case "":
		os.Exit(m.Run())
	case "write-forever":
		helperWriteForever(os.Getenv("KUBELAB_PROGRESS_DIR"))
	case "increment":
		n, _ := strconv.Atoi(os.Getenv("KUBELAB_PROGRESS_N"))
		helperIncrement(os.Getenv("KUBELAB_PROGRESS_DIR"), os.Getenv("KUBELAB_PROGRESS_ID"), n)
	}
	os.Exit(0)
}

func helper(t *testing.T, mode, dir string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append(env, "KUBELAB_PROGRESS_HELPER="+mode, "KUBELAB_PROGRESS_DIR="+dir)...)
	cmd.Stderr = os.Stderr
	return cmd
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(2)
}

// killVersion is the progress the write-forever helper writes as its n-th
// version: deterministic, and of varying size up to 64 KB so that a torn
// write would show.
func killVersion(n int) Progress {
	p := Progress{Version: Version}
	p.SetAnswer("kill", "n", strconv.Itoa(n))
	p.SetAnswer("kill", "pad", strings.Repeat("x", (n*7919)%(64<<10)))
	return p
}

func killVersionBytes(t *testing.T, n int) []byte {
	t.Helper()
	data, err := json.MarshalIndent(killVersion(n), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(data, '\n')
}

func helperWriteForever(dir string) {
	s, _, err := Open(dir)
	if err != nil {
		fail("open: %v", err)
	}
	for {
		err := s.Update(func(p *Progress) error {
			n := 0
			if a, ok := p.Answer("kill", "n"); ok {
				n, _ = strconv.Atoi(a)
			}
			*p = killVersion(n + 1)
			return nil
		})
		if err != nil {
			fail("update: %v", err)
		}
	}
}

func helperIncrement(dir, id string, n int) {
	s, _, err := Open(dir)
	if err != nil {
		fail("open: %v", err)
	}
	for i := range n {
		err := s.Update(func(p *Progress) error {
			p.SetAnswer("race", fmt.Sprintf("%s/%d", id, i), "x")
			c, _ := strconv.Atoi(p.Answers("race")["count"])
			p.SetAnswer("race", "count", strconv.Itoa(c+1))
			return nil
		})
		if err != nil {
			fail("update %d: %v", i, err)
		}
	}
}

func TestAWriterKilledMidWriteLeavesTheOldOrTheNewFile(t *testing.T) {
	if testing.Short() {
		t.Skip("kills helper processes")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	last := 0
	check := func(when string) {
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) && last == 0 {
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		p, err := decode(data)
		if err != nil {
			t.Fatalf("%s: the file is not valid progress: %v", when, err)
		}
		a, _ := p.Answer("kill", "n")
		n, err := strconv.Atoi(a)
		if err != nil {
			t.Fatalf("%s: answer n = %q", when, a)
		}
		if want := killVersionBytes(t, n); string(data) != string(want) {
			t.Fatalf("%s: the file is not exactly version %d as written", when, n)
		}
		if n < last {
			t.Fatalf("%s: version %d after version %d", when, n, last)
		}
		last = n
	}
	for round := range 25 {
		cmd := helper(t, "write-forever", dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Let the helper write at least once, then kill it at a random
		// moment of its next writes.
		before := last
		started := time.Now()
		for last == before {
			if time.Since(started) > 20*time.Second {
				t.Fatalf("round %d: the helper wrote nothing", round)
			}
			check(fmt.Sprintf("round %d, while writing", round))
		}
		deadline := time.Now().Add(time.Duration(rand.IntN(30)) * time.Millisecond)
		for time.Now().Before(deadline) {
			check(fmt.Sprintf("round %d, while writing", round))
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: helper ended with %v, want killed", round, err)
		}
		check(fmt.Sprintf("round %d, after the kill", round))
	}
	// Opening again clears what the killed writers left and reads the last
	// version.
	s, warnings, err := Open(dir)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("Open after kills: %v, warnings %v", err, warnings)
	}
	snap := s.Snapshot()
	if a, _ := snap.Answer("kill", "n"); a != strconv.Itoa(last) {
		t.Errorf("Open read version %s, want %d", a, last)
	}
	if temps, _ := filepath.Glob(filepath.Join(dir, ".progress.json.tmp-*")); len(temps) > 0 {
		t.Errorf("temporary files left after Open: %v", temps)
	}
}

func TestTwoProcessesWritingAtOnceLoseNoUpdates(t *testing.T) {
	if testing.Short() {
		t.Skip("starts helper processes")
	}
	dir := t.TempDir()
	const n = 60
	var cmds []*exec.Cmd
	for _, id := range []string{"ui", "check"} {
		cmd := helper(t, "increment", dir, "KUBELAB_PROGRESS_ID="+id, "KUBELAB_PROGRESS_N="+strconv.Itoa(n))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("helper: %v", err)
		}
	}
	s, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	answers := p.Answers("race")
	for _, id := range []string{"ui", "check"} {
		for i := range n {
			if _, ok := answers[fmt.Sprintf("%s/%d", id, i)]; !ok {
				t.Errorf("update %s/%d was lost", id, i)
			}
		}
	}
	if answers["count"] != strconv.Itoa(2*n) {
		t.Errorf("count = %s, want %d", answers["count"], 2*n)
	}
}

func TestTwoStoresInOneProcessLoseNoUpdates(t *testing.T) {
	dir := t.TempDir()
	a, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i, s := range []*Store{a, b, a, b} {
		wg.Go(func() {
			for k := range 15 {
				if err := s.SetAnswer("l", fmt.Sprintf("%d/%d", i, k), "x"); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	p, err := a.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p.Answers("l")); got != 60 {
		t.Errorf("%d answers, want 60", got)
	}
}

func TestACorruptFileIsKeptAsideWithAWarningNamingIt(t *testing.T) {
	at := time.Date(2026, 11, 27, 3, 4, 5, 0, time.UTC)
	fixClock(t, at)
	for _, corrupt := range []string{
		"{not json",
		"",
		"[]",
		`{"lessons":{}}`,
		`{"version":"1"}`,
		`{"version":0}`,
		`{"version":1,"lessons":[]}`,
		`{"version":1,"current":{"lesson":"a"}} trailing`,
	} {
		t.Run(corrupt, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			if err := os.WriteFile(path, []byte(corrupt), 0o600); err != nil {
				t.Fatal(err)
			}
			s, warnings, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			aside := path + ".corrupt-20261127T030405Z"
			if len(warnings) != 1 || !strings.Contains(warnings[0].Text("en"), aside) {
				t.Fatalf("warnings = %q, want one naming %s", warnings, aside)
			}
			kept, err := os.ReadFile(aside)
			if err != nil || string(kept) != corrupt {
				t.Fatalf("kept aside: %q, %v", kept, err)
			}
			if snap := s.Snapshot(); snap.DoneCount("a") != 0 {
				t.Error("progress did not start afresh")
			}
			if err := s.MarkDone("a", "s"); err != nil {
				t.Fatal(err)
			}
			if kept2, _ := os.ReadFile(aside); string(kept2) != corrupt {
				t.Error("the corrupt copy was overwritten")
			}
			// A second corrupt file in the same second gets its own name.
			if err := os.WriteFile(path, []byte("{again"), 0o600); err != nil {
				t.Fatal(err)
			}
			_, warnings, err = Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) != 1 || !strings.Contains(warnings[0].Text("en"), aside+"-2") {
				t.Errorf("second warnings = %q, want one naming %s-2", warnings, aside)
			}
			if kept3, _ := os.ReadFile(aside); string(kept3) != corrupt {
				t.Error("the first corrupt copy was overwritten by the second")
			}
		})
	}
}

func TestAFileCorruptedAfterOpenIsKeptAsideByLoadAndUpdate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	s, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDone("a", "s"); err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"load", "update"} {
		if err := os.WriteFile(path, []byte("garbage"), 0o600); err != nil {
			t.Fatal(err)
		}
		if op == "load" {
			_, err = s.Load()
		} else {
			err = s.MarkDone("b", "s")
		}
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		w := s.TakeWarnings()
		if len(w) != 1 || !strings.Contains(w[0].Text("en"), FileName+".corrupt-") {
			t.Errorf("%s: warnings = %q", op, w)
		}
	}
	matches, _ := filepath.Glob(path + ".corrupt-*")
	if len(matches) != 2 {
		t.Errorf("kept aside: %v, want two files", matches)
	}
}

func TestAFileFromANewerKubelabIsRefusedAndLeftAlone(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	future := `{"version":4,"current":{"lesson":"x"},"lessons":{},"badges":["new"]}`
	if err := os.WriteFile(path, []byte(future), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := Open(dir)
	var fv *FutureVersionError
	if !errors.As(err, &fv) || fv.Version != 4 {
		t.Fatalf("Open: err = %v, want a FutureVersionError for version 4", err)
	}
	for _, want := range []string{path, `"version"`, "update kubelab"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	// A store opened before the newer kubelab wrote must not write either.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	s, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(future), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDone("a", "s"); !errors.As(err, &fv) {
		t.Errorf("Update: err = %v, want a FutureVersionError", err)
	}
	if _, err := s.Load(); !errors.As(err, &fv) {
		t.Errorf("Load: err = %v, want a FutureVersionError", err)
	}
	if got, _ := os.ReadFile(path); string(got) != future {
		t.Errorf("the newer file was changed to %s", got)
	}
	if matches, _ := filepath.Glob(path + ".corrupt-*"); len(matches) > 0 {
		t.Errorf("the newer file was moved aside: %v", matches)
	}
}

func TestUpdateWritesNothingWhenTheChangeFails(t *testing.T) {
	dir := t.TempDir()
	s, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err = s.Update(func(p *Progress) error {
		p.MarkDone("a", "s")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file was written: %v", err)
	}
	if s.Done("a", "s") {
		t.Error("the failed change shows in memory")
	}
}

func TestTheStoreReadsFromMemoryAndWritesThrough(t *testing.T) {
	dir := t.TempDir()
	s, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetCurrent("self-healing", "replace-pod"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDone("self-healing", "deploy"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAnswer("self-healing", "quiz/q1", "3"); err != nil {
		t.Fatal(err)
	}
	if l, st := s.Current(); l != "self-healing" || st != "replace-pod" {
		t.Errorf("Current = %s/%s", l, st)
	}
	if !s.Done("self-healing", "deploy") || s.Answers("self-healing")["quiz/q1"] != "3" {
		t.Error("memory does not show the changes")
	}
	// Another process's view: a fresh store reads the same from disk.
	other, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !other.Done("self-healing", "deploy") {
		t.Error("the change did not reach the file")
	}
	if err := other.ResetLesson("self-healing"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(); err != nil {
		t.Fatal(err)
	}
	if s.Done("self-healing", "deploy") {
		t.Error("Load did not pick up the other store's reset")
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("progress.json mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestTheStoreSaysHowAStepWasDoneFromTheHelpWrittenBeforeIt(t *testing.T) {
	dir := t.TempDir()
	s, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		s.UseHints("l", "hinted", 1), s.UseHints("l", "hinted", 2), s.MarkDone("l", "hinted"),
		s.ShowSolution("l", "shown"), s.MarkDone("l", "shown"),
		s.MarkDone("l", "alone"), s.UseHints("l", "alone", 1), // help after the step was done changes nothing
		s.UseHints("l", "open", 1),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	// A fresh store reads it from disk, as the UI's next run does.
	other, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for step, want := range map[string]Help{"hinted": {Hints: 2}, "shown": {Solution: true}, "alone": {}} {
		if h, ok := other.HowDone("l", step); !ok || h != want {
			t.Errorf("HowDone(%s) = %+v, %v; want %+v", step, h, ok, want)
		}
	}
	if h, ok := other.HowDone("l", "open"); ok {
		t.Errorf("a step not done yet says how it was done: %+v", h)
	}
}

func TestOpenDefaultUsesTheStateFolder(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	s, _, err := OpenDefault()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(state, "kubelab", FileName); s.Path() != want {
		t.Errorf("Path = %s, want %s", s.Path(), want)
	}
}

func TestTheMemoryReadersSeeAnotherProcesssChangesSoon(t *testing.T) {
	old := refreshEvery
	refreshEvery = 50 * time.Millisecond
	t.Cleanup(func() { refreshEvery = old })
	dir := t.TempDir()
	ui, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ui.Done("l", "s") {
		t.Fatal("done before anyone marked it")
	}
	// kubelab check, in another terminal, marks the step done.
	if err := helper(t, "increment", dir, "KUBELAB_PROGRESS_ID=check", "KUBELAB_PROGRESS_N=1").Run(); err != nil {
		t.Fatal(err)
	}
	check, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := check.MarkDone("l", "s"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for !ui.Done("l", "s") {
		if time.Now().After(deadline) {
			t.Fatal("the UI's store never saw the step marked done elsewhere")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if ui.Answers("race")["check/0"] != "x" {
		t.Error("the other process's answer is missing")
	}
}

// A version 1 file, from before kubelab recorded how steps were completed,
// still loads: its finished steps stay finished with how not known, and
// the next write saves it as the current version.
func TestAVersion1FileLoadsAndIsSavedAsTheCurrentVersion(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	v1 := `{"version":1,"current":{"lesson":"a","step":"s2"},"lessons":{"a":{"done":{"s1":"2026-11-27T03:00:00Z"},"step":"s2","answers":{"s1/q":"b"}}}}`
	if err := os.WriteFile(path, []byte(v1), 0o600); err != nil {
		t.Fatal(err)
	}
	s, warnings, err := Open(dir)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("Open: %v %v", err, warnings)
	}
	p, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !p.IsDone("a", "s1") || p.ResumeStep("a") != "s2" || p.Answers("a")["s1/q"] != "b" {
		t.Errorf("version 1 progress lost: %+v", p.Lessons["a"])
	}
	if _, ok := p.HowDone("a", "s1"); ok {
		t.Error("a step finished under version 1 claims to know how")
	}
	if err := s.UseHints("a", "s2", 2); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkDone("a", "s2"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	back, err := decode(data)
	if err != nil || back.Version != Version || !strings.Contains(string(data), `"version": 3`) {
		t.Fatalf("rewritten file: %v\n%s", err, data)
	}
	if h, ok := back.HowDone("a", "s2"); !ok || h.By() != ByHints || h.Hints != 2 {
		t.Errorf("how s2 was done: %+v %v", h, ok)
	}
}

// A version 2 file (no exam history) loads with its progress and an empty
// history; an exam added is kept, with the oldest dropped past MaxExams, and
// the file is saved as version 3.
func TestAVersion2FileGainsAnExamHistoryThatKeepsTheNewestExams(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	v2 := `{"version":2,"lessons":{"a":{"done":{"s1":"2026-11-27T03:00:00Z"},"how":{"s1":{}}}}}`
	if err := os.WriteFile(path, []byte(v2), 0o600); err != nil {
		t.Fatal(err)
	}
	s, warnings, err := Open(dir)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("Open: %v %v", err, warnings)
	}
	if p := s.Snapshot(); !p.IsDone("a", "s1") || len(p.Exams) != 0 {
		t.Fatalf("version 2 progress: %+v, exams %v", p.Lessons["a"], p.Exams)
	}
	for i := range MaxExams + 2 {
		e := Exam{Seed: uint64(i), Score: 50, Tasks: []ExamTask{{N: 1, Lesson: "a", Checks: []ExamCheck{{ID: "c", Observed: map[string]string{"en": "seen", "zh": "看到"}}}}}}
		if err := s.AddExam(e); err != nil {
			t.Fatal(err)
		}
	}
	p, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Exams) != MaxExams || p.Exams[0].Seed != 2 || p.Exams[MaxExams-1].Seed != MaxExams+1 {
		t.Errorf("history: %d exams from seed %d; want %d from seed 2", len(p.Exams), p.Exams[0].Seed, MaxExams)
	}
	if got := p.Exams[0].Tasks[0].Checks[0].Observed["zh"]; got != "看到" || !p.IsDone("a", "s1") {
		t.Errorf("a check's words came back as %q", got)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"version": 3`) {
		t.Errorf("saved as %s", data[:40])
	}
}

func TestTheLearnersSeedIsMadeOnceAndKept(t *testing.T) {
	dir := t.TempDir()
	s, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	seed, err := s.Seed()
	if err != nil || len(seed) != 24 {
		t.Fatalf("seed %q, %v", seed, err)
	}
	other, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := other.Seed(); err != nil || again != seed {
		t.Errorf("a second store's seed %q, want %q", again, seed)
	}
	if _, _, err := Open(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	another, _, _ := Open(t.TempDir())
	if s2, _ := another.Seed(); s2 == seed {
		t.Error("two learners share a seed")
	}
}

func TestOpenReadsOnlyASmallRegularFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, FileName), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a folder named progress.json: %v", err)
	}
	dir = t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, MaxFileBytes+1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("an oversized progress.json: %v", err)
	}
}

func TestOnUpdateSeesEveryWriteAfterTheLockIsReleased(t *testing.T) {
	dir := t.TempDir()
	s, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var seen []Progress
	s.OnUpdate(func(p Progress) {
		// The lock is free again: another store on the same file can write.
		other, _, err := Open(dir)
		if err != nil {
			t.Error(err)
		}
		if _, err := other.Load(); err != nil {
			t.Error(err)
		}
		seen = append(seen, p)
	})
	if err := s.MarkDone("self-healing", "deploy"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAnswer("self-healing", "deploy/owner", "b"); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || !seen[0].IsDone("self-healing", "deploy") {
		t.Fatalf("hook saw %+v", seen)
	}
	if a, _ := seen[1].Answer("self-healing", "deploy/owner"); a != "b" {
		t.Errorf("the second write's answer is %q", a)
	}
}
