package classroom

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// Quota bounds each learner namespace. Empty strings and zero counts leave
// that limit out.
type Quota struct {
	Pods     int    // pods per namespace
	Services int    // services per namespace
	PVCs     int    // persistent volume claims per namespace
	CPU      string // requests.cpu (none by default: see create.cpuNote)
	Memory   string // requests.memory
	Storage  string // requests.storage
	// Container defaults (LimitRange) for containers that set none, so that
	// the quota's memory requirement never refuses a lesson's pod.
	DefaultCPURequest, DefaultMemoryRequest string
	DefaultCPULimit, DefaultMemoryLimit     string
}

// DefaultQuota is sized for the built-in lessons: their largest step runs
// about ten pods in a namespace (scaling to 5, a rollout's surge, a job).
var DefaultQuota = Quota{
	Pods: 20, Services: 10, PVCs: 4,
	Memory: "2Gi", Storage: "4Gi",
	DefaultCPURequest: "50m", DefaultMemoryRequest: "32Mi",
	DefaultCPULimit: "500m", DefaultMemoryLimit: "128Mi",
}

// DefaultTokenTTL is how long a learner's token is valid by default: a
// workshop day.
const DefaultTokenTTL = 12 * time.Hour

// Spec is a class to create.
type Spec struct {
	Name     string
	Learners []string
	Lessons  []LessonPlan // from Plan
	Quota    Quota
	// Workers bounds how many learners are set up at once (default 8).
	Workers int
}

// Roster is what the class namespace records about a class, for the board,
// the report and delete.
type Roster struct {
	Name     string       `json:"name"`
	Learners []string     `json:"learners"`
	Lessons  []LessonPlan `json:"lessons"`
	Created  time.Time    `json:"created"`
}

// Namespaces lists a learner's namespaces in lesson order.
func (r *Roster) Namespaces(learner string) []string {
	out := make([]string, len(r.Lessons))
	for i, l := range r.Lessons {
		out[i] = LearnerNamespace(r.Name, learner, l.Namespace)
	}
	return out
}

// ProgressNamespace is where a learner's progress ConfigMap lives: their
// first lesson namespace.
func (r *Roster) ProgressNamespace(learner string) string {
	return LearnerNamespace(r.Name, learner, r.Lessons[0].Namespace)
}

// Object names one object a class created, as kubectl writes it:
// "namespaces/k8s-alice-self-healing", "rolebindings/NS/kubelab-learner".
type Object string

func obj(resource, ns, name string) Object {
	if ns == "" {
		return Object(resource + "/" + name)
	}
	return Object(resource + "/" + ns + "/" + name)
}

// Validate checks the spec's names before anything is created.
func (s *Spec) Validate() error {
	if err := ValidName("class", s.Name); err != nil {
		return err
	}
	if err := s.Quota.Validate(); err != nil {
		return err
	}
	if len(s.Learners) == 0 {
		return errorf("err.noLearners")
	}
	seen := map[string]bool{}
	for _, l := range s.Learners {
		if err := ValidName("learner", l); err != nil {
			return err
		}
		if seen[l] {
			return errorf("err.dupLearner", l)
		}
		seen[l] = true
		for _, lp := range s.Lessons {
			if ns := LearnerNamespace(s.Name, l, lp.Namespace); len(ns) > 63 {
				return errorf("err.nameLong", ns, len(ns))
			}
		}
	}
	return nil
}

// Create makes the class on the cluster cs reaches and returns what it
// created, sorted. It is safe to run again: objects that exist with the
// class's labels are kept, and a namespace that exists without them is an
// error (a class never takes over what it did not create).
func Create(ctx context.Context, cs kubernetes.Interface, s Spec) ([]Object, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.Workers <= 0 {
		s.Workers = 8
	}
	c := &creator{cs: cs, s: s}
	classNS := ClassNamespace(s.Name)
	if err := c.namespace(ctx, classNS, classLabels(s.Name, RoleClass)); err != nil {
		return nil, err
	}
	roster := Roster{Name: s.Name, Learners: s.Learners, Lessons: s.Lessons, Created: time.Now().UTC().Truncate(time.Second)}
	data, err := json.Marshal(roster)
	if err != nil {
		return nil, err
	}
	if err := c.configMap(ctx, classNS, RosterName, classLabels(s.Name, RoleRoster), map[string]string{"roster.json": string(data)}, true); err != nil {
		return nil, err
	}
	if err := c.nodeReader(ctx); err != nil {
		return nil, err
	}
	work := make(chan string)
	errs := make(chan error, len(s.Learners))
	var wg sync.WaitGroup
	for range min(s.Workers, len(s.Learners)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range work {
				if err := c.learner(ctx, &roster, l); err != nil {
					errs <- fmt.Errorf("learner %s: %w", l, err)
				}
			}
		}()
	}
	for _, l := range s.Learners {
		work <- l
	}
	close(work)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return c.sorted(), err
	}
	return c.sorted(), nil
}

