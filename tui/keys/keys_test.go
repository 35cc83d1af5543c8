package keys

import (
	"reflect"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

func bindings(m *Map) map[string]key.Binding {
	out := map[string]key.Binding{}
	v := reflect.ValueOf(m).Elem()
	for i := 0; i < v.NumField(); i++ {
		out[v.Type().Field(i).Name] = v.Field(i).Interface().(key.Binding)
	}
	return out
}

func TestEveryBindingHasKeysAndHelpInEveryLanguage(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		for name, b := range bindings(New(lang)) {
			if len(b.Keys()) == 0 || b.Help().Key == "" || b.Help().Desc == "" || b.Help().Desc == "Key"+name {
				t.Errorf("%s: binding %s has keys %q and help %+v", lang, name, b.Keys(), b.Help())
			}
		}
	}
}

// Global keys act on every screen unless a text field has the focus, so no
// screen's own key may be one of them.
func TestNoScreenKeyShadowsAGlobalKey(t *testing.T) {
	m := New("en")
	global := map[string]string{}
	for _, b := range m.Global() {
		for _, k := range b.Keys() {
			global[k] = b.Help().Desc
		}
	}
	screens := map[string][]key.Binding{
		"lesson":  {m.RunCommand, m.Prompt, m.Answer, m.NextStep, m.PrevStep, m.Hint, m.Solution, m.Reset, m.Focus, m.Edit, m.Apply, m.TypeAlong, m.Details, m.Up, m.Down, m.PageUp, m.PageDown},
		"home":    {m.Up, m.Down, m.PageUp, m.PageDown, m.Open},
		"notes":   {m.Search, m.Up, m.Down, m.PageUp, m.PageDown, m.OpenLesson},
		"cluster": {m.Create, m.Delete, m.Refresh, m.Doctor},
		"board":   {m.Up, m.Down, m.PageUp, m.PageDown, m.Left, m.Right},
	}
	for screen, bs := range screens {
		seen := map[string]string{}
		for _, b := range bs {
			for _, k := range b.Keys() {
				if g, ok := global[k]; ok {
					t.Errorf("%s: key %q (%s) is also the global %s", screen, k, b.Help().Desc, g)
				}
				if other, ok := seen[k]; ok && other != b.Help().Desc {
					t.Errorf("%s: key %q does both %s and %s", screen, k, other, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
}
