package lessons

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoad feeds malformed lesson files to the loader: it must report
// problems, never panic.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"lesson.yaml", "en.md"} {
		data, err := os.ReadFile("testdata/valid/01-first-steps/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(name == "lesson.yaml", string(data))
	}
	f.Add(true, "steps: [{checks: [{kind: quiz, answer: {field: {}}}]}]")
	f.Add(true, "steps:\n  - id: a\n    checks:\n      - {id: b, kind: field, path: '{', op: '>', value: x}")
	f.Add(false, "# T\n\nS\n\n## Notes\n\n```\n## Step x: y\n")
	f.Add(false, "## Step a:\n### Quiz\n### Check\n- : x\n")
	f.Add(true, "steps:\n  - id: a\n    mode: challenge\n    setup: ['{{'] \n    files: [../x, '', /etc/passwd, en.md]\n    commands: ['kubectl get $(x)', '']\n    wrong: [null, {files: {'a/b': x}, fail: [zz]}, {commands: [''], fail: []}]\n")
	f.Add(true, "steps:\n  - id: a\n    mode: [x]\n    files: {a: b}\n    wrong: {fail: 1}\n")
	f.Add(true, "steps:\n  - id: a\n    exam: [x]\n    weight: -3\n  - id: b\n    exam: true\n    weight: 99999999999999999999\n    checks: [{id: q, kind: quiz}]\n")
	f.Add(false, "# T\n\nS\n\n## Notes\n\nn\n\n## Step a: b\n\n### Explain q\n\n### Explain q\n\n### Quiz q\n")
	valid := map[string]string{}
	for _, name := range []string{"course.yaml", "course.en.yaml", "course.zh.yaml", "01-first-steps/lesson.yaml", "01-first-steps/en.md", "01-first-steps/zh.md", "01-first-steps/deploy.yaml"} {
		data, err := os.ReadFile("testdata/valid/" + name)
		if err != nil {
			f.Fatal(err)
		}
		valid[name] = string(data)
	}
	f.Fuzz(func(t *testing.T, yamlFile bool, src string) {
		fsys := fstest.MapFS{}
		for name, data := range valid {
			fsys[name] = &fstest.MapFile{Data: []byte(data)}
		}
		target := "01-first-steps/en.md"
		if yamlFile {
			target = "01-first-steps/lesson.yaml"
		}
		fsys[target] = &fstest.MapFile{Data: []byte(src)}
		c, ps := Load(fsys)
		if c == nil {
			t.Fatal("Load returned no catalog")
		}
		for _, p := range ps {
			if p.File == "" || strings.TrimSpace(p.Msg) == "" {
				t.Fatalf("problem without a file or message: %+v", p)
			}
		}
	})
}
