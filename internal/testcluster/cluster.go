package testcluster

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"kubelab/internal/topology"
)

// The cluster's shape, the lab's kind cluster's (internal/topology).
const (
	// ContextName is the context (and cluster) name in the kubeconfig.
	ContextName = topology.ClusterName + "-test"
	// PodCIDR is the range node podCIDRs (and pod IPs) come from.
	PodCIDR = topology.PodSubnet
	// ServiceCIDR is the range Service ClusterIPs come from.
	ServiceCIDR = topology.ServiceSubnet
	// ControlPlaneNode is the node tainted NoSchedule and labelled with the
	// control-plane role; WorkerNodes take the pods.
	ControlPlaneNode = topology.ControlPlaneNode
	// NodeIP is every fake node's InternalIP: kwok serves all fake kubelets
	// on one loopback address, which is what the API server dials for logs.
	NodeIP = "127.0.0.1"

	// kwokNodeAnnotation marks the nodes kwok manages.
	kwokNodeAnnotation = "kwok.x-k8s.io/node"
	controlPlaneRole   = "node-role.kubernetes.io/control-plane"
)

// WorkerNodes are the nodes that run pods.
var WorkerNodes = topology.WorkerNodes(topology.DefaultWorkers)

// NodeNames are all nodes, control plane first.
func NodeNames() []string { return append([]string{ControlPlaneNode}, WorkerNodes...) }

// firstHost is the first address of a subnet with its prefix length
// ("10.244.0.1/16" for "10.244.0.0/16"): kwok hands pod IPs out from there.
func firstHost(subnet string) string {
	p := netip.MustParsePrefix(subnet)
	return netip.PrefixFrom(p.Masked().Addr().Next(), p.Bits()).String()
}

// kubernetesServiceIP is the ClusterIP of the Service "kubernetes", the
// first address of the service subnet, which the API server's certificate
// must name ("10.96.0.1").
func kubernetesServiceIP() string {
	return netip.MustParsePrefix(ServiceCIDR).Masked().Addr().Next().String()
}

// Options configure [Start]. The zero value is ready to use.
type Options struct {
	// BinDir holds the binaries; empty means [BinDir].
	BinDir string
	// Dir receives certificates, kubeconfigs, etcd's data and the logs; empty
	// means a new temporary folder, removed by Stop.
	Dir string
}

// Cluster is a running control plane with three fake nodes.
type Cluster struct {
	dir       string
	removeDir bool
	server    string

	kubeconfig string
	restConfig *rest.Config
	clientset  *kubernetes.Clientset

	etcd, apiserver *process
	others          []*process // stopped before the API server
	all             []*process // in start order, for logs

	readyAfter time.Duration

	exitOnce sync.Once
	exitCh   chan struct{}
	exitMsg  string

	stopOnce sync.Once
	stopErr  error
}

// Start runs etcd, kube-apiserver, kube-controller-manager, kube-scheduler
// and kwok on free loopback ports, registers the three fake nodes and returns
// once the nodes are Ready with podCIDRs and the default ServiceAccount
// exists. Give ctx a deadline; on 2 cores it takes 3-4 s. On
// error everything started has been stopped and the error carries the tails
// of the components' logs.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	begin := time.Now()
	binDir := opts.BinDir
	if binDir == "" {
		d, err := BinDir()
		if err != nil {
			return nil, err
		}
		binDir = d
	}
	if err := CheckBinaries(binDir); err != nil {
		return nil, err
	}
	kwokDir, err := kwokModuleDir(ctx)
	if err != nil {
		return nil, err
	}
	// A port found free can be taken by another test package before the
	// component binds it: start again on new ports (in a new folder; a
	// caller's folder would hold the failed attempt's etcd data).
	for attempt := 1; ; attempt++ {
		c, err := start(ctx, opts, binDir, kwokDir)
		if err == nil {
			c.readyAfter = time.Since(begin)
			return c, nil
		}
		if !errors.Is(err, errPortTaken) || opts.Dir != "" || attempt == 3 || ctx.Err() != nil {
			return nil, err
		}
	}
}

