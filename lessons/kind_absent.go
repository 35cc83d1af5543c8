package lessons

// KindAbsent: no such object.
const KindAbsent CheckKind = "absent"

var absentKind = checkKind{
	kind:      KindAbsent,
	allowed:   queryFields,
	required:  []string{"resource"},
	templated: func(c *Check) []*string { return c.Query.templateFields() },
}
