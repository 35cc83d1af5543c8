package sandbox

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"

	"k8s.io/client-go/rest"

	"kubelab/sandbox/labcluster"
)

// Guard fixes the one API server the lab may talk to. The zero Guard refuses
// everything.
type Guard struct {
	// Server is the API server's URL, as in a kubeconfig.
	Server string
	// CASHA256 is labcluster.CASum of the server's CA bundle; when set, a
	// config trusting another CA is refused even at the same URL (a new
	// cluster that took the old one's port).
	CASHA256 string
	// What names the cluster in refusals ("the lab cluster kubelab").
	What string
	// Reason says why nothing is allowed, for a guard without a Server.
	Reason string
	// Hint says, in refusals, what to do instead; empty means the usual
	// advice (kubelab up, or --kubeconfig/--context).
	Hint string
}

// Check returns an error wrapping ErrRefused unless cfg reaches the guard's
// server with the guard's CA.
func (g Guard) Check(cfg *rest.Config) error {
	if g.Server == "" && g.Reason != "" {
		return fmt.Errorf("%w: %s", ErrRefused, g.Reason)
	}
	if g.Server == "" {
		return fmt.Errorf("%w: no cluster is allowed here: run `kubelab up` for the lab's cluster, or name one of your own with --kubeconfig/--context", ErrRefused)
	}
	want, err := canonicalHost(g.Server)
	if err != nil {
		return fmt.Errorf("%w: the allowed server %q is not a URL: %v", ErrRefused, g.Server, err)
	}
	got, err := canonicalHost(cfg.Host)
	if err != nil || got != want {
		return fmt.Errorf("%w: the server %s is not %s (%s); kubelab only talks to that cluster: %s",
			ErrRefused, cfg.Host, g.what(), g.Server, g.hint())
	}
	if g.CASHA256 != "" && labcluster.CASum(caBytes(cfg)) != g.CASHA256 {
		return fmt.Errorf("%w: the server %s presents another certificate authority than %s had; "+
			"it is another cluster now: run `kubelab up` to recreate the lab kubeconfig",
			ErrRefused, cfg.Host, g.what())
	}
	return nil
}

func (g Guard) hint() string {
	if g.Hint == "" {
		return "use `kubelab up` for the lab's cluster, or name another one explicitly with --kubeconfig/--context"
	}
	return g.Hint
}

func (g Guard) what() string {
	if g.What == "" {
		return "the allowed cluster"
	}
	return g.What
}

// Wrap makes cfg refuse, in its transport, every request whose host is not
// the guard's server, and every request at all when cfg itself fails Check.
// It returns cfg.
func (g Guard) Wrap(cfg *rest.Config) *rest.Config {
	checkErr := g.Check(cfg)
	want, _ := canonicalHost(g.Server)
	cfg.Wrap(func(rt http.RoundTripper) http.RoundTripper {
		return &guardTransport{next: rt, want: want, err: checkErr, g: g}
	})
	return cfg
}

type guardTransport struct {
	next http.RoundTripper
	want string
	err  error
	g    Guard
}

func (t *guardTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.err != nil {
		return nil, t.err
	}
	if got, err := canonicalHost(req.URL.String()); err != nil || got != t.want {
		return nil, fmt.Errorf("%w: a request to %s is not for %s (%s)", ErrRefused, req.URL.Host, t.g.what(), t.g.Server)
	}
	return t.next.RoundTrip(req)
}

// WrappedRoundTripper lets client-go see through the guard.
func (t *guardTransport) WrappedRoundTripper() http.RoundTripper { return t.next }

// caBytes is the CA bundle cfg trusts, inline or from its file.
func caBytes(cfg *rest.Config) []byte {
	if len(cfg.CAData) > 0 || cfg.CAFile == "" {
		return cfg.CAData
	}
	data, _ := os.ReadFile(cfg.CAFile)
	return data
}

// canonicalHost reduces a server URL (or a bare host[:port], as rest.Config
// allows) to scheme://host:port with the default port filled in.
func canonicalHost(server string) (string, error) {
	s := strings.TrimSpace(server)
	if s == "" {
		return "", fmt.Errorf("empty server")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", err
	}
	if u.Host == "" {
		return "", fmt.Errorf("no host in %q", server)
	}
	scheme := strings.ToLower(u.Scheme)
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "443"
		if scheme == "http" {
			port = "80"
		}
	}
	host = strings.ToLower(host)
	if host == "localhost" {
		host = "127.0.0.1"
	}
	return scheme + "://" + net.JoinHostPort(host, port), nil
}
