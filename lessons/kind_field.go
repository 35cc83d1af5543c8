package lessons

// KindField: a JSONPath value equals / matches / is in a CIDR / compares.
const KindField CheckKind = "field"

var fieldKind = checkKind{
	kind:     KindField,
	allowed:  concat(queryFields, []string{"path", "equals", "matches", "inCIDR", "op", "value"}),
	required: []string{"resource", "path"},
	templated: func(c *Check) []*string {
		f := append(c.Query.templateFields(), &c.Path, &c.Matches, &c.InCIDR, &c.Value)
		if c.Equals != nil {
			f = append(f, c.Equals)
		}
		return f
	},
	validate: func(v *checkInput) {
		n := 0
		for _, k := range []string{"equals", "matches", "inCIDR", "op"} {
			if v.has(k) {
				n++
			}
		}
		if n != 1 {
			v.problem(v.ch.Line, "a field check compares with exactly one of equals, matches, inCIDR, or op with value")
		}
	},
}
