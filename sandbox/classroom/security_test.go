package classroom

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// access is one row of the security matrix: may the learner do verb on
// resource (group) in namespace ns ("" for cluster-scoped)?
type access struct {
	verb, group, resource, ns, name string
	allowed                         bool
}

func (a access) String() string {
	where := "cluster-wide"
	if a.ns != "" {
		where = "in " + a.ns
	}
	r := a.resource
	if a.group != "" {
		r += "." + a.group
	}
	return fmt.Sprintf("%s %s %s", a.verb, r, where)
}

func TestALearnerReachesOnlyTheirOwnNamespaces(t *testing.T) {
	c, cs, r := testClass(t, "sec", []string{"alice", "bob"}, "self-healing", "scaling")
	alice, bob := r.Namespaces("alice"), r.Namespaces("bob")
	classNS := ClassNamespace("sec")
	rows := []access{
		// Their own namespaces: edit rights, their Secrets, their events,
		// their progress ConfigMap.
		{"create", "apps", "deployments", alice[0], "", true},
		{"delete", "", "pods", alice[1], "", true},
		{"get", "", "secrets", alice[0], "", true},
		{"list", "", "events", alice[1], "", true},
		{"update", "", "configmaps", alice[0], ProgressName, true},
		{"get", "", "namespaces", alice[0], alice[0], true},
		// Nodes, read-only.
		{"list", "", "nodes", "", "", true},
		{"get", "", "nodes", "", "", true},
		{"patch", "", "nodes", "", "", false},
		{"delete", "", "nodes", "", "", false},
		// Nothing of another learner's.
		{"list", "", "pods", bob[0], "", false},
		{"get", "", "pods", bob[1], "", false},
		{"create", "apps", "deployments", bob[0], "", false},
		{"get", "", "secrets", bob[0], "", false},
		{"list", "", "events", bob[0], "", false},
		{"update", "", "configmaps", bob[0], ProgressName, false},
		{"get", "", "namespaces", bob[0], bob[0], false},
		// No Secrets outside their own namespaces.
		{"get", "", "secrets", classNS, anchorName("alice"), false},
		{"list", "", "secrets", "kube-system", "", false},
		{"list", "", "secrets", "default", "", false},
		{"list", "", "secrets", "", "", false},
		// No rights to grant rights, no tokens of others.
		{"create", "rbac.authorization.k8s.io", "rolebindings", alice[0], "", false},
		{"create", "rbac.authorization.k8s.io", "roles", alice[0], "", false},
		{"create", "rbac.authorization.k8s.io", "clusterroles", "", "", false},
		{"create", "rbac.authorization.k8s.io", "clusterrolebindings", "", "", false},
		{"create", "", "serviceaccounts/token", classNS, "bob", false},
		{"impersonate", "", "serviceaccounts", classNS, "bob", false},
		// No cluster-scoped objects, no changes to their own limits.
		{"create", "", "namespaces", "", "", false},
		{"delete", "", "namespaces", alice[0], alice[0], false},
		{"create", "", "persistentvolumes", "", "", false},
		{"create", "storage.k8s.io", "storageclasses", "", "", false},
		{"create", "apiextensions.k8s.io", "customresourcedefinitions", "", "", false},
		{"update", "", "resourcequotas", alice[0], QuotaName, false},
		{"delete", "", "limitranges", alice[0], LimitRangeName, false},
		{"list", "", "pods", "", "", false},
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	user := "system:serviceaccount:" + classNS + ":alice"
	groups := []string{"system:serviceaccounts", "system:serviceaccounts:" + classNS, "system:authenticated"}
	for _, a := range rows {
		sar := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{
			User: user, Groups: groups,
			ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: a.verb, Group: a.group, Resource: a.resource, Namespace: a.ns, Name: a.name},
		}}
		if res, sub, ok := strings.Cut(a.resource, "/"); ok {
			sar.Spec.ResourceAttributes.Resource, sar.Spec.ResourceAttributes.Subresource = res, sub
		}
		got, err := cs.AuthorizationV1().SubjectAccessReviews().Create(ctx, sar, metav1.CreateOptions{})
		if err != nil {
			t.Fatalf("%s: %v", a, err)
		}
		if got.Status.Allowed != a.allowed {
			t.Errorf("alice may %s: %v, want %v (%s)", a, got.Status.Allowed, a.allowed, got.Status.Reason)
		}
	}

	// The same with alice's own token, as the API server authenticates it.
	kcs := issue(t, c, cs, r)
	as := learnerClient(t, kcs["alice"])
	if _, err := as.CoreV1().Pods(alice[0]).List(ctx, metav1.ListOptions{}); err != nil {
		t.Errorf("alice cannot list pods in her namespace with her token: %v", err)
	}
	if _, err := as.CoreV1().Pods(bob[0]).List(ctx, metav1.ListOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("alice lists bob's pods with her token: err %v, want Forbidden", err)
	}
	if _, err := as.CoreV1().Secrets(classNS).Get(ctx, anchorName("bob"), metav1.GetOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("alice reads the class namespace's secrets: err %v, want Forbidden", err)
	}
	if _, err := as.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "alice-own"}}, metav1.CreateOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("alice creates a namespace: err %v, want Forbidden", err)
	}
	if _, err := as.CoreV1().Nodes().List(ctx, metav1.ListOptions{}); err != nil {
		t.Errorf("alice cannot list nodes: %v", err)
	}
}