// errPortTaken marks a start that failed because a port was taken meanwhile.
var errPortTaken = errors.New("a port of the test cluster was taken")

func start(ctx context.Context, opts Options, binDir, kwokDir string) (_ *Cluster, err error) {
	c := &Cluster{dir: opts.Dir, exitCh: make(chan struct{})}
	if c.dir == "" {
		if c.dir, err = os.MkdirTemp("", "kubelab-testcluster-"); err != nil {
			return nil, fmt.Errorf("create the test cluster's folder: %w", err)
		}
		c.removeDir = true
	}
	defer func() {
		if err != nil {
			tails := c.LogTails(30)
			if stopErr := c.Stop(); stopErr != nil {
				err = errors.Join(err, stopErr)
			}
			if strings.Contains(tails, "address already in use") {
				err = fmt.Errorf("%w: %w", errPortTaken, err)
			}
			err = fmt.Errorf("%w\n%s", err, tails)
		}
	}()
	for _, sub := range []string{"pki", "logs", "etcd", "kwok"} {
		if err := os.MkdirAll(filepath.Join(c.dir, sub), 0o700); err != nil {
			return nil, fmt.Errorf("create the test cluster's %s folder: %w", sub, err)
		}
	}
	ports, err := pickPorts(6)
	if err != nil {
		return nil, err
	}
	etcdPort, peerPort, apiPort, kcmPort, schedPort, kwokPort := ports[0], ports[1], ports[2], ports[3], ports[4], ports[5]
	c.server = "https://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(apiPort))

	f, err := c.writeCredentials()
	if err != nil {
		return nil, err
	}
	bin := func(name string) string { return filepath.Join(binDir, name) }
	logs := filepath.Join(c.dir, "logs")
	url := func(port int) string { return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }

	if c.etcd, err = c.start(logs, "etcd", bin("etcd"),
		"--name=kubelab-test",
		"--data-dir="+filepath.Join(c.dir, "etcd"),
		"--listen-client-urls="+url(etcdPort),
		"--advertise-client-urls="+url(etcdPort),
		"--listen-peer-urls="+url(peerPort),
		"--initial-advertise-peer-urls="+url(peerPort),
		"--initial-cluster=kubelab-test="+url(peerPort),
		"--unsafe-no-fsync", // the data dies with the cluster
		"--log-level=warn",
	); err != nil {
		return nil, err
	}
	// The API server retries etcd while it comes up: no need to wait here.
	if c.apiserver, err = c.start(logs, "kube-apiserver", bin("kube-apiserver"),
		"--etcd-servers="+url(etcdPort),
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(apiPort),
		// EndpointSlices refuse loopback addresses, so the kubernetes
		// Service keeps no endpoints rather than failing to reconcile them.
		"--endpoint-reconciler-type=none",
		"--tls-cert-file="+f.apiserver.CertFile,
		"--tls-private-key-file="+f.apiserver.KeyFile,
		"--client-ca-file="+f.ca,
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file="+f.saPub,
		"--service-account-signing-key-file="+f.saKey,
		"--service-cluster-ip-range="+ServiceCIDR,
		"--authorization-mode=Node,RBAC",
		"--allow-privileged=true",
		"--kubelet-client-certificate="+f.kubeletClient.CertFile,
		"--kubelet-client-key="+f.kubeletClient.KeyFile,
		"--kubelet-certificate-authority="+f.ca,
		"--kubelet-preferred-address-types=InternalIP",
		"--profiling=false",
	); err != nil {
		return nil, err
	}
	if err := c.waitAPIServer(ctx); err != nil {
		return nil, err
	}
	if err := c.createNodes(ctx); err != nil {
		return nil, err
	}

	proc, err := c.start(logs, "kube-controller-manager", bin("kube-controller-manager"),
		"--kubeconfig="+f.kcmKubeconfig,
		"--bind-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(kcmPort),
		"--leader-elect=false",
		"--service-account-private-key-file="+f.saKey,
		"--root-ca-file="+f.ca,
		"--cluster-signing-cert-file="+f.ca,
		"--cluster-signing-key-file="+f.caKey,
		"--allocate-node-cidrs=true",
		"--cluster-cidr="+PodCIDR,
		"--node-cidr-mask-size=24",
		"--service-cluster-ip-range="+ServiceCIDR,
		"--profiling=false",
	)
	if err != nil {
		return nil, err
	}
	c.others = append(c.others, proc)
	if proc, err = c.start(logs, "kube-scheduler", bin("kube-scheduler"),
		"--kubeconfig="+f.schedKubeconfig,
		"--bind-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(schedPort),
		"--leader-elect=false",
		"--profiling=false",
	); err != nil {
		return nil, err
	}
	c.others = append(c.others, proc)
	kwokConfigs, err := c.writeKwokConfig(kwokDir)
	if err != nil {
		return nil, err
	}
	if proc, err = c.start(logs, "kwok", bin("kwok"),
		"--kubeconfig="+f.kwokKubeconfig,
		"--manage-all-nodes=false",
		"--manage-nodes-with-annotation-selector="+kwokNodeAnnotation+"=fake",
		"--cidr="+firstHost(PodCIDR),
		"--node-ip="+NodeIP,
		"--node-port="+strconv.Itoa(kwokPort),
		"--server-address="+net.JoinHostPort("127.0.0.1", strconv.Itoa(kwokPort)),
		"--tls-cert-file="+f.kwokServing.CertFile,
		"--tls-private-key-file="+f.kwokServing.KeyFile,
		"--config="+strings.Join(kwokConfigs, ","),
		// The heartbeat-with-lease stage refreshes node status only every
		// ten minutes and relies on node Leases in between; without them the
		// node lifecycle controller, on a busy machine, marks pods NotReady
		// (NodeNotReady events) while the nodes still look Ready.
		"--node-lease-duration-seconds=40",
	); err != nil {
		return nil, err
	}
	c.others = append(c.others, proc)

	if err := c.waitNodesReady(ctx); err != nil {
		return nil, err
	}
	if err := c.waitServiceAccount(ctx, metav1.NamespaceDefault); err != nil {
		return nil, err
	}
	return c, nil
}

