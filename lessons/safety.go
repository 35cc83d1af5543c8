package lessons

import (
	"go.yaml.in/yaml/v3"

	"kubelab/internal/text"
)

// A pack is anyone's text, and the UI and `kubelab notes` print it to a
// terminal, which obeys the control characters in it: an escape sequence
// in a step's title could retitle the window, write the clipboard or clear
// the screen. So a pack file with a control character (other than tab and
// newline) or invalid UTF-8 does not load, and lint names the line.

// checkText reports every line of a pack file that holds invalid UTF-8 or a
// control character. It returns false if there was one.
func checkText(file string, data []byte, ps *problems) bool {
	if !ps.full() {
		return true
	}
	found := text.Problems(string(data))
	for _, p := range found {
		ps.add(file, p.Line, "%s", p.Msg)
	}
	return len(found) == 0
}

// checkYAMLValues reports control characters a YAML file spells as escapes
// ("\e", "\x1b", "\a" in double-quoted strings), which checkText cannot
// see in the file itself, at the line of the key or value holding them.
func checkYAMLValues(file string, n *yaml.Node, ps *problems) {
	if !ps.full() {
		return
	}
	if n == nil {
		return
	}
	if n.Kind == yaml.ScalarNode {
		if found := text.Problems(n.Value); len(found) > 0 {
			ps.add(file, n.Line, "%s (written as an escape)", found[0].Msg)
		}
	}
	for _, c := range n.Content {
		checkYAMLValues(file, c, ps)
	}
}
