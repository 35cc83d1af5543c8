package lessons

// KindEvent: an event with a reason happened since the step opened.
const KindEvent CheckKind = "event"

var eventKind = checkKind{
	kind:      KindEvent,
	allowed:   []string{"namespace", "reason", "involvedKind", "involvedName", "eventType"},
	required:  []string{"reason"},
	templated: func(c *Check) []*string { return []*string{&c.Namespace, &c.Reason, &c.InvolvedName} },
	validate: func(v *checkInput) {
		if t := v.exp.EventType; t != "" && t != "Normal" && t != "Warning" {
			v.problem(v.line("eventType"), "eventType %q; want Normal or Warning", t)
		}
	},
}