// Kubeconfig is the path of an admin kubeconfig (group system:masters) whose
// current context is [ContextName]. It lives in the cluster's folder.
func (c *Cluster) Kubeconfig() string { return c.kubeconfig }

// RESTConfig returns a copy of the admin client configuration.
func (c *Cluster) RESTConfig() *rest.Config { return rest.CopyConfig(c.restConfig) }

// Clientset is an admin client.
func (c *Cluster) Clientset() kubernetes.Interface { return c.clientset }

// Server is the API server's URL.
func (c *Cluster) Server() string { return c.server }

// Dir is the cluster's folder: pki/, logs/, etcd/, kwok/, kubeconfig.
func (c *Cluster) Dir() string { return c.dir }

// ReadyAfter is how long Start took, from its call to Ready nodes.
func (c *Cluster) ReadyAfter() time.Duration { return c.readyAfter }

// Exited is closed when a component exits without Stop having been called;
// [Cluster.ExitReason] then says which and how.
func (c *Cluster) Exited() <-chan struct{} { return c.exitCh }

// ExitReason describes the component that exited on its own, or is "".
func (c *Cluster) ExitReason() string {
	select {
	case <-c.exitCh:
		return c.exitMsg
	default:
		return ""
	}
}

// PIDs maps each running component to its process id (for measuring).
func (c *Cluster) PIDs() map[string]int {
	m := map[string]int{}
	for _, p := range c.all {
		if !p.exited() {
			m[p.name] = p.cmd.Process.Pid
		}
	}
	return m
}

