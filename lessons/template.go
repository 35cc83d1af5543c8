package lessons

import (
	"errors"
	"fmt"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode/utf8"

	"kubelab/internal/topology"
)

// Vars are the values a command, solution or check may use as a template:
// {{.Namespace}}, {{.Cluster}}, {{.Nodes.ControlPlane}}, {{.Nodes.Worker}},
// {{.Nodes.Worker2}}, {{.PodSubnet}}, {{.ServiceSubnet}},
// {{.KubernetesVersion}}, and {{image "name"}} for a pinned image.
type Vars struct {
	Namespace         string
	Cluster           string
	Nodes             Nodes
	PodSubnet         string
	ServiceSubnet     string
	KubernetesVersion string
}

// Nodes are the lab cluster's node names.
type Nodes struct {
	ControlPlane string
	Worker       string
	Worker2      string
}

// LabVars are the template values for the lab cluster and a namespace. The
// cluster's names, networks and version come from internal/topology; the
// version is the release of the node image `kubelab up` creates by default,
// not one read from the running cluster (see that package for why, and the
// `serverVersion` quiz answer for what a cluster really runs).
func LabVars(namespace string) Vars {
	return Vars{
		Namespace: namespace,
		Cluster:   topology.ClusterName,
		Nodes: Nodes{
			ControlPlane: topology.ControlPlaneNode,
			Worker:       topology.WorkerNode(1),
			Worker2:      topology.WorkerNode(2),
		},
		PodSubnet:         topology.PodSubnet,
		ServiceSubnet:     topology.ServiceSubnet,
		KubernetesVersion: topology.KubernetesVersion,
	}
}

// Expand executes one template string with vars and the catalog's images.
// Only fields of Vars and the image function are allowed (see checkTree),
// and the output is capped at MaxExpansion bytes: a lesson pack is code from
// anyone, and expanding it must not loop or explode.
func (c *Catalog) Expand(text string, vars Vars) (string, error) {
	return expand(text, vars, c.Images)
}

// MaxExpansion is the most bytes one template may expand to. Lesson
// commands and check fields are a few lines; a heredoc of a manifest fits
// many times over.
const MaxExpansion = 64 << 10

// errTooLong is returned by cappedWriter once the cap is passed.
var errTooLong = fmt.Errorf("expands to more than %d KiB", MaxExpansion>>10)

func expand(text string, vars Vars, images map[string]Image) (string, error) {
	if !strings.Contains(text, "{{") {
		return text, nil
	}
	t, err := template.New("").Option("missingkey=error").Funcs(template.FuncMap{
		"image": func(name string) (string, error) {
			img, ok := images[name]
			if !ok {
				return "", fmt.Errorf("unknown image %q: add it to the images table in course.yaml", name)
			}
			return img.Ref, nil
		},
	}).Parse(text)
	if err != nil {
		return "", fmt.Errorf("template %q: %w", clip(text), err)
	}
	if err := checkTemplateTrees(t); err != nil {
		return "", fmt.Errorf("template %q: %w", clip(text), err)
	}
	w := &cappedWriter{max: MaxExpansion}
	if err := t.Execute(w, vars); err != nil {
		if errors.Is(err, errTooLong) {
			err = errTooLong
		}
		return "", fmt.Errorf("template %q: %w", clip(text), err)
	}
	return w.b.String(), nil
}

// checkTemplateTrees allows only what lessons need: text, fields such as
// {{.Nodes.Worker}}, and {{image "name"}}. Loops, conditions, variables,
// pipelines, nested templates and every other function are refused before
// anything runs, so no template can loop, recurse or call into Go.
func checkTemplateTrees(t *template.Template) error {
	for _, tt := range t.Templates() {
		if tt.Name() != t.Name() {
			return fmt.Errorf("defines a template %q: only {{.Field}} and {{image \"name\"}} are allowed", tt.Name())
		}
	}
	if t.Tree == nil || t.Tree.Root == nil {
		return nil
	}
	for _, n := range t.Tree.Root.Nodes {
		if err := checkNode(n); err != nil {
			return err
		}
	}
	return nil
}

