package lessons

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"sort"
)

// A lesson pack is code: its commands, solutions and command checks run as
// shell command lines on the learner's machine and inside the lab's nodes.
// The built-in pack is trusted; another pack is run only once the learner
// has seen what it runs (PackCommands) and trusted its content (Hash).

// packHash is a SHA-256 over every file read, in name order, each framed by
// its name's and content's lengths so that no two packs hash alike by moving
// bytes between files.
func packHash(files map[string][]byte) string {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	var n [8]byte
	for _, name := range names {
		binary.BigEndian.PutUint64(n[:], uint64(len(name)))
		h.Write(n[:])
		h.Write([]byte(name))
		binary.BigEndian.PutUint64(n[:], uint64(len(files[name])))
		h.Write(n[:])
		h.Write(files[name])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Where a pack command runs.
const (
	OnHost = "host" // the learner's machine, with the lab's environment
	OnNode = "node" // inside one of the lab's nodes
)

// What a pack command is.
const (
	RunCommand  = "command"  // a step's command, run on a key press
	RunSolution = "solution" // a step's solution line
	RunCheck    = "check"    // a command check, run on its own while the step is open
)

// PackCommand is one command line a pack can run.
type PackCommand struct {
	Lesson, Step string
	// What is RunCommand, RunSolution or RunCheck; Check names the check.
	What  string
	Check string
	// Where is OnHost or OnNode; Node names the node for OnNode.
	Where string
	Node  string
	// Line is the command line with the lesson's namespace and the lab's
	// names filled in, as it would run on the lab's cluster (the template
	// as written when it cannot be expanded).
	Line string
}

// PackCommands lists every command line of the pack that runs on the
// learner's machine or in a node, lesson by lesson and step by step: the
// steps' commands, their solutions and their command checks.
func (c *Catalog) PackCommands() []PackCommand {
	var out []PackCommand
	for _, l := range c.Lessons {
		ns := l.Namespace
		if ns == "" {
			ns = l.ID
		}
		vars := LabVars(ns)
		expand := func(text string) string {
			if v, err := c.Expand(text, vars); err == nil {
				return v
			}
			return text
		}
		for _, s := range l.Steps {
			for _, line := range s.Commands {
				out = append(out, PackCommand{Lesson: l.ID, Step: s.ID, What: RunCommand, Where: OnHost, Line: expand(line)})
			}
			for _, line := range s.Solution {
				out = append(out, PackCommand{Lesson: l.ID, Step: s.ID, What: RunSolution, Where: OnHost, Line: expand(line)})
			}
			for _, ch := range s.Checks {
				if ch.Kind != KindCommand {
					continue
				}
				pc := PackCommand{Lesson: l.ID, Step: s.ID, What: RunCheck, Check: ch.ID, Where: OnHost, Line: expand(ch.Run)}
				if ch.On == OnNode {
					pc.Where, pc.Node = OnNode, expand(ch.Node)
				}
				out = append(out, pc)
			}
		}
	}
	return out
}

// RunsCommands reports whether checking the steps runs a command of the
// pack (a command check).
func RunsCommands(steps []*Step) bool {
	for _, s := range steps {
		for _, ch := range s.Checks {
			if ch.Kind == KindCommand {
				return true
			}
		}
	}
	return false
}
