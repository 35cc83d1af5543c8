// Package msg is the lab's one message system: a message is a key and its
// arguments, in no language until a view renders it. Every package that
// speaks to the learner registers its catalogue here (key -> language ->
// format) once, at init; screens, the command line and the doctor render
// messages at the last moment, so switching language re-renders what is on
// screen instead of redoing the work that produced it.
//
// Formats are fmt verbs with explicit argument indexes (%[1]s) so that a
// language may order the arguments its own way. An argument that is itself a
// Msg, a []Msg or an error carrying a Msg is rendered in the same language.
package msg

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Languages the lab speaks, in the order a language switch cycles them.
// English is the fallback for a language a catalogue lacks.
var Languages = []string{"en", "zh"}

// Next is the language after lang in Languages, wrapping around.
func Next(lang string) string {
	for i, l := range Languages {
		if l == lang {
			return Languages[(i+1)%len(Languages)]
		}
	}
	return Languages[0]
}

// Msg is a message in no language yet.
type Msg struct {
	Key  string
	Args []any
}

// New makes a message from a registered key and its arguments.
func New(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// Plain is a message whose text is the same in every language: a command,
// a resource name, output the lab did not write.
func Plain(s string) Msg { return Msg{Key: plainKey, Args: []any{s}} }

const plainKey = "msg.plain"

// FromError is err as a message: rendered with ErrorText in the language of
// the view, so an error that carries a message is shown in it.
func FromError(err error) Msg {
	if err == nil {
		return Msg{}
	}
	return Msg{Key: errorKey, Args: []any{err}}
}

const errorKey = "msg.error"

// IsZero reports whether the message is empty.
func (m Msg) IsZero() bool { return m.Key == "" }

// Text renders the message in lang, falling back to English. A key missing
// from every catalogue is a bug the catalogue tests catch; it renders as the
// key and its arguments rather than as nothing.
func (m Msg) Text(lang string) string {
	if m.Key == "" {
		return ""
	}
	format, ok := Format(m.Key, lang)
	if !ok {
		return fmt.Sprint(append([]any{m.Key + ":"}, m.Args...)...)
	}
	if len(m.Args) == 0 {
		return format
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		args[i] = renderArg(a, lang)
	}
	return fmt.Sprintf(format, args...)
}

// Lazy is an argument computed in the language being rendered: for text
// derived from something that is itself a message (the first line of a
// localized error).
type Lazy func(lang string) string

func renderArg(a any, lang string) any {
	switch v := a.(type) {
	case Lazy:
		return v(lang)
	case Msg:
		return v.Text(lang)
	case []Msg:
		parts := make([]string, len(v))
		for j, p := range v {
			parts[j] = p.Text(lang)
		}
		return strings.Join(parts, Separator(lang))
	case error:
		return ErrorText(v, lang)
	default:
		return a
	}
}

// Separator joins a list of rendered messages in lang.
func Separator(lang string) string {
	if lang == "zh" {
		return "；"
	}
	return "; "
}

// Catalog maps a key to its format in each language.
type Catalog map[string]map[string]string

var (
	mu       sync.RWMutex
	formats  = map[string]map[string]string{plainKey: {"en": "%[1]s", "zh": "%[1]s"}, errorKey: {"en": "%[1]s", "zh": "%[1]s"}}
	owners   = map[string]string{plainKey: "msg", errorKey: "msg"}
	problems []string
)

// Register adds a package's catalogue under its owner's name (the package
// path, for error messages). A key registered twice is recorded as a
// problem that Check reports, rather than a panic at init that would hide
// every other.
func Register(owner string, c Catalog) struct{} {
	mu.Lock()
	defer mu.Unlock()
	for k, forms := range c {
		if prev, ok := owners[k]; ok {
			problems = append(problems, fmt.Sprintf("key %q registered by %s and %s", k, prev, owner))
			continue
		}
		owners[k] = owner
		formats[k] = forms
	}
	return struct{}{}
}

// Format returns the format of key in lang, falling back to English.
func Format(key, lang string) (string, bool) {
	mu.RLock()
	defer mu.RUnlock()
	forms, ok := formats[key]
	if !ok {
		return "", false
	}
	if f, ok := forms[lang]; ok {
		return f, true
	}
	f, ok := forms["en"]
	return f, ok
}

// Has reports whether key is registered.
func Has(key string) bool {
	mu.RLock()
	defer mu.RUnlock()
	_, ok := formats[key]
	return ok
}

// Keys lists every registered key, sorted; with owner set, only that
// owner's.
func Keys(owner string) []string {
	mu.RLock()
	defer mu.RUnlock()
	var out []string
	for k, o := range owners {
		if owner == "" || o == owner {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Check reports every problem of the registered catalogues: keys registered
// twice, a language missing or blank, and formats whose verbs differ
// between languages (a translation must take the same arguments).
func Check() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := append([]string(nil), problems...)
	keys := make([]string, 0, len(formats))
	for k := range formats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		forms := formats[k]
		want := verbSet(forms["en"])
		for _, lang := range Languages {
			f, ok := forms[lang]
			if !ok || strings.TrimSpace(f) == "" {
				out = append(out, fmt.Sprintf("%s (%s): no %s text", k, owners[k], lang))
				continue
			}
			if got := verbSet(f); got != want {
				out = append(out, fmt.Sprintf("%s (%s): %s takes %s, English %s", k, owners[k], lang, got, want))
			}
		}
	}
	return out
}

// verbSet lists a format's verbs by argument index, so that two languages
// ordering the same arguments differently still agree.
func verbSet(format string) string {
	var verbs []string
	next := 1
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		if j < len(format) && format[j] == '%' {
			i = j
			continue
		}
		idx := 0
		for j < len(format) && strings.IndexByte("+-# 0.123456789", format[j]) >= 0 {
			j++
		}
		if j < len(format) && format[j] == '[' {
			k := strings.IndexByte(format[j:], ']')
			if k > 0 {
				fmt.Sscanf(format[j+1:j+k], "%d", &idx)
				j += k + 1
			}
		}
		for j < len(format) && strings.IndexByte("+-# 0.123456789", format[j]) >= 0 {
			j++
		}
		if idx == 0 {
			idx = next
		}
		next = idx + 1
		if j < len(format) {
			verbs = append(verbs, fmt.Sprintf("%d%c", idx, format[j]))
			i = j
		}
	}
	sort.Strings(verbs)
	return strings.Join(verbs, " ")
}

// Error is an error whose text is a message, optionally wrapping a cause
// that is shown after it in the learner's language where the cause carries
// a message too, or as it is (the cause's own words: Kubernetes', the
// engine's) otherwise.
type Error struct {
	Msg   Msg
	Cause error
	// Kind, when set, is a sentinel this error matches with errors.Is.
	Kind error
}

// Errorf makes an Error from a key, its arguments and a cause (may be nil).
func Errorf(cause error, key string, args ...any) error {
	return &Error{Msg: New(key, args...), Cause: cause}
}

func (e *Error) Error() string { return e.LocalText("en") }

func (e *Error) Unwrap() error { return e.Cause }

// Is reports whether target is the error's sentinel.
func (e *Error) Is(target error) bool { return e.Kind != nil && target == e.Kind }

// LocalText renders the error in lang.
func (e *Error) LocalText(lang string) string {
	s := e.Msg.Text(lang)
	if e.Cause != nil {
		sep := ": "
		if lang == "zh" {
			sep = "："
		}
		s += sep + ErrorText(e.Cause, lang)
	}
	return s
}

// Localized is an error that can say itself in the learner's language.
// Error is one; a package with richer errors (a failed command with its
// output) implements it too.
type Localized interface {
	error
	LocalText(lang string) string
}

// ErrorText renders err in lang: the first Localized error in its chain, or
// err's own text when it carries no message. English wrapping around a
// Localized error is dropped: the message says what was being done.
func ErrorText(err error, lang string) string {
	if err == nil {
		return ""
	}
	var l Localized
	if errors.As(err, &l) {
		return l.LocalText(lang)
	}
	return err.Error()
}