func checkNode(n parse.Node) error {
	switch n := n.(type) {
	case *parse.TextNode, *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		p := n.Pipe
		if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 {
			return fmt.Errorf("%s: one value per action; only {{.Field}} and {{image \"name\"}} are allowed", clip(n.String()))
		}
		args := p.Cmds[0].Args
		switch {
		case len(args) == 1 && args[0].Type() == parse.NodeField:
			return nil
		case len(args) == 2 && isIdent(args[0], "image") && args[1].Type() == parse.NodeString:
			return nil
		}
		return fmt.Errorf("%s: only {{.Field}} and {{image \"name\"}} are allowed", clip(n.String()))
	}
	what := map[parse.NodeType]string{
		parse.NodeRange: "range", parse.NodeIf: "if", parse.NodeWith: "with",
		parse.NodeTemplate: "template", parse.NodeBreak: "break", parse.NodeContinue: "continue",
	}[n.Type()]
	if what == "" {
		what = "this action"
	}
	return fmt.Errorf("%s is not allowed; only {{.Field}} and {{image \"name\"}} are", what)
}

// clip shortens text quoted in a problem, so a huge template does not make
// a huge message.
func clip(text string) string {
	const max = 80
	if len(text) <= max {
		return text
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + "..."
}

func isIdent(n parse.Node, name string) bool {
	id, ok := n.(*parse.IdentifierNode)
	return ok && id.Ident == name
}

// cappedWriter keeps what a template writes, up to max bytes.
type cappedWriter struct {
	b   strings.Builder
	max int
}

func (w *cappedWriter) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > w.max {
		return 0, errTooLong
	}
	return w.b.Write(p)
}

// ExpandStep returns a copy of the step with every command, solution line and
// check field expanded. The lesson's namespace and the lab's names are in vars.
func (c *Catalog) ExpandStep(s *Step, vars Vars) (*Step, error) {
	out := *s
	var err error
	if out.Commands, err = c.expandAll(s.Commands, vars); err != nil {
		return nil, err
	}
	if out.Solution, err = c.expandAll(s.Solution, vars); err != nil {
		return nil, err
	}
	if out.Setup, err = c.expandAll(s.Setup, vars); err != nil {
		return nil, err
	}
	out.Wrong = make([]*Wrong, len(s.Wrong))
	for i, w := range s.Wrong {
		cp := *w
		if cp.Commands, err = c.expandAll(w.Commands, vars); err != nil {
			return nil, err
		}
		cp.Files = make(map[string]string, len(w.Files))
		for name, content := range w.Files {
			if cp.Files[name], err = c.Expand(content, vars); err != nil {
				return nil, err
			}
		}
		out.Wrong[i] = &cp
	}
	out.Checks = make([]*Check, len(s.Checks))
	for i, ch := range s.Checks {
		if out.Checks[i], err = c.ExpandCheck(ch, vars); err != nil {
			return nil, fmt.Errorf("check %s: %w", ch.ID, err)
		}
	}
	return &out, nil
}

// ExpandUndo is the lesson's undo commands with vars filled in.
func (c *Catalog) ExpandUndo(l *Lesson, vars Vars) ([]string, error) {
	return c.expandAll(l.Undo, vars)
}

func (c *Catalog) expandAll(in []string, vars Vars) ([]string, error) {
	out := make([]string, len(in))
	for i, s := range in {
		v, err := c.Expand(s, vars)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// ExpandCheck returns a copy of the check with the fields its kind declares
// as templates expanded (see templated in kind_<name>.go). A check of an
// unknown kind is copied unexpanded: validation reports the kind.
func (c *Catalog) ExpandCheck(ch *Check, vars Vars) (*Check, error) {
	out := ch.copy()
	spec, ok := kindOf(ch.Kind)
	if !ok {
		return out, nil
	}
	var firstErr error
	for _, f := range spec.templated(out) {
		v, err := c.Expand(*f, vars)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		*f = v
	}
	return out, firstErr
}

// copy is a copy of the check that shares no pointer with it, so that
// expanding the copy leaves the catalog's check alone.
func (ch *Check) copy() *Check {
	out := *ch
	if ch.Equals != nil {
		v := *ch.Equals
		out.Equals = &v
	}
	if ch.Answer != nil {
		a := *ch.Answer
		if a.Count != nil {
			q := *a.Count
			a.Count = &q
		}
		if a.Field != nil {
			f := *a.Field
			a.Field = &f
		}
		out.Answer = &a
	}
	return &out
}

func (q *Query) templateFields() []*string {
	return []*string{&q.Namespace, &q.Name, &q.Selector, &q.FieldSelector}
}
