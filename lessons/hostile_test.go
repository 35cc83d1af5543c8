package lessons

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
)

// Limits every hostile pack must load within.
const (
	hostileMaxTime   = slowdown * 2 * time.Second
	hostileMaxMemory = 200 << 20
)

// hostileMakers build what a case folder cannot hold in git, by case name.
var hostileMakers = map[string]func(t *testing.T, pack string){
	"symlink-out": func(t *testing.T, pack string) {
		outside := filepath.Join(filepath.Dir(pack), "secret.txt")
		must(t, os.WriteFile(outside, []byte("not the pack's\n"), 0o600))
		replaceWithLink(t, outside, filepath.Join(pack, "glossary.en.md"))
	},
	"lesson-folder-link": func(t *testing.T, pack string) {
		outside := filepath.Join(filepath.Dir(pack), "elsewhere")
		must(t, os.CopyFS(outside, os.DirFS(filepath.Join(pack, "01-first-steps"))))
		if err := os.Symlink(outside, filepath.Join(pack, "02-elsewhere")); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	},
	"fifo": func(t *testing.T, pack string) {
		p := filepath.Join(pack, "glossary.en.md")
		must(t, os.Remove(p))
		if err := mkfifo(p); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	},
	"device-link": func(t *testing.T, pack string) {
		if _, err := os.Stat(os.DevNull); err != nil || filepath.Separator != '/' {
			t.Skip("no /dev/zero here")
		}
		replaceWithLink(t, "/dev/zero", filepath.Join(pack, "01-first-steps", "en.md"))
	},
	"huge-file": func(t *testing.T, pack string) {
		must(t, os.Truncate(filepath.Join(pack, "01-first-steps", "en.md"), 4<<30))
	},
	"pack-too-big": func(t *testing.T, pack string) {
		// Five lessons whose lesson.yaml is just under the per-file
		// cap (a long comment): more than the whole pack may read.
		comment := bytes.Repeat([]byte("# "+strings.Repeat("x", 77)+"\n"), (MaxFileBytes-100)/80)
		for i := 1; i <= 5; i++ {
			dir := filepath.Join(pack, fmt.Sprintf("%02d-big-%d", 1+i, i))
			must(t, os.Mkdir(dir, 0o755))
			src := append(fmt.Appendf(nil, "id: big-%d\npart: basics\n", i), comment...)
			must(t, os.WriteFile(filepath.Join(dir, LessonFile), src, 0o644))
		}
	},
	"yaml-deep-nesting": func(t *testing.T, pack string) {
		const depth = 400_000
		src := "id: first-steps\npart: basics\nsteps: " + strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n"
		must(t, os.WriteFile(filepath.Join(pack, "01-first-steps", LessonFile), []byte(src), 0o644))
	},
}

// hostileResult is what the child process reports.
type hostileResult struct {
	Elapsed  time.Duration
	Peak     uint64
	Problems []string
}

const hostileEnv = "KUBELAB_TEST_HOSTILE_PACK"

func TestHostilePacksEndFastInBoundedMemoryWithAProblem(t *testing.T) {
	if os.Getenv(hostileEnv) != "" {
		t.Skip("inside a child")
	}
	cases, err := os.ReadDir("testdata/hostile")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cases {
		if !c.IsDir() {
			continue
		}
		n++
		t.Run(c.Name(), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join("testdata/hostile", c.Name(), "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			where, text, ok := strings.Cut(strings.TrimSpace(string(want)), ": ")
			if !ok {
				t.Fatalf("want.txt: write FILE[:LINE]: text")
			}
			pack := hostilePack(t, c.Name())
			res := loadInChild(t, pack, false)
			if res.Elapsed > hostileMaxTime {
				t.Errorf("loading took %s, more than %s", res.Elapsed, hostileMaxTime)
			}
			if res.Peak > hostileMaxMemory {
				t.Errorf("loading used %d MiB, more than %d MiB", res.Peak>>20, hostileMaxMemory>>20)
			}
			t.Logf("%s, %d MiB, %d problems", res.Elapsed.Round(time.Millisecond), res.Peak>>20, len(res.Problems))
			found := false
			for _, p := range res.Problems {
				found = found || strings.HasPrefix(p, filepath.ToSlash(pack)+"/"+where+": ") && strings.Contains(p, text)
			}
			if !found {
				t.Errorf("no problem at %s containing %q; got:\n%s", where, text, strings.Join(res.Problems, "\n"))
			}
		})
	}
	if n < 10 {
		t.Errorf("only %d hostile packs", n)
	}
}

