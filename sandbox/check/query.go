package check

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/util/jsonpath"

	"kubelab/lessons"
)

// objects is what a query matched.
type objects struct {
	res   apiResource
	items []unstructured.Unstructured
}

// lister reads objects for one evaluation of a step's checks. Checks that ask
// the same question share one API call.
type lister struct {
	e         *Engine
	namespace string // the lesson's, for queries that name none

	mu    sync.Mutex
	cache map[string]*listed
}

type listed struct {
	once sync.Once
	objs objects
	err  error
}

func (e *Engine) newLister(namespace string) *lister {
	return &lister{e: e, namespace: namespace, cache: map[string]*listed{}}
}

// list returns the objects q matches, sorted by namespace and name.
func (l *lister) list(ctx context.Context, q lessons.Query) (objects, error) {
	key := strings.Join([]string{q.Resource, q.Namespace, q.Name, q.Selector, q.FieldSelector, q.Condition}, "\x00")
	l.mu.Lock()
	entry, ok := l.cache[key]
	if !ok {
		entry = &listed{}
		l.cache[key] = entry
	}
	l.mu.Unlock()
	entry.once.Do(func() { entry.objs, entry.err = l.e.list(ctx, q, l.namespace) })
	return entry.objs, entry.err
}

func (e *Engine) list(ctx context.Context, q lessons.Query, defaultNS string) (objects, error) {
	res, err := e.resolve(ctx, q.Resource)
	if err != nil {
		return objects{}, err
	}
	opts := metav1.ListOptions{LabelSelector: q.Selector, FieldSelector: q.FieldSelector}
	if q.Name != "" {
		opts.FieldSelector = joinSelectors("metadata.name="+q.Name, q.FieldSelector)
	}
	client := e.dyn.Resource(res.GVR)
	var list *unstructured.UnstructuredList
	err = e.retry(ctx, func() error {
		var err error
		if res.Namespaced {
			list, err = client.Namespace(queryNamespace(q, defaultNS)).List(ctx, opts)
		} else {
			list, err = client.List(ctx, opts)
		}
		return err
	})
	if err != nil {
		return objects{}, fmt.Errorf("list %s: %w", describeQuery(q), err)
	}
	out := objects{res: res}
	for _, item := range list.Items {
		if q.Condition == "" || conditionStatus(item, q.Condition).status == "True" {
			out.items = append(out.items, item)
		}
	}
	sort.SliceStable(out.items, func(i, j int) bool {
		a, b := out.items[i], out.items[j]
		if a.GetNamespace() != b.GetNamespace() {
			return a.GetNamespace() < b.GetNamespace()
		}
		return a.GetName() < b.GetName()
	})
	return out, nil
}

func queryNamespace(q lessons.Query, defaultNS string) string {
	if q.Namespace != "" {
		return q.Namespace
	}
	return defaultNS
}

func joinSelectors(a, b string) string {
	if b == "" {
		return a
	}
	return a + "," + b
}

// describeQuery writes a query the way kubectl would be asked for it:
// "deployments/web", "pods -l app=web (Ready)", "nodes". It is the same in
// every language.
func describeQuery(q lessons.Query) string {
	var b strings.Builder
	b.WriteString(q.Resource)
	if q.Name != "" {
		b.WriteString("/" + q.Name)
	}
	if q.Selector != "" {
		b.WriteString(" -l " + q.Selector)
	}
	if q.FieldSelector != "" {
		b.WriteString(" --field-selector " + q.FieldSelector)
	}
	if q.Namespace != "" {
		b.WriteString(" -n " + q.Namespace)
	}
	if q.Condition != "" {
		b.WriteString(" (" + q.Condition + ")")
	}
	return b.String()
}

// describeObject names one object as kubectl does: "pods/web-1".
func describeObject(q lessons.Query, o unstructured.Unstructured) string {
	res := q.Resource
	if i := strings.IndexByte(res, '.'); i > 0 {
		res = res[:i]
	}
	return res + "/" + o.GetName()
}

// describeList names the objects found: up to three, then how many more.
func describeList(q lessons.Query, items []unstructured.Unstructured) Msg {
	names := make([]string, 0, 3)
	for i, o := range items {
		if i == 3 {
			break
		}
		names = append(names, describeObject(q, o))
	}
	text := strings.Join(names, ", ")
	if len(items) > 3 {
		return msg("saw.more", text, len(items)-3, len(items))
	}
	return msg("text", text)
}

type condition struct {
	found                  bool
	status, reason, detail string
}

// conditionStatus reads status.conditions[type=t].
func conditionStatus(o unstructured.Unstructured, t string) condition {
	conds, _, _ := unstructured.NestedSlice(o.Object, "status", "conditions")
	for _, c := range conds {
		m, ok := c.(map[string]any)
		if !ok || m["type"] != t {
			continue
		}
		s, _ := m["status"].(string)
		r, _ := m["reason"].(string)
		d, _ := m["message"].(string)
		return condition{found: true, status: s, reason: r, detail: d}
	}
	return condition{}
}

// pathValues evaluates a JSONPath on one object the way `kubectl get -o
// jsonpath` prints it: strings as they are, numbers and booleans in JSON,
// maps and lists as JSON. It returns every value the path reaches; none when
// the path leads nowhere.
func pathValues(path string, obj map[string]any) ([]string, error) {
	j := jsonpath.New("check").AllowMissingKeys(true)
	if err := j.Parse(path); err != nil {
		return nil, fmt.Errorf("JSONPath %s: %w", path, err)
	}
	results, err := j.FindResults(obj)
	if err != nil {
		return nil, fmt.Errorf("JSONPath %s: %w", path, err)
	}
	var out []string
	for _, r := range results {
		for _, v := range r {
			if s, ok := formatValue(v); ok {
				out = append(out, s)
			}
		}
	}
	return out, nil
}

func formatValue(v reflect.Value) (string, bool) {
	for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", false
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", false
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Map, reflect.Slice, reflect.Array, reflect.Struct:
		b, err := json.Marshal(v.Interface())
		if err != nil {
			return fmt.Sprint(v.Interface()), true
		}
		return string(b), true
	default:
		return fmt.Sprint(v.Interface()), true
	}
}

// showPath is a JSONPath as the learner reads it: {.status.readyReplicas}
// becomes .status.readyReplicas.
func showPath(p string) string {
	p = strings.TrimSpace(p)
	if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") && strings.Count(p, "{") == 1 {
		return p[1 : len(p)-1]
	}
	return p
}
