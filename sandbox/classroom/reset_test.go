package classroom

import (
	"context"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"

	"kubelab/sandbox"
)

func TestTheClassLabelIsTheOneResetRecognises(t *testing.T) {
	if ManagedBy != sandbox.ClassManagedByValue || LabelManagedBy != sandbox.ManagedByLabel {
		t.Fatalf("classroom labels %s=%s, sandbox expects %s=%s", LabelManagedBy, ManagedBy, sandbox.ManagedByLabel, sandbox.ClassManagedByValue)
	}
}

func TestResetEmptiesALearnersNamespaceWithTheirOwnRights(t *testing.T) {
	c, cs, r := testClass(t, "rst", []string{"dana"}, "self-healing")
	kcs := issue(t, c, cs, r)
	cfg, err := clientcmd.BuildConfigFromFlags("", kcs["dana"])
	if err != nil {
		t.Fatal(err)
	}
	dana := learnerClient(t, kcs["dana"])
	ns := r.ProgressNamespace("dana")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	replicas := int32(2)
	labels := map[string]string{"app": "web"}
	dep := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "registry.k8s.io/pause:3.10"}}},
			},
		},
	}
	if _, err := dana.AppsV1().Deployments(ns).Create(ctx, dep, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := dana.CoreV1().ConfigMaps(ns).Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "mine"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for {
		pods, err := dana.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err == nil && len(pods.Items) == 2 {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("the deployment's pods did not appear")
		}
		time.Sleep(100 * time.Millisecond)
	}

	if err := sandbox.ResetNamespace(ctx, cfg, ns); err != nil {
		t.Fatalf("reset as the learner: %v", err)
	}
	if _, err := dana.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("the learner's deployment survived the reset: %v", err)
	}
	if _, err := dana.CoreV1().ConfigMaps(ns).Get(ctx, "mine", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("the learner's configmap survived the reset: %v", err)
	}
	if pods, _ := dana.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{}); len(pods.Items) != 0 {
		t.Errorf("%d pods left after the reset", len(pods.Items))
	}
	// What the class set up stays.
	for what, get := range map[string]func() error{
		"progress": func() error {
			_, err := cs.CoreV1().ConfigMaps(ns).Get(ctx, ProgressName, metav1.GetOptions{})
			return err
		},
		"rolebinding": func() error {
			_, err := cs.RbacV1().RoleBindings(ns).Get(ctx, RoleBindingName, metav1.GetOptions{})
			return err
		},
		"quota": func() error {
			_, err := cs.CoreV1().ResourceQuotas(ns).Get(ctx, QuotaName, metav1.GetOptions{})
			return err
		},
		"limitrange": func() error {
			_, err := cs.CoreV1().LimitRanges(ns).Get(ctx, LimitRangeName, metav1.GetOptions{})
			return err
		},
		"networkpolicy": func() error {
			_, err := cs.NetworkingV1().NetworkPolicies(ns).Get(ctx, NetworkPolicyName, metav1.GetOptions{})
			return err
		},
		"namespace": func() error { _, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{}); return err },
		"default SA": func() error {
			_, err := cs.CoreV1().ServiceAccounts(ns).Get(ctx, "default", metav1.GetOptions{})
			return err
		},
	} {
		if err := get(); err != nil {
			t.Errorf("the reset removed the class's %s: %v", what, err)
		}
	}
}
