package lessons

import (
	"regexp"
	"strings"
	"unicode"
)

// The rules of the course's Chinese, checked in every zh.md: one term for
// one concept (the table under TermsHeading in glossary.zh.md) and Chinese
// typography. Code (fenced blocks and `spans`) is what the learner types and
// is left alone.

// TermsHeading titles the glossary section whose table lists, per concept,
// the course's term and the wordings not to use:
//
//	| English | the course's term | not written |
const TermsHeading = "本课程的译名"

// zhTerm is one wording the course does not use, and the term it uses
// instead.
type zhTerm struct{ avoid, use string }

// zhTerms reads the term table of a Chinese glossary. A wording listed as
// avoided in one row but used as the term of another (驱逐 is evict, not
// drain) cannot be told apart by a lint rule and is left to review.
func zhTerms(glossary string) []zhTerm {
	var rows [][]string
	in := false
	for _, line := range strings.Split(glossary, "\n") {
		if strings.HasPrefix(line, "## ") {
			in = strings.TrimSpace(strings.TrimPrefix(line, "## ")) == TermsHeading
			continue
		}
		if !in || !strings.HasPrefix(strings.TrimSpace(line), "|") {
			continue
		}
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		if len(cells) < 3 || strings.Trim(cells[0], " -") == "" {
			continue
		}
		rows = append(rows, cells)
	}
	used := map[string]bool{}
	for _, r := range rows {
		for _, w := range splitTerms(r[1]) {
			used[w] = true
		}
	}
	var out []zhTerm
	for i, r := range rows {
		if i == 0 {
			continue // the header
		}
		for _, avoid := range splitTerms(r[2]) {
			if !used[avoid] {
				out = append(out, zhTerm{avoid: avoid, use: strings.TrimSpace(r[1])})
			}
		}
	}
	return out
}

func splitTerms(cell string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(cell, func(r rune) bool { return r == '、' || r == '/' || r == '（' || r == '）' }) {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

var (
	zhCodeSpan      = regexp.MustCompile("`[^`\n]*`")
	zhPunct         = "，。；：！？、）】」』”" // what zhSpaceAfter starts with
	zhSpaceAfter    = regexp.MustCompile(`[` + zhPunct + `] +[^ |]`)
	zhQuoted        = regexp.MustCompile(`“[^”\n]*”`)
	zhASCIIQuotes   = regexp.MustCompile(`"[^"\n]*\p{Han}[^"\n]*"`)
	zhGlossaryAside = regexp.MustCompile(`[（(]术语表[：:]`)
)

// checkChinese reports, with their lines, the places where a Chinese prose
// file breaks the course's typography or term list.
func checkChinese(file string, data string, terms []zhTerm, ps *problems) {
	if !ps.full() {
		return
	}
	fenced := false
	for i, line := range strings.Split(data, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if fenced || !hasHan(line) {
			continue
		}
		// Each expression runs only on a line that holds what it looks
		// for: this check runs on every load, and most lines pass.
		text := line
		if strings.Contains(text, "`") {
			text = zhCodeSpan.ReplaceAllString(line, "`code`")
		}
		n := i + 1
		if strings.Contains(text, " ") && strings.ContainsAny(text, zhPunct) {
			if m := zhSpaceAfter.FindString(text); m != "" {
				ps.add(file, n, "a space after the full-width %q: full-width punctuation carries its own space", string([]rune(m)[0]))
			}
		}
		if strings.Contains(text, `"`) {
			if m := zhASCIIQuotes.FindString(text); m != "" {
				ps.add(file, n, "%s: quote Chinese with “ and ”, not ASCII quotation marks", m)
			}
		}
		if strings.Contains(text, "术语表") && zhGlossaryAside.MatchString(text) {
			ps.add(file, n, "an inline glossary note: list the glossary terms at the end of the concept notes instead")
		}
		// A quotation (of the source notes, or of an old word in “”) may
		// use the words it quotes.
		if strings.HasPrefix(strings.TrimSpace(line), ">") {
			continue
		}
		unquoted := text
		if strings.Contains(text, "“") {
			unquoted = zhQuoted.ReplaceAllString(text, "“”")
		}
		for _, t := range terms {
			if strings.Contains(unquoted, t.avoid) {
				ps.add(file, n, "write %s, not %s (the term list in glossary.zh.md, %s)", t.use, t.avoid, TermsHeading)
			}
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
