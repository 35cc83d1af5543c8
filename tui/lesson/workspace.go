package lesson

import (
	lmsg "kubelab/internal/msg"

	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"kubelab/internal/render"
	"kubelab/lessons"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/lab"
)

// WorkspaceInterval is how often the open step's files are looked at for a
// change (their size and time first, their content only when those moved).
var WorkspaceInterval = time.Second

// ValidateTimeout bounds one validation of a file against the cluster.
const ValidateTimeout = 30 * time.Second

// maxHashed bounds what is read of a file to tell whether it changed; the
// validator reads no more either.
const maxHashed = 1 << 20

// fileState is where a workspace file's validation is.
type fileState int

const (
	fileUnseen     fileState = iota // not looked at yet
	fileValidating                  // a dry run is under way
	fileValid                       // the cluster would accept it
	fileProblems                    // it has problems
	fileMissing                     // not in the folder
	fileNoCluster                   // waits for a reachable cluster
	fileError                       // the cluster could not be asked
)

// stamp tells one version of a file from another.
type stamp struct {
	missing bool
	mod     time.Time
	size    int64
	sum     [sha256.Size]byte
}

// fileView is what the step view shows of one file.
type fileView struct {
	state    fileState
	problems []lab.Problem
	err      error
}

// files are the open step's starter files in the learner's workspace: where
// they are, and what the last validation of each found.
type files struct {
	dir     string                // the lesson's workspace folder; "" when the step has no files
	names   []string              // the step's files, relative to dir
	gen     int                   // the step opening (steps.gen) they belong to
	seen    map[string]stamp      // the version of each file last validated (or being validated)
	view    map[string]fileView   // what each file's last validation found
	rev     int                   // increases with every change shown; part of the text's cache key
	editing bool                  // the editor is open
	pending map[string]struct{}   // files to validate when the cluster comes back
	starter []lessons.StarterFile // the step's starter files
	copied  bool                  // Copy finished for this opening
}

// active reports whether the open step has files in a workspace.
func (f *files) active() bool { return f.dir != "" }

type (
	// filesCopiedMsg says the starter files were copied for opening gen.
	filesCopiedMsg struct {
		gen int
		res lab.FilesResult
		err error
	}
	// filesTickMsg asks for a look at the files of opening gen.
	filesTickMsg struct{ gen int }
	// filesScannedMsg is what a look at the files found.
	filesScannedMsg struct {
		gen    int
		stamps map[string]stamp
		tick   bool // schedule the next look
	}
	// fileValidatedMsg is one validation's outcome.
	fileValidatedMsg struct {
		gen      int
		name     string
		stamp    stamp
		problems []lab.Problem
		err      error
	}
	// editorDoneMsg says the editor exited.
	editorDoneMsg struct {
		gen int
		err error
	}
	// typeAlongSavedMsg says the type-along setting was saved (or not).
	typeAlongSavedMsg struct{ err error }
)

// openFiles sets up the workspace of the step just opened (steps.gen) and
// copies its starter files, never over a file the learner changed.
func (m *Model) openFiles(raw *lessons.Step) tea.Cmd {
	m.files = files{gen: m.steps.gen, rev: m.files.rev + 1}
	ws := m.ctx.Lab.Workspace
	if ws == nil || len(raw.Starter) == 0 {
		return nil
	}
	m.files.dir = ws.Dir(m.steps.lesson.ID)
	m.files.starter = raw.Starter
	m.files.seen, m.files.view, m.files.pending = map[string]stamp{}, map[string]fileView{}, map[string]struct{}{}
	for _, f := range raw.Starter {
		m.files.names = append(m.files.names, f.Name)
	}
	gen, id, starter := m.files.gen, m.steps.lesson.ID, raw.Starter
	return func() tea.Msg {
		res, err := ws.Copy(id, starter)
		return filesCopiedMsg{gen: gen, res: res, err: err}
	}
}

