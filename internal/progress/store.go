package progress

import (
	"kubelab/internal/msg"

	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"kubelab/internal/atomicfile"
	"kubelab/internal/xdg"
)

// FileName is the progress file's name inside the state folder.
const FileName = "progress.json"

// MaxFileBytes bounds what the store reads: every step of a large course
// done, with its answers, is a few tens of KiB.
const MaxFileBytes = 4 << 20

// Store reads and changes one progress file. Its methods are safe for
// concurrent use, also across processes.
type Store struct {
	path string

	mu       sync.Mutex
	last     Progress    // as last read or written, for the memory-only readers
	seen     os.FileInfo // the file last read or written; nil if there was none
	checked  time.Time   // when the memory-only readers last looked at the file
	warnings []msg.Msg   // corrupt files moved aside since Open or TakeWarnings
	onUpdate func(Progress)
}

// OnUpdate makes every successful Update call f with the progress written,
// after the file's lock is released (a class mirrors progress to its
// cluster this way). f must not call the Store's writers.
func (s *Store) OnUpdate(f func(Progress)) {
	s.mu.Lock()
	s.onUpdate = f
	s.mu.Unlock()
}

// refreshEvery is how often the memory-only readers look at the file for
// changes made by other processes.
var refreshEvery = 250 * time.Millisecond

// FutureVersionError is returned for a progress file written by a newer
// kubelab. The file is left as it is.
type FutureVersionError struct {
	Path    string
	Version int
}

func (e *FutureVersionError) Error() string {
	return fmt.Sprintf("read progress %s: field \"version\" is %d but this kubelab understands up to %d; update kubelab (the file was left unchanged)", e.Path, e.Version, Version)
}

// OpenDefault opens the progress file in xdg.StateDir().
func OpenDefault() (*Store, []msg.Msg, error) {
	dir, err := xdg.StateDir()
	if err != nil {
		return nil, nil, fmt.Errorf("open progress: %w", err)
	}
	return Open(dir)
}

// Open opens dir/progress.json, creating dir if needed, and reads it once.
// A missing file is empty progress. A file that is not valid progress JSON
// is moved aside to progress.json.corrupt-<time> and the returned warnings
// say where; a file from a newer kubelab is an error (*FutureVersionError).
// Open also removes temporary files that a killed writer left behind.
func Open(dir string) (*Store, []msg.Msg, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("open progress: create %s: %w", dir, err)
	}
	s := &Store{path: filepath.Join(dir, FileName)}
	err := s.withLock(true, func() error {
		s.removeStaleTemps()
		p, err := s.read(true)
		if err != nil {
			return err
		}
		s.remember(p, s.stat())
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return s, s.TakeWarnings(), nil
}

// Path is the progress file's path.
func (s *Store) Path() string { return s.path }

// TakeWarnings returns the warnings about corrupt files moved aside since
// Open or the last TakeWarnings, and forgets them.
func (s *Store) TakeWarnings() []msg.Msg {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.warnings
	s.warnings = nil
	return w
}

// Load reads the file under a shared lock. A file that has become corrupt
// since Open is moved aside (see TakeWarnings) and reads as empty progress.
func (s *Store) Load() (Progress, error) {
	var p Progress
	var fi os.FileInfo
	err := s.withLock(false, func() error {
		var err error
		p, err = s.read(false)
		fi = s.stat()
		return err
	})
	if errors.Is(err, errCorrupt) {
		// Moving the file aside needs the exclusive lock.
		err = s.withLock(true, func() error {
			var err error
			p, err = s.read(true)
			fi = s.stat()
			return err
		})
	}
	if err != nil {
		return Progress{}, err
	}
	s.remember(p, fi)
	return p.Clone(), nil
}

// Update changes the progress: under an exclusive lock it reads the file
// again, so that changes made by other processes are kept, calls change,
// and writes the result atomically. If change returns an error nothing is
// written and Update returns that error.
func (s *Store) Update(change func(*Progress) error) error {
	var written Progress
	err := s.withLock(true, func() error {
		p, err := s.read(true)
		if err != nil {
			return err
		}
		if err := change(&p); err != nil {
			return err
		}
		p.Version = Version
		if err := s.write(p); err != nil {
			return err
		}
		s.remember(p, s.stat())
		written = p
		return nil
	})
	s.mu.Lock()
	hook := s.onUpdate
	s.mu.Unlock()
	if err == nil && hook != nil {
		hook(written.Clone())
	}
	return err
}

// remember keeps p, and fi, the file it was read from or written to, for the
// memory-only readers.
func (s *Store) remember(p Progress, fi os.FileInfo) {
	c := p.Clone()
	s.mu.Lock()
	s.last, s.seen = c, fi
	s.mu.Unlock()
}

// stat is the progress file's FileInfo, or nil if there is none.
func (s *Store) stat() os.FileInfo {
	fi, err := os.Stat(s.path)
	if err != nil {
		return nil
	}
	return fi
}

// refresh reloads the progress if another process changed the file since
// it was last read or written here, looking at most every refreshEvery.
// Errors keep what is in memory; the next Update reports them.
func (s *Store) refresh() {
	s.mu.Lock()
	if time.Since(s.checked) < refreshEvery {
		s.mu.Unlock()
		return
	}
	s.checked = time.Now()
	seen := s.seen
	s.mu.Unlock()
	if fi := s.stat(); !sameVersion(seen, fi) {
		s.Load()
	}
}

// sameVersion reports whether two looks at the progress file saw the same
// version of it. Writes replace the file, so a new version is a new file.
func sameVersion(a, b os.FileInfo) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return os.SameFile(a, b) && a.ModTime().Equal(b.ModTime()) && a.Size() == b.Size()
}

