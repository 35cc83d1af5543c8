package check

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kubelab/lessons"
)

// Every kind the lesson format knows is evaluated here, and nothing else;
// each has every part. The lesson side (fields, templates, the docs' row) is
// checked by the lessons package's own tests.
func TestEveryCheckKindIsComplete(t *testing.T) {
	known := map[lessons.CheckKind]bool{}
	for _, k := range lessons.CheckKinds {
		known[k] = true
		if kindOf(k) == nil {
			t.Errorf("check kind %s has no evaluator: add kind_%s.go and list it in checkKinds", k, k)
		}
	}
	seen := map[lessons.CheckKind]bool{}
	for _, ck := range checkKinds {
		if !known[ck.kind] {
			t.Errorf("the engine evaluates kind %q, which the lesson format does not know", ck.kind)
		}
		if seen[ck.kind] {
			t.Errorf("kind %s is in checkKinds twice", ck.kind)
		}
		seen[ck.kind] = true
		if ck.evaluate == nil {
			t.Errorf("kind %s: no evaluate", ck.kind)
		}
		if ck.watch == nil {
			t.Errorf("kind %s: no watch strategy", ck.kind)
		}
		if ck.capture == nil {
			t.Errorf("kind %s: no baseline capture (noBaseline when it compares with nothing)", ck.kind)
		}
		if len(ck.messages) == 0 {
			t.Errorf("kind %s: no messages of its own", ck.kind)
		}
	}
}

// A kind's file that is not in the table would be dead code that looks alive.
func TestEveryKindFileIsInTheTable(t *testing.T) {
	files, err := filepath.Glob("kind_*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(f, "kind_"), ".go")
		if kindOf(lessons.CheckKind(name)) == nil {
			t.Errorf("%s is not in checkKinds", f)
		}
	}
}

// A kind's file uses its own messages and the shared ones, never another
// kind's, and every message it defines is used there and written in every
// language.
func TestEveryCheckKindsMessagesAreItsOwnAndInEveryLanguage(t *testing.T) {
	used := regexp.MustCompile(`(?:msg\(|errorf\()"([a-zA-Z.]+)"`)
	for _, ck := range checkKinds {
		file := "kind_" + string(ck.kind) + ".go"
		src, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("kind %s: %v (one file per kind, named after it)", ck.kind, err)
			continue
		}
		uses := map[string]bool{}
		for _, m := range used.FindAllStringSubmatch(string(src), -1) {
			key := m[1]
			uses[key] = true
			_, own := ck.messages[key]
			_, shared := sharedMessages[key]
			if !own && !shared {
				t.Errorf("%s uses message %q, which is neither its own nor shared", file, key)
			}
		}
		for key, forms := range ck.messages {
			if !uses[key] {
				t.Errorf("%s defines message %q but never uses it", file, key)
			}
			for _, lang := range lessons.Languages {
				if forms[lang] == "" {
					t.Errorf("%s: message %q has no %s text", file, key, lang)
				}
			}
		}
	}
}
