package labtest

import (
	"context"
	"os"
	"path/filepath"
	"sync"

	"kubelab/lessons"
	"kubelab/sandbox/workspace"
	"kubelab/tui/lab"
)

// Workspace keeps real files under a root folder, as the lab does (the
// sandbox's Copy and Restore), and validates them with Check instead of a
// cluster.
type Workspace struct {
	Folder string
	// Check validates a file's content; nil finds every file valid.
	Check func(name string, data []byte) []lab.Problem

	mu        sync.Mutex
	validated []string
}

// Root implements lab.Workspace.
func (w *Workspace) Root() string { return w.Folder }

// Dir implements lab.Workspace.
func (w *Workspace) Dir(lessonID string) string { return workspace.Dir(w.Folder, lessonID) }

// Copy implements lab.Workspace.
func (w *Workspace) Copy(lessonID string, files []lessons.StarterFile) (lab.FilesResult, error) {
	r, err := workspace.Copy(w.Dir(lessonID), files)
	return lab.FilesResult(r), err
}

// Restore implements lab.Workspace.
func (w *Workspace) Restore(lessonID string, files []lessons.StarterFile) (lab.FilesResult, error) {
	r, err := workspace.Restore(w.Dir(lessonID), files)
	return lab.FilesResult(r), err
}

// Validate implements lab.Workspace.
func (w *Workspace) Validate(ctx context.Context, namespace, path string) ([]lab.Problem, error) {
	w.mu.Lock()
	w.validated = append(w.validated, path)
	w.mu.Unlock()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if w.Check == nil {
		return nil, nil
	}
	return w.Check(filepath.Base(path), data), nil
}

// Validated returns the paths validated so far.
func (w *Workspace) Validated() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.validated...)
}
