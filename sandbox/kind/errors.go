package kind

import (
	"fmt"
	"strings"

	kindexec "sigs.k8s.io/kind/pkg/exec"
)

// maxErrorOutput is how much of a failed command's output an error keeps:
// the end, where the reason usually is.
const maxErrorOutput = 4 << 10

// CommandError is a failed step of kind's or the engine's, with the command
// that failed, the end of its output and what to try next.
type CommandError struct {
	// Action is what the lab was doing ("create cluster kubelab").
	Action string
	// Command and Output are the underlying command and the end of its
	// combined output, when a command failed.
	Command string
	Output  string
	// Next says what the learner can do about it.
	Next string
	Err  error
}

func (e *CommandError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %v", e.Action, e.Err)
	if e.Command != "" {
		fmt.Fprintf(&b, "\n  command: %s", e.Command)
	}
	if out := strings.TrimSpace(e.Output); out != "" {
		b.WriteString("\n  output:\n")
		for _, l := range strings.Split(out, "\n") {
			b.WriteString("    " + l + "\n")
		}
	} else {
		b.WriteString("\n")
	}
	if e.Next != "" {
		fmt.Fprintf(&b, "  next: %s", e.Next)
	}
	return strings.TrimRight(b.String(), "\n")
}

func (e *CommandError) Unwrap() error { return e.Err }

// wrapErr turns an error from kind or the engine into a CommandError,
// pulling out the command and its output when kind recorded them. The next
// step is chosen from the output when it says something well known, else
// next is used.
func wrapErr(action string, err error, next string) error {
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
	if hint := hintFor(ce.Output + "\n" + err.Error()); hint != "" {
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
func hintFor(out string) string {
	o := strings.ToLower(out)
	switch {
	case strings.Contains(o, "permission denied") && strings.Contains(o, "docker.sock"):
		return "your user may not use Docker: add it to the docker group (`sudo usermod -aG docker $USER`, then log in again), or run Docker Desktop"
	case strings.Contains(o, "cannot connect to the docker daemon") || strings.Contains(o, "is the docker daemon running"):
		return "start Docker (`sudo systemctl start docker`, or open Docker Desktop), then run `kubelab doctor`"
	case strings.Contains(o, "too many open files") || strings.Contains(o, "inotify"):
		return "raise the inotify limits: `sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512` (see `kubelab doctor`)"
	case strings.Contains(o, "no space left on device"):
		return "free disk space for the engine (`docker system prune`), then run `kubelab up` again"
	case strings.Contains(o, "address already in use") || strings.Contains(o, "port is already allocated"):
		return "another program holds the port kind needs: stop it, or run `kubelab down` and `kubelab up` again"
	case strings.Contains(o, "already exist") && strings.Contains(o, "node(s)"):
		return "a half-created lab cluster is left over: run `kubelab down`, then `kubelab up`"
	case strings.Contains(o, "pull access denied") || strings.Contains(o, "manifest unknown") ||
		strings.Contains(o, "i/o timeout") || strings.Contains(o, "tls handshake timeout") ||
		strings.Contains(o, "connection refused") && strings.Contains(o, "pull"):
		return "the node image could not be pulled: set `registry-mirrors` in Docker's daemon.json, or load the image with `docker load` and pass it with `kubelab up --image REF` (see the sandbox README)"
	}
	return ""
}
