package lessons

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// maxImageRef bounds an image reference (a registry host, a path of at
// most 255 characters, a tag or a digest), and so what {{image}} adds.
const maxImageRef = 512

// Files of a pack, relative to its root.
const (
	CourseFile = "course.yaml"
	LessonFile = "lesson.yaml"
)

var (
	folderRE  = regexp.MustCompile(`^([0-9]+)-(.+)$`)
	idRE      = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
	yamlErrRE = regexp.MustCompile(`^(?:yaml: )?line ([0-9]+): (.*)$`)
	fieldRE   = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
)

// LoadDir loads and validates the pack in dir. Problems name files as
// dir/<file>. The error is a Problems when the pack has any.
func LoadDir(dir string) (*Catalog, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("open lesson pack: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("open lesson pack %s: not a folder", dir)
	}
	// Through a Root, a link leading out of the folder is an error, not
	// another file of the learner's machine.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open lesson pack: %w", err)
	}
	defer root.Close()
	c, ps := Load(root.FS())
	if len(ps) > 0 {
		return c, ps.WithRoot(dir)
	}
	return c, nil
}

// Load reads a pack from fsys and validates it. It returns the catalog, as
// complete as the problems allow, and every problem found, sorted.
func Load(fsys fs.FS) (*Catalog, Problems) { return load(fsys, false) }

// load is Load; proven skips the checks that only look for problems, for
// the built-in pack (see problems.proven).
func load(fsys fs.FS, proven bool) (*Catalog, Problems) {
	pack := newPackFS(fsys)
	fsys = pack
	ps := &problems{proven: proven}
	c := &Catalog{Images: map[string]Image{}, Titles: map[string]map[string]string{}}
	defer func() { c.Hash = packHash(pack.read) }()
	loadCourse(fsys, c, ps)
	loadGlossary(fsys, c, ps)

	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		ps.add(".", 0, "cannot list the pack: %v", err)
	}
	type folder struct {
		name, id string
		order    int
	}
	var folders []folder
	seenOrder := map[int]string{}
	for _, e := range entries {
		if e.Type()&fs.ModeSymlink != 0 && folderRE.MatchString(e.Name()) {
			ps.add(e.Name(), 0, "a link, not a folder: a pack holds its own lesson folders")
			continue
		}
		if !e.IsDir() {
			continue
		}
		m := folderRE.FindStringSubmatch(e.Name())
		if m == nil {
			if e.Name()[0] >= '0' && e.Name()[0] <= '9' {
				ps.add(e.Name(), 0, "lesson folder names are NN-<lesson id>, e.g. 03-self-healing")
			}
			continue // other folders (testdata, assets) are not lessons
		}
		order, _ := strconv.Atoi(m[1])
		if other, dup := seenOrder[order]; dup {
			ps.add(e.Name(), 0, "number %s is used by %s too: each lesson needs its own", m[1], other)
		}
		seenOrder[order] = e.Name()
		folders = append(folders, folder{e.Name(), m[2], order})
	}
	// Lessons load side by side: reading and checking them is most of the
	// time to the lab's first frame. Each has its own problems, merged in
	// folder order, so the result is the same as one by one. A pack near
	// its size limit loads one by one, so the file that meets the limit is
	// always the same one.
	loaded := make([]*Lesson, len(folders))
	found := make([]problems, len(folders))
	terms := zhTerms(c.Glossary["zh"])
	loadOne := func(i int) {
		f := folders[i]
		found[i].proven = proven
		loaded[i] = loadLesson(fsys, f.name, f.id, f.order, c, terms, &found[i])
	}
	if workers := loadWorkers(); workers > 1 && pack.fits() {
		next := make(chan int)
		var wg sync.WaitGroup
		for range min(workers, len(folders)) {
			wg.Go(func() {
				for i := range next {
					loadOne(i)
				}
			})
		}
		for i := range folders {
			next <- i
		}
		close(next)
		wg.Wait()
	} else {
		for i := range folders {
			loadOne(i)
		}
	}
	seenID := map[string]string{}
	for i, l := range loaded {
		ps.list = append(ps.list, found[i].list...)
		if l == nil {
			continue
		}
		if other, dup := seenID[l.ID]; dup {
			ps.add(path.Join(folders[i].name, LessonFile), 1, "lesson id %q is used by %s too", l.ID, other)
		}
		seenID[l.ID] = folders[i].name
		c.Lessons = append(c.Lessons, l)
	}
	sort.SliceStable(c.Lessons, func(i, j int) bool { return c.Lessons[i].Order < c.Lessons[j].Order })
	if len(c.Lessons) == 0 && len(ps.list) == 0 {
		ps.add(".", 0, "no lessons: a pack has folders named NN-<lesson id> with a lesson.yaml")
	}
	ps.list.Sort()
	return c, ps.list
}