type creator struct {
	cs kubernetes.Interface
	s  Spec

	mu      sync.Mutex
	created []Object
}

func (c *creator) add(o Object) {
	c.mu.Lock()
	c.created = append(c.created, o)
	c.mu.Unlock()
}

func (c *creator) sorted() []Object {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]Object(nil), c.created...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func objMeta(ns, name string, labels map[string]string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Namespace: ns, Name: name, Labels: labels}
}

// exists turns AlreadyExists into success: the object is the class's own
// (it lives in a namespace the class created, or was checked by the caller).
func exists(err error) error {
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}

func (c *creator) namespace(ctx context.Context, name string, labels map[string]string) error {
	_, err := c.cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: objMeta("", name, labels)}, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		cur, gerr := c.cs.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
		if gerr != nil {
			return fmt.Errorf("create namespace %s: %w", name, gerr)
		}
		if cur.Labels[LabelClass] != c.s.Name || cur.Labels[LabelManagedBy] != ManagedBy {
			return errorf("err.notOurs", "namespace", name, c.s.Name)
		}
		if cur.DeletionTimestamp != nil {
			return fmt.Errorf("create namespace %s: it is still being deleted; try again in a minute", name)
		}
		err = nil
	}
	if err != nil {
		return fmt.Errorf("create namespace %s: %w", name, err)
	}
	c.add(obj("namespaces", "", name))
	return nil
}

func (c *creator) configMap(ctx context.Context, ns, name string, labels, data map[string]string, overwrite bool) error {
	cm := &corev1.ConfigMap{ObjectMeta: objMeta(ns, name, labels), Data: data}
	_, err := c.cs.CoreV1().ConfigMaps(ns).Create(ctx, cm, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) && overwrite {
		_, err = c.cs.CoreV1().ConfigMaps(ns).Update(ctx, cm, metav1.UpdateOptions{})
	}
	if err := exists(err); err != nil {
		return fmt.Errorf("create configmap %s/%s: %w", ns, name, err)
	}
	c.add(obj("configmaps", ns, name))
	return nil
}

// nodeReader lets every learner read nodes: one ClusterRole and one binding
// to the group of the class namespace's ServiceAccounts.
func (c *creator) nodeReader(ctx context.Context) error {
	name := ClusterRoleName(c.s.Name)
	labels := classLabels(c.s.Name, RoleClass)
	cr := &rbacv1.ClusterRole{
		ObjectMeta: objMeta("", name, labels),
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"nodes"}, Verbs: []string{"get", "list", "watch"}}},
	}
	if err := c.clusterScoped(ctx, "clusterroles", name, func() error {
		_, err := c.cs.RbacV1().ClusterRoles().Create(ctx, cr, metav1.CreateOptions{})
		return err
	}, func() (map[string]string, error) {
		o, err := c.cs.RbacV1().ClusterRoles().Get(ctx, name, metav1.GetOptions{})
		return o.GetLabels(), err
	}); err != nil {
		return err
	}
	crb := &rbacv1.ClusterRoleBinding{
		ObjectMeta: objMeta("", name, labels),
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: name},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.GroupKind, APIGroup: rbacv1.GroupName, Name: "system:serviceaccounts:" + ClassNamespace(c.s.Name)}},
	}
	return c.clusterScoped(ctx, "clusterrolebindings", name, func() error {
		_, err := c.cs.RbacV1().ClusterRoleBindings().Create(ctx, crb, metav1.CreateOptions{})
		return err
	}, func() (map[string]string, error) {
		o, err := c.cs.RbacV1().ClusterRoleBindings().Get(ctx, name, metav1.GetOptions{})
		return o.GetLabels(), err
	})
}