// filesUpdate handles the workspace's messages; ok is false for any other.
func (m *Model) filesUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case filesCopiedMsg:
		if msg.gen != m.files.gen || !m.files.active() {
			return nil, true
		}
		m.files.copied = true
		if msg.err != nil {
			m.notice = m.ctx.T(i18n.FilesCopyFailed, lmsg.ErrorText(msg.err, m.ctx.Lang))
		} else if len(msg.res.Kept) > 0 {
			m.notice = m.ctx.T(i18n.FilesKept, strings.Join(msg.res.Kept, ", "), keys.Name(m.ctx.Keys.Reset))
		}
		return m.scanFiles(true), true
	case filesTickMsg:
		if msg.gen != m.files.gen || !m.files.active() {
			return nil, true
		}
		return m.scanFiles(true), true
	case filesScannedMsg:
		if msg.gen != m.files.gen || !m.files.active() {
			return nil, true
		}
		cmds := []tea.Cmd{m.onScan(msg.stamps)}
		if msg.tick {
			gen := msg.gen
			cmds = append(cmds, tea.Tick(WorkspaceInterval, func(time.Time) tea.Msg { return filesTickMsg{gen} }))
		}
		return tea.Batch(cmds...), true
	case fileValidatedMsg:
		if msg.gen != m.files.gen || !sameContent(m.files.seen[msg.name], msg.stamp) {
			return nil, true // a newer version is being validated
		}
		v := fileView{state: fileValid, problems: msg.problems, err: msg.err}
		switch {
		case msg.err != nil:
			v.state = fileError
		case len(msg.problems) > 0:
			v.state = fileProblems
		}
		m.setFileView(msg.name, v)
		return nil, true
	case editorDoneMsg:
		if msg.gen != m.files.gen {
			return nil, true
		}
		m.files.editing = false
		if msg.err != nil {
			m.notice = m.ctx.T(i18n.EditorFailed, strings.Join(EditorCommand(os.Getenv), " "), msg.err)
		}
		return m.scanFiles(false), true
	case typeAlongSavedMsg:
		if msg.err != nil {
			m.notice = m.ctx.T(i18n.TypeAlongNotSaved, msg.err)
		}
		return nil, true
	}
	return nil, false
}

func (m *Model) setFileView(name string, v fileView) {
	m.files.view[name] = v
	m.files.rev++
	m.refreshContent(true)
}

// scanFiles looks at the files in a tea.Cmd: their size and time, and their
// content when those changed since the version last seen.
func (m *Model) scanFiles(tick bool) tea.Cmd {
	if !m.files.active() {
		return nil
	}
	gen, dir, names := m.files.gen, m.files.dir, m.files.names
	prev := make(map[string]stamp, len(m.files.seen))
	for k, v := range m.files.seen {
		prev[k] = v
	}
	return func() tea.Msg {
		out := make(map[string]stamp, len(names))
		for _, n := range names {
			out[n] = stampOf(filepath.Join(dir, filepath.FromSlash(n)), prev[n])
		}
		return filesScannedMsg{gen: gen, stamps: out, tick: tick}
	}
}

// stampOf is the file's stamp, reusing prev's content sum when the size and
// time did not move.
func stampOf(path string, prev stamp) stamp {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return stamp{missing: true}
	}
	s := stamp{mod: fi.ModTime(), size: fi.Size()}
	if !prev.missing && prev.mod.Equal(s.mod) && prev.size == s.size {
		s.sum = prev.sum
		return s
	}
	f, err := os.Open(path)
	if err != nil {
		return stamp{missing: true}
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, maxHashed+1)); err != nil {
		return stamp{missing: true}
	}
	copy(s.sum[:], h.Sum(nil))
	return s
}

// sameContent reports whether two stamps are one content (times aside).
func sameContent(a, b stamp) bool {
	return a.missing == b.missing && bytes.Equal(a.sum[:], b.sum[:]) && a.size == b.size
}

// onScan validates every file whose content changed since last seen.
func (m *Model) onScan(stamps map[string]stamp) tea.Cmd {
	var cmds []tea.Cmd
	for _, n := range m.files.names {
		s := stamps[n]
		old, known := m.files.seen[n]
		m.files.seen[n] = s
		if known && sameContent(old, s) {
			continue // touched, not changed: only its time is new
		}
		cmds = append(cmds, m.validateFile(n, s))
	}
	return tea.Batch(cmds...)
}

