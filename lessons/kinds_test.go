package lessons

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unsafe"
)

// checkYAMLFields maps every YAML key a check may carry to the memory its
// value occupies in c (the field itself and, for a pointer, what it points
// to), so a test can tell which key a pointer into c belongs to.
func checkYAMLFields(c *Check) map[string][][2]uintptr {
	out := map[string][][2]uintptr{}
	span := func(v reflect.Value) [2]uintptr {
		return [2]uintptr{v.UnsafeAddr(), v.UnsafeAddr() + v.Type().Size()}
	}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("yaml")
			if tag == "" || tag == "-" {
				continue
			}
			if tag == ",inline" {
				walk(v.Field(i))
				continue
			}
			key := strings.Split(tag, ",")[0]
			fv := v.Field(i)
			out[key] = append(out[key], span(fv))
			if fv.Kind() == reflect.Pointer && !fv.IsNil() {
				el := fv.Elem()
				out[key] = append(out[key], span(el))
				if el.Kind() == reflect.Struct {
					for j := range el.NumField() {
						if p := el.Field(j); p.Kind() == reflect.Pointer && !p.IsNil() {
							out[key] = append(out[key], span(p.Elem()))
						}
					}
				}
			}
		}
	}
	walk(reflect.ValueOf(c).Elem())
	return out
}

func TestEveryCheckKindDeclaresItsFieldsAndWhichAreTemplates(t *testing.T) {
	if len(checkKinds) == 0 || len(CheckKinds) != len(checkKinds) {
		t.Fatalf("%d kinds in the table, %d listed", len(checkKinds), len(CheckKinds))
	}
	eq := ""
	full := (&Check{
		Equals: &eq,
		Answer: &Answer{Count: &Query{}, Field: &FieldAnswer{}},
	}).copy()
	keys := checkYAMLFields(full)
	seen := map[CheckKind]bool{}
	for _, k := range checkKinds {
		name := string(k.kind)
		switch {
		case name == "" || !idRE.MatchString(name):
			t.Errorf("a check kind is named %q", name)
		case seen[k.kind]:
			t.Errorf("kind %s is in the table twice", name)
		}
		seen[k.kind] = true
		if len(k.allowed) == 0 || len(k.required) == 0 {
			t.Errorf("kind %s: no allowed or no required fields", name)
		}
		allowed := map[string]bool{}
		for _, f := range k.allowed {
			if _, ok := keys[f]; !ok || f == "id" || f == "kind" {
				t.Errorf("kind %s allows %q, which is not a field a check can set", name, f)
			}
			allowed[f] = true
		}
		for _, f := range k.required {
			if !allowed[f] {
				t.Errorf("kind %s requires %q but does not allow it", name, f)
			}
		}
		if k.templated == nil {
			t.Errorf("kind %s does not say which fields are templates", name)
			continue
		}
		for _, p := range k.templated(full) {
			addr := uintptr(unsafe.Pointer(p))
			owner := ""
			for key, spans := range keys {
				for _, s := range spans {
					if addr >= s[0] && addr < s[1] {
						owner = key
					}
				}
			}
			switch {
			case owner == "":
				t.Errorf("kind %s templates a string that is not one of the check's fields", name)
			case !allowed[owner]:
				t.Errorf("kind %s templates %q, a field it does not allow", name, owner)
			}
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
		if _, ok := kindOf(CheckKind(name)); !ok {
			t.Errorf("%s is not in checkKinds", f)
		}
	}
}

// A template in a field is expanded, so the check the engine sees has the
// lab's values in it.
func TestEveryTemplatedFieldIsExpanded(t *testing.T) {
	c := &Catalog{}
	for _, k := range checkKinds {
		tmpl := "{{.Namespace}}"
		ch := (&Check{ID: "x", Kind: k.kind, Equals: &tmpl, Answer: &Answer{Count: &Query{}, Field: &FieldAnswer{}}}).copy()
		for _, p := range k.templated(ch) {
			*p = tmpl
		}
		exp, err := c.ExpandCheck(ch, LabVars("ns1"))
		if err != nil {
			t.Fatalf("kind %s: %v", k.kind, err)
		}
		for _, p := range k.templated(exp) {
			if *p != "ns1" {
				t.Errorf("kind %s: a templated field reads %q after expansion", k.kind, *p)
			}
		}
		for _, p := range k.templated(ch) {
			if *p != tmpl {
				t.Errorf("kind %s: expanding changed the original check", k.kind)
			}
		}
	}
}

// README.md's table of kinds has one row per kind, and each row names every
// field the kind takes (the query fields as "query").
func TestEveryCheckKindHasARowInTheAuthoringDocs(t *testing.T) {
	doc, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	rowRE := regexp.MustCompile("(?m)^\\| `([a-z]+)` \\| (.*) \\| (.*) \\|$")
	rows := map[string]string{}
	for _, m := range rowRE.FindAllStringSubmatch(string(doc), -1) {
		rows[m[1]] = m[2]
	}
	isQuery := map[string]bool{}
	for _, f := range queryFields {
		isQuery[f] = true
	}
	for _, k := range checkKinds {
		cell, ok := rows[string(k.kind)]
		if !ok {
			t.Errorf("README.md has no row for check kind %s", k.kind)
			continue
		}
		delete(rows, string(k.kind))
		for _, f := range k.allowed {
			if !strings.Contains(cell, "`"+f+"`") && !(isQuery[f] && strings.Contains(cell, "query")) {
				t.Errorf("README.md's row for %s does not name its field %s", k.kind, f)
			}
		}
	}
	for k := range rows {
		t.Errorf("README.md has a row for %s, which is no check kind", k)
	}
}