func (c *creator) clusterScoped(ctx context.Context, resource, name string, create func() error, labels func() (map[string]string, error)) error {
	err := create()
	if apierrors.IsAlreadyExists(err) {
		l, gerr := labels()
		if gerr != nil {
			return fmt.Errorf("create %s %s: %w", resource, name, gerr)
		}
		if l[LabelClass] != c.s.Name || l[LabelManagedBy] != ManagedBy {
			return errorf("err.notOurs", resource, name, c.s.Name)
		}
		err = nil
	}
	if err != nil {
		return fmt.Errorf("create %s %s: %w", resource, name, err)
	}
	c.add(obj(resource, "", name))
	return nil
}

// learner sets up one learner: a ServiceAccount and its token's anchor in
// the class namespace, and per lesson a namespace with a RoleBinding,
// quota, limits and a NetworkPolicy; the first holds the progress ConfigMap.
func (c *creator) learner(ctx context.Context, r *Roster, learner string) error {
	classNS := ClassNamespace(c.s.Name)
	labels := classLabels(c.s.Name, RoleLearner)
	labels[LabelLearner] = learner
	sa := &corev1.ServiceAccount{ObjectMeta: objMeta(classNS, learner, labels)}
	if _, err := c.cs.CoreV1().ServiceAccounts(classNS).Create(ctx, sa, metav1.CreateOptions{}); exists(err) != nil {
		return fmt.Errorf("create serviceaccount %s/%s: %w", classNS, learner, err)
	}
	c.add(obj("serviceaccounts", classNS, learner))
	anchorLabels := classLabels(c.s.Name, RoleAnchor)
	anchorLabels[LabelLearner] = learner
	anchor := &corev1.Secret{ObjectMeta: objMeta(classNS, anchorName(learner), anchorLabels), Type: corev1.SecretTypeOpaque}
	if _, err := c.cs.CoreV1().Secrets(classNS).Create(ctx, anchor, metav1.CreateOptions{}); exists(err) != nil {
		return fmt.Errorf("create secret %s/%s: %w", classNS, anchor.Name, err)
	}
	c.add(obj("secrets", classNS, anchor.Name))

	for i, lp := range r.Lessons {
		ns := LearnerNamespace(c.s.Name, learner, lp.Namespace)
		nsLabels := classLabels(c.s.Name, RoleLearner)
		nsLabels[LabelLearner] = learner
		nsLabels[LabelLesson] = lp.ID
		// Pod Security "baseline" refuses host namespaces, hostPath and
		// privileged pods: a learner's pod cannot reach the node.
		nsLabels["pod-security.kubernetes.io/enforce"] = "baseline"
		if err := c.namespace(ctx, ns, nsLabels); err != nil {
			return err
		}
		objLabels := classLabels(c.s.Name, RoleLearner)
		objLabels[LabelLearner] = learner
		if err := c.namespaced(ctx, ns, learner, objLabels); err != nil {
			return err
		}
		if i == 0 {
			pl := classLabels(c.s.Name, RoleProgress)
			pl[LabelLearner] = learner
			data, _ := json.Marshal(Progress{Version: ProgressVersion, Learner: learner})
			if err := c.configMap(ctx, ns, ProgressName, pl, map[string]string{ProgressKey: string(data)}, false); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *creator) namespaced(ctx context.Context, ns, learner string, labels map[string]string) error {
	rb := &rbacv1.RoleBinding{
		ObjectMeta: objMeta(ns, RoleBindingName, labels),
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "edit"},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Name: learner, Namespace: ClassNamespace(c.s.Name)}},
	}
	if _, err := c.cs.RbacV1().RoleBindings(ns).Create(ctx, rb, metav1.CreateOptions{}); exists(err) != nil {
		return fmt.Errorf("create rolebinding %s/%s: %w", ns, rb.Name, err)
	}
	c.add(obj("rolebindings", ns, rb.Name))
	if q := c.s.Quota.resourceQuota(); len(q) > 0 {
		rq := &corev1.ResourceQuota{ObjectMeta: objMeta(ns, QuotaName, labels), Spec: corev1.ResourceQuotaSpec{Hard: q}}
		if _, err := c.cs.CoreV1().ResourceQuotas(ns).Create(ctx, rq, metav1.CreateOptions{}); exists(err) != nil {
			return fmt.Errorf("create resourcequota %s/%s: %w", ns, QuotaName, err)
		}
		c.add(obj("resourcequotas", ns, QuotaName))
	}
	if item, ok := c.s.Quota.limitRange(); ok {
		lr := &corev1.LimitRange{ObjectMeta: objMeta(ns, LimitRangeName, labels), Spec: corev1.LimitRangeSpec{Limits: []corev1.LimitRangeItem{item}}}
		if _, err := c.cs.CoreV1().LimitRanges(ns).Create(ctx, lr, metav1.CreateOptions{}); exists(err) != nil {
			return fmt.Errorf("create limitrange %s/%s: %w", ns, LimitRangeName, err)
		}
		c.add(obj("limitranges", ns, LimitRangeName))
	}
	np := &networkingv1.NetworkPolicy{
		ObjectMeta: objMeta(ns, NetworkPolicyName, labels),
		Spec:       isolation(c.s.Name, learner),
	}
	if _, err := c.cs.NetworkingV1().NetworkPolicies(ns).Create(ctx, np, metav1.CreateOptions{}); exists(err) != nil {
		return fmt.Errorf("create networkpolicy %s/%s: %w", ns, NetworkPolicyName, err)
	}
	c.add(obj("networkpolicies", ns, NetworkPolicyName))
	return nil
}

