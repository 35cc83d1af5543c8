package screenshots

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// style is one cell's look: the SGR attributes tmux keeps per cell that
// the pictures show.
type style struct {
	fg, bg                              string // "" (default), "38;5;N", "38;2;R;G;B", "31"...
	bold, faint, italic, underline, inv bool
	strike                              bool
}

// sgr is the canonical form of s: a reset, then one sequence per attribute,
// so the same screen always serialises to the same bytes whichever way tmux
// (or its version) happened to encode it, and a renderer that applies one
// parameter at a time reads it right.
func (s style) sgr() string {
	var b strings.Builder
	b.WriteString("\x1b[0m")
	for _, on := range []struct {
		set  bool
		code string
	}{{s.bold, "1"}, {s.faint, "2"}, {s.italic, "3"}, {s.underline, "4"}, {s.inv, "7"}, {s.strike, "9"}} {
		if on.set {
			b.WriteString("\x1b[" + on.code + "m")
		}
	}
	if s.fg != "" {
		b.WriteString("\x1b[" + s.fg + "m")
	}
	if s.bg != "" {
		b.WriteString("\x1b[" + s.bg + "m")
	}
	return b.String()
}

var csi = regexp.MustCompile(`\x1b\[([0-9;:]*)([A-Za-z])`)

// apply folds one SGR parameter list into s.
func (s *style) apply(params string) {
	if params == "" {
		*s = style{}
		return
	}
	p := strings.FieldsFunc(params, func(r rune) bool { return r == ';' || r == ':' })
	for i := 0; i < len(p); i++ {
		n, _ := strconv.Atoi(p[i])
		switch {
		case n == 0:
			*s = style{}
		case n == 1:
			s.bold = true
		case n == 2:
			s.faint = true
		case n == 3:
			s.italic = true
		case n == 4:
			s.underline = true
		case n == 7:
			s.inv = true
		case n == 9:
			s.strike = true
		case n == 22:
			s.bold, s.faint = false, false
		case n == 23:
			s.italic = false
		case n == 24:
			s.underline = false
		case n == 27:
			s.inv = false
		case n == 29:
			s.strike = false
		case n >= 30 && n <= 37, n >= 90 && n <= 97:
			s.fg = strconv.Itoa(n)
		case n == 39:
			s.fg = ""
		case n >= 40 && n <= 47, n >= 100 && n <= 107:
			s.bg = strconv.Itoa(n)
		case n == 49:
			s.bg = ""
		case n == 38 || n == 48:
			var c string
			switch {
			case i+2 < len(p) && p[i+1] == "5":
				c = fmt.Sprintf("%d;5;%s", n, p[i+2])
				i += 2
			case i+4 < len(p) && p[i+1] == "2":
				c = fmt.Sprintf("%d;2;%s;%s;%s", n, p[i+2], p[i+3], p[i+4])
				i += 4
			default:
				i = len(p)
			}
			if n == 38 {
				s.fg = c
			} else {
				s.bg = c
			}
		}
	}
}

// canonical rewrites a `tmux capture-pane -e -p` screen: the same text, each
// change of style as [style.sgr], a reset at the end of every styled line, no
// trailing unstyled blanks, exactly rows lines.
func canonical(screen string, rows int) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	for len(lines) < rows {
		lines = append(lines, "")
	}
	lines = lines[:rows]
	var out strings.Builder
	var cur style
	for _, line := range lines {
		var b strings.Builder
		written := style{}
		// Cells after the last non-blank or styled cell are dropped.
		type cell struct {
			r  string
			st style
		}
		var cells []cell
		rest := line
		for rest != "" {
			if loc := csi.FindStringSubmatchIndex(rest); loc != nil && loc[0] == 0 {
				if rest[loc[4]:loc[5]] == "m" {
					cur.apply(rest[loc[2]:loc[3]])
				}
				rest = rest[loc[1]:]
				continue
			}
			r := []rune(rest)[0]
			cells = append(cells, cell{string(r), cur})
			rest = rest[len(string(r)):]
		}
		end := len(cells)
		for end > 0 && cells[end-1].r == " " && cells[end-1].st.bg == "" && !cells[end-1].st.inv && !cells[end-1].st.underline {
			end--
		}
		for _, c := range cells[:end] {
			if c.st != written {
				b.WriteString(c.st.sgr())
				written = c.st
			}
			b.WriteString(c.r)
		}
		if written != (style{}) {
			b.WriteString("\x1b[0m")
		}
		out.WriteString(b.String())
		out.WriteString("\n")
	}
	return out.String()
}

// plain is a canonical screen without its styles.
func plain(screen string) string { return csi.ReplaceAllString(screen, "") }
