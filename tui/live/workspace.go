package live

import (
	"context"
	"fmt"

	"kubelab/lessons"
	"kubelab/sandbox/workspace"
	"kubelab/tui/lab"
)

// workspacePart keeps the learner's workspace and validates its files
// against the lab's cluster.
type workspacePart struct{ p *Parts }

func (w workspacePart) Root() string { return w.p.o.Workspace }

func (w workspacePart) Dir(lessonID string) string { return workspace.Dir(w.p.o.Workspace, lessonID) }

func (w workspacePart) Copy(lessonID string, files []lessons.StarterFile) (lab.FilesResult, error) {
	r, err := workspace.Copy(w.Dir(lessonID), files)
	return lab.FilesResult(r), err
}

func (w workspacePart) Restore(lessonID string, files []lessons.StarterFile) (lab.FilesResult, error) {
	r, err := workspace.Restore(w.Dir(lessonID), files)
	return lab.FilesResult(r), err
}

func (w workspacePart) Validate(ctx context.Context, namespace, path string) ([]lab.Problem, error) {
	v, err := w.p.validator(ctx, namespace)
	if err != nil {
		return nil, err
	}
	ps, err := v.ValidateFile(ctx, path)
	if err != nil {
		return nil, err
	}
	out := make([]lab.Problem, len(ps))
	for i, p := range ps {
		out[i] = lab.Problem(p)
	}
	return out, nil
}

// validator returns the validator for a lesson's namespace on the current
// target, making the namespace first (a dry run in a missing namespace
// fails for that alone).
func (p *Parts) validator(ctx context.Context, ns string) (*workspace.Validator, error) {
	t, err := p.resolve()
	if err != nil {
		return nil, err
	}
	if err := p.ensureNamespace(ctx, t, ns); err != nil {
		return nil, fmt.Errorf("create namespace %s: %w", ns, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if v := p.validators[ns]; v != nil && p.target == t {
		return v, nil
	}
	v, err := workspace.NewValidator(t.RESTConfig(), ns)
	if err != nil {
		return nil, err
	}
	if p.target == t {
		p.validators[ns] = v
	}
	return v, nil
}
