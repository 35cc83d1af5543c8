package render

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"kubelab/internal/text"
)

// Glamour breaks a line at any break character left in the source for it
// to see: soft line breaks, ";", "|", punctuation and spaces next to
// emphasis delimiters. Re-wrapping the pieces one by one left paragraphs
// ragged, with the space after a "." or ";" starting the next line. These
// cases are prose that came out that way.
var fillCases = []struct {
	name  string
	width int
	src   string
	// first and cont are the paragraph's first-line and continuation
	// prefixes in the ASCII style; empty means glamour's margin, "  ".
	first, cont string
}{
	{name: "en/bold before a full stop", width: 63,
		src: "A cluster is a **control plane** and **nodes**. The control plane stores the desired state of every object, and the nodes run the containers that make up your workloads."},
	{name: "en/semicolon", width: 70,
		src: "Google announced the project in 2014, drawing on more than ten years of running containers internally on Borg; v1.0 came out in July 2015 and was donated to the then-new Cloud Native Computing Foundation (CNCF), where it was the first project to graduate (2018)."},
	{name: "en/soft line breaks", width: 50,
		src: "*Kubernetes* is Greek: the helmsman who steers a ship (the same root gives\n\"governor\" and \"cybernetics\"). **k8s** is a numeronym: k, eight letters (`ubernete`), s. Google\nannounced the project in 2014, drawing on more than ten years of running containers internally on\nBorg; v1.0 came out in July 2015."},
	{name: "en/italic before a comma", width: 45,
		src: "A *container*, a *Pod*, a *node*; each is a layer of the same idea, and _desired state_, not commands, ties them together in every controller you will meet."},
	{name: "en/code spans next to punctuation", width: 40,
		src: "Run `kubectl get pods`, then `kubectl delete pod web-1`; the ReplicaSet notices the missing Pod and makes another from its template within seconds."},
	{name: "en/links next to punctuation", width: 60,
		src: "Read [the concepts](https://kubernetes.io/docs/concepts/), then the [API reference](https://kubernetes.io/docs/reference/); both are long, but **the concepts**, read once, make every later lesson easier to follow."},
	{name: "en/bold ending in a full stop", width: 50,
		src: "**Utilization is relative to requests.** A container without a CPU request gives the autoscaler nothing to divide by, so the target reads as unknown and nothing scales."},
	{name: "en/list item", width: 50, first: "  • ", cont: "    ",
		src: "- **namespaces** give it its own view of the machine: its own process tree (pid), network stack (net), file-system mounts (mnt); hostname (uts), IPC and users."},
	{name: "en/block quote", width: 50, first: "  | ", cont: "  | ",
		src: "> Hint: a Deployment does not manage Pods directly but through a **ReplicaSet**; it keeps the number of running replicas equal to the desired state."},
	{name: "zh/soft line breaks between characters", width: 40,
		src: "集群由**控制平面**和**节点**组成。控制平面保存每个对象的期望状态，\n节点运行组成工作负载的容器，kubelet 负责启动它们；\n控制器不断比较实际状态与期望状态，\n并让两者一致。"},
	{name: "zh/code and bold next to punctuation", width: 40,
		src: "先运行 `kubectl get pods -o wide`，再用 **kubectl delete pod web-1**; 删除一个 Pod 之后，ReplicaSet 会发现少了一个副本，*马上*根据模板再创建一个，整个过程通常只需要几秒钟。"},
	{name: "zh/links and mixed punctuation", width: 44,
		src: "详见[官方文档](https://kubernetes.io/zh-cn/docs/concepts/)；其中 **Pod**, **Service** 和 *Deployment* 三章最重要。读过一次之后，\n后面每一课都会容易得多。"},
}

func TestParagraphsFillTheirLinesGreedily(t *testing.T) {
	for _, c := range fillCases {
		for _, style := range []Style{StyleASCII, StyleDark} {
			t.Run(c.name+"/"+string(style), func(t *testing.T) { testFill(t, c.src, c.width, style, c.first, c.cont) })
		}
	}
}

