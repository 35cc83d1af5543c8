package workspace

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"

	message "kubelab/internal/msg"
)

// MaxManifest bounds the manifest Validate reads.
const MaxManifest = 1 << 20

// FieldManager names the lab's dry runs to the API server.
const FieldManager = "kubelab-validate"

// Problem is one problem of a manifest: where (the file's base name and a
// line, 0 when none could be found) and what, in any language.
type Problem struct {
	File string
	Line int
	Msg  message.Msg
}

// Text is the problem as "deploy.yaml:14: spec...: Required value" in lang.
func (p Problem) Text(lang string) string {
	if p.Line > 0 {
		return p.File + ":" + strconv.Itoa(p.Line) + ": " + p.Msg.Text(lang)
	}
	return p.File + ": " + p.Msg.Text(lang)
}

var _ = message.Register("sandbox/workspace", message.Catalog{
	"workspace.yaml":     {"en": "not valid YAML: %[1]s", "zh": "不是有效的 YAML：%[1]s"},
	"workspace.noKind":   {"en": "a document without apiVersion and kind", "zh": "文档缺少 apiVersion 和 kind"},
	"workspace.noName":   {"en": "%[1]s without metadata.name", "zh": "%[1]s 缺少 metadata.name"},
	"workspace.notMap":   {"en": "a document that is not a mapping of fields", "zh": "文档不是字段映射"},
	"workspace.unknown":  {"en": "the cluster serves no kind %[1]s in %[2]s", "zh": "集群不提供 %[2]s 中的类型 %[1]s"},
	"workspace.server":   {"en": "%[1]s", "zh": "%[1]s"},
	"workspace.field":    {"en": "%[1]s: %[2]s", "zh": "%[1]s：%[2]s"},
	"workspace.tooBig":   {"en": "larger than %[1]d bytes", "zh": "超过 %[1]d 字节"},
	"workspace.readFail": {"en": "cannot read: %[1]s", "zh": "无法读取：%[1]s"},
})

// Validator checks manifests against one cluster with server-side dry runs.
type Validator struct {
	dyn       dynamic.Interface
	mapper    *restmapper.DeferredDiscoveryRESTMapper
	namespace string
}

// NewValidator returns a Validator for the cluster in cfg; objects without a
// namespace are checked in namespace (the lesson's).
func NewValidator(cfg *rest.Config, namespace string) (*Validator, error) {
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("validate manifests: %w", err)
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("validate manifests: %w", err)
	}
	return &Validator{dyn: dyn, mapper: restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc)), namespace: namespace}, nil
}

// ValidateFile reads the manifest at path (bounded) and validates it; see
// Validate.
func (v *Validator) ValidateFile(ctx context.Context, path string) ([]Problem, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return []Problem{{File: name, Msg: message.New("workspace.readFail", err.Error())}}, nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxManifest+1))
	if err != nil {
		return []Problem{{File: name, Msg: message.New("workspace.readFail", err.Error())}}, nil
	}
	if len(data) > MaxManifest {
		return []Problem{{File: name, Msg: message.New("workspace.tooBig", MaxManifest)}}, nil
	}
	return v.Validate(ctx, name, data)
}

// Validate checks every YAML document of a manifest: first that it parses
// (a syntax error names its line and stops there), then that the cluster
// would accept it, with a dry run (DryRun: All) that creates, or updates
// with a server-side apply when the object exists, and stores nothing. A
// field the server refuses is reported at the line of that field, or of the
// nearest one above it that the document has. The error is for a cluster
// that could not be asked, not for a problem of the manifest.
func (v *Validator) Validate(ctx context.Context, file string, data []byte) ([]Problem, error) {
	docs, problems := parseDocs(file, data)
	if len(problems) > 0 {
		return problems, nil
	}
	for _, d := range docs {
		ps, err := v.dryRun(ctx, file, d)
		if err != nil {
			return problems, err
		}
		problems = append(problems, ps...)
	}
	return problems, nil
}

