// Package screenshots holds the test that keeps the README's pictures true:
// it drives the built kubelab in tmux against the test cluster, captures five
// screens as text with their colours, and compares them with the frames
// committed in assets/screenshots (the .ans files, which the .svg pictures
// are rendered from). `make screenshots` runs it with -screenshots, which
// writes the frames instead and renders each to SVG with freeze.
package screenshots

import (
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kubelab/internal/testcluster"
	"kubelab/sandbox/kubectl"
)

var write = flag.Bool("screenshots", false, "capture the frames into assets/screenshots and render their pictures instead of comparing with them")

// The terminal the pictures show.
const cols, rows = 100, 30

// frameDir is assets/screenshots, from this package's folder.
var frameDir = filepath.Join("..", "..", "assets", "screenshots")

func TestMain(m *testing.M) {
	// The lab puts a `kubectl` link to its own executable first on PATH.
	if kubectl.InvokedAsKubectl(os.Args[0]) {
		os.Exit(kubectl.Main(os.Args[1:], kubectl.Options{}))
	}
	testcluster.Main(m)
}

// mask replaces what legitimately differs from one capture to the next, and
// is the one place that does: the test cluster's API server listens on a
// random loopback port. Nothing else on the five screens depends on the run
// (fresh state, fixed size, language, theme and colour profile, and a frame
// is taken only once the screen has stopped changing).
var maskPatterns = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`127\.0\.0\.1:[0-9]+`), "127.0.0.1:6443"},
}

func mask(s string) string {
	for _, m := range maskPatterns {
		s = m.re.ReplaceAllString(s, m.with)
	}
	return s
}

// Every frame, in the order the README shows them.
var frameNames = []string{"home", "lesson-failing", "lesson-green", "notes-zh", "cluster"}

func TestScreenshotsMatchWhatTheBinaryDraws(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed, and CI=true: the screenshots test must run in CI (apt-get install tmux)")
		}
		t.Skip("tmux is not installed: skipping the screenshots test (apt-get install tmux to run it)")
	}
	kubelab := buildKubelab(t)
	c := testcluster.Shared(t)

	got := map[string]string{}
	// Home, a lesson step whose checks fail with their reasons, the same
	// step green: one learner, fresh state, in English.
	s := start(t, kubelab, c.Kubeconfig(), "en")
	got["home"] = s.settle("3/3 nodes Ready", "Start with:")
	for i := 0; i < 30 && !strings.Contains(selectedLine(s.screen()), "Self-healing"); i++ {
		s.keys("Down")
		time.Sleep(50 * time.Millisecond)
	}
	s.keys("Enter")
	got["lesson-failing"] = s.settle("Step 1/", "want number of pods", "not answered yet")
	s.keys("1")
	s.waitFor(90*time.Second, "deployment.apps/web created", "exit 0")
	s.keys("a")
	s.text(choice(t, s.screen(), "a ReplicaSet"))
	s.keys("Enter")
	got["lesson-green"] = s.settle("✓ Step 1/", "✓ Three pods", "✓ Question 1")
	s.keys("C")
	got["cluster"] = s.settle("Backend: existing cluster", "c create cluster")
	s.keys("q")

	// The concept notes, in Chinese, from a fresh start in Chinese.
	z := start(t, kubelab, c.Kubeconfig(), "zh")
	z.settle("3/3 个节点就绪")
	z.keys("N")
	got["notes-zh"] = z.settle("搜索", "Kubernetes 是什么")
	z.keys("q")

	for _, name := range frameNames {
		path := filepath.Join(frameDir, name+".ans")
		if *write {
			if err := os.WriteFile(path, []byte(got[name]), 0o644); err != nil {
				t.Fatal(err)
			}
			render(t, name)
			t.Logf("wrote %s and its picture:\n%s", path, plain(got[name]))
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v: run `make screenshots`", err)
			continue
		}
		if string(want) != got[name] {
			t.Errorf("%s: the committed frame differs from what kubelab draws now (%s); run `make screenshots` and commit the frames and pictures", name, describe(string(want), got[name]))
		}
	}
}

// choice is the letter of the quiz choice whose text starts with text.
func choice(t *testing.T, screen, text string) string {
	t.Helper()
	m := regexp.MustCompile(`([a-z])\) ` + regexp.QuoteMeta(text)).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no quiz choice %q on the screen:\n%s", text, screen)
	}
	return m[1]
}

// describe says where two canonical frames first differ.
func describe(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w == g {
			continue
		}
		if plain(w) == plain(g) {
			return fmt.Sprintf("line %d: same text %q, other colours", i+1, plain(g))
		}
		return fmt.Sprintf("line %d:\ncommitted: %q\nnow:       %q\nthe whole screen now:\n%s", i+1, plain(w), plain(g), plain(got))
	}
	return "no line differs"
}

// Each picture is rendered from its frame: the SVG's lines of text are the
// frame's lines. The pictures are not compared byte for byte (the renderer's
// version may lay them out differently), only their text.
func TestScreenshotsPicturesShowTheirFrames(t *testing.T) {
	for _, name := range frameNames {
		frame, err := os.ReadFile(filepath.Join(frameDir, name+".ans"))
		if err != nil {
			t.Errorf("%v: run `make screenshots`", err)
			continue
		}
		f, err := os.Open(filepath.Join(frameDir, name+".svg"))
		if err != nil {
			t.Errorf("%v: run `make screenshots`", err)
			continue
		}
		lines, err := svgLines(f)
		f.Close()
		if err != nil {
			t.Errorf("%s.svg: %v", name, err)
			continue
		}
		want := strings.Split(strings.TrimRight(plain(string(frame)), "\n"), "\n")
		for len(lines) > len(want) && strings.TrimSpace(lines[len(lines)-1]) == "" {
			lines = lines[:len(lines)-1]
		}
		if len(lines) != len(want) {
			t.Errorf("%s.svg has %d lines of text, its frame %d: run `make screenshots`", name, len(lines), len(want))
			continue
		}
		for i := range want {
			if strings.TrimRight(lines[i], " ") != strings.TrimRight(want[i], " ") {
				t.Errorf("%s.svg line %d shows %q, its frame %q: run `make screenshots`", name, i+1, lines[i], want[i])
				break
			}
		}
	}
}

// svgLines is the text of each <text> element of an SVG, in order.
func svgLines(r io.Reader) ([]string, error) {
	d := xml.NewDecoder(r)
	var lines []string
	depth := 0
	var cur strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return lines, nil
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "text" {
				depth++
				cur.Reset()
			}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				depth--
				lines = append(lines, cur.String())
			}
		case xml.CharData:
			if depth > 0 {
				cur.Write(tok)
			}
		}
	}
}
