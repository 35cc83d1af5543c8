// Package kubectlinit keeps kubectl's message catalogue from loading in a
// kubelab process that does not run kubectl.
//
// kubectl's commands translate their help texts with i18n.T as their
// packages initialise, and the first call loads and parses the catalogue for
// the learner's language: about 4 MB and 15-25 ms before main, in every
// process whose binary links kubectl, the TUI's too. Only a process that
// runs kubectl ever shows those texts. kubectl lets a program choose how its
// catalogue loads (i18n.SetLoadTranslationsFunc), in an init that runs
// before any i18n.T; this package does that, and loads the catalogue as
// kubectl does in a process that runs kubectl.
//
// The init must run before the first kubectl package that calls i18n.T.
// Go initialises the first package, in import path order, whose imports are
// all initialised; this one imports nothing but kubectl's i18n package and
// sorts before the lab's other packages, so it runs as soon as that package
// has. Installed reports whether it did, and a test of the binary checks it.
package kubectlinit

import (
	"os"
	"path/filepath"
	"strings"

	"k8s.io/kubectl/pkg/util/i18n"
)

var installed bool

func init() {
	installed = i18n.SetLoadTranslationsFunc(func() error {
		if !RunsKubectl(os.Args) {
			return nil
		}
		return i18n.LoadTranslations("kubectl", nil)
	}) == nil
}

// Installed reports whether the catalogue's loading was deferred to this
// package before any kubectl package asked for a translation.
func Installed() bool { return installed }

// RunsKubectl reports whether a process started with args may run kubectl:
// it was invoked as kubectl, or "kubectl" is one of its arguments (`kubelab
// kubectl ...`, `kubelab --lang en kubectl ...`). It errs on the side of
// kubectl, which then loads its catalogue as it always did.
func RunsKubectl(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if strings.TrimSuffix(filepath.Base(args[0]), ".exe") == "kubectl" {
		return true
	}
	for _, a := range args[1:] {
		if a == "kubectl" {
			return true
		}
	}
	return false
}
