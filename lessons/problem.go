package lessons

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Problem is one thing wrong in a lesson pack, located by file and line.
type Problem struct {
	File string // relative to the pack's root, slash-separated
	Line int    // 1-based; 0 when the problem is about the whole file
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Problems is every problem found in a pack. As an error it lists them all,
// one per line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders problems by file, then line.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// WithRoot prefixes every file name with root, so a problem names the file as
// the learner typed the folder (`kubelab lint ./mypack` prints
// mypack/01-intro/lesson.yaml:3: ...).
func (ps Problems) WithRoot(root string) Problems {
	if root == "" || root == "." {
		return ps
	}
	out := make(Problems, len(ps))
	for i, p := range ps {
		p.File = path.Join(root, p.File)
		out[i] = p
	}
	return out
}

// problems collects problems for one file at a time.
type problems struct {
	list Problems
	// proven: the pack is the built-in one, which kubelab's tests load with
	// every check (TestTheBuiltinPackIsProvenWhole). Checks that only look
	// for problems and change nothing are skipped then (see full), which
	// halves the lab's time to its first frame; those that also shape the
	// catalog (defaults, lines) always run.
	proven bool
}

// full reports whether checks that only look for problems run.
func (c *problems) full() bool { return !c.proven }

func (c *problems) add(file string, line int, format string, args ...any) {
	c.list = append(c.list, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}
