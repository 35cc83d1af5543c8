package lessons

import (
	"io/fs"
	"reflect"
	"strings"
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