// validateFile validates one version of a file in a tea.Cmd.
func (m *Model) validateFile(name string, s stamp) tea.Cmd {
	if s.missing {
		m.setFileView(name, fileView{state: fileMissing})
		return nil
	}
	if m.ctx.ReadingMode() {
		m.files.pending[name] = struct{}{}
		m.setFileView(name, fileView{state: fileNoCluster})
		return nil
	}
	delete(m.files.pending, name)
	m.setFileView(name, fileView{state: fileValidating})
	ws, ns, gen := m.ctx.Lab.Workspace, m.steps.lesson.Namespace, m.files.gen
	path := filepath.Join(m.files.dir, filepath.FromSlash(name))
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), ValidateTimeout)
		defer cancel()
		ps, err := ws.Validate(ctx, ns, path)
		return fileValidatedMsg{gen: gen, name: name, stamp: s, problems: ps, err: err}
	}
}

// revalidatePending validates the files that waited for the cluster.
func (m *Model) revalidatePending() tea.Cmd {
	if !m.files.active() || len(m.files.pending) == 0 || m.ctx.ReadingMode() {
		return nil
	}
	var cmds []tea.Cmd
	for _, n := range m.files.names {
		if _, ok := m.files.pending[n]; ok {
			cmds = append(cmds, m.validateFile(n, m.files.seen[n]))
		}
	}
	return tea.Batch(cmds...)
}

// EditorCommand is the learner's editor, here and on the Exam screen:
// $VISUAL, else $EDITOR (each may carry arguments, split at spaces unless
// the whole value names a file, as a path with spaces on Windows does),
// else vi (notepad on Windows).
func EditorCommand(getenv func(string) string) []string {
	for _, v := range []string{"VISUAL", "EDITOR"} {
		val := strings.TrimSpace(getenv(v))
		if fi, err := os.Stat(val); val != "" && err == nil && !fi.IsDir() {
			return []string{val}
		}
		if f := strings.Fields(val); len(f) > 0 {
			return f
		}
	}
	return []string{fallbackEditor()}
}

func fallbackEditor() string {
	if runtime.GOOS == "windows" {
		return "notepad"
	}
	return "vi"
}

// editorChosen reports whether the learner named an editor.
func editorChosen(getenv func(string) string) bool {
	return strings.TrimSpace(getenv("VISUAL")) != "" || strings.TrimSpace(getenv("EDITOR")) != ""
}

// edit opens the step's first file in the learner's editor; the program
// gives the terminal to it and takes it back when it exits.
func (m *Model) edit() tea.Cmd {
	if !m.files.active() {
		m.notice = m.ctx.T(i18n.NoFiles)
		return nil
	}
	if !m.files.copied {
		return nil // the files are being copied: the key does nothing yet
	}
	argv := EditorCommand(os.Getenv)
	c := exec.Command(argv[0], append(argv[1:], m.files.names[0])...)
	c.Dir = m.files.dir
	m.files.editing = true
	gen := m.files.gen
	return tea.ExecProcess(c, func(err error) tea.Msg { return editorDoneMsg{gen: gen, err: err} })
}

// applyCommand is the command line that applies the step's files, relative
// to the workspace folder the command runs in.
func (m *Model) applyCommand() string {
	var b strings.Builder
	b.WriteString("kubectl apply")
	for _, n := range m.files.names {
		b.WriteString(" -f " + shellQuote(n))
	}
	return b.String()
}

// shellQuote quotes a file name for sh when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-/+", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// runDir is where the open step's commands run: its workspace folder when
// it has files, else the lab's own.
func (m *Model) runDir() string {
	if m.files.active() && m.files.gen == m.steps.gen {
		return m.files.dir
	}
	return ""
}

// shortPath shows a path under the home folder with ~.
func shortPath(p string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return p
	}
	if rel, err := filepath.Rel(home, p); err == nil && filepath.IsLocal(rel) {
		return "~" + string(filepath.Separator) + rel
	}
	return p
}

