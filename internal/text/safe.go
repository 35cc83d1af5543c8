package text

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// A terminal obeys control characters and escape sequences in what it is
// given: ESC ] 0 ; … BEL retitles the window, ESC ] 52 ; … writes the
// clipboard, ESC [ 2 J clears the screen. Lesson packs are anyone's text,
// so the loader refuses them (Problems) and everything that prints pack
// text passes it through Sanitize as a last defence.

// Problem is one unsafe character in a text, by 1-based line.
type Problem struct {
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%d: %s", p.Line, p.Msg) }

// Problems lists the lines of src that hold invalid UTF-8 or a control
// character other than tab, newline and the carriage return of a CRLF line
// end, one problem per line at most.
func Problems(src string) []Problem {
	var out []Problem
	line, reported := 1, 0
	report := func(format string, args ...any) {
		if reported != line {
			out = append(out, Problem{Line: line, Msg: fmt.Sprintf(format, args...)})
			reported = line
		}
	}
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRuneInString(src[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			report("invalid UTF-8 (byte 0x%02x): save the file as UTF-8", src[i])
		case r == '\n':
			line++
		case r == '\r' && strings.HasPrefix(src[i+1:], "\n"):
		case unsafe(r):
			report("control character %U (%s): terminals obey it, so pack text must not hold it", r, controlName(r))
		}
		i += n
	}
	return out
}

// unsafe reports whether a terminal would act on r instead of showing it:
// C0 controls but tab and newline, DEL and C1 controls.
func unsafe(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f)
}

func controlName(r rune) string {
	switch r {
	case 0x1b:
		return "ESC, which starts escape sequences"
	case 0x07:
		return "BEL"
	case '\r':
		return "carriage return"
	case 0x08:
		return "backspace"
	case 0x9b:
		return "CSI"
	case 0x9d:
		return "OSC"
	}
	return "non-printing"
}

// Sanitize makes s safe to print: invalid UTF-8 becomes U+FFFD, and each
// control character other than tab and newline (ESC, BEL, CR, C1 controls)
// becomes its visible picture (␛, ␇, ␍) or U+FFFD, so that an escape
// sequence shows as text instead of acting on the terminal; the CR of a
// CRLF line end is dropped. Text without
// such characters is returned as it is.
func Sanitize(s string) string { return rewrite(s, false, visible) }

// SanitizeStyled is Sanitize for text that may carry SGR sequences (ESC [
// … m, colours and bold), which it keeps: they change how text looks, never
// the terminal's title, clipboard or screen. Every other escape sequence is
// shown as text.
func SanitizeStyled(s string) string { return rewrite(s, true, visible) }

// StripStyled drops from s every control character and escape sequence
// but its SGR sequences (colours and bold), and invalid UTF-8. It is for
// text already laid out to a width: unlike SanitizeStyled, which shows a
// control character as a one-column picture, it never makes a line wider.
func StripStyled(s string) string {
	return rewrite(s, true, func(r rune) rune {
		if r == utf8.RuneError || unsafe(r) {
			return -1
		}
		return r
	})
}

// rewrite passes s through with each rune replaced by replace (dropped
// when it returns -1), keeping SGR sequences whole when keepSGR is set and
// the CR of a CRLF line end. Text without unsafe characters is returned as
// it is.
func rewrite(s string, keepSGR bool, replace func(rune) rune) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		if keepSGR {
			if n := sgrLen(s[i:]); n > 0 {
				b.WriteString(s[i : i+n])
				i += n
				continue
			}
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == '\r' && strings.HasPrefix(s[i:], "\n") { // CRLF line ends stay
			continue
		}
		if r = replace(r); r >= 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clean reports whether s is valid UTF-8 without unsafe characters.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' || c == 0x7f || c >= 0x80 {
			if c < 0x80 {
				return false
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 || unsafe(r) {
				return false
			}
			i += n - 1
		}
	}
	return true
}

// sgrLen is the length of the SGR sequence s starts with (ESC [, parameters
// of digits, ";" and ":", then m), or 0.
func sgrLen(s string) int {
	if !strings.HasPrefix(s, "\x1b[") {
		return 0
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == ';', c == ':':
		case c == 'm':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}

func visible(r rune) rune {
	switch {
	case r == '\t' || r == '\n':
		return r
	case r < 0x20:
		return 0x2400 + r // Control Pictures: ␛ for ESC, ␇ for BEL
	case r == 0x7f:
		return '␡'
	case r >= 0x80 && r <= 0x9f:
		return utf8.RuneError
	}
	return r // including RuneError for invalid bytes
}
