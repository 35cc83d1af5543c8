package lesson

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestAReasonIsSummarisedToTwoLinesOfTheColumn(t *testing.T) {
	cases := []struct {
		name, in, more string
		hasMore        bool
		w              int
		want           string
		clipped        bool
	}{
		{name: "fits", in: "0 pods Ready; want >= 3", w: 30, want: "0 pods Ready; want >= 3"},
		{name: "two lines fit", in: "deployments/web: .status.readyReplicas is 1", w: 30,
			want: "deployments/web:\n.status.readyReplicas is 1"},
		{name: "cut with an ellipsis", in: "3 of 3 pods are the ones that existed when the step opened; want a new one", w: 26,
			want: "3 of 3 pods are the ones\nthat existed when the ste…", clipped: true},
		{name: "cut, then the key to the rest", in: "3 of 3 pods are the ones that existed when the step opened; want a new one", w: 26, more: "(d: more)", hasMore: true,
			want: "3 of 3 pods are the ones\nthat existed wh… (d: more)", clipped: true},
		{name: "whole but with details: the key after it", in: "3 pods have the old image", w: 30, more: "(d: more)", hasMore: true,
			want: "3 pods have the old image\n(d: more)"},
		{name: "whole and short: the key on its line", in: "old image", w: 30, more: "(d: more)", hasMore: true,
			want: "old image (d: more)"},
		{name: "whole without details: no key", in: "old image", w: 30, more: "(d: more)",
			want: "old image"},
		{name: "Chinese breaks between characters, two columns each",
			in: "3 个 Pod 中有 3 个仍是步骤开始时就存在的那些；期望至少一个 Pod 的 UID 是之后才出现的", w: 20, more: "（d：详情）", hasMore: true,
			want: "3 个 Pod 中有 3 个仍\n是步骤开…（d：详情）", clipped: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, clipped := summary(c.in, c.w, 2, c.more, c.hasMore)
			if got != c.want || clipped != c.clipped {
				t.Errorf("summary(%q, %d) = %q, %v; want %q, %v", c.in, c.w, got, clipped, c.want, c.clipped)
			}
			lines := strings.Split(got, "\n")
			if len(lines) > 2 {
				t.Errorf("%d lines, want at most 2:\n%s", len(lines), got)
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > c.w {
					t.Errorf("line %q is %d columns wide, more than %d", l, ansi.StringWidth(l), c.w)
				}
			}
		})
	}
}
