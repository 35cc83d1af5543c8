package testcluster_test

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"

	"kubelab/internal/testcluster"
)

func TestMain(m *testing.M) { testcluster.Main(m) }

const waitTimeout = time.Minute

// eventually polls cond until it reports done, failing the test with the
// last state it described when the time is up.
func eventually(t *testing.T, what string, cond func(ctx context.Context) (bool, string, error)) {
	t.Helper()
	last := ""
	err := wait.PollUntilContextTimeout(t.Context(), 100*time.Millisecond, waitTimeout, true, func(ctx context.Context) (bool, error) {
		done, state, err := cond(ctx)
		last = state
		return done, err
	})
	if err != nil {
		t.Fatalf("%s: %v (last seen: %s)", what, err, last)
	}
}

func TestFakeNodesAreReadyWithTheLabsKindNamesRolesTaintsAndPodCIDRs(t *testing.T) {
	c := testcluster.Shared(t)
	nodes, err := c.Clientset().CoreV1().Nodes().List(t.Context(), metav1.ListOptions{})
	if err != nil {
		t.Fatalf("list nodes: %v", err)
	}
	var names []string
	podCIDRs := netip.MustParsePrefix(testcluster.PodCIDR)
	for _, n := range nodes.Items {
		names = append(names, n.Name)
		if !ready(n.Status.Conditions) {
			t.Errorf("node %s is not Ready: %v", n.Name, n.Status.Conditions)
		}
		if got := n.Labels["kubernetes.io/hostname"]; got != n.Name {
			t.Errorf("node %s has hostname label %q", n.Name, got)
		}
		_, isCP := n.Labels["node-role.kubernetes.io/control-plane"]
		tainted := slices.ContainsFunc(n.Spec.Taints, func(t corev1.Taint) bool {
			return t.Key == "node-role.kubernetes.io/control-plane" && t.Effect == corev1.TaintEffectNoSchedule
		})
		wantCP := n.Name == testcluster.ControlPlaneNode
		if isCP != wantCP || tainted != wantCP {
			t.Errorf("node %s: control-plane role label %v, NoSchedule taint %v; want both %v", n.Name, isCP, tainted, wantCP)
		}
		if !slices.ContainsFunc(n.Status.Addresses, func(a corev1.NodeAddress) bool { return a.Type == corev1.NodeInternalIP && a.Address != "" }) {
			t.Errorf("node %s has no InternalIP: %v", n.Name, n.Status.Addresses)
		}
		if len(n.Spec.PodCIDRs) == 0 {
			t.Errorf("node %s has no podCIDR", n.Name)
		}
		for _, cidr := range n.Spec.PodCIDRs {
			p, err := netip.ParsePrefix(cidr)
			if err != nil || !podCIDRs.Contains(p.Addr()) || p.Bits() < podCIDRs.Bits() {
				t.Errorf("node %s has podCIDR %q, want one inside %s", n.Name, cidr, podCIDRs)
			}
		}
	}
	sort.Strings(names)
	want := testcluster.NodeNames()
	sort.Strings(want)
	if !slices.Equal(names, want) {
		t.Errorf("nodes are %v, want %v", names, want)
	}
}

func TestDeploymentRunsOnWorkersScalesReplacesDeletedPodsAndUndoesAnImageChange(t *testing.T) {
	c, ns := testcluster.Namespace(t)
	cs := c.Clientset()
	deps := cs.AppsV1().Deployments(ns)
	labels := map[string]string{"app": "web"}
	dep, err := deps.Create(t.Context(), deployment("web", labels, 3, "nginx:1.27"), metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create the deployment: %v", err)
	}

	waitRolledOut(t, cs, ns, "web", 3, "nginx:1.27")
	pods := readyPods(t, cs, ns, labels)
	for _, p := range pods {
		if !slices.Contains(testcluster.WorkerNodes, p.Spec.NodeName) {
			t.Errorf("pod %s runs on %q, want a worker %v", p.Name, p.Spec.NodeName, testcluster.WorkerNodes)
		}
	}

	scale, err := deps.GetScale(t.Context(), dep.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get the deployment's scale: %v", err)
	}
	scale.Spec.Replicas = 5
	if _, err := deps.UpdateScale(t.Context(), dep.Name, scale, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("scale the deployment to 5: %v", err)
	}
	waitRolledOut(t, cs, ns, "web", 5, "nginx:1.27")

	before := map[types.UID]bool{}
	for _, p := range readyPods(t, cs, ns, labels) {
		before[p.UID] = true
	}
	victim := readyPods(t, cs, ns, labels)[0]
	if err := cs.CoreV1().Pods(ns).Delete(t.Context(), victim.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatalf("delete pod %s: %v", victim.Name, err)
	}
	eventually(t, "a new pod replaces the deleted one", func(ctx context.Context) (bool, string, error) {
		pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=web"})
		if err != nil {
			return false, "", err
		}
		readyCount, newPods := 0, 0
		for _, p := range pods.Items {
			if p.UID == victim.UID {
				return false, "the deleted pod still exists", nil
			}
			if ready(p.Status.Conditions) {
				readyCount++
			}
			if !before[p.UID] {
				newPods++
			}
		}
		return readyCount == 5 && newPods == 1, fmt.Sprintf("%d ready pods, %d with a new UID", readyCount, newPods), nil
	})

	setImage(t, cs, ns, "web", "nginx:1.28")
	waitRolledOut(t, cs, ns, "web", 5, "nginx:1.28")
	undo(t, cs, ns, "web")
	waitRolledOut(t, cs, ns, "web", 5, "nginx:1.27")
	got, err := deps.Get(t.Context(), "web", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get the deployment after undo: %v", err)
	}
	if img := got.Spec.Template.Spec.Containers[0].Image; img != "nginx:1.27" {
		t.Errorf("after undo the deployment's image is %q, want nginx:1.27", img)
	}
}