// Snapshot is the progress as this Store last read or wrote it, without
// touching the disk.
func (s *Store) Snapshot() Progress {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last.Clone()
}

// The methods below read memory (Done, HowDone, Current, Answers), refreshed when
// another process changed the file, or make one change each (the rest), so
// that a Store can stand behind the TUI's progress interface directly.

// Done reports whether step of lesson was finished.
func (s *Store) Done(lesson, step string) bool {
	s.refresh()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last.IsDone(lesson, step)
}

// HowDone says how a finished step was completed (see Progress.HowDone).
func (s *Store) HowDone(lesson, step string) (Help, bool) {
	s.refresh()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last.HowDone(lesson, step)
}

// Current is the current lesson and step.
func (s *Store) Current() (lesson, step string) {
	s.refresh()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last.Current()
}

// Answers are lesson's quiz answers keyed by "step/check".
func (s *Store) Answers(lesson string) map[string]string {
	s.refresh()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last.Answers(lesson)
}

// Seed is the learner's seed for the order of quiz choices, made and saved
// the first time it is asked for.
func (s *Store) Seed() (string, error) {
	s.refresh()
	s.mu.Lock()
	seed := s.last.Seed
	s.mu.Unlock()
	if seed != "" {
		return seed, nil
	}
	err := s.Update(func(p *Progress) error {
		if p.Seed == "" {
			b := make([]byte, 12)
			if _, err := rand.Read(b); err != nil {
				return fmt.Errorf("make the learner's seed: %w", err)
			}
			p.Seed = hex.EncodeToString(b)
		}
		seed = p.Seed
		return nil
	})
	return seed, err
}

// UseHints records on disk that the learner has seen n hints of step.
func (s *Store) UseHints(lesson, step string, n int) error {
	return s.Update(func(p *Progress) error { p.UseHints(lesson, step, n); return nil })
}

// ShowSolution records on disk that the learner was shown step's solution.
func (s *Store) ShowSolution(lesson, step string) error {
	return s.Update(func(p *Progress) error { p.ShowSolution(lesson, step); return nil })
}

// MarkDone records on disk that step of lesson is finished.
func (s *Store) MarkDone(lesson, step string) error {
	return s.Update(func(p *Progress) error { p.MarkDone(lesson, step); return nil })
}

// SetCurrent records on disk that the learner is on step of lesson.
func (s *Store) SetCurrent(lesson, step string) error {
	return s.Update(func(p *Progress) error { p.SetCurrent(lesson, step); return nil })
}

// SetAnswer records on disk the learner's answer to a quiz.
func (s *Store) SetAnswer(lesson, key, answer string) error {
	return s.Update(func(p *Progress) error { p.SetAnswer(lesson, key, answer); return nil })
}

// ResetLesson forgets on disk everything about lesson.
func (s *Store) ResetLesson(lesson string) error {
	return s.Update(func(p *Progress) error { p.ResetLesson(lesson); return nil })
}

// errCorrupt says the file could not be read as progress; read returns it
// only when it may not move the file aside.
var errCorrupt = errors.New("progress file is corrupt")