// loadWorkers is how many lessons load at once.
var loadWorkers = func() int { return runtime.GOMAXPROCS(0) }

type courseFile struct {
	Parts  []Part           `yaml:"parts"`
	Images map[string]Image `yaml:"images"`
}

type courseTitles struct {
	Parts map[string]string `yaml:"parts"`
	// Images says, per image name, what lessons use it for.
	Images map[string]string `yaml:"images"`
}

func loadCourse(fsys fs.FS, c *Catalog, ps *problems) {
	var cf courseFile
	root, ok := decodeFile(fsys, CourseFile, &cf, ps)
	if !ok {
		return
	}
	pos := positions(root)
	if len(cf.Parts) == 0 {
		ps.add(CourseFile, pos.line("parts"), "no parts: list at least one part id under parts")
	}
	seen := map[string]bool{}
	for i, p := range cf.Parts {
		line := pos.line("parts", i)
		switch {
		case !idRE.MatchString(p.ID):
			ps.add(CourseFile, line, "part id %q: use lower-case letters, digits and dashes", p.ID)
		case seen[p.ID]:
			ps.add(CourseFile, line, "part %q is listed twice", p.ID)
		}
		seen[p.ID] = true
	}
	c.Parts = cf.Parts
	for name, img := range cf.Images {
		line := pos.line("images", name)
		if !idRE.MatchString(name) {
			ps.add(CourseFile, line, "image name %q: use lower-case letters, digits and dashes", name)
		}
		if strings.TrimSpace(img.Ref) == "" {
			ps.add(CourseFile, line, "image %q: missing ref", name)
		} else if len(img.Ref) > maxImageRef {
			ps.add(CourseFile, pos.line("images", name, "ref"), "image %q: ref is %d bytes; an image reference has at most %d", name, len(img.Ref), maxImageRef)
		} else if strings.ContainsAny(img.Ref, " \t{}") {
			ps.add(CourseFile, pos.line("images", name, "ref"), "image %q: ref %q is not an image reference", name, img.Ref)
		}
	}
	c.Images = cf.Images
	if c.Images == nil {
		c.Images = map[string]Image{}
	}
	c.ImageNotes = map[string]map[string]string{}
	for _, lang := range Languages {
		file := "course." + lang + ".yaml"
		var ct courseTitles
		root, ok := decodeFile(fsys, file, &ct, ps)
		if !ok {
			continue
		}
		tpos := positions(root)
		for _, p := range cf.Parts {
			if strings.TrimSpace(ct.Parts[p.ID]) == "" {
				ps.add(file, tpos.line("parts"), "part %q has no title", p.ID)
			}
		}
		for id := range ct.Parts {
			if !seen[id] {
				ps.add(file, tpos.line("parts", id), "title for unknown part %q (parts are listed in course.yaml)", id)
			}
		}
		c.Titles[lang] = ct.Parts
		for name := range ct.Images {
			if _, ok := cf.Images[name]; !ok {
				ps.add(file, tpos.line("images", name), "note for unknown image %q (images are listed in course.yaml)", name)
			}
		}
		c.ImageNotes[lang] = ct.Images
	}
}

// loadGlossary reads glossary.<lang>.md. A pack may have none; one that has
// a glossary has it in every language.
func loadGlossary(fsys fs.FS, c *Catalog, ps *problems) {
	c.Glossary = map[string]string{}
	var missing []string
	for _, lang := range Languages {
		file := "glossary." + lang + ".md"
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			if !readProblem(file, err, ps) {
				missing = append(missing, file)
			}
			continue
		}
		checkText(file, data, ps)
		if strings.TrimSpace(string(data)) == "" {
			ps.add(file, 0, "empty glossary")
		}
		c.Glossary[lang] = string(data)
	}
	if len(c.Glossary) > 0 {
		for _, file := range missing {
			ps.add(file, 0, "missing: the glossary is written in every language")
		}
	}
}

