package lessons

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"kubelab/internal/topology"
)

// Lesson text is not a template: a patch release written into it is true of
// one node image only (the default one, the offline one, the test cluster's
// and a learner's --image differ in the patch). Text names the minor or
// v1.36.x; what a cluster runs is read from it (see README.md, Templates).
func TestLessonTextNamesNoPatchRelease(t *testing.T) {
	patch := regexp.MustCompile(`v?` + regexp.QuoteMeta(topology.KubernetesMinor) + `\.[0-9]`)
	files, err := filepath.Glob("*.md")
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob("[0-9]*/*")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, more...)
	files = append(files, "course.yaml", "course.en.yaml", "course.zh.yaml")
	checked := 0
	for _, f := range files {
		if f == "README.md" {
			continue // describes the templates, the one place that names the default release
		}
		data, err := os.ReadFile(f)
		if err != nil {
			if info, serr := os.Stat(f); serr == nil && info.IsDir() {
				continue
			}
			t.Fatal(err)
		}
		checked++
		for _, loc := range patch.FindAllIndex(data, -1) {
			t.Errorf("%s:%d: %q names a patch release; write %s or v%s.x, or read the version from the cluster",
				f, lineOf(data, loc[0]), data[loc[0]:loc[1]], topology.KubernetesMinor, topology.KubernetesMinor)
		}
	}
	if checked < 40 {
		t.Errorf("checked only %d files; the lessons are not where this test looks", checked)
	}
}

func lineOf(data []byte, off int) int {
	n := 1
	for _, b := range data[:off] {
		if b == '\n' {
			n++
		}
	}
	return n
}
