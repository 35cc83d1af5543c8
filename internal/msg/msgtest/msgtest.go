// Package msgtest finds English sentences in text a view rendered in
// another language, for tests that walk every screen and command in Chinese.
//
// An English sentence here is three or more English words in a row, at
// least one of them a word English cannot do without (the, is, to, not ...),
// outside inline code. Commands, flags, resource names and kubectl's own
// output are allowed: they are what the learner types and reads on any
// machine. The heuristic is deliberately simple; its own tests pin what it
// catches and what it lets through.
package msgtest

import (
	"regexp"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

var (
	code     = regexp.MustCompile("`[^`\n]*`")
	run      = regexp.MustCompile(`[A-Za-z][A-Za-z']*(?:,? [A-Za-z][A-Za-z']*){2,}`)
	function = map[string]bool{
		"the": true, "a": true, "an": true, "is": true, "are": true, "was": true, "be": true,
		"to": true, "of": true, "and": true, "or": true, "not": true, "no": true, "for": true,
		"in": true, "on": true, "with": true, "this": true, "that": true, "it": true, "can": true,
		"cannot": true, "will": true, "has": true, "have": true, "press": true, "you": true,
		"your": true, "from": true, "at": true, "by": true, "there": true, "does": true,
		"did": true, "what": true, "when": true, "how": true, "its": true, "yet": true,
	}
	// commandLine starts with a prompt or a program the learner runs.
	commandLine = regexp.MustCompile(`^\s*(?:[$#>]\s|\d+\s+\$\s|(?:kubectl|kubelab|kubeadm|docker|podman|sudo|systemctl|crictl|printf|cat|ls|echo)\s)`)
)

// English returns each English sentence in text, in order. allow lists
// phrases that may stay English (a product name that reads as words).
func English(text string, allow ...string) []string {
	var out []string
	for _, line := range strings.Split(ansi.Strip(text), "\n") {
		if commandLine.MatchString(line) {
			continue
		}
		line = code.ReplaceAllString(line, " ")
		for _, a := range allow {
			line = strings.ReplaceAll(line, a, " ")
		}
		for _, r := range run.FindAllString(line, -1) {
			if sentence(r) {
				out = append(out, strings.TrimSpace(r))
			}
		}
	}
	return out
}

func sentence(r string) bool {
	words := strings.FieldsFunc(r, func(c rune) bool { return c == ' ' || c == ',' })
	if len(words) < 3 {
		return false
	}
	for _, w := range words {
		if function[strings.ToLower(w)] {
			return true
		}
	}
	return false
}
