package check

import (
	"slices"
	"testing"
)

func TestNumbersCompareAsNumbersAndQuantitiesCount(t *testing.T) {
	for _, c := range []struct {
		got, op, want string
		ok, isNum     bool
	}{
		{"3", ">=", "3", true, true},
		{"2", ">=", "3", false, true},
		{"10", ">", "9", true, true}, // not as text
		{"3.0", "==", "3", true, true},
		{"500m", "<", "1", true, true},
		{"1Gi", ">", "1000Mi", true, true},
		{"4", "!=", "4", false, true},
		{"", ">=", "1", false, false},
		{"abc", "==", "1", false, false},
		{"1", "=~", "1", false, false},
	} {
		ok, isNum := compare(c.got, c.op, c.want)
		if ok != c.ok || isNum != c.isNum {
			t.Errorf("compare(%q %s %q) = %v, %v; want %v, %v", c.got, c.op, c.want, ok, isNum, c.ok, c.isNum)
		}
	}
}

func TestJSONPathValuesPrintAsKubectlPrintsThem(t *testing.T) {
	obj := map[string]any{
		"metadata": map[string]any{"name": "web", "labels": map[string]any{"app": "web"}},
		"spec":     map[string]any{"replicas": int64(3), "paused": false},
		"status": map[string]any{"podIPs": []any{
			map[string]any{"ip": "10.244.1.2"}, map[string]any{"ip": "10.244.2.3"},
		}},
	}
	for _, c := range []struct {
		path string
		want []string
	}{
		{"{.spec.replicas}", []string{"3"}},
		{"{.spec.paused}", []string{"false"}},
		{"{.metadata.labels}", []string{`{"app":"web"}`}},
		{"{.status.podIPs[*].ip}", []string{"10.244.1.2", "10.244.2.3"}},
		{"{.status.readyReplicas}", nil},
		{"{.nothing.at.all}", nil},
	} {
		got, err := pathValues(c.path, obj)
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.path, got, c.want)
		}
	}
	if _, err := pathValues("{.spec[", obj); err == nil {
		t.Error("a malformed JSONPath should be an error")
	}
}

func TestPathsAreShownWithoutTheirBraces(t *testing.T) {
	if got := showPath("{.status.readyReplicas}"); got != ".status.readyReplicas" {
		t.Errorf("got %q", got)
	}
	if got := showPath("{.a}{.b}"); got != "{.a}{.b}" {
		t.Errorf("a path of several templates should stay whole, got %q", got)
	}
}