// filesView is the step's files block of the text pane: the folder, the
// keys, and each file's validation.
func (m *Model) filesView(w int) string {
	if !m.files.active() {
		return ""
	}
	c, th := m.ctx, m.ctx.Theme
	var b strings.Builder
	b.WriteString(th.PaneTitle.Render(c.T(i18n.FilesTitle)) + " " + th.Command.Render(shortPath(m.files.dir)+string(filepath.Separator)) + "\n")
	editor := strings.Join(EditorCommand(os.Getenv), " ")
	if !editorChosen(os.Getenv) {
		editor = c.T(i18n.EditorFallback, editor)
	}
	b.WriteString(wrapIndent(th.Subtle.Render, c.T(i18n.FilesKeys, keys.Name(c.Keys.Edit), m.files.names[0], editor, keys.Name(c.Keys.Apply), m.applyCommand()), w, "  ") + "\n")
	for _, n := range m.files.names {
		v := m.files.view[n]
		switch v.state {
		case fileUnseen:
			b.WriteString(wrapIndent(th.Faint.Render, th.Marks.Pending+" "+n, w, "  ") + "\n")
		case fileValidating:
			b.WriteString(wrapIndent(th.Faint.Render, th.Marks.Running+" "+c.T(i18n.FileValidating, n), w, "  ") + "\n")
		case fileValid:
			b.WriteString(wrapIndent(th.Success.Render, th.Marks.Pass+" "+c.T(i18n.FileValid, n), w, "  ") + "\n")
		case fileMissing:
			b.WriteString(wrapIndent(th.Warning.Render, th.Marks.Fail+" "+c.T(i18n.FileMissing, n, keys.Name(c.Keys.Reset)), w, "  ") + "\n")
		case fileNoCluster:
			b.WriteString(wrapIndent(th.Faint.Render, th.Marks.Pending+" "+c.T(i18n.FileNoCluster, n), w, "  ") + "\n")
		case fileError:
			b.WriteString(wrapIndent(th.Warning.Render, th.Marks.Fail+" "+c.T(i18n.FileNotValidated, n, lmsg.ErrorText(v.err, c.Lang)), w, "  ") + "\n")
		case fileProblems:
			for _, p := range v.problems {
				b.WriteString(wrapIndent(th.Error.Render, th.Marks.Fail+" "+p.Text(c.Lang), w, "  ") + "\n")
			}
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// wrapIndent wraps s to w less the indent, styles each line and indents it.
func wrapIndent(style func(...string) string, s string, w int, pad string) string {
	lines := strings.Split(render.Wrap(s, max(w-len(pad), 8)), "\n")
	for i, l := range lines {
		lines[i] = pad + style(l)
	}
	return strings.Join(lines, "\n")
}

// toggleTypeAlong switches the type-along setting and saves it.
func (m *Model) toggleTypeAlong() tea.Cmd {
	m.typeAlong = !m.typeAlong
	if m.typeAlong {
		m.notice = m.ctx.T(i18n.TypeAlongOn, keys.Name(m.ctx.Keys.RunCommand), keys.Name(m.ctx.Keys.RunPrompt), keys.Name(m.ctx.Keys.TypeAlong))
	} else {
		m.notice = m.ctx.T(i18n.TypeAlongOff, keys.Name(m.ctx.Keys.RunCommand), keys.Name(m.ctx.Keys.TypeAlong))
	}
	m.refreshContent(true)
	save, on := m.ctx.Lab.SaveTypeAlong, m.typeAlong
	if save == nil {
		return nil
	}
	return func() tea.Msg { return typeAlongSavedMsg{save(on)} }
}

// typeAlongCommand puts a listed command into the prompt, ready to edit and
// run with Enter. A command that spans lines (a heredoc) does not fit the
// one-line prompt: it runs as it is, and the screen says so.
func (m *Model) typeAlongCommand(cmd string) tea.Cmd {
	if strings.Contains(strings.TrimRight(cmd, "\n"), "\n") {
		c := m.run(cmd)
		m.notice = m.ctx.T(i18n.TypeAlongMultiline)
		return c
	}
	m.setAnswerMode("")
	m.prompt.input.SetValue(cmd)
	m.prompt.input.CursorEnd()
	return m.prompt.input.Focus()
}

// starterOf is every starter file of a lesson, the first step's version of
// a name shared by several steps.
func starterOf(l *lessons.Lesson) []lessons.StarterFile {
	var out []lessons.StarterFile
	seen := map[string]bool{}
	for _, s := range l.Steps {
		for _, f := range s.Starter {
			if !seen[f.Name] {
				seen[f.Name] = true
				out = append(out, f)
			}
		}
	}
	return out
}