func TestServiceGetsAClusterIPInTheServiceRangeAndAnEndpointSliceWithReadyEndpoints(t *testing.T) {
	c, ns := testcluster.Namespace(t)
	cs := c.Clientset()
	labels := map[string]string{"app": "api"}
	if _, err := cs.AppsV1().Deployments(ns).Create(t.Context(), deployment("api", labels, 2, "nginx:1.27"), metav1.CreateOptions{}); err != nil {
		t.Fatalf("create the deployment: %v", err)
	}
	svc, err := cs.CoreV1().Services(ns).Create(t.Context(), &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "api"},
		Spec: corev1.ServiceSpec{
			Selector: labels,
			Ports:    []corev1.ServicePort{{Port: 80, TargetPort: intstr.FromInt32(80)}},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create the service: %v", err)
	}
	ip, err := netip.ParseAddr(svc.Spec.ClusterIP)
	if err != nil || !netip.MustParsePrefix(testcluster.ServiceCIDR).Contains(ip) {
		t.Errorf("the service's ClusterIP is %q, want one inside %s", svc.Spec.ClusterIP, testcluster.ServiceCIDR)
	}
	eventually(t, "an EndpointSlice with 2 ready endpoints", func(ctx context.Context) (bool, string, error) {
		slices, err := cs.DiscoveryV1().EndpointSlices(ns).List(ctx, metav1.ListOptions{LabelSelector: discoveryv1.LabelServiceName + "=api"})
		if err != nil {
			return false, "", err
		}
		readyCount := 0
		for _, s := range slices.Items {
			for _, e := range s.Endpoints {
				if e.Conditions.Ready != nil && *e.Conditions.Ready {
					readyCount++
				}
			}
		}
		return readyCount == 2, fmt.Sprintf("%d slices, %d ready endpoints", len(slices.Items), readyCount), nil
	})
}

func TestJobCompletes(t *testing.T) {
	c, ns := testcluster.Namespace(t)
	jobs := c.Clientset().BatchV1().Jobs(ns)
	_, err := jobs.Create(t.Context(), &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "once"},
		Spec: batchv1.JobSpec{
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				RestartPolicy: corev1.RestartPolicyNever,
				Containers:    []corev1.Container{{Name: "main", Image: "busybox:1.37", Command: []string{"true"}}},
			}},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("create the job: %v", err)
	}
	eventually(t, "the job's Complete condition", func(ctx context.Context) (bool, string, error) {
		j, err := jobs.Get(ctx, "once", metav1.GetOptions{})
		if err != nil {
			return false, "", err
		}
		for _, cond := range j.Status.Conditions {
			if cond.Type == batchv1.JobComplete && cond.Status == corev1.ConditionTrue {
				return true, "", nil
			}
		}
		return false, fmt.Sprintf("succeeded %d, conditions %v", j.Status.Succeeded, j.Status.Conditions), nil
	})
}

func deployment(name string, labels map[string]string, replicas int32, image string) *appsv1.Deployment {
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "main", Image: image}}},
			},
		},
	}
}

// waitRolledOut waits as `kubectl rollout status` does, and for every pod of
// the deployment to run image.
func waitRolledOut(t *testing.T, cs kubernetes.Interface, ns, name string, replicas int32, image string) {
	t.Helper()
	eventually(t, fmt.Sprintf("deployment %s rolled out with %d ready replicas of %s", name, replicas, image), func(ctx context.Context) (bool, string, error) {
		d, err := cs.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, "", err
		}
		s := d.Status
		state := fmt.Sprintf("generation %d observed %d, replicas %d updated %d ready %d available %d",
			d.Generation, s.ObservedGeneration, s.Replicas, s.UpdatedReplicas, s.ReadyReplicas, s.AvailableReplicas)
		if s.ObservedGeneration < d.Generation || s.Replicas != replicas || s.UpdatedReplicas != replicas ||
			s.ReadyReplicas != replicas || s.AvailableReplicas != replicas {
			return false, state, nil
		}
		pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: metav1.FormatLabelSelector(d.Spec.Selector)})
		if err != nil {
			return false, "", err
		}
		for _, p := range pods.Items {
			if p.Spec.Containers[0].Image != image {
				return false, state + "; pod " + p.Name + " runs " + p.Spec.Containers[0].Image, nil
			}
		}
		return len(pods.Items) == int(replicas), fmt.Sprintf("%s; %d pods", state, len(pods.Items)), nil
	})
}

