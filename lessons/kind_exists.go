package lessons

// KindExists: an object exists (by name or selector).
const KindExists CheckKind = "exists"

var existsKind = checkKind{
	kind:      KindExists,
	allowed:   queryFields,
	required:  []string{"resource"},
	templated: func(c *Check) []*string { return c.Query.templateFields() },
}