func loadLesson(fsys fs.FS, dir, folderID string, order int, c *Catalog, terms []zhTerm, ps *problems) *Lesson {
	file := path.Join(dir, LessonFile)
	l := &Lesson{}
	root, ok := decodeFile(fsys, file, l, ps)
	if !ok {
		return nil
	}
	l.Dir, l.Order = dir, order
	if l.ID != folderID {
		ps.add(file, positions(root).line("id"), "id %q does not match the folder name %s (want id %q)", l.ID, dir, folderID)
	}
	if l.Namespace == "" {
		l.Namespace = l.ID
	}
	l.text = newLessonText()
	for _, lang := range Languages {
		pf := path.Join(dir, lang+".md")
		data, err := fs.ReadFile(fsys, pf)
		if err != nil {
			if !readProblem(pf, err, ps) {
				ps.add(pf, 0, "missing: every lesson is written in %s", strings.Join(Languages, " and "))
			}
			continue
		}
		checkText(pf, data, ps)
		if lang == "zh" {
			checkChinese(pf, string(data), terms, ps)
		}
		l.text.add(lang, pf, string(data), ps)
	}
	validateLesson(l, root, c, ps)
	loadStarterFiles(fsys, l, root, ps)
	return l
}

// decodeFile strictly decodes one YAML file into v: unknown fields and type
// mismatches are problems with their line. It returns the document's root
// node for positions.
func decodeFile(fsys fs.FS, file string, v any, ps *problems) (*yaml.Node, bool) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		if !readProblem(file, err, ps) {
			ps.add(file, 0, "missing")
		}
		return nil, false
	}
	if !checkText(file, data, ps) {
		return nil, false
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		addYAMLError(file, err, ps)
		return nil, false
	}
	checkYAMLValues(file, &root, ps)
	if len(root.Content) == 0 {
		ps.add(file, 0, "empty file")
		return nil, false
	}
	if !ps.full() {
		// A proven pack has no unknown field: decode the parsed nodes
		// instead of parsing the file a second time to look for one.
		if err := root.Decode(v); err != nil {
			addYAMLError(file, err, ps)
			return root.Content[0], false
		}
		return root.Content[0], true
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		addYAMLError(file, err, ps)
		return root.Content[0], false
	}
	return root.Content[0], true
}

func addYAMLError(file string, err error, ps *problems) {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	for _, msg := range msgs {
		m := yamlErrRE.FindStringSubmatch(msg)
		if m == nil {
			ps.add(file, 0, "%s", strings.TrimPrefix(msg, "yaml: "))
			continue
		}
		line, _ := strconv.Atoi(m[1])
		text := m[2]
		if f := fieldRE.FindStringSubmatch(text); f != nil {
			text = fmt.Sprintf("unknown field %q", f[1])
		}
		ps.add(file, line, "%s", strings.TrimPrefix(text, "line "+m[1]+": "))
	}
}

// nodePositions finds the line of a value inside a YAML document by its path
// of mapping keys and sequence indexes.
type nodePositions struct{ root *yaml.Node }

func positions(root *yaml.Node) nodePositions { return nodePositions{root} }

// node returns the node at path, or the deepest node found on the way.
func (p nodePositions) node(path ...any) *yaml.Node {
	n := p.root
	for _, step := range path {
		if n == nil {
			return nil
		}
		next := (*yaml.Node)(nil)
		switch s := step.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == s {
						next = n.Content[i+1]
						if next.Kind == yaml.ScalarNode {
							next = n.Content[i] // the key's line reads better for scalars
						}
						break
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && s < len(n.Content) {
				next = n.Content[s]
			}
		}
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

// line is the line of the value at path; for a mapping key, the key's own
// line (where an author looks), falling back to the deepest node found.
func (p nodePositions) line(path ...any) int {
	if len(path) > 0 {
		if key, ok := path[len(path)-1].(string); ok {
			parent := p.root
			for _, step := range path[:len(path)-1] {
				if parent = (nodePositions{parent}).child(step); parent == nil {
					break
				}
			}
			if parent != nil && parent.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(parent.Content); i += 2 {
					if parent.Content[i].Value == key {
						return parent.Content[i].Line
					}
				}
			}
		}
	}
	if n := p.node(path...); n != nil {
		return n.Line
	}
	return 0
}

// keys lists the keys of the mapping at path with their lines.
func (p nodePositions) keys(path ...any) map[string]int {
	n := p.root
	for _, step := range path {
		n = nodePositions{n}.child(step)
		if n == nil {
			return nil
		}
	}
	out := map[string]int{}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			out[n.Content[i].Value] = n.Content[i].Line
		}
	}
	return out
}

func (p nodePositions) child(step any) *yaml.Node {
	n := p.root
	switch s := step.(type) {
	case string:
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == s {
					return n.Content[i+1]
				}
			}
		}
	case int:
		if n.Kind == yaml.SequenceNode && s < len(n.Content) {
			return n.Content[s]
		}
	}
	return nil
}
