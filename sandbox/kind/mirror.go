package kind

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
)

// Mirror sends pulls for Registry (as images name it: "docker.io",
// "registry.example:5000") to URL first; the registry itself stays the
// fallback.
type Mirror struct {
	Registry string
	URL      string
}

// ParseMirror reads a --mirror value, REGISTRY=URL.
func ParseMirror(s string) (Mirror, error) {
	reg, u, ok := strings.Cut(s, "=")
	reg, u = strings.TrimSpace(reg), strings.TrimSpace(u)
	if !ok || reg == "" || u == "" {
		return Mirror{}, fmt.Errorf("--mirror %q: want REGISTRY=URL, for example docker.io=https://mirror.example.org", s)
	}
	if strings.ContainsAny(reg, "/ \t") || strings.Contains(reg, "://") {
		return Mirror{}, fmt.Errorf("--mirror %q: the registry is a host name as images spell it (docker.io, or host:port), without a scheme or path", s)
	}
	parsed, err := url.Parse(u)
	if err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
		return Mirror{}, fmt.Errorf("--mirror %q: the mirror must be an http:// or https:// URL", s)
	}
	return Mirror{Registry: reg, URL: strings.TrimRight(u, "/")}, nil
}

// MirrorFiles returns the containerd hosts.toml files for mirrors, keyed by
// their path on a node (CertsDir/<registry>/hosts.toml). Several mirrors for
// one registry are tried in the order given.
func MirrorFiles(mirrors []Mirror) map[string]string {
	byRegistry := map[string][]string{}
	var order []string
	for _, m := range mirrors {
		if _, seen := byRegistry[m.Registry]; !seen {
			order = append(order, m.Registry)
		}
		byRegistry[m.Registry] = append(byRegistry[m.Registry], m.URL)
	}
	sort.Strings(order)
	files := map[string]string{}
	for _, reg := range order {
		var b strings.Builder
		fmt.Fprintf(&b, "# Written by kubelab (--mirror): pulls from %s try these mirrors first.\n", reg)
		for _, u := range byRegistry[reg] {
			fmt.Fprintf(&b, "\n[host.%q]\n  capabilities = [\"pull\", \"resolve\"]\n", u)
		}
		files[path.Join(CertsDir, reg, "hosts.toml")] = b.String()
	}
	return files
}
