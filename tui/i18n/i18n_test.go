package i18n

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestEveryStringExistsInEveryLanguage(t *testing.T) {
	for _, lang := range Languages {
		for _, other := range Languages {
			for _, k := range Keys(other) {
				if s, ok := tables[lang][k]; !ok || strings.TrimSpace(s) == "" {
					t.Errorf("%s has no %s string for %q", lang, lang, k)
				}
			}
		}
	}
}

func TestEveryKeyConstantHasAString(t *testing.T) {
	src, err := os.ReadFile("keys.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`(?m)^\t(\w+)\s+Key = "(\w+)"`).FindAllStringSubmatch(string(src), -1) {
		for _, lang := range Languages {
			if _, ok := tables[lang][Key(m[2])]; !ok {
				t.Errorf("key %s has no %s string", m[1], lang)
			}
		}
	}
}

func TestFormatsTakeTheSameArgumentsInEveryLanguage(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for k, en := range tables["en"] {
		want := strings.Join(verbs.FindAllString(en, -1), " ")
		for _, lang := range Languages[1:] {
			if got := strings.Join(verbs.FindAllString(tables[lang][k], -1), " "); got != want {
				t.Errorf("%s: %s has verbs %q, English %q", k, lang, got, want)
			}
		}
	}
}

func TestTheLanguageSwitchCyclesThroughEveryLanguage(t *testing.T) {
	if Next("en") != "zh" || Next("zh") != "en" || Next("fr") != "en" {
		t.Errorf("Next: en->%s zh->%s fr->%s", Next("en"), Next("zh"), Next("fr"))
	}
	if T("zh", TabHome) != "主页" || T("en", TabHome) != "Home" || T("fr", TabHome) != "Home" {
		t.Error("T does not pick the language's string, falling back to English")
	}
}
