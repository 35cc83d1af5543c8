package text

import "testing"

func TestCJKRules(t *testing.T) {
	for _, c := range []struct {
		r                 rune
		cjk, around       bool
		noBefore, noAfter bool
	}{
		{'中', true, true, false, false},
		{'，', true, true, true, false},
		{'。', true, true, true, false},
		{'（', true, true, false, true},
		{'か', true, true, false, false},
		{'한', true, true, false, false},
		{'“', false, true, false, true},
		{'”', false, true, true, false},
		{'a', false, false, false, false},
		{'(', false, false, false, true},
		{'.', false, false, true, false},
	} {
		if IsCJK(c.r) != c.cjk || BreaksAround(c.r) != c.around || NoBreakBefore(c.r) != c.noBefore || NoBreakAfter(c.r) != c.noAfter {
			t.Errorf("%q: IsCJK %t BreaksAround %t NoBreakBefore %t NoBreakAfter %t, want %+v",
				c.r, IsCJK(c.r), BreaksAround(c.r), NoBreakBefore(c.r), NoBreakAfter(c.r), c)
		}
	}
	if !JoinsWithoutSpace('中', '。') || JoinsWithoutSpace('中', 'a') || JoinsWithoutSpace('한', '국') {
		t.Error("JoinsWithoutSpace: want true between Chinese characters only, not with Latin or hangul")
	}
}
