package render

import "testing"

func TestWidthCountsChineseAsTwoAndAmbiguousAsOne(t *testing.T) {
	cases := map[string]int{"中文": 4, "a中b": 4, "•": 1, "│": 1, "“”": 2, "\x1b[31mred\x1b[0m": 3, "ab\n中文字": 6}
	for s, want := range cases {
		if got := Width(s); got != want {
			t.Errorf("Width(%q) = %d, want %d", s, got, want)
		}
	}
	for _, r := range "•│┃“”‘’…—─┼↪中文，。（）🙂ñé" {
		if a, b := Condition.RuneWidth(r), Width(string(r)); a != b {
			t.Errorf("%q: runewidth says %d, lipgloss says %d", r, a, b)
		}
	}
}
