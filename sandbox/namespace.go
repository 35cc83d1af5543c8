package sandbox

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// ManagedByLabel marks the namespaces the lab created; ResetNamespace only
// deletes namespaces that carry it.
const (
	ManagedByLabel = "app.kubernetes.io/managed-by"
	ManagedByValue = "kubelab"
	// ClassManagedByValue marks a class's namespaces and the objects in them
	// that the class set up (package sandbox/classroom): reset empties such a
	// namespace of everything else instead of recreating it, which a learner
	// may not do.
	ClassManagedByValue = "kubelab-classroom"
)

// protectedNamespaces are never deleted, whatever their labels say.
var protectedNamespaces = map[string]bool{
	"default": true, "kube-system": true, "kube-public": true, "kube-node-lease": true,
}

// EnsureNamespace creates the namespace ns, labelled as the lab's, unless it
// exists. cfg should come from Target.RESTConfig.
func EnsureNamespace(ctx context.Context, cfg *rest.Config, ns string) error {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return fmt.Errorf("create namespace %s: %w", ns, err)
	}
	return ensureNamespace(ctx, cs, ns)
}

func ensureNamespace(ctx context.Context, cs kubernetes.Interface, ns string) error {
	_, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if err == nil {
		return nil
	}
	if !apierrors.IsNotFound(err) {
		return fmt.Errorf("look up namespace %s: %w", ns, err)
	}
	obj := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name:   ns,
		Labels: map[string]string{ManagedByLabel: ManagedByValue},
	}}
	_, err = cs.CoreV1().Namespaces().Create(ctx, obj, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("create namespace %s: %w", ns, err)
	}
	return nil
}

// ResetNamespace deletes the namespace ns with everything in it, waits until
// it is gone and creates it again empty; a class's namespace, which the
// learner may not delete, is emptied instead (see emptyNamespace). It refuses Kubernetes' own
// namespaces and any namespace the lab did not create (no ManagedByLabel),
// so a learner's own work on an existing cluster is never deleted.
func ResetNamespace(ctx context.Context, cfg *rest.Config, ns string) error {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return fmt.Errorf("reset namespace %s: %w", ns, err)
	}
	if protectedNamespaces[ns] {
		return fmt.Errorf("reset namespace %s: %w: it is one of Kubernetes' own namespaces", ns, ErrRefused)
	}
	cur, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		return ensureNamespace(ctx, cs, ns)
	case err != nil:
		return fmt.Errorf("reset namespace %s: %w", ns, err)
	case cur.Labels[ManagedByLabel] == ClassManagedByValue:
		return emptyNamespace(ctx, cfg, cs, ns)
	case cur.Labels[ManagedByLabel] != ManagedByValue:
		return fmt.Errorf("reset namespace %s: %w: kubelab did not create it (no label %s=%s); "+
			"if you mean to empty it, run `kubectl delete namespace %s` yourself",
			ns, ErrRefused, ManagedByLabel, ManagedByValue, ns)
	}
	if cur.DeletionTimestamp == nil {
		policy := metav1.DeletePropagationForeground
		err := cs.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{PropagationPolicy: &policy})
		if err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("reset namespace %s: delete: %w", ns, err)
		}
	}
	err = wait.PollUntilContextCancel(ctx, 250*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		_, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return true, nil
		}
		return false, nil
	})
	if err != nil {
		return fmt.Errorf("reset namespace %s: it is still being deleted (finalizers of objects in it may be stuck; see `kubectl get namespace %s -o yaml`): %w", ns, ns, err)
	}
	return ensureNamespace(ctx, cs, ns)
}

// emptyNamespace deletes everything in a class namespace that the class did
// not set up (its RoleBinding, quota, limits, NetworkPolicy and progress
// stay), and what the cluster itself keeps there (the default
// ServiceAccount, the root CA ConfigMap), then waits for the pods to go.
// Kinds the learner may not delete (events) are left.
func emptyNamespace(ctx context.Context, cfg *rest.Config, cs kubernetes.Interface, ns string) error {
	lists, err := cs.Discovery().ServerPreferredNamespacedResources()
	if err != nil && len(lists) == 0 {
		return fmt.Errorf("reset namespace %s: discover its kinds: %w", ns, err)
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return fmt.Errorf("reset namespace %s: %w", ns, err)
	}
	keep := ManagedByLabel + "!=" + ClassManagedByValue
	kept := map[string]string{"serviceaccounts": "metadata.name!=default", "configmaps": "metadata.name!=kube-root-ca.crt"}
	for _, l := range lists {
		gv, err := schema.ParseGroupVersion(l.GroupVersion)
		if err != nil {
			continue
		}
		for _, r := range l.APIResources {
			if strings.Contains(r.Name, "/") || !slices.Contains(r.Verbs, "deletecollection") || r.Name == "events" {
				continue
			}
			opts := metav1.ListOptions{LabelSelector: keep}
			if gv.Group == "" {
				opts.FieldSelector = kept[r.Name]
			}
			err := dyn.Resource(gv.WithResource(r.Name)).Namespace(ns).DeleteCollection(ctx, metav1.DeleteOptions{}, opts)
			if err != nil && !apierrors.IsForbidden(err) && !apierrors.IsNotFound(err) && !apierrors.IsMethodNotSupported(err) {
				return fmt.Errorf("reset namespace %s: delete its %s: %w", ns, r.Name, err)
			}
		}
	}
	err = wait.PollUntilContextCancel(ctx, 250*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		pods, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		return err == nil && len(pods.Items) == 0, nil
	})
	if err != nil {
		return fmt.Errorf("reset namespace %s: its pods are still terminating: %w", ns, err)
	}
	return nil
}