// A token cannot be made to expire in a test: the API server refuses a
// TokenRequest shorter than 10 minutes. The test proves the two things that
// make an issued token stop working: its expiry claim is the TTL asked for
// (the API server refuses a token past it), and a token bound to its
// learner's anchor Secret is refused as soon as the Secret is gone, which is
// how a teacher revokes a token before it expires (and what delete does).
func TestAnExpiredOrRevokedTokenIsRefused(t *testing.T) {
	c, cs, r := testClass(t, "tok", []string{"carol"}, "self-healing")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ttl := 15 * time.Minute
	tok, exp, err := Token(ctx, cs, r.Name, "carol", ttl)
	if err != nil {
		t.Fatal(err)
	}
	claims := jwtClaims(t, tok)
	if got := time.Unix(int64(claims["exp"].(float64)), 0); got.Sub(time.Now().Add(ttl)).Abs() > time.Minute || !got.Equal(exp.Truncate(time.Second)) {
		t.Errorf("token expires at %s (status says %s), want about now + %s", got, exp, ttl)
	}
	kube, _ := claims["kubernetes.io"].(map[string]any)
	if secret, _ := kube["secret"].(map[string]any); secret["name"] != anchorName("carol") {
		t.Errorf("token is not bound to the anchor secret: claims %v", kube)
	}

	data, err := LearnerKubeconfig(c.RESTConfig(), r, "carol", tok)
	if err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/carol.kubeconfig"
	if err := writeFile(path, data); err != nil {
		t.Fatal(err)
	}
	carol := learnerClient(t, path)
	ns := r.ProgressNamespace("carol")
	if _, err := carol.CoreV1().ConfigMaps(ns).Get(ctx, ProgressName, metav1.GetOptions{}); err != nil {
		t.Fatalf("carol's fresh token is refused: %v", err)
	}
	// Never-used tokens, so no authentication is cached for them. Each is
	// used once only: a request that comes before the API server's own
	// cache of Secrets has seen the deletion succeeds and is cached for 10
	// seconds, so a second request with the same token would prove nothing
	// about how soon the deletion takes effect.
	var unused []kubernetes.Interface
	for i := range 10 {
		tok, _, err := Token(ctx, cs, r.Name, "carol", ttl)
		if err != nil {
			t.Fatal(err)
		}
		data, err := LearnerKubeconfig(c.RESTConfig(), r, "carol", tok)
		if err != nil {
			t.Fatal(err)
		}
		p := fmt.Sprintf("%s.unused%d", path, i)
		if err := writeFile(p, data); err != nil {
			t.Fatal(err)
		}
		unused = append(unused, learnerClient(t, p))
	}
	if err := cs.CoreV1().Secrets(ClassNamespace(r.Name)).Delete(ctx, anchorName("carol"), metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	deleted := time.Now()
	// A token not yet used is refused as soon as that cache sees the
	// deletion, well within the 10 seconds a token in use may go on
	// working: one of those first used in the next 5 seconds is refused.
	for i := 0; ; i++ {
		if i == len(unused) || time.Since(deleted) > 5*time.Second {
			t.Fatalf("no never-used token whose anchor is gone was refused in %s (%d tried)", time.Since(deleted).Round(time.Millisecond), i)
		}
		_, err := unused[i].CoreV1().ConfigMaps(ns).Get(ctx, ProgressName, metav1.GetOptions{})
		if apierrors.IsUnauthorized(err) {
			t.Logf("a never-used token was refused %s after its anchor was deleted (token %d)", time.Since(deleted).Round(time.Millisecond), i+1)
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	// The API server caches a successful authentication for 10 seconds
	// (--authentication-token-cache-ttl), so a token in use stops working
	// within that.
	deadline := deleted.Add(15 * time.Second)
	for {
		_, err = carol.CoreV1().ConfigMaps(ns).Get(ctx, ProgressName, metav1.GetOptions{})
		if apierrors.IsUnauthorized(err) {
			t.Logf("the token was refused %s after its anchor was deleted", time.Since(deleted).Round(time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("carol's token still works 15s after its anchor was deleted: err %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if m, err := ParseKubeconfig(path); err != nil || m.Class != r.Name || m.Learner != "carol" || m.Namespace != ns {
		t.Errorf("ParseKubeconfig = %+v, %v", m, err)
	}
}

func jwtClaims(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token is not a JWT")
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
