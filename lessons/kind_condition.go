package lessons

// KindCondition: a status condition has a status (and reason).
const KindCondition CheckKind = "condition"

var conditionKind = checkKind{
	kind:      KindCondition,
	allowed:   concat(queryFields, []string{"type", "status", "reason"}),
	required:  []string{"resource", "type"},
	templated: func(c *Check) []*string { return append(c.Query.templateFields(), &c.Reason) },
	validate: func(v *checkInput) {
		if s := v.exp.Status; s != "" && s != "True" && s != "False" && s != "Unknown" {
			v.problem(v.line("status"), "status %q; want True, False or Unknown", s)
		}
	},
}
