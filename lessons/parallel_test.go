package lessons

import (
	"io/fs"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// Lessons load side by side; the catalog and the problems, in their order,
// are the same as when they load one by one.
func TestLessonsLoadedSideBySideAreTheSameAsOneByOne(t *testing.T) {
	damaged := fstest.MapFS{}
	err := fs.WalkDir(builtin, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(builtin, p)
		// Three lessons with problems of their own, and one lesson's id
		// taken by another, so problems come from several workers.
		switch {
		case strings.HasSuffix(p, "/lesson.yaml") && strings.HasPrefix(p, "02-"):
			data = []byte(strings.Replace(string(data), "needs: cluster", "needs: cloud", 1))
		case strings.HasSuffix(p, "/lesson.yaml") && strings.HasPrefix(p, "07-"):
			data = []byte(strings.Replace(string(data), "kind: ", "kind: nosuch", 2))
		case strings.HasSuffix(p, "/zh.md") && strings.HasPrefix(p, "11-"):
			data = append(data, []byte("\n一个句子, 用了半角逗号。\n")...)
		}
		damaged[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, pack := range map[string]fs.FS{"built-in": builtin, "damaged": damaged} {
		t.Run(name, func(t *testing.T) {
			one, onePs := loadWith(1, pack)
			many, manyPs := loadWith(4, pack)
			if name == "damaged" && len(onePs) < 3 {
				t.Fatalf("the damaged pack has %d problems; the test needs problems from several lessons:\n%v", len(onePs), onePs)
			}
			if !reflect.DeepEqual(onePs, manyPs) {
				t.Errorf("problems differ:\none by one:\n%v\nside by side:\n%v", onePs, manyPs)
			}
			if !reflect.DeepEqual(one, many) {
				t.Errorf("the catalogs differ")
			}
		})
	}
}

func loadWith(workers int, pack fs.FS) (*Catalog, Problems) {
	old := loadWorkers
	defer func() { loadWorkers = old }()
	loadWorkers = func() int { return workers }
	return Load(pack)
}

// BenchmarkLoadBuiltin is the built-in pack's load, most of the time from
// kubelab's start to its first frame.
func BenchmarkLoadBuiltin(b *testing.B) {
	for b.Loop() {
		if _, ps := Load(builtin); len(ps) > 0 {
			b.Fatal(ps)
		}
	}
}

// The built-in pack loads in the lab with only the checks that shape the
// catalog (Builtin); that is safe because here it loads with every check
// and has no problem, and both loads give the same catalog.
func TestTheBuiltinPackIsProvenWhole(t *testing.T) {
	full, ps := Load(builtin)
	for _, p := range ps {
		t.Errorf("built-in pack: %s", p)
	}
	proven, ps := load(builtin, true)
	for _, p := range ps {
		t.Errorf("built-in pack, proven load: %s", p)
	}
	// The proven load parses a lesson's prose when it is first read: the
	// titles it takes without parsing, the parsed prose and the languages
	// are the full load's, and so is everything else.
	if len(full.Lessons) != len(proven.Lessons) {
		t.Fatalf("the proven load has %d lessons, the full load %d", len(proven.Lessons), len(full.Lessons))
	}
	for i, l := range proven.Lessons {
		f := full.Lessons[i]
		if !reflect.DeepEqual(l.Languages(), f.Languages()) {
			t.Errorf("%s: languages %v, full load %v", l.ID, l.Languages(), f.Languages())
		}
		for _, lang := range append(Languages, "fr") {
			if got, want := l.Title(lang), f.Text(lang).Title; got != want || got == "" {
				t.Errorf("%s: title in %s %q before parsing, %q parsed", l.ID, lang, got, want)
			}
			if !reflect.DeepEqual(l.Text(lang), f.Text(lang)) {
				t.Errorf("%s: the prose in %s parsed on first use differs from the full load's", l.ID, lang)
			}
		}
		l.text, f.text = nil, nil
	}
	if !reflect.DeepEqual(full, proven) {
		t.Errorf("the proven load's catalog differs from the full load's")
	}
	// The proven load skips checks: a problem they would find goes unseen,
	// which is why the full load above must stay clean.
	damaged := fstest.MapFS{}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(fs.WalkDir(builtin, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(builtin, p)
		if strings.HasSuffix(p, "/zh.md") && strings.HasPrefix(p, "03-") {
			data = append(data, []byte("\n一个句子， 多了空格。\n")...)
		}
		damaged[p] = &fstest.MapFile{Data: data}
		return err
	}))
	if _, ps := Load(damaged); len(ps) != 1 {
		t.Errorf("full load of a pack with one typography problem: %d problems, want 1: %v", len(ps), ps)
	}
	if _, ps := load(damaged, true); len(ps) != 0 {
		t.Errorf("proven load ran the typography check: %v", ps)
	}
}

// BenchmarkLoadBuiltinProven is the load the lab does at start.
func BenchmarkLoadBuiltinProven(b *testing.B) {
	for b.Loop() {
		if _, ps := load(builtin, true); len(ps) > 0 {
			b.Fatal(ps)
		}
	}
}

// A proven lesson's prose parses once, on first use, whichever reader
// comes first (run with -race).
func TestAProvenLessonsProseParsesOnceForConcurrentReaders(t *testing.T) {
	c, ps := load(builtin, true)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	l := c.Lessons[0]
	if len(l.text.prose) != 0 || len(l.text.src) == 0 {
		t.Fatalf("%s: the proven load parsed its prose already", l.ID)
	}
	var wg sync.WaitGroup
	got := make([]Prose, 8)
	for i := range got {
		wg.Go(func() { got[i] = l.Text(Languages[i%len(Languages)]) })
	}
	wg.Wait()
	for i, p := range got {
		if want := l.Text(Languages[i%len(Languages)]); !reflect.DeepEqual(p, want) || p.Title == "" || len(p.Steps) == 0 {
			t.Errorf("reader %d saw prose %q with %d steps", i, p.Title, len(p.Steps))
		}
	}
	if l.text.src != nil {
		t.Errorf("the sources are kept after parsing")
	}
}

func TestProseTitleIsTheFirstLineIfItIsATitle(t *testing.T) {
	for src, want := range map[string]string{
		"# Pods\n\nSummary.\n":          "Pods",
		"\r\n\n# Pods ##  \r\nText\r\n": "Pods",
		"#\tPods\n":                     "Pods",
		"## Notes\n# Pods\n":            "",
		"Text\n# Pods\n":                "",
		"":                              "",
	} {
		var ps problems
		if got := proseTitle(src); got != want {
			t.Errorf("proseTitle(%q) = %q, want %q", src, got, want)
		} else if parsed := parseProse("en.md", src, &ps).Title; len(ps.list) == 0 && parsed != got {
			t.Errorf("proseTitle(%q) = %q, parseProse finds %q", src, got, parsed)
		}
	}
}