// LogTails returns the last n lines of every component's log, each under a
// header naming the file.
func (c *Cluster) LogTails(n int) string {
	var b strings.Builder
	for _, p := range c.all {
		fmt.Fprintf(&b, "==> %s (last %d lines) <==\n%s\n", p.logPath, n, p.tail(n))
	}
	return b.String()
}

// Stop ends every component (clients first, then the API server, then etcd),
// waits until each process has exited, and removes the cluster's folder if
// Start created it. It is safe to call more than once.
func (c *Cluster) Stop() error {
	c.stopOnce.Do(func() {
		var wg sync.WaitGroup
		for _, p := range c.others {
			wg.Go(func() { p.stop(5 * time.Second) })
		}
		wg.Wait()
		if c.apiserver != nil {
			c.apiserver.stop(10 * time.Second)
		}
		if c.etcd != nil {
			c.etcd.stop(5 * time.Second)
		}
		if c.removeDir {
			if err := os.RemoveAll(c.dir); err != nil {
				c.stopErr = fmt.Errorf("remove the test cluster's folder: %w", err)
			}
		}
	})
	return c.stopErr
}

func (c *Cluster) start(logDir, name, bin string, args ...string) (*process, error) {
	p, err := startProcess(logDir, name, bin, args...)
	if err != nil {
		return nil, err
	}
	c.all = append(c.all, p)
	go func() {
		<-p.done
		if msg := p.unexpectedExit(); msg != "" {
			c.exitOnce.Do(func() {
				c.exitMsg = msg
				close(c.exitCh)
			})
		}
	}()
	return p, nil
}

// files are the paths the components are started with.
type files struct {
	ca, caKey                                      string
	saKey, saPub                                   string
	apiserver, kubeletClient, kwokServing          *certKey
	kcmKubeconfig, schedKubeconfig, kwokKubeconfig string
}

func (c *Cluster) writeCredentials() (*files, error) {
	p, err := newPKI(filepath.Join(c.dir, "pki"))
	if err != nil {
		return nil, err
	}
	f := &files{ca: p.CAFile(), caKey: p.CAKeyFile()}
	if f.saKey, f.saPub, err = p.serviceAccountKeys(); err != nil {
		return nil, err
	}
	masters := []string{"system:masters"}
	if f.apiserver, err = p.issue("apiserver", "kube-apiserver", nil, []string{
		"127.0.0.1", kubernetesServiceIP(), "localhost", "kubernetes", "kubernetes.default",
		"kubernetes.default.svc", "kubernetes.default.svc.cluster.local",
	}); err != nil {
		return nil, err
	}
	if f.kubeletClient, err = p.issue("apiserver-kubelet-client", "kube-apiserver-kubelet-client", masters, nil); err != nil {
		return nil, err
	}
	if f.kwokServing, err = p.issue("kwok-serving", "kwok", nil, []string{NodeIP, "localhost"}); err != nil {
		return nil, err
	}
	// Every client is in system:masters: this cluster exists to be driven by
	// tests, and the controllers then need no per-controller credentials.
	clients := []struct {
		name, user string
		path       *string
	}{
		{"admin", "kubelab-test-admin", &c.kubeconfig},
		{"controller-manager", "system:kube-controller-manager", &f.kcmKubeconfig},
		{"scheduler", "system:kube-scheduler", &f.schedKubeconfig},
		{"kwok", "system:kwok", &f.kwokKubeconfig},
	}
	for _, cl := range clients {
		ck, err := p.issue(cl.name, cl.user, masters, nil)
		if err != nil {
			return nil, err
		}
		path := filepath.Join(c.dir, cl.name+".kubeconfig")
		if cl.name == "admin" {
			path = filepath.Join(c.dir, "kubeconfig")
			c.restConfig = &rest.Config{
				Host:            c.server,
				TLSClientConfig: rest.TLSClientConfig{CAData: p.caPEM, CertData: ck.CertPEM, KeyData: ck.KeyPEM},
				QPS:             100,
				Burst:           200,
			}
		}
		if err := writeKubeconfig(path, c.server, p.caPEM, ck); err != nil {
			return nil, err
		}
		*cl.path = path
	}
	if c.clientset, err = kubernetes.NewForConfig(c.restConfig); err != nil {
		return nil, fmt.Errorf("create the admin client: %w", err)
	}
	return f, nil
}

