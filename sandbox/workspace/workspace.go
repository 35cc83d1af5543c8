// Package workspace keeps the learner's workspace: a visible folder per
// lesson (~/kubelab/<lesson>/ by default) into which a step's starter files
// are copied, and in which the learner edits and applies them. It never
// writes over a file the learner changed: a record of what was copied (the
// hash of each file) tells the lab's copy from the learner's edit. A reset
// restores the starter files and keeps the learner's version beside each
// one. Validate checks a manifest the learner wrote against the cluster with
// a server-side dry run, naming lines.
package workspace

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"kubelab/internal/atomicfile"
	"kubelab/lessons"
)

// Folder is the workspace's default folder under the learner's home.
const Folder = "kubelab"

// RecordFile is the record of what the lab copied, kept in each lesson's
// folder (hidden, so `kubectl apply -f .` does not read it).
const RecordFile = ".kubelab-files.json"

// MineSuffix is added to the learner's version of a file a reset restored.
const MineSuffix = ".mine"

// DefaultRoot is the workspace root when neither a flag nor the config names
// one: ~/kubelab.
func DefaultRoot() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find the workspace folder: %w", err)
	}
	return filepath.Join(home, Folder), nil
}

// Root is the workspace root: override (from --workspace or the config)
// when set, with a leading ~ meaning the home folder and a relative path
// made absolute, else DefaultRoot.
func Root(override string) (string, error) {
	if override == "" {
		return DefaultRoot()
	}
	if override == "~" || strings.HasPrefix(override, "~/") || strings.HasPrefix(override, `~\`) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the workspace folder: %w", err)
		}
		override = filepath.Join(home, override[1:])
	}
	abs, err := filepath.Abs(override)
	if err != nil {
		return "", fmt.Errorf("workspace folder %s: %w", override, err)
	}
	return abs, nil
}

// Dir is a lesson's folder under root.
func Dir(root, lesson string) string { return filepath.Join(root, lesson) }

// Result says what a Copy or Restore did, by file name.
type Result struct {
	// Written are the files the lab wrote (new, or restored).
	Written []string
	// Kept are the files the learner changed, left as they are.
	Kept []string
	// Saved maps a restored file to where the learner's version was kept.
	Saved map[string]string
}

// record maps a file name to the hash of the content the lab last wrote.
type record map[string]string

// Copy copies the step's starter files into dir: a missing file is written;
// one still as the lab last wrote it is brought up to date; one the learner
// changed (or wrote before the lab ever did) is kept.
func Copy(dir string, files []lessons.StarterFile) (Result, error) {
	return apply(dir, files, false)
}

// Restore puts the step's starter files back as the lesson ships them. A
// file the learner changed is first renamed beside it with MineSuffix (and
// a number when that name is taken), so nothing they wrote is lost.
func Restore(dir string, files []lessons.StarterFile) (Result, error) {
	return apply(dir, files, true)
}

func apply(dir string, files []lessons.StarterFile, restore bool) (Result, error) {
	res := Result{Saved: map[string]string{}}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, fmt.Errorf("workspace %s: %w", dir, err)
	}
	rec, err := readRecord(dir)
	if err != nil {
		return res, err
	}
	for _, f := range files {
		if !filepath.IsLocal(filepath.FromSlash(f.Name)) {
			return res, fmt.Errorf("workspace: starter file %q is not inside the folder", f.Name)
		}
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		want := hash(f.Data)
		cur, err := os.ReadFile(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return res, fmt.Errorf("workspace: read %s: %w", path, err)
		case hash(cur) == want:
			rec[f.Name] = want
			continue
		case restore:
			saved, err := saveAside(path)
			if err != nil {
				return res, err
			}
			res.Saved[f.Name] = filepath.Base(saved)
		case rec[f.Name] != hash(cur):
			res.Kept = append(res.Kept, f.Name)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return res, fmt.Errorf("workspace: %w", err)
		}
		if err := atomicfile.Write(path, f.Data, 0o644); err != nil {
			return res, fmt.Errorf("workspace: write %s: %w", path, err)
		}
		rec[f.Name] = want
		res.Written = append(res.Written, f.Name)
	}
	return res, writeRecord(dir, rec)
}

// saveAside renames path to the first free name of path.mine, path.mine.1, …
func saveAside(path string) (string, error) {
	for i := 0; ; i++ {
		to := path + MineSuffix
		if i > 0 {
			to += "." + strconv.Itoa(i)
		}
		if _, err := os.Lstat(to); errors.Is(err, os.ErrNotExist) {
			if err := os.Rename(path, to); err != nil {
				return "", fmt.Errorf("workspace: keep your version of %s: %w", path, err)
			}
			return to, nil
		}
	}
}

func hash(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

func readRecord(dir string) (record, error) {
	data, err := os.ReadFile(filepath.Join(dir, RecordFile))
	if errors.Is(err, os.ErrNotExist) {
		return record{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("workspace: read its record: %w", err)
	}
	r := record{}
	if json.Unmarshal(data, &r) != nil {
		// A damaged record only costs knowing what the lab wrote: every file
		// that differs counts as the learner's and is kept.
		return record{}, nil
	}
	return r, nil
}

func writeRecord(dir string, r record) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(dir, RecordFile), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("workspace: save its record: %w", err)
	}
	return nil
}
