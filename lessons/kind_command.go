package lessons

// KindCommand: a command's exit code and output, on the host or in a node.
const KindCommand CheckKind = "command"

var commandKind = checkKind{
	kind:      KindCommand,
	allowed:   []string{"run", "on", "node", "exitCode", "contains", "matches"},
	required:  []string{"run"},
	templated: func(c *Check) []*string { return []*string{&c.Run, &c.Node, &c.Contains, &c.Matches} },
	validate: func(v *checkInput) {
		switch v.exp.On {
		case "", "host":
			if v.exp.Node != "" {
				v.problem(v.line("node"), "node is only for on: node")
			}
		case "node":
			if v.exp.Node == "" {
				v.problem(v.ch.Line, "on: node needs node, e.g. \"{{.Nodes.Worker}}\"")
			}
			if v.step.Needs != NeedsKind {
				v.problem(v.line("on"), "a command inside a node needs a kind cluster: set the step's needs to kind")
			}
		default:
			v.problem(v.line("on"), "on %q; want host or node", v.exp.On)
		}
	},
}
