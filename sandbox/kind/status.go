package kind

import (
	"kubelab/internal/msg"

	"context"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"
	"text/tabwriter"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"kubelab/sandbox/labcluster"
)

// NodeStatus is one node as its container and the API server see it.
type NodeStatus struct {
	Name string
	// Role is "control-plane" or "worker".
	Role string
	// Container is the engine's status of the node container ("Up 3
	// minutes", "Exited (137) 2 hours ago").
	Container string
	// Ready is "Ready", "NotReady" or "unknown" (the API was not reached).
	Ready      string
	Version    string
	InternalIP string
}

// Status is the lab cluster as `kubelab status` shows it.
type Status struct {
	Engine Engine
	// Exists says kind knows the cluster (its node containers exist).
	Exists bool
	Server string
	Nodes  []NodeStatus
	// APIError says why readiness and versions are unknown.
	APIError error
}

// GetStatus asks the engine for the node containers and, through cfg (a
// guarded config for the lab cluster; nil when there is none), the API
// server for readiness, versions and addresses.
func GetStatus(ctx context.Context, e Engine, cfg *rest.Config) (Status, error) {
	st := Status{Engine: e}
	if cfg != nil {
		st.Server = cfg.Host
	}
	out, err := exec.CommandContext(ctx, string(e), "ps", "-a",
		"--filter", "label=io.x-k8s.kind.cluster="+labcluster.Name,
		"--format", `{{.Names}}	{{.Label "io.x-k8s.kind.role"}}	{{.Status}}`).CombinedOutput()
	if err != nil {
		return st, &CommandError{Action: msg.New("kind.do.listContainers"), Err: err,
			Command: string(e) + " ps -a --filter label=io.x-k8s.kind.cluster=" + labcluster.Name,
			Output:  tail(string(out), maxErrorOutput), Next: hintOr(string(out), msg.New("kind.next.doctor"))}
	}
	byName := map[string]*NodeStatus{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.SplitN(line, "\t", 3)
		if len(f) != 3 {
			continue
		}
		byName[f[0]] = &NodeStatus{Name: f[0], Role: f[1], Container: f[2], Ready: "unknown"}
	}
	st.Exists = len(byName) > 0
	if st.Exists && cfg != nil {
		st.APIError = fillFromAPI(ctx, cfg, byName)
	}
	for _, n := range byName {
		st.Nodes = append(st.Nodes, *n)
	}
	sort.Slice(st.Nodes, func(i, j int) bool { return st.Nodes[i].Name < st.Nodes[j].Name })
	return st, nil
}

func hintOr(out string, next msg.Msg) msg.Msg {
	if h := hintFor(out); !h.IsZero() {
		return h
	}
	return next
}

func fillFromAPI(ctx context.Context, cfg *rest.Config, byName map[string]*NodeStatus) error {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	list, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	for _, n := range list.Items {
		ns, ok := byName[n.Name]
		if !ok {
			continue
		}
		ns.Ready = "NotReady"
		if c := nodeCondition(&n, corev1.NodeReady); c != nil && c.Status == corev1.ConditionTrue {
			ns.Ready = "Ready"
		}
		ns.Version = n.Status.NodeInfo.KubeletVersion
		for _, a := range n.Status.Addresses {
			if a.Type == corev1.NodeInternalIP {
				ns.InternalIP = a.Address
				break
			}
		}
	}
	return nil
}

// Write prints st as a table with a line of advice, in lang.
func (st Status) Write(w io.Writer, lang string) {
	say := func(key string, args ...any) { fmt.Fprintln(w, msg.New(key, args...).Text(lang)) }
	if !st.Exists {
		say("kind.status.none", labcluster.Name)
		return
	}
	if st.Server != "" {
		say("kind.status.clusterAt", labcluster.Name, string(st.Engine), st.Server)
	} else {
		say("kind.status.cluster", labcluster.Name, string(st.Engine))
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tROLE\tREADY\tVERSION\tIP\tCONTAINER")
	for _, n := range st.Nodes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", n.Name, n.Role, n.Ready, dash(n.Version), dash(n.InternalIP), n.Container)
	}
	tw.Flush()
	switch {
	case st.Server == "":
		say("kind.status.noKubeconfig")
	case st.APIError != nil:
		say("kind.status.apiDown", st.APIError, string(st.Engine))
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// APINodes lists nodes as the API server sees them, for clusters that are
// not the lab's kind cluster (no containers to ask about).
func APINodes(ctx context.Context, cfg *rest.Config) ([]NodeStatus, error) {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	list, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list nodes: %w", err)
	}
	byName := map[string]*NodeStatus{}
	for _, n := range list.Items {
		role := "worker"
		for label := range n.Labels {
			if r, ok := strings.CutPrefix(label, "node-role.kubernetes.io/"); ok && r != "" {
				role = r
			}
		}
		byName[n.Name] = &NodeStatus{Name: n.Name, Role: role, Ready: "unknown"}
	}
	if err := fillFromAPI(ctx, cfg, byName); err != nil {
		return nil, err
	}
	out := make([]NodeStatus, 0, len(byName))
	for _, n := range byName {
		out = append(out, *n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// WriteNodes prints nodes as a table.
func WriteNodes(w io.Writer, list []NodeStatus) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tROLE\tREADY\tVERSION\tIP")
	for _, n := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", n.Name, n.Role, n.Ready, dash(n.Version), dash(n.InternalIP))
	}
	tw.Flush()
}
