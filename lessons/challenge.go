package lessons

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ReadOnlyVerbs are the kubectl verbs a challenge may list as commands:
// they look and change nothing ("auth can-i" is the auth verb's one
// read-only use).
var ReadOnlyVerbs = []string{"get", "describe", "logs", "events", "explain", "top", "auth can-i"}

// shellMeta are the shell's ways of running more than one command or
// writing a file: a challenge's command line may use none of them.
var shellMeta = []string{"|", ">", "<", ";", "&", "`", "$(", "\n", "\r"}

// kubectlValueFlags are kubectl's global flags whose value is the next word,
// so that the verb is found after them ("kubectl -n web get pods").
var kubectlValueFlags = map[string]bool{
	"-n": true, "--namespace": true, "--context": true, "--kubeconfig": true, "--cluster": true,
	"--user": true, "-s": true, "--server": true, "--as": true, "--as-group": true, "--request-timeout": true,
	"-v": true, "--v": true,
}

// ReadOnlyCommand returns an error saying why command could change
// something, or nil when it is a single kubectl command with a read-only
// verb (ReadOnlyVerbs). A challenge may list only such commands: it states
// the goal, and the learner writes the commands that change the cluster.
func ReadOnlyCommand(command string) error {
	for _, m := range shellMeta {
		if strings.Contains(command, m) {
			return fmt.Errorf("%q uses the shell (%q): a challenge lists single look-up commands only", command, strings.TrimSpace(m))
		}
	}
	words := strings.Fields(command)
	if len(words) == 0 {
		return fmt.Errorf("an empty command")
	}
	if words[0] != "kubectl" {
		return fmt.Errorf("%q is not a kubectl command: a challenge lists look-up commands only (kubectl %s)", command, strings.Join(ReadOnlyVerbs, ", "))
	}
	var args []string
	for i := 1; i < len(words); i++ {
		w := words[i]
		if strings.HasPrefix(w, "-") {
			if kubectlValueFlags[w] {
				i++
			}
			continue
		}
		args = append(args, w)
	}
	verb := ""
	if len(args) > 0 {
		verb = args[0]
	}
	if verb == "auth" && len(args) > 1 {
		verb = "auth " + args[1]
	}
	if !contains(ReadOnlyVerbs, verb) {
		return fmt.Errorf("%q: kubectl %s can change the cluster; a challenge lists look-up commands only (kubectl %s)", command, verb, strings.Join(ReadOnlyVerbs, ", "))
	}
	return nil
}

// validateExercise checks what a step's mode, setup, starter files and
// wrong attempts say. at gives the line of a key under the step.
func validateExercise(s *Step, at func(...any) int, vars Vars, c *Catalog, file string, ps *problems) {
	switch s.Mode {
	case "":
		s.Mode = ModeGuided
	case ModeGuided, ModeChallenge:
	default:
		ps.add(file, at("mode"), "step %s: mode %q; want guided (the default: the step lists its commands) or challenge (the step states a goal)", s.ID, s.Mode)
	}
	for j, cmd := range s.Setup {
		checkTemplate(cmd, vars, c, file, at("setup", j), ps)
		if strings.TrimSpace(cmd) == "" {
			ps.add(file, at("setup", j), "step %s: an empty setup command", s.ID)
		}
	}
	if s.IsChallenge() {
		for j, cmd := range s.Commands {
			if !ps.full() {
				break
			}
			exp, err := c.Expand(cmd, vars)
			if err != nil {
				continue // reported with the commands
			}
			if err := ReadOnlyCommand(exp); err != nil {
				ps.add(file, at("commands", j), "challenge %s: %v", s.ID, err)
			}
		}
		if len(s.Wrong) == 0 {
			ps.add(file, s.Line, "challenge %s: no wrong attempts: add at least one under wrong: (commands a learner might try, and the checks that must then fail)", s.ID)
		}
	}
	validateExamFields(s, at, file, ps)
	checks := map[string]*Check{}
	for _, ch := range s.Checks {
		checks[ch.ID] = ch
	}
	for k, w := range s.Wrong {
		wAt := func(keys ...any) int { return at(append([]any{"wrong", k}, keys...)...) }
		if w == nil {
			ps.add(file, at("wrong", k), "step %s: an empty wrong attempt", s.ID)
			continue
		}
		w.Line = wAt()
		if len(w.Commands) == 0 {
			ps.add(file, w.Line, "step %s: a wrong attempt without commands: list what the learner runs (kubectl apply -f FILE for a file)", s.ID)
		}
		for j, cmd := range w.Commands {
			checkTemplate(cmd, vars, c, file, wAt("commands", j), ps)
		}
		for name, content := range w.Files {
			if !cleanRelative(name) || strings.Contains(name, "/") {
				ps.add(file, wAt("files", name), "step %s: wrong attempt file %q: name a file, such as deploy.yaml, without folders", s.ID, name)
			}
			checkTemplate(content, vars, c, file, wAt("files", name), ps)
		}
		if len(w.Fail) == 0 {
			ps.add(file, w.Line, "step %s: a wrong attempt names no checks under fail: which checks must it leave failing?", s.ID)
		}
		for j, id := range w.Fail {
			ch, ok := checks[id]
			switch {
			case !ok:
				ps.add(file, wAt("fail", j), "step %s: wrong attempt: no check %q in this step", s.ID, id)
			case ch.Kind == KindQuiz:
				ps.add(file, wAt("fail", j), "step %s: wrong attempt: %s is a quiz; name checks that read the cluster", s.ID, id)
			}
		}
	}
}

