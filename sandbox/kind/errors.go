package kind

import (
	"fmt"
	"strings"

	kindexec "sigs.k8s.io/kind/pkg/exec"

	"kubelab/internal/msg"
)

// maxErrorOutput is how much of a failed command's output an error keeps:
// the end, where the reason usually is.
const maxErrorOutput = 4 << 10

// CommandError is a failed step of kind's or the engine's, with the command
// that failed, the end of its output and what to try next.
type CommandError struct {
	// Action is what the lab was doing ("create cluster kubelab").
	Action msg.Msg
	// Command and Output are the underlying command and the end of its
	// combined output, when a command failed.
	Command string
	Output  string
	// Next says what the learner can do about it.
	Next msg.Msg
	Err  error
}

func (e *CommandError) Error() string { return e.LocalText("en") }

// LocalText is the error in lang: what was being done and what to do next
// in the learner's language, the command and its output as they were.
func (e *CommandError) LocalText(lang string) string {
	var b strings.Builder
	sep := ": "
	if lang == "zh" {
		sep = "："
	}
	fmt.Fprintf(&b, "%s%s%s", e.Action.Text(lang), sep, msg.ErrorText(e.Err, lang))
	if e.Command != "" {
		b.WriteString("\n  " + msg.New("kind.err.command", e.Command).Text(lang))
	}
	if out := strings.TrimSpace(e.Output); out != "" {
		b.WriteString("\n  " + msg.New("kind.err.output").Text(lang) + "\n")
		for _, l := range strings.Split(out, "\n") {
			b.WriteString("    " + l + "\n")
		}
	} else {
		b.WriteString("\n")
	}
	if !e.Next.IsZero() {
		b.WriteString("  " + msg.New("kind.err.next", e.Next).Text(lang))
	}
	return strings.TrimRight(b.String(), "\n")
}

func (e *CommandError) Unwrap() error { return e.Err }

// wrapErr turns an error from kind or the engine into a CommandError,
// pulling out the command and its output when kind recorded them. The next
// step is chosen from the output when it says something well known, else
// next is used.
func wrapErr(action msg.Msg, err error, next msg.Msg) error {
	if err == nil {
		return nil
	}
	ce := &CommandError{Action: action, Err: err, Next: next}
	if re := kindexec.RunErrorForError(err); re != nil {
		ce.Command = re.PrettyCommand()
		ce.Output = tail(string(re.Output), maxErrorOutput)
		if re.Inner != nil {
			ce.Err = fmt.Errorf("%w (%v)", err, re.Inner)
		}
	}
	if hint := hintFor(ce.Output + "\n" + err.Error()); !hint.IsZero() {
		ce.Next = hint
	}
	return ce
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return "…\n" + s
}

// hintFor recognises the engine failures learners meet most.
func hintFor(out string) msg.Msg {
	o := strings.ToLower(out)
	switch {
	case strings.Contains(o, "permission denied") && strings.Contains(o, "docker.sock"):
		return msg.New("kind.hint.permission")
	case strings.Contains(o, "cannot connect to the docker daemon") || strings.Contains(o, "is the docker daemon running"):
		return msg.New("kind.hint.daemon")
	case strings.Contains(o, "too many open files") || strings.Contains(o, "inotify"):
		return msg.New("kind.hint.inotify")
	case strings.Contains(o, "no space left on device"):
		return msg.New("kind.hint.disk")
	case strings.Contains(o, "address already in use") || strings.Contains(o, "port is already allocated"):
		return msg.New("kind.hint.port")
	case strings.Contains(o, "already exist") && strings.Contains(o, "node(s)"):
		return msg.New("kind.hint.leftover")
	case strings.Contains(o, "pull access denied") || strings.Contains(o, "manifest unknown") ||
		strings.Contains(o, "i/o timeout") || strings.Contains(o, "tls handshake timeout") ||
		strings.Contains(o, "connection refused") && strings.Contains(o, "pull"):
		return msg.New("kind.hint.pull")
	}
	return msg.Msg{}
}
