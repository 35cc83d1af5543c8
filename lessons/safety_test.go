package lessons

import (
	"strings"
	"testing"
	"time"
)

func TestPackTextWithControlCharactersOrInvalidUTF8FailsWithFileAndLine(t *testing.T) {
	cases := []struct {
		name        string
		edit        [3]string
		where, text string
	}{
		{"OSC title sequence in a step title", [3]string{en, "## Step deploy: Run two replicas", "## Step deploy: Run \x1b]0;pwned\x07two replicas"}, en + ":16", "control character U+001B"},
		{"clipboard sequence in lesson.yaml", [3]string{yml, "part: basics", "part: basics # \x1b]52;c;aGk=\x07"}, yml + ":2", "control character U+001B"},
		{"screen clear spelt as a YAML escape", [3]string{yml, `seed: "k8s概念"`, `seed: "k8s\e[2J概念"`}, yml + ":3", "written as an escape"},
		{"C1 control in a part title", [3]string{"course.zh.yaml", "basics: 基础", "basics: 基础\u009b2J"}, "course.zh.yaml:2", "control character U+009B"},
		{"invalid UTF-8 in prose", [3]string{zh, "# ", "# \xff"}, zh + ":1", "invalid UTF-8"},
		{"invalid UTF-8 in the glossary", [3]string{"glossary.en.md", "", "term\n\nbad \xc3( byte\n"}, "glossary.en.md:3", "invalid UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := damage(t, c.edit)
			wantProblem(t, ps, c.where, c.text)
		})
	}
}

func TestTabsAndCRLFLineEndsAreNotControlProblems(t *testing.T) {
	ps := damage(t, [3]string{en, "Create a deployment and look at the nodes.\n", "Create a deployment\tand look at the nodes.\r\n"})
	for _, p := range ps {
		t.Errorf("unexpected problem: %s", p)
	}
}

// A pack is anyone's text: a paragraph as long as a file may be (nearly
// 1 MiB) loads in milliseconds (joining its lines used to take minutes).
func TestAMegabyteParagraphLoadsWellUnderASecond(t *testing.T) {
	para := strings.Repeat("a soft wrapped line of prose 中文\n", (1000<<10)/36)
	start := time.Now()
	ps := damage(t, [3]string{en, "A Deployment keeps a number of pods running.\n", para})
	if d := time.Since(start); d > slowdown*time.Second {
		t.Errorf("loading a pack with a %d-byte paragraph took %v", len(para), d)
	}
	for _, p := range ps {
		t.Errorf("unexpected problem: %s", p)
	}
}