// validateExamFields checks what a step says about exams: a weight within
// bounds on a step an exam may draw, and no quiz in a step marked exam:
// true (an exam scores what the learner did to the cluster; it asks no
// questions). A challenge with a quiz is simply not drawn.
func validateExamFields(s *Step, at func(...any) int, file string, ps *problems) {
	if s.Weight != 0 {
		switch {
		case !s.Drawable():
			ps.add(file, at("weight"), "step %s: weight %d on a step no exam draws: mark it exam: true or make it a challenge, or drop the weight", s.ID, s.Weight)
		case s.Weight < 1 || s.Weight > MaxWeight:
			ps.add(file, at("weight"), "step %s: weight %d; want a whole number from 1 to %d (default %d)", s.ID, s.Weight, MaxWeight, DefaultWeight)
		}
	}
	if !s.Exam {
		return
	}
	for _, ch := range s.Checks {
		if ch.Kind == KindQuiz {
			ps.add(file, at("exam"), "step %s: exam: true, but check %s is a quiz: an exam task is scored on the cluster only; drop exam: true or move the quiz to its own step", s.ID, ch.ID)
			return
		}
	}
}

// cleanRelative reports whether name is a clean relative path that stays
// inside its folder.
func cleanRelative(name string) bool {
	return name != "" && fs.ValidPath(name) && name != "." && path.Clean(name) == name && !strings.Contains(name, "\\")
}

// loadStarterFiles reads each step's files from the lesson folder, bounded,
// and reports any that is missing, outside the folder, not a regular file
// or too big.
func loadStarterFiles(fsys fs.FS, l *Lesson, root *yaml.Node, ps *problems) {
	file := path.Join(l.Dir, LessonFile)
	pos := positions(root)
	for _, s := range l.Steps {
		seen := map[string]bool{}
		for j, name := range s.Files {
			line := pos.line("steps", s.idx, "files", j)
			switch {
			case !cleanRelative(name):
				ps.add(file, line, "step %s: file %q: give a path inside the lesson folder, such as deploy.yaml", s.ID, name)
				continue
			case name == LessonFile || name == "en.md" || name == "zh.md":
				ps.add(file, line, "step %s: file %q is the lesson's own; starter files are others beside it", s.ID, name)
				continue
			case seen[name]:
				ps.add(file, line, "step %s: file %q listed twice", s.ID, name)
				continue
			}
			seen[name] = true
			full := path.Join(l.Dir, name)
			info, err := fs.Lstat(fsys, full) // a link could lead out of the pack
			switch {
			case err != nil:
				ps.add(file, line, "step %s: file %q: missing: put it beside lesson.yaml", s.ID, name)
				continue
			case !info.Mode().IsRegular():
				ps.add(file, line, "step %s: file %q is not a regular file", s.ID, name)
				continue
			case info.Size() > MaxStarterFile:
				ps.add(file, line, "step %s: file %q is %d bytes; a starter file is at most %d", s.ID, name, info.Size(), MaxStarterFile)
				continue
			}
			data, err := fs.ReadFile(fsys, full)
			if err != nil {
				ps.add(file, line, "step %s: file %q: %v", s.ID, name, err)
				continue
			}
			if len(data) > MaxStarterFile {
				ps.add(file, line, "step %s: file %q is over %d bytes", s.ID, name, MaxStarterFile)
				continue
			}
			if !checkText(full, data, ps) {
				continue
			}
			s.Starter = append(s.Starter, StarterFile{Name: name, Data: data})
		}
	}
}
