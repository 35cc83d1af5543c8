// Package text owns kubelab's rules for text meant for a terminal: which
// characters are CJK, how soft-wrapped lines join (without a space between
// two Chinese characters), where a line may break and where it must not
// (kinsoku), wrapping by display width by those rules, and which characters
// must never reach a terminal raw. It imports nothing of kubelab, so that
// the lesson loader, the markdown renderer and the UI all apply the same
// rules.
package text

import (
	"strings"
	"unicode"
)

// IsCJK reports whether r is a CJK character: a Han ideograph, kana, hangul,
// CJK symbols and punctuation (U+3000–U+303F) or a half- or full-width form
// (U+FF00–U+FFEF).
func IsCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// JoinsWithoutSpace reports whether a soft line break between a and b
// disappears instead of becoming a space: between two CJK characters other
// than hangul, as CSS Text does, because Chinese and Japanese put no spaces
// between words and Korean does.
func JoinsWithoutSpace(a, b rune) bool {
	return IsCJK(a) && IsCJK(b) && !unicode.Is(unicode.Hangul, a) && !unicode.Is(unicode.Hangul, b)
}

// BreaksAround reports whether a line may break before or after r without
// a space there (kinsoku permitting): CJK characters, and the curly quotes,
// ellipsis and dash that Chinese shares with English. A wrapper that knows
// display widths also breaks around any two-column grapheme, such as emoji.
func BreaksAround(r rune) bool {
	return IsCJK(r) || strings.ContainsRune("“”‘’…—", r)
}

// Kinsoku: characters that must not start a line, and ones that must not
// end it.
const (
	closing = "，。、；：？！）」』》】〕〉｝］〗〙〛”’…—～・ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.;:?!)]}%'\""
	opening = "（「『《【〔〈｛［〖〘〚“‘([{"
)

// NoBreakBefore reports whether r must not start a line: closing
// punctuation such as ，。）」 and small kana.
func NoBreakBefore(r rune) bool { return strings.ContainsRune(closing, r) }

// NoBreakAfter reports whether r must not end a line: opening punctuation
// such as （「“.
func NoBreakAfter(r rune) bool { return strings.ContainsRune(opening, r) }
