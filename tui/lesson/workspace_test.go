package lesson

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"time"
)

func TestEditorIsVisualElseEditorElseTheSystemsFallback(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	spaced := filepath.Join(t.TempDir(), "My Editor", "edit")
	os.MkdirAll(filepath.Dir(spaced), 0o755)
	os.WriteFile(spaced, nil, 0o755)
	fallback := "vi"
	if runtime.GOOS == "windows" {
		fallback = "notepad"
	}
	for _, tc := range []struct {
		env    map[string]string
		want   []string
		chosen bool
	}{
		{map[string]string{"VISUAL": "code -w", "EDITOR": "nano"}, []string{"code", "-w"}, true},
		{map[string]string{"VISUAL": "  ", "EDITOR": "nano"}, []string{"nano"}, true},
		{map[string]string{}, []string{fallback}, false},
		{map[string]string{"EDITOR": spaced}, []string{spaced}, true},
	} {
		if got := EditorCommand(env(tc.env)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("EditorCommand(%v) = %q; want %q", tc.env, got, tc.want)
		}
		if got := editorChosen(env(tc.env)); got != tc.chosen {
			t.Errorf("editorChosen(%v) = %v", tc.env, got)
		}
	}
}

func TestShellQuoteLeavesPlainNamesAndQuotesTheRest(t *testing.T) {
	for in, want := range map[string]string{
		"service.yaml":     "service.yaml",
		"dir/deploy-1.yml": "dir/deploy-1.yml",
		"my file.yaml":     "'my file.yaml'",
		"it's.yaml":        `'it'\''s.yaml'`,
		"$(rm -rf).yaml":   "'$(rm -rf).yaml'",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s; want %s", in, got, want)
		}
	}
}

// A file touched but not changed is not validated again; a changed one, or
// one removed, is.
func TestStampsTellAChangeFromATouch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "service.yaml")
	os.WriteFile(path, []byte("kind: Service\n"), 0o644)
	a := stampOf(path, stamp{})
	later := time.Now().Add(time.Hour)
	os.Chtimes(path, later, later)
	b := stampOf(path, a)
	if !sameContent(a, b) || a.mod.Equal(b.mod) {
		t.Errorf("a touch: %+v then %+v", a, b)
	}
	os.WriteFile(path, []byte("kind: Service\nspec: {}\n"), 0o644)
	c := stampOf(path, b)
	if sameContent(b, c) {
		t.Errorf("a change: %+v then %+v", b, c)
	}
	os.Remove(path)
	if d := stampOf(path, b); !d.missing || sameContent(b, d) {
		t.Errorf("a removed file: %+v", d)
	}
}
