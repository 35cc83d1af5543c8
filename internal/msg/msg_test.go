package msg

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

var _ = Register("msg_test", Catalog{
	"test.hello":  {"en": "hello %[1]s", "zh": "你好 %[1]s"},
	"test.nested": {"en": "outer: %[1]s", "zh": "外层：%[1]s"},
	"test.order":  {"en": "%[1]s of %[2]d", "zh": "%[2]d 中的 %[1]s"},
})

func TestTextRendersInTheLanguageAndNestedMessagesInTheSame(t *testing.T) {
	m := New("test.nested", New("test.hello", "kube"))
	if got := m.Text("zh"); got != "外层：你好 kube" {
		t.Errorf("zh: %q", got)
	}
	if got := m.Text("en"); got != "outer: hello kube" {
		t.Errorf("en: %q", got)
	}
	if got := m.Text("fr"); got != "outer: hello kube" {
		t.Errorf("an unknown language falls back to English: %q", got)
	}
	list := New("test.nested", []Msg{New("test.hello", "a"), Plain("b")})
	if got := list.Text("zh"); got != "外层：你好 a；b" {
		t.Errorf("list: %q", got)
	}
}

func TestAnErrorCarriesItsMessageThroughWrapping(t *testing.T) {
	cause := errors.New("connection refused")
	err := fmt.Errorf("open step: %w", Errorf(cause, "test.hello", "apiserver"))
	if got := ErrorText(err, "zh"); got != "你好 apiserver：connection refused" {
		t.Errorf("zh: %q", got)
	}
	if !errors.Is(err, cause) {
		t.Error("the cause is not reachable with errors.Is")
	}
	if got := ErrorText(errors.New("plain"), "zh"); got != "plain" {
		t.Errorf("an error without a message: %q", got)
	}
}

func TestCheckCatchesAMissingLanguageAVerbMismatchAndADuplicate(t *testing.T) {
	Register("msg_test_bad", Catalog{
		"test.bad.nozh":    {"en": "only English"},
		"test.bad.verbs":   {"en": "%[1]s and %[2]d", "zh": "%[1]s"},
		"test.hello":       {"en": "again", "zh": "又"},
		"test.bad.reorder": {"en": "%[1]s %[2]d", "zh": "%[2]d %[1]s"},
	})
	report := strings.Join(Check(), "\n")
	for _, want := range []string{"test.bad.nozh (msg_test_bad): no zh text", "test.bad.verbs", `key "test.hello" registered by msg_test and msg_test_bad`} {
		if !strings.Contains(report, want) {
			t.Errorf("Check() does not report %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "test.bad.reorder") {
		t.Errorf("reordered arguments are reported as a mismatch:\n%s", report)
	}
	// Leave the registry as the other tests expect it.
	mu.Lock()
	for _, k := range []string{"test.bad.nozh", "test.bad.verbs", "test.bad.reorder"} {
		delete(formats, k)
		delete(owners, k)
	}
	problems = nil
	mu.Unlock()
}

func TestNextCyclesThroughEveryLanguage(t *testing.T) {
	if Next("en") != "zh" || Next("zh") != "en" || Next("fr") != "en" {
		t.Errorf("Next: en->%s zh->%s fr->%s", Next("en"), Next("zh"), Next("fr"))
	}
}