// read reads and checks the file. The caller holds the lock, exclusive if
// mayMoveAside.
func (s *Store) read(mayMoveAside bool) (Progress, error) {
	data, err := atomicfile.ReadSmall(s.path, MaxFileBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return Progress{Version: Version}, nil
	}
	if err != nil {
		return Progress{}, fmt.Errorf("read progress %s: %w", s.path, err)
	}
	p, problem := decode(data)
	if problem == nil {
		return p, nil
	}
	var future *FutureVersionError
	if errors.As(problem, &future) {
		future.Path = s.path
		return Progress{}, future
	}
	if !mayMoveAside {
		return Progress{}, errCorrupt
	}
	aside, err := s.moveAside()
	if err != nil {
		return Progress{}, fmt.Errorf("read progress %s: it is corrupt (%v) and could not be moved aside: %w", s.path, problem, err)
	}
	s.mu.Lock()
	s.warnings = append(s.warnings, msg.New("progress.corrupt", s.path, fmt.Sprint(problem), aside))
	s.mu.Unlock()
	return Progress{Version: Version}, nil
}

// decode parses a progress file. It returns a *FutureVersionError for a newer
// schema and another error for anything else it cannot use.
func decode(data []byte) (Progress, error) {
	var head struct {
		Version *json.RawMessage `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return Progress{}, fmt.Errorf("not valid JSON: %w", err)
	}
	if head.Version == nil {
		return Progress{}, errors.New(`field "version" is missing`)
	}
	var version int
	if err := json.Unmarshal(*head.Version, &version); err != nil {
		return Progress{}, fmt.Errorf(`field "version" is %s, not a whole number`, *head.Version)
	}
	if version > Version {
		return Progress{}, &FutureVersionError{Version: version}
	}
	if version < 1 {
		return Progress{}, fmt.Errorf(`field "version" is %d`, version)
	}
	var p Progress
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&p); err != nil {
		return Progress{}, fmt.Errorf("does not match the version %d schema: %w", version, err)
	}
	for id, l := range p.Lessons {
		if l == nil {
			delete(p.Lessons, id)
		}
	}
	migrate(&p, version)
	return p, nil
}

// migrate brings progress read from schema version from up to Version.
// Nothing is lost: the next write saves it in the new version.
//
// 1 -> 2: version 1 recorded neither help nor how a step was completed, so
// its finished steps stay finished with no How entry: HowDone says how is
// not known, rather than claiming the learner solved them alone.
//
// 2 -> 3: adds the exam history, which starts empty.
func migrate(p *Progress, from int) {
	if from < Version {
		p.Version = Version
	}
}

func (s *Store) write(p Progress) error {
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("save progress %s: %w", s.path, err)
	}
	if err := atomicfile.Write(s.path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("save progress: %w", err)
	}
	return nil
}

// moveAside renames the file to progress.json.corrupt-<UTC time>, adding a
// counter if that name is taken, and returns the new path. The caller holds
// the exclusive lock.
func (s *Store) moveAside() (string, error) {
	base := s.path + ".corrupt-" + now().UTC().Format("20060102T150405Z")
	aside := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
			break
		}
		aside = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(s.path, aside); err != nil {
		return "", err
	}
	return aside, nil
}

// removeStaleTemps deletes temporary files of writers that were killed
// before renaming them. The caller holds the exclusive lock, so no writer is
// running.
func (s *Store) removeStaleTemps() {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(s.path), "."+FileName+".tmp-*"))
	for _, m := range matches {
		if strings.HasPrefix(filepath.Base(m), "."+FileName+".tmp-") {
			os.Remove(m)
		}
	}
}

// withLock runs f holding the lock file progress.json.lock, exclusively or
// shared. The lock file is never removed: removing it would let two
// processes lock two different files.
func (s *Store) withLock(exclusive bool, f func() error) error {
	lf, err := os.OpenFile(s.path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("lock progress: %w", err)
	}
	defer lf.Close()
	if err := lockFile(lf, exclusive); err != nil {
		return fmt.Errorf("lock progress %s: %w", lf.Name(), err)
	}
	defer unlockFile(lf)
	return f()
}

var _ = msg.Register("internal/progress", msg.Catalog{
	"progress.corrupt": {"en": "progress file %[1]s was corrupt (%[2]s); it was kept as %[3]s and progress starts afresh", "zh": "进度文件 %[1]s 已损坏（%[2]s）；它已保留为 %[3]s，进度从头开始"},
})
