package screenshots

import "testing"

func TestSplitWideGivesTheTextAfterAWideRuneItsOwnSpan(t *testing.T) {
	in := `<text><tspan xml:space="preserve" fill="#878787" dx="2.80px">页</tspan><tspan xml:space="preserve" dx="2.80px">器    </tspan><tspan xml:space="preserve">│</tspan></text>`
	want := `<text><tspan xml:space="preserve" fill="#878787" dx="2.80px">页</tspan><tspan xml:space="preserve" dx="2.80px">器</tspan><tspan xml:space="preserve">    </tspan><tspan xml:space="preserve">│</tspan></text>`
	if got := string(splitWide([]byte(in))); got != want {
		t.Errorf("splitWide:\n got %s\nwant %s", got, want)
	}
}
