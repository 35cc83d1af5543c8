package lessons

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"
)

// A pack is read from anyone's folder, so reading it is bounded: only
// regular files inside the pack, at most MaxFileBytes each and MaxPackBytes
// in all. The built-in pack is about 0.8 MiB, its largest file 16 KiB; 4 MiB
// of YAML takes well under a second to parse.
const (
	MaxFileBytes = 1 << 20
	MaxPackBytes = 4 << 20
)

// refusal is why a file of the pack was not read; it is reported as the
// file's problem as it is.
type refusal struct{ msg string }

func (r *refusal) Error() string { return r.msg }

// packFS reads a pack's files within the limits. Every read of the loader
// goes through its ReadFile (fs.ReadFile prefers it).
type packFS struct {
	fsys fs.FS
	// mu guards left and read: lessons load side by side.
	mu   sync.Mutex
	left int64 // bytes the pack may still read
	// read holds every file read whole, by name, for the pack's hash.
	read map[string][]byte
}

func newPackFS(fsys fs.FS) *packFS {
	return &packFS{fsys: fsys, left: MaxPackBytes, read: map[string][]byte{}}
}

func (p *packFS) Open(name string) (fs.File, error) { return p.fsys.Open(name) }

func (p *packFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(p.fsys, name) }

// ReadFile reads name if it is a regular file inside the pack within the
// limits. It looks before it opens: opening a named pipe would wait for a
// writer, and a device such as /dev/zero never ends.
func (p *packFS) ReadFile(name string) ([]byte, error) {
	info, err := fs.Stat(p.fsys, name)
	if err != nil {
		if l, lerr := fs.Lstat(p.fsys, name); lerr == nil && l.Mode()&fs.ModeSymlink != 0 {
			return nil, &refusal{"a link that leads out of the pack (or nowhere): a pack holds its own files"}
		}
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &refusal{fmt.Sprintf("%s, not a regular file: a pack holds only plain files", fileKind(info.Mode()))}
	}
	if info.Size() > MaxFileBytes {
		return nil, &refusal{fmt.Sprintf("%d bytes: a pack's file may hold at most %d MiB", info.Size(), MaxFileBytes>>20)}
	}
	// The file's size is taken from the budget before it is read and the
	// difference settled after, so files read side by side do not take
	// each other's share.
	p.mu.Lock()
	if info.Size() > p.left {
		p.mu.Unlock()
		return nil, &refusal{fmt.Sprintf("not read: the pack's files together may hold at most %d MiB", MaxPackBytes>>20)}
	}
	limit := min(int64(MaxFileBytes), p.left)
	p.left -= info.Size()
	p.mu.Unlock()
	data, err := p.readAll(name, limit)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.left += info.Size() - int64(len(data))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &refusal{fmt.Sprintf("grew past %d MiB while being read: a pack's files must hold still", limit>>20)}
	}
	p.read[name] = data
	return data, nil
}

// readAll reads at most limit+1 bytes of name.
func (p *packFS) readAll(name string, limit int64) ([]byte, error) {
	f, err := p.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// fits reports whether every file in the pack fits the budget together, so
// reading them in any order meets no limit: then lessons may load side by
// side. It looks at sizes only, following links as ReadFile does.
func (p *packFS) fits() bool {
	var total int64
	err := fs.WalkDir(p.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := fs.Stat(p.fsys, name)
		if err != nil {
			return err
		}
		if info.Mode().IsRegular() {
			total += info.Size()
		}
		if total > p.left {
			return fs.SkipAll
		}
		return nil
	})
	return err == nil && total <= p.left
}

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a link"
	}
	return "a special file"
}

// readProblem reports why file could not be read; it reports nothing and
// returns false when the file does not exist, which callers word themselves.
func readProblem(file string, err error, ps *problems) bool {
	var r *refusal
	switch {
	case errors.As(err, &r):
		ps.add(file, 0, "%s", r.msg)
	case errors.Is(err, fs.ErrNotExist):
		return false
	default:
		ps.add(file, 0, "cannot read: %v", err)
	}
	return true
}