func testFill(t *testing.T, src string, width int, style Style, first, cont string) {
	if first == "" {
		first, cont = "  ", "  "
	}
	if style == StyleDark {
		first, cont = strings.ReplaceAll(first, "|", "│"), strings.ReplaceAll(cont, "|", "│")
	}
	// The paragraph on one line, as glamour shows it: the text the
	// wrapped lines must add up to, and where its spaces are.
	whole := paragraphLines(t, mustRender(t, Options{Width: 1000, Style: style}, src))
	if len(whole) != 1 {
		t.Fatalf("at width 1000 the paragraph is not one line: %q", whole)
	}
	text := strings.TrimPrefix(whole[0], first)

	out := mustRender(t, Options{Width: width, Style: style}, src)
	for _, l := range tooWide(out, width) {
		t.Error(l)
	}
	lines := paragraphLines(t, out)
	if len(lines) < 3 {
		t.Fatalf("expected the paragraph to wrap at width %d:\n%s", width, out)
	}
	limit := width - 2 // glamour's right margin
	var pieces []string
	for i, l := range lines {
		prefix := cont
		if i == 0 {
			prefix = first
		}
		rest, ok := strings.CutPrefix(l, prefix)
		if !ok || strings.HasPrefix(rest, " ") {
			t.Errorf("line %d does not start with exactly %q: %q\n%s", i+1, prefix, l, out)
		}
		pieces = append(pieces, strings.TrimLeft(rest, " "))
	}
	// Find the pieces in the one-line text, with the spaces (or none,
	// between Chinese characters) that each break replaced.
	at := 0
	seps := make([]string, len(pieces))
	for i, p := range pieces {
		if i > 0 {
			rest := strings.TrimLeft(text[at:], " ")
			seps[i], at = text[at:len(text)-len(rest)], len(text)-len(rest)
		}
		if !strings.HasPrefix(text[at:], p) {
			t.Fatalf("line %d %q is not the next piece of %q\n%s", i+1, p, text[at:], out)
		}
		at += len(p)
	}
	for i := 0; i+1 < len(lines); i++ {
		next := firstUnit(pieces[i+1])
		if w := Width(lines[i]) + len(seps[i+1]) + Width(next); w <= limit {
			t.Errorf("line %d ends early: %q would have fitted after %q (%d ≤ %d)\n%s",
				i+1, next, lines[i], w, limit, out)
		}
	}
}

// paragraphLines returns the non-blank lines of a rendering, without colour
// and glamour's padding.
func paragraphLines(t *testing.T, out string) []string {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(ansi.Strip(out), "\n") {
		if l = strings.TrimRight(l, " "); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// firstUnit is the start of s that a line break cannot split: a Latin word
// up to a space or a Chinese character, or one Chinese character, with the
// punctuation that may not start or end a line attached.
func firstUnit(s string) string {
	rs := []rune(s)
	n := 0
	for {
		if wideOrCJK(rs[n]) {
			n++
		} else {
			for n < len(rs) && rs[n] != ' ' && !wideOrCJK(rs[n]) {
				n++
			}
		}
		if n == len(rs) || rs[n] == ' ' || (!text.NoBreakBefore(rs[n]) && !text.NoBreakAfter(rs[n-1])) {
			return string(rs[:n])
		}
	}
}

func TestFirstUnit(t *testing.T) {
	for s, want := range map[string]string{
		"nodes. The":   "nodes.",
		"节点，然后":        "节",
		"点，然后":         "点，",
		"（node）的状态":    "（node）",
		"Pod看看":        "Pod",
		"**nodes**. x": "**nodes**.",
	} {
		if got := firstUnit(s); got != want {
			t.Errorf("firstUnit(%q) = %q, want %q", s, got, want)
		}
	}
}

// wideOrCJK is ideographic for a lone rune.
func wideOrCJK(r rune) bool { return Condition.RuneWidth(r) >= 2 || text.BreaksAround(r) }
