// Package i18n is the terminal UI's catalogue in the lab's one message
// system (internal/msg): titles, status lines, prompts, confirmations and
// key help, in English and Chinese. Lesson prose comes from the lessons
// package. Keys are typed so a screen cannot name a string that does not
// exist; a test proves every key has every language.
package i18n

import (
	"kubelab/internal/msg"
)

// Key names one UI string.
type Key string

// owner is the catalogue's name in the message registry.
const owner = "tui/i18n"

// Languages the UI speaks, in the order a language switch cycles them.
var Languages = msg.Languages

func init() {
	c := msg.Catalog{}
	for lang, table := range tables {
		for k, s := range table {
			if c[string(k)] == nil {
				c[string(k)] = map[string]string{}
			}
			c[string(k)][lang] = s
		}
	}
	msg.Register(owner, c)
}

// M is key as a message, to be rendered later in whatever language is then
// current.
func M(key Key, args ...any) msg.Msg { return msg.New(string(key), args...) }

// T returns the string for key in lang, formatted with args when given. A
// missing language falls back to English; a missing key shows itself, which
// the tests forbid.
func T(lang string, key Key, args ...any) string {
	if !msg.Has(string(key)) {
		return string(key)
	}
	return msg.New(string(key), args...).Text(lang)
}

// Next is the language after lang in Languages, wrapping around.
func Next(lang string) string { return msg.Next(lang) }

// Keys lists every key of a language's table, for the completeness test.
func Keys(lang string) []Key {
	out := make([]Key, 0, len(tables[lang]))
	for k := range tables[lang] {
		out = append(out, k)
	}
	return out
}

var tables = map[string]map[Key]string{"en": en, "zh": zh}
