package lessons

import (
	"os"
	"strings"
	"testing"
)

// The notes' missing architecture figure lives in assets/ and is shown in
// the components lessons; the copies in their notes must not drift from it.
func TestComponentsLessonsShowTheArchitectureFigureFromAssets(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	figures := map[string]string{"en": "../assets/architecture.txt", "zh": "../assets/architecture.zh.txt"}
	for _, id := range []string{"control-plane", "node-components"} {
		l := c.Lesson(id)
		if l == nil {
			t.Fatalf("no lesson %s", id)
		}
		for lang, file := range figures {
			fig, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.TrimRight(string(fig), "\n")
			if !strings.Contains(l.Text(lang).Notes, want) {
				t.Errorf("%s (%s): the notes do not contain %s as it is", id, lang, file)
			}
		}
	}
}

func TestBuiltinLessonsHaveNoProblems(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatalf("the built-in lessons have problems:\n%v", err)
	}
	// However many lessons the curriculum grows to, every part it names
	// teaches something.
	taught := map[string]int{}
	for _, l := range c.Lessons {
		taught[l.Part]++
	}
	for _, p := range c.Parts {
		if taught[p.ID] == 0 {
			t.Errorf("part %s has no lesson", p.ID)
		}
	}
}
