package lessons

// KindChanged: a value differs from the one captured when the step opened.
const KindChanged CheckKind = "changed"

var changedKind = checkKind{
	kind:      KindChanged,
	allowed:   concat(queryFields, []string{"path"}),
	required:  []string{"resource", "path"},
	templated: func(c *Check) []*string { return append(c.Query.templateFields(), &c.Path) },
}
