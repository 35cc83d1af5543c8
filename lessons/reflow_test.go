package lessons

import "testing"

func TestReflowJoinsSoftWrappedProseButNotCodeTablesOrHardBreaks(t *testing.T) {
	in := "A paragraph\nwrapped by hand.\n\n- an item\n  continued\n- next\n\n> quoted\n> more\n\n```\nkeep\nthis\n```\n\n| a |\n| b |\n\n第一行\n第二行\n\nhard  \nbreak\n\n    indented\n    code\n\n## Heading\ntext"
	want := "A paragraph wrapped by hand.\n\n- an item continued\n- next\n\n> quoted more\n\n```\nkeep\nthis\n```\n\n| a |\n| b |\n\n第一行第二行\n\nhard  \nbreak\n\n    indented\n    code\n\n## Heading\ntext"
	if got := reflow(in); got != want {
		t.Errorf("got:\n%s\n\nwant:\n%s", got, want)
	}
}
