package lessons

import (
	"strings"
	"sync"
)

// lessonText is a lesson's prose in each language. A pack loaded with
// every check parses it as it loads: its problems are the pack's. A proven
// pack (the built-in one, whose full load the tests keep free of problems)
// keeps each file's text and parses a lesson's prose the first time it is
// read, so the lab's first frame pays only for the titles it lists.
type lessonText struct {
	langs  []string          // the languages written, in Languages' order
	titles map[string]string // lang -> title
	once   sync.Once
	src    map[string]proseSource // lang -> source, until parsed
	prose  map[string]Prose       // lang -> parsed, once parsed
}

func newLessonText() *lessonText {
	return &lessonText{titles: map[string]string{}, src: map[string]proseSource{}, prose: map[string]Prose{}}
}

type proseSource struct{ file, text string }

// add takes the lesson's prose in lang: parsed now, with its problems, in
// a pack loaded with every check; kept as text until first read in a
// proven pack, whose title comes from the first line.
func (t *lessonText) add(lang, file, text string, ps *problems) {
	t.langs = append(t.langs, lang)
	if ps.full() {
		p := parseProse(file, text, ps)
		t.prose[lang], t.titles[lang] = p, p.Title
		return
	}
	t.src[lang], t.titles[lang] = proseSource{file, text}, proseTitle(text)
}

// parsed is the prose by language, parsing it on the first call.
func (t *lessonText) parsed() map[string]Prose {
	if t == nil {
		return nil
	}
	t.once.Do(func() {
		for lang, s := range t.src {
			// A proven pack's prose has no problem: its full load has none.
			t.prose[lang] = parseProse(s.file, s.text, &problems{proven: true})
		}
		t.src = nil
	})
	return t.prose
}

// proseTitle is the title parseProse finds in a lesson's prose that has
// no problem: its first line that is not blank, a "# " heading.
func proseTitle(src string) string {
	for line := range strings.SplitSeq(src, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if m := headingRE.FindStringSubmatch(line); m != nil && len(m[1]) == 1 {
			return m[2]
		}
		return ""
	}
	return ""
}

// Text returns the lesson's prose in lang, falling back to English.
func (l *Lesson) Text(lang string) Prose {
	prose := l.text.parsed()
	if p, ok := prose[lang]; ok {
		return p
	}
	return prose["en"]
}

// Title is the lesson's title in lang, falling back to English, without
// parsing the rest of its prose.
func (l *Lesson) Title(lang string) string {
	if l.text == nil {
		return ""
	}
	if t, ok := l.text.titles[lang]; ok {
		return t
	}
	return l.text.titles["en"]
}

// Languages are the languages the lesson is written in.
func (l *Lesson) Languages() []string {
	if l.text == nil {
		return nil
	}
	return l.text.langs
}