func writeKubeconfig(path, server string, ca []byte, ck *certKey) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[ContextName] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: ca}
	cfg.AuthInfos[ContextName] = &clientcmdapi.AuthInfo{ClientCertificateData: ck.CertPEM, ClientKeyData: ck.KeyPEM}
	cfg.Contexts[ContextName] = &clientcmdapi.Context{Cluster: ContextName, AuthInfo: ContextName, Namespace: metav1.NamespaceDefault}
	cfg.CurrentContext = ContextName
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return fmt.Errorf("write the kubeconfig %s: %w", filepath.Base(path), err)
	}
	return nil
}

// writeKwokConfig returns kwok's --config files: the stages, read from the
// kwok module, and a ClusterLogs rule so `kubectl logs` answers with a line
// that says these pods are fake.
func (c *Cluster) writeKwokConfig(kwokDir string) ([]string, error) {
	var paths []string
	for _, rel := range kwokStageFiles {
		p := filepath.Join(kwokDir, filepath.FromSlash(rel))
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("find kwok's stage file: %w", err)
		}
		paths = append(paths, p)
	}
	logFile := filepath.Join(c.dir, "kwok", "container.log")
	line := time.Now().UTC().Format(time.RFC3339Nano) +
		" stdout F this pod runs on a fake node of the kubelab test cluster: no container runs and this is its only log line\n"
	if err := writeFile(logFile, []byte(line)); err != nil {
		return nil, err
	}
	rules := filepath.Join(c.dir, "kwok", "logs.yaml")
	rulesYAML := "apiVersion: kwok.x-k8s.io/v1alpha1\nkind: ClusterLogs\nmetadata:\n  name: fake-container-log\nspec:\n  logs:\n  - logsFile: " +
		strconv.Quote(logFile) + "\n    follow: false\n"
	if err := writeFile(rules, []byte(rulesYAML)); err != nil {
		return nil, err
	}
	return append(paths, rules), nil
}

// nodeObject describes a fake node the way kind's would look.
func nodeObject(name string) *corev1.Node {
	labels := map[string]string{
		"kubernetes.io/hostname":  name,
		"kubernetes.io/os":        "linux",
		"kubernetes.io/arch":      runtime.GOARCH,
		"beta.kubernetes.io/os":   "linux",
		"beta.kubernetes.io/arch": runtime.GOARCH,
		"type":                    "kwok",
	}
	var taints []corev1.Taint
	if name == ControlPlaneNode {
		labels[controlPlaneRole] = ""
		labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
		taints = []corev1.Taint{{Key: controlPlaneRole, Effect: corev1.TaintEffectNoSchedule}}
	}
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:              resource.MustParse("4"),
		corev1.ResourceMemory:           resource.MustParse("8Gi"),
		corev1.ResourcePods:             resource.MustParse("110"),
		corev1.ResourceEphemeralStorage: resource.MustParse("100Gi"),
	}
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Labels:      labels,
			Annotations: map[string]string{kwokNodeAnnotation: "fake"},
		},
		Spec: corev1.NodeSpec{Taints: taints},
		Status: corev1.NodeStatus{
			Capacity:    capacity,
			Allocatable: capacity,
			Addresses: []corev1.NodeAddress{
				{Type: corev1.NodeInternalIP, Address: NodeIP},
				{Type: corev1.NodeHostName, Address: name},
			},
			NodeInfo: corev1.NodeSystemInfo{
				Architecture:            runtime.GOARCH,
				OperatingSystem:         "linux",
				OSImage:                 "kwok fake node",
				KernelVersion:           "kwok-" + KwokVersion,
				ContainerRuntimeVersion: "kwok-" + KwokVersion,
				KubeletVersion:          KubernetesVersion,
			},
		},
	}
}

