package lessons

// KindCount: how many objects match a selector (and a condition).
const KindCount CheckKind = "count"

var countKind = checkKind{
	kind:     KindCount,
	allowed:  concat(without(queryFields, "name"), []string{"op", "value"}),
	required: []string{"resource", "op", "value"},
	templated: func(c *Check) []*string {
		return []*string{&c.Namespace, &c.Selector, &c.FieldSelector, &c.Value}
	},
	validate: func(v *checkInput) {
		if v.ch.Name != "" {
			v.problem(v.line("name"), "a count check counts by selector, not by name")
		}
	},
}
