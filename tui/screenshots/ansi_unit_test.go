package screenshots

import "testing"

// tmux versions encode the same cells differently (one combined SGR or
// several, a reset or an explicit default); the stored frame must not care.
func TestCanonicalIsTheSameForEveryEncodingOfTheSameCells(t *testing.T) {
	a := "\x1b[1m\x1b[38;5;141mkubelab\x1b[0m\x1b[39m\x1b[49m  H Home   \n\x1b[38;5;71m✓\x1b[39m ok\n"
	b := "\x1b[1;38;5;141mkubelab\x1b[22;39m  H Home\n\x1b[38:5:71m✓\x1b[m ok   \n\n\n"
	ca, cb := canonical(a, 3), canonical(b, 3)
	if ca != cb {
		t.Fatalf("two encodings of one screen differ:\n%q\n%q", ca, cb)
	}
	want := "\x1b[0m\x1b[1m\x1b[38;5;141mkubelab\x1b[0m  H Home\n\x1b[0m\x1b[38;5;71m✓\x1b[0m ok\n\n"
	if ca != want {
		t.Fatalf("canonical:\n got %q\nwant %q", ca, want)
	}
	if got := plain(ca); got != "kubelab  H Home\n✓ ok\n\n" {
		t.Errorf("plain: %q", got)
	}
	// A style carries over a line break, as tmux leaves it; a coloured
	// background keeps its trailing blanks.
	c := canonical("\x1b[38;5;1mred\nstill red\x1b[0m\n\x1b[48;5;17m  \x1b[0m\n", 3)
	if want := "\x1b[0m\x1b[38;5;1mred\x1b[0m\n\x1b[0m\x1b[38;5;1mstill red\x1b[0m\n\x1b[0m\x1b[48;5;17m  \x1b[0m\n"; c != want {
		t.Errorf("carried style:\n got %q\nwant %q", c, want)
	}
}

func TestMaskHidesTheAPIServersPort(t *testing.T) {
	got := mask("server https://127.0.0.1:41531 ready, other 10.96.0.1:443")
	if want := "server https://127.0.0.1:6443 ready, other 10.96.0.1:443"; got != want {
		t.Errorf("mask: %q, want %q", got, want)
	}
}