// isolation admits traffic to the namespace's pods from the learner's own
// namespaces and from any namespace outside the class (ingress controllers,
// monitoring), and from no other learner.
func isolation(class, learner string) networkingv1.NetworkPolicySpec {
	return networkingv1.NetworkPolicySpec{
		PodSelector: metav1.LabelSelector{},
		PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress},
		Ingress: []networkingv1.NetworkPolicyIngressRule{{
			From: []networkingv1.NetworkPolicyPeer{
				{NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{LabelClass: class, LabelLearner: learner}}},
				{NamespaceSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
					{Key: LabelClass, Operator: metav1.LabelSelectorOpNotIn, Values: []string{class}},
				}}},
			},
		}},
	}
}

func (q Quota) resourceQuota() corev1.ResourceList {
	out := corev1.ResourceList{}
	count := func(name corev1.ResourceName, n int) {
		if n > 0 {
			out[name] = *resource.NewQuantity(int64(n), resource.DecimalSI)
		}
	}
	qty := func(name corev1.ResourceName, s string) {
		if s != "" {
			out[name] = resource.MustParse(s)
		}
	}
	count(corev1.ResourcePods, q.Pods)
	count(corev1.ResourceServices, q.Services)
	count(corev1.ResourcePersistentVolumeClaims, q.PVCs)
	qty(corev1.ResourceRequestsCPU, q.CPU)
	qty(corev1.ResourceRequestsMemory, q.Memory)
	qty(corev1.ResourceRequestsStorage, q.Storage)
	return out
}

func (q Quota) limitRange() (corev1.LimitRangeItem, bool) {
	item := corev1.LimitRangeItem{Type: corev1.LimitTypeContainer, Default: corev1.ResourceList{}, DefaultRequest: corev1.ResourceList{}}
	set := func(l corev1.ResourceList, name corev1.ResourceName, s string) {
		if s != "" {
			l[name] = resource.MustParse(s)
		}
	}
	set(item.DefaultRequest, corev1.ResourceCPU, q.DefaultCPURequest)
	set(item.DefaultRequest, corev1.ResourceMemory, q.DefaultMemoryRequest)
	set(item.Default, corev1.ResourceCPU, q.DefaultCPULimit)
	set(item.Default, corev1.ResourceMemory, q.DefaultMemoryLimit)
	return item, len(item.Default)+len(item.DefaultRequest) > 0
}

// Validate checks that every quantity parses, before anything is created.
func (q Quota) Validate() error {
	for _, s := range []string{q.CPU, q.Memory, q.Storage, q.DefaultCPURequest, q.DefaultMemoryRequest, q.DefaultCPULimit, q.DefaultMemoryLimit} {
		if s == "" {
			continue
		}
		if _, err := resource.ParseQuantity(s); err != nil {
			return errorf("err.quantity", s)
		}
	}
	return nil
}

// LoadRoster reads a class's roster from its namespace.
func LoadRoster(ctx context.Context, cs kubernetes.Interface, class string) (*Roster, error) {
	ns := ClassNamespace(class)
	cm, err := cs.CoreV1().ConfigMaps(ns).Get(ctx, RosterName, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, errorf("err.noClass", class, ns, RosterName)
	}
	if err != nil {
		return nil, fmt.Errorf("read class %s: %w", class, err)
	}
	var r Roster
	if err := json.Unmarshal([]byte(cm.Data["roster.json"]), &r); err != nil {
		return nil, fmt.Errorf("read class %s: roster %s/%s: %w", class, ns, RosterName, err)
	}
	return &r, nil
}
