package lessons

import (
	"embed"
	"io/fs"
	"sync"
)

// builtin is the lesson pack shipped inside the binary: this folder's course
// files, glossary and lesson folders with their starter files (README.md comes
// along; it is small).
//
//go:embed course.yaml course.*.yaml *.md [0-9][0-9]-*
var builtin embed.FS

var (
	builtinOnce    sync.Once
	builtinCatalog *Catalog
	builtinErr     error
)

// BuiltinFS is the built-in pack as a file system, for `kubelab lint` and
// for tests that damage a copy of it.
func BuiltinFS() fs.FS { return builtin }

// Builtin loads the built-in pack once. Its problems are a bug in kubelab,
// caught by the tests, which load it with every check; here only the checks
// that shape the catalog run. The error lists the problems.
func Builtin() (*Catalog, error) {
	builtinOnce.Do(func() {
		c, ps := load(builtin, true)
		c.Builtin = true
		builtinCatalog = c
		if len(ps) > 0 {
			builtinErr = ps
		}
	})
	return builtinCatalog, builtinErr
}
