// Package i18n holds every string the terminal UI shows, in English and
// Chinese, in one place. Lesson prose comes from the lessons package; these
// are the UI's own words: titles, status lines, prompts, confirmations and key
// help. A test proves that every key exists in every language.
package i18n

import "fmt"

// Key names one UI string.
type Key string

// Languages the UI speaks, in the order a language switch cycles them.
var Languages = []string{"en", "zh"}

// T returns the string for key in lang, formatted with args when given. A
// missing language falls back to English; a missing key shows itself, which
// the tests forbid.
func T(lang string, key Key, args ...any) string {
	s, ok := tables[lang][key]
	if !ok {
		s, ok = tables["en"][key]
	}
	if !ok {
		s = string(key)
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Next is the language after lang in Languages, wrapping around.
func Next(lang string) string {
	for i, l := range Languages {
		if l == lang {
			return Languages[(i+1)%len(Languages)]
		}
	}
	return Languages[0]
}

// Keys lists every key of a language's table, for the completeness test.
func Keys(lang string) []Key {
	out := make([]Key, 0, len(tables[lang]))
	for k := range tables[lang] {
		out = append(out, k)
	}
	return out
}

var tables = map[string]map[Key]string{"en": en, "zh": zh}
