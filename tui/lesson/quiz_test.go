package lesson

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"kubelab/internal/render"
	"kubelab/lessons"
	"kubelab/tui/lab"
	"kubelab/tui/program"
	"kubelab/tui/theme"
)

// openQuizStep opens the test pack's step with a quiz for a learner with
// seed, with no cluster.
func openQuizStep(t *testing.T, seed string) *Model {
	t.Helper()
	cat, err := lessons.LoadDir("../testdata/pack")
	if err != nil {
		t.Fatal(err)
	}
	ctx := program.New(lab.Lab{Catalog: cat}, theme.New(theme.Options{Dark: true, NoColor: true}), "en")
	ctx.Seed = seed
	m := New(ctx)
	m.Open(cat.Lesson("healing"), "deploy")
	return m
}

func TestTheLearnerAnswersWithTheLetterOnScreenAndTheChoicesIdIsSaved(t *testing.T) {
	m := openQuizStep(t, "learner")
	c := m.quizCheck("owner")
	order := m.choiceOrder(c)
	if len(order) != 3 || slices.Equal(order, []string{"a", "b", "c"}) {
		t.Fatalf("order %v: want the three choices shuffled for this seed", order)
	}
	for i, typed := range []string{"a", "B", " c) "} {
		if id, ok := m.choiceID(c, typed); !ok || id != order[i] {
			t.Errorf("typed %q: id %q, %v; want %q", typed, id, ok, order[i])
		}
		if l := m.choiceLetter(c, order[i]); l != string(choiceLetters[i]) {
			t.Errorf("the letter of %q is %q, want %q", order[i], l, string(choiceLetters[i]))
		}
	}
	for _, typed := range []string{"d", "", "ab", "ReplicaSet"} {
		if id, ok := m.choiceID(c, typed); ok {
			t.Errorf("typed %q was taken as choice %q", typed, id)
		}
	}
}

func TestTheChoicesOrderIsTheLearnersOwnAndStable(t *testing.T) {
	first := openQuizStep(t, "learner")
	again := openQuizStep(t, "learner")
	a, b := first.choiceOrder(first.quizCheck("owner")), again.choiceOrder(again.quizCheck("owner"))
	if !slices.Equal(a, b) {
		t.Errorf("the same learner sees %v, then %v", a, b)
	}
	orders := map[string]bool{}
	for _, seed := range []string{"learner", "test", "seed", "kubelab tests"} {
		m := openQuizStep(t, seed)
		orders[m.choiceOrder(m.quizCheck("owner"))[0]] = true
	}
	if len(orders) < 2 {
		t.Errorf("four learners all see the same choice first: %v", orders)
	}
}

// asciiMarkdown is the lab's renderer without colour, as the goldens use.
type asciiMarkdown struct{ r *render.Renderer }

func (a asciiMarkdown) Render(src string, width int, lang string) (string, error) {
	return a.r.WithWidth(width).WithLang(lang).Markdown(src)
}

func TestAChoiceIsProseUnderItsLetterWithInlineCodeRenderedAndItsLinesHanging(t *testing.T) {
	m := openQuizStep(t, "learner")
	r, err := render.New(render.Options{Style: render.StyleASCII})
	if err != nil {
		t.Fatal(err)
	}
	m.ctx.Lab.Markdown = asciiMarkdown{r}
	for _, c := range []struct{ text, want string }{
		{"a ReplicaSet `web-<hash>`", "  b) a ReplicaSet web-<hash>"},
		{"1. the first, as a list numbers", "  b) 1. the first, as a list numbers"},
		{"- a dash, not a bullet", "  b) - a dash, not a bullet"},
		{"# not a heading", "  b) # not a heading"},
		{"the kubelet of the node it runs on, which starts the containers the pod asks for", "  b) the kubelet of the node it runs on,\n     which starts the containers the pod\n     asks for"},
	} {
		got := m.choiceLine("b) ", c.text, 44)
		for _, l := range strings.Split(got, "\n") {
			if ansi.StringWidth(l) > 44 {
				t.Errorf("choice %q: line %q is wider than 44 columns", c.text, l)
			}
		}
		if got = trimLines(got); got != c.want {
			t.Errorf("choice %q drawn as\n%s\nwant\n%s", c.text, got, c.want)
		}
	}
}

func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}
