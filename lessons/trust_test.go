package lessons

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// validPack is the valid test pack as a MapFS, to change byte by byte.
func validPack(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := "testdata/valid"
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

func TestThePackHashIsStableAndChangesWithOneByteOfAnyFileRead(t *testing.T) {
	fsys := validPack(t)
	c1, ps := Load(fsys)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	c2, _ := Load(fsys)
	if c1.Hash == "" || c1.Hash != c2.Hash {
		t.Fatalf("hash of the same pack: %q then %q", c1.Hash, c2.Hash)
	}
	for _, file := range []string{"course.yaml", "glossary.zh.md", "01-first-steps/lesson.yaml", "01-first-steps/en.md"} {
		changed := validPack(t)
		data := append([]byte(nil), changed[file].Data...)
		data[len(data)-2] ^= 1
		changed[file] = &fstest.MapFile{Data: data}
		c, _ := Load(changed)
		if c.Hash == c1.Hash {
			t.Errorf("one byte changed in %s: the hash stayed %s", file, c.Hash)
		}
	}
}

func TestOnlyTheBuiltinPackIsMarkedBuiltin(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if !b.Builtin || b.Hash == "" {
		t.Errorf("built-in pack: Builtin %v, hash %q", b.Builtin, b.Hash)
	}
	c, _ := Load(BuiltinFS())
	if c.Builtin {
		t.Error("a pack loaded with Load is marked built-in")
	}
	if c.Hash != b.Hash {
		t.Errorf("the same files hash differently: %s, %s", c.Hash, b.Hash)
	}
}

func TestPackCommandsListsCommandsSolutionsAndCommandChecksWithWhereTheyRun(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var hostCmd, solution, nodeCheck bool
	for _, pc := range b.PackCommands() {
		if pc.Lesson != "service-discovery" || pc.Step != "kube-proxy" {
			continue
		}
		switch {
		case pc.What == RunCommand && pc.Where == OnHost && pc.Line == "kubectl scale deployment web --replicas=2":
			hostCmd = true
		case pc.What == RunSolution && pc.Where == OnHost:
			solution = true
		case pc.What == RunCheck && pc.Check == "two-dnat-rules":
			nodeCheck = pc.Where == OnNode && pc.Node == "kubelab-worker" &&
				strings.Contains(pc.Line, "'service-discovery/web'") // the template expanded
		}
	}
	if !hostCmd || !solution || !nodeCheck {
		t.Errorf("service-discovery/kube-proxy: host command %v, solution %v, node check %v", hostCmd, solution, nodeCheck)
	}
}