// doc is one YAML document: its node tree (for lines) and its object.
type doc struct {
	node *yaml.Node
	obj  *unstructured.Unstructured
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line ([0-9]+): (.*)$`)

func parseDocs(file string, data []byte) ([]doc, []Problem) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []doc
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			p := Problem{File: file, Msg: message.New("workspace.yaml", strings.TrimPrefix(err.Error(), "yaml: "))}
			if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
				p.Line, _ = strconv.Atoi(m[1])
				p.Msg = message.New("workspace.yaml", m[2])
			}
			return nil, []Problem{p}
		}
		if len(n.Content) == 0 || (n.Content[0].Kind == yaml.ScalarNode && n.Content[0].Tag == "!!null") {
			continue // an empty document between two ---
		}
		root := n.Content[0]
		var m map[string]any
		if root.Kind != yaml.MappingNode || root.Decode(&m) != nil {
			return nil, []Problem{{File: file, Line: root.Line, Msg: message.New("workspace.notMap")}}
		}
		docs = append(docs, doc{node: root, obj: &unstructured.Unstructured{Object: jsonable(m).(map[string]any)}})
	}
}

// jsonable turns what yaml decodes into what the JSON-based client wants:
// maps with string keys all the way down.
func jsonable(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = jsonable(x)
		}
		return t
	case map[any]any:
		out := map[string]any{}
		for k, x := range t {
			out[fmt.Sprint(k)] = jsonable(x)
		}
		return out
	case []any:
		for i, x := range t {
			t[i] = jsonable(x)
		}
		return t
	case int:
		return int64(t)
	}
	return v
}

func (v *Validator) dryRun(ctx context.Context, file string, d doc) ([]Problem, error) {
	at := func(path ...string) int { return lineOf(d.node, path) }
	gvk := d.obj.GroupVersionKind()
	if gvk.Kind == "" || d.obj.GetAPIVersion() == "" {
		return []Problem{{File: file, Line: d.node.Line, Msg: message.New("workspace.noKind")}}, nil
	}
	if d.obj.GetName() == "" && d.obj.GetGenerateName() == "" {
		return []Problem{{File: file, Line: at("metadata"), Msg: message.New("workspace.noName", gvk.Kind)}}, nil
	}
	m, err := v.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if meta.IsNoMatchError(err) {
		v.mapper.Reset()
		m, err = v.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if meta.IsNoMatchError(err) {
		return []Problem{{File: file, Line: at("kind"), Msg: message.New("workspace.unknown", gvk.Kind, d.obj.GetAPIVersion())}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("validate %s: %w", file, err)
	}
	var ri dynamic.ResourceInterface = v.dyn.Resource(m.Resource)
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		ns := d.obj.GetNamespace()
		if ns == "" {
			ns = v.namespace
			d.obj.SetNamespace(ns)
		}
		ri = v.dyn.Resource(m.Resource).Namespace(ns)
	}
	_, err = ri.Create(ctx, d.obj, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}, FieldValidation: "Strict", FieldManager: FieldManager})
	if apierrors.IsAlreadyExists(err) {
		body, merr := d.obj.MarshalJSON()
		if merr != nil {
			return nil, merr
		}
		force := true
		_, err = ri.Patch(ctx, d.obj.GetName(), types.ApplyPatchType, body, metav1.PatchOptions{DryRun: []string{metav1.DryRunAll}, FieldValidation: "Strict", FieldManager: FieldManager, Force: &force})
	}
	if err == nil {
		return nil, nil
	}
	var status apierrors.APIStatus
	if !errors.As(err, &status) || apierrors.IsUnauthorized(err) || apierrors.IsServiceUnavailable(err) || apierrors.IsTimeout(err) || apierrors.IsServerTimeout(err) {
		return nil, fmt.Errorf("validate %s: %w", file, err)
	}
	return serverProblems(file, d.node, status.Status()), nil
}

// unknownFieldRE finds the fields a strict decode refused: `unknown field "spec.replica"`.
var unknownFieldRE = regexp.MustCompile(`unknown field "([^"]+)"`)

// serverProblems turns a refusal into problems, one per field the server
// named, each at its line where the document has one.
func serverProblems(file string, node *yaml.Node, st metav1.Status) []Problem {
	var out []Problem
	if st.Details != nil {
		for _, c := range st.Details.Causes {
			if c.Field == "" {
				continue
			}
			out = append(out, Problem{File: file, Line: lineOf(node, splitField(c.Field)), Msg: message.New("workspace.field", c.Field, c.Message)})
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, m := range unknownFieldRE.FindAllStringSubmatch(st.Message, -1) {
		out = append(out, Problem{File: file, Line: lineOf(node, splitField(m[1])), Msg: message.New("workspace.field", m[1], "unknown field")})
	}
	if len(out) > 0 {
		return out
	}
	return []Problem{{File: file, Line: node.Line, Msg: message.New("workspace.server", st.Message)}}
}

// splitField splits a field path as the API server writes it
// ("spec.template.spec.containers[0].image", "metadata.labels[app]") into
// keys and indexes.
func splitField(f string) []string {
	var out []string
	for _, part := range strings.Split(strings.TrimPrefix(f, "."), ".") {
		for part != "" {
			i := strings.IndexByte(part, '[')
			if i < 0 {
				out = append(out, part)
				break
			}
			if i > 0 {
				out = append(out, part[:i])
			}
			j := strings.IndexByte(part[i:], ']')
			if j < 0 {
				out = append(out, part[i+1:])
				break
			}
			out = append(out, part[i+1:i+j])
			part = part[i+j+1:]
		}
	}
	return out
}

// lineOf is the line of the deepest node along path that the document has:
// a mapping key's own line, or a list item's.
func lineOf(n *yaml.Node, path []string) int {
	line := n.Line
	for _, step := range path {
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == step {
					line = n.Content[i].Line
					next = n.Content[i+1]
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(step); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
				line = next.Line
			}
		}
		if next == nil {
			return line
		}
		n = next
	}
	return line
}