// hostilePack lays the case's files over a copy of the valid pack and makes
// what git cannot hold.
func hostilePack(t *testing.T, name string) string {
	pack := filepath.Join(t.TempDir(), "pack")
	must(t, os.CopyFS(pack, os.DirFS("testdata/valid")))
	caseDir := filepath.Join("testdata/hostile", name)
	err := filepath.WalkDir(caseDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == filepath.Join(caseDir, "want.txt") {
			return err
		}
		rel, _ := filepath.Rel(caseDir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(pack, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(pack, rel), data, 0o644)
	})
	must(t, err)
	if make := hostileMakers[name]; make != nil {
		make(t, pack)
	}
	return pack
}

// loadInChild loads pack in a fresh process running this test binary, so a
// hang can be killed and memory measured for the load alone. dirFS loads
// through os.DirFS, which follows links anywhere, instead of LoadDir.
func loadInChild(t *testing.T, pack string, dirFS bool) hostileResult {
	ctx, cancel := context.WithTimeout(t.Context(), 10*hostileMaxTime)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHostilePackChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), hostileEnv+"="+pack)
	if dirFS {
		cmd.Env = append(cmd.Env, hostileEnv+"_DIRFS=1")
	}
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("still loading after %s: killed", 10*hostileMaxTime)
	}
	_, line, ok := bytes.Cut(out, []byte("HOSTILE-RESULT "))
	if err != nil || !ok {
		t.Fatalf("the child failed (%v):\n%s", err, clip(string(out)))
	}
	line, _, _ = bytes.Cut(line, []byte("\n"))
	var res hostileResult
	must(t, json.Unmarshal(line, &res))
	return res
}

// TestHostilePackChild is the child of loadInChild: it loads the pack named
// in the environment while a watchdog samples the memory the Go runtime
// holds, and exits at once past the limit.
func TestHostilePackChild(t *testing.T) {
	pack := os.Getenv(hostileEnv)
	if pack == "" {
		t.Skip("run by TestHostilePacksEndFastInBoundedMemoryWithAProblem")
	}
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	var peak uint64
	measure := func() uint64 {
		metrics.Read(sample)
		peak = max(peak, sample[0].Value.Uint64())
		return peak
	}
	done := make(chan struct{})
	watched := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(watched)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			if measure() > hostileMaxMemory {
				fmt.Printf("HOSTILE-RESULT {\"Elapsed\":%d,\"Peak\":%d}\n", time.Since(start), peak)
				os.Exit(0)
			}
			if time.Since(start) > hostileMaxTime {
				fmt.Printf("HOSTILE-RESULT {\"Elapsed\":%d,\"Peak\":%d}\n", time.Since(start), peak)
				os.Exit(0)
			}
		}
	}()
	var err error
	if os.Getenv(hostileEnv+"_DIRFS") != "" {
		if _, ps := Load(os.DirFS(pack)); len(ps) > 0 {
			err = ps.WithRoot(pack)
		}
	} else {
		_, err = LoadDir(pack)
	}
	elapsed := time.Since(start)
	close(done)
	<-watched
	measure()
	res := hostileResult{Elapsed: elapsed, Peak: peak}
	if ps, ok := err.(Problems); ok {
		for _, p := range ps {
			res.Problems = append(res.Problems, p.String())
		}
	} else if err != nil {
		res.Problems = []string{err.Error()}
	}
	data, _ := json.Marshal(res)
	fmt.Printf("HOSTILE-RESULT %s\n", data)
}

func replaceWithLink(t *testing.T, target, link string) {
	t.Helper()
	must(t, os.Remove(link))
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
