package check

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"kubelab/lessons"
)

// verbs finds fmt verbs with explicit argument indexes, e.g. %[2]q.
var verbs = regexp.MustCompile(`%\[(\d+)\][a-z]`)

func TestEveryMessageIsWrittenInEveryLanguageWithTheSameArguments(t *testing.T) {
	for key, forms := range catalogue {
		for _, lang := range lessons.Languages {
			text, ok := forms[lang]
			if !ok || strings.TrimSpace(text) == "" {
				t.Errorf("message %q has no %s text", key, lang)
			}
			if strings.Contains(strings.ReplaceAll(text, "%%", ""), "%") && !verbs.MatchString(text) {
				t.Errorf("message %q (%s) uses a verb without an argument index: %q", key, lang, text)
			}
		}
		if len(forms) != len(lessons.Languages) {
			t.Errorf("message %q has %d languages, want %d", key, len(forms), len(lessons.Languages))
		}
		// Every language must use the arguments English uses, except where
		// a language words a list count differently (saw.more).
		if key == "saw.more" {
			continue
		}
		en := argSet(forms["en"])
		for _, lang := range lessons.Languages {
			if got := argSet(forms[lang]); got != en {
				t.Errorf("message %q: %s uses arguments %s, English %s", key, lang, got, en)
			}
		}
	}
}

func argSet(text string) string {
	seen := map[string]bool{}
	for _, m := range verbs.FindAllStringSubmatch(text, -1) {
		seen[m[1]] = true
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// Every key the code asks for must be in the catalogue: scan the sources
// (and `kubelab check`'s) for msg("key", errorf("key" and Say(lang, "key".
func TestEveryMessageKeyTheCodeUsesIsInTheCatalogue(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join("..", "..", "cmd", "kubelab", "check.go"))
	used := regexp.MustCompile(`(?:msg\(|errorf\(|Say\([a-zA-Z.]+, )"([a-zA-Z.]+)"`)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(src), -1) {
			n++
			if _, ok := catalogue[m[1]]; !ok {
				t.Errorf("%s uses message %q, which the catalogue lacks", f, m[1])
			}
		}
	}
	if n < 30 {
		t.Fatalf("found only %d message uses in the sources; the scan is broken", n)
	}
}

func TestAMessageRendersNestedMessagesInTheSameLanguage(t *testing.T) {
	m := msg("result.fail", msg("saw.value", "deployments/web", ".status.readyReplicas", "1"), msg("want.compare", ".status.readyReplicas", ">=", "3"))
	for lang, want := range map[string]string{
		"en": `deployments/web: .status.readyReplicas is "1"; want .status.readyReplicas >= 3`,
		"zh": `deployments/web：.status.readyReplicas 为 "1"；应为 .status.readyReplicas >= 3`,
	} {
		if got := m.Text(lang); got != want {
			t.Errorf("%s: got %q, want %q", lang, got, want)
		}
	}
	if got := m.Text("fr"); got != m.Text("en") {
		t.Errorf("an unknown language should fall back to English, got %q", got)
	}
	if strings.Contains(m.Text("en"), "%!") {
		t.Errorf("bad formatting: %s", m.Text("en"))
	}
}

func TestAListOfMoreThanThreeIsShortened(t *testing.T) {
	ms := []Msg{msg("text", "a"), msg("text", "b"), msg("text", "c"), msg("text", "d"), msg("text", "e")}
	got := joinMsgs(ms)
	if en := got.Text("en"); en != "a; b; c and 2 more" {
		t.Errorf("en: %q", en)
	}
	if zh := got.Text("zh"); zh != "a；b；c 及另外 2 个" {
		t.Errorf("zh: %q", zh)
	}
	if s := fmt.Sprint(joinMsgs(ms[:2]).Text("en")); s != "a; b" {
		t.Errorf("two: %q", s)
	}
}