func (c *Cluster) createNodes(ctx context.Context) error {
	for _, name := range NodeNames() {
		_, err := c.clientset.CoreV1().Nodes().Create(ctx, nodeObject(name), metav1.CreateOptions{})
		if err != nil {
			return fmt.Errorf("register the fake node %s: %w", name, err)
		}
	}
	return nil
}

// poll calls check every interval until it returns true, ctx ends or a
// component exits; what describes the wait in errors.
func (c *Cluster) poll(ctx context.Context, what string, check func() (bool, string)) error {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	last := ""
	for {
		ok, state := check()
		if ok {
			return nil
		}
		if state != "" {
			last = state
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for %s (last seen: %s): %w", what, last, ctx.Err())
		case <-c.exitCh:
			return fmt.Errorf("wait for %s: %s", what, c.exitMsg)
		case <-tick.C:
		}
	}
}

func (c *Cluster) waitAPIServer(ctx context.Context) error {
	return c.poll(ctx, "kube-apiserver /readyz", func() (bool, string) {
		body, err := c.clientset.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		if err != nil {
			return false, err.Error()
		}
		return string(body) == "ok", string(body)
	})
}

func (c *Cluster) waitNodesReady(ctx context.Context) error {
	return c.poll(ctx, "3 Ready nodes with podCIDRs", func() (bool, string) {
		nodes, err := c.clientset.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err.Error()
		}
		var waiting []string
		for _, n := range nodes.Items {
			if !nodeReady(&n) {
				waiting = append(waiting, n.Name+" not Ready")
			} else if n.Spec.PodCIDR == "" {
				waiting = append(waiting, n.Name+" without podCIDR")
			}
		}
		if len(nodes.Items) != len(NodeNames()) {
			waiting = append(waiting, fmt.Sprintf("%d nodes", len(nodes.Items)))
		}
		return len(waiting) == 0, strings.Join(waiting, ", ")
	})
}

func nodeReady(n *corev1.Node) bool {
	for _, cond := range n.Status.Conditions {
		if cond.Type == corev1.NodeReady {
			return cond.Status == corev1.ConditionTrue
		}
	}
	return false
}

func (c *Cluster) waitServiceAccount(ctx context.Context, namespace string) error {
	return c.poll(ctx, "the default ServiceAccount in namespace "+namespace, func() (bool, string) {
		_, err := c.clientset.CoreV1().ServiceAccounts(namespace).Get(ctx, "default", metav1.GetOptions{})
		if err != nil {
			return false, err.Error()
		}
		return true, ""
	})
}

// CreateNamespace creates a namespace named prefix plus a random suffix and
// waits until its default ServiceAccount exists (pods are refused before).
func (c *Cluster) CreateNamespace(ctx context.Context, prefix string) (string, error) {
	ns, err := c.clientset.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{
		ObjectMeta: metav1.ObjectMeta{GenerateName: prefix},
	}, metav1.CreateOptions{})
	if err != nil {
		return "", fmt.Errorf("create a namespace named %s...: %w", prefix, err)
	}
	if err := c.waitServiceAccount(ctx, ns.Name); err != nil {
		return "", err
	}
	return ns.Name, nil
}

// DeleteNamespace deletes a namespace without waiting for it to be gone.
func (c *Cluster) DeleteNamespace(ctx context.Context, name string) error {
	err := c.clientset.CoreV1().Namespaces().Delete(ctx, name, metav1.DeleteOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("delete namespace %s: %w", name, err)
	}
	return nil
}

// pickPorts is freePorts, replaced in tests to hand out a taken port.
var pickPorts = freePorts

// freePorts finds n distinct free loopback ports by holding n listeners at
// once, so parallel test packages get their own.
func freePorts(n int) ([]int, error) {
	var ports []int
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free loopback port: %w", err)
		}
		listeners = append(listeners, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