func readyPods(t *testing.T, cs kubernetes.Interface, ns string, labels map[string]string) []corev1.Pod {
	t.Helper()
	pods, err := cs.CoreV1().Pods(ns).List(t.Context(), metav1.ListOptions{LabelSelector: metav1.FormatLabelSelector(&metav1.LabelSelector{MatchLabels: labels})})
	if err != nil {
		t.Fatalf("list pods: %v", err)
	}
	var out []corev1.Pod
	for _, p := range pods.Items {
		if ready(p.Status.Conditions) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no ready pods with labels %v", labels)
	}
	return out
}

// setImage changes the deployment's image as `kubectl set image` does, read
// and written again when the deployment controller's status write came in
// between (a conflict).
func setImage(t *testing.T, cs kubernetes.Interface, ns, name, image string) {
	t.Helper()
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		d, err := cs.AppsV1().Deployments(ns).Get(t.Context(), name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		d.Spec.Template.Spec.Containers[0].Image = image
		_, err = cs.AppsV1().Deployments(ns).Update(t.Context(), d, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		t.Fatalf("set the image of %s to %s: %v", name, image, err)
	}
}

// undo rolls the deployment back to its previous revision the way
// `kubectl rollout undo` does: copy that ReplicaSet's pod template.
func undo(t *testing.T, cs kubernetes.Interface, ns, name string) {
	t.Helper()
	// A conflict with the controller's status write is tried again, from a
	// fresh read of the deployment and its replica sets.
	for attempt := 0; ; attempt++ {
		err := undoOnce(t, cs, ns, name)
		if err == nil {
			return
		}
		if !apierrors.IsConflict(err) || attempt == 4 {
			t.Fatal(err)
		}
	}
}

func undoOnce(t *testing.T, cs kubernetes.Interface, ns, name string) error {
	t.Helper()
	d, err := cs.AppsV1().Deployments(ns).Get(t.Context(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("get deployment %s: %v", name, err)
	}
	rss, err := cs.AppsV1().ReplicaSets(ns).List(t.Context(), metav1.ListOptions{LabelSelector: metav1.FormatLabelSelector(d.Spec.Selector)})
	if err != nil {
		t.Fatalf("list the replica sets of %s: %v", name, err)
	}
	revision := func(rs appsv1.ReplicaSet) int {
		n, _ := strconv.Atoi(rs.Annotations["deployment.kubernetes.io/revision"])
		return n
	}
	owned := slices.DeleteFunc(rss.Items, func(rs appsv1.ReplicaSet) bool { return !metav1.IsControlledBy(&rs, d) })
	if len(owned) < 2 {
		t.Fatalf("deployment %s has %d revisions, need 2 to undo", name, len(owned))
	}
	slices.SortFunc(owned, func(a, b appsv1.ReplicaSet) int { return revision(b) - revision(a) })
	previous := owned[1].Spec.Template.DeepCopy()
	delete(previous.Labels, appsv1.DefaultDeploymentUniqueLabelKey)
	d.Spec.Template = *previous
	if _, err := cs.AppsV1().Deployments(ns).Update(t.Context(), d, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("roll %s back to revision %d: %w", name, revision(owned[1]), err)
	}
	return nil
}

func ready(conds any) bool {
	switch cs := conds.(type) {
	case []corev1.NodeCondition:
		for _, c := range cs {
			if c.Type == corev1.NodeReady {
				return c.Status == corev1.ConditionTrue
			}
		}
	case []corev1.PodCondition:
		for _, c := range cs {
			if c.Type == corev1.PodReady {
				return c.Status == corev1.ConditionTrue
			}
		}
	}
	return false
}

// Without node Leases the node lifecycle controller, on a busy machine,
// marks pods NotReady between kwok's ten-minute status heartbeats.
func TestEveryFakeNodeKeepsALeaseSoItsPodsStayReadyUnderLoad(t *testing.T) {
	c := testcluster.Shared(t)
	eventually(t, "node leases", func(ctx context.Context) (bool, string, error) {
		leases, err := c.Clientset().CoordinationV1().Leases("kube-node-lease").List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, "", err
		}
		var held []string
		for _, l := range leases.Items {
			if l.Spec.RenewTime != nil && time.Since(l.Spec.RenewTime.Time) < time.Minute {
				held = append(held, l.Name)
			}
		}
		sort.Strings(held)
		return slices.Equal(held, testcluster.NodeNames()), fmt.Sprintf("fresh leases: %v", held), nil
	})
}
