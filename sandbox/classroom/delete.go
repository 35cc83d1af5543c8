package classroom

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// List returns the cluster-scoped objects of a class (its namespaces, the
// ClusterRole and its binding): everything Delete removes. Objects inside
// the namespaces go with them.
func List(ctx context.Context, cs kubernetes.Interface, class string) ([]Object, error) {
	sel := metav1.ListOptions{LabelSelector: ClassSelector(class)}
	var out []Object
	nss, err := cs.CoreV1().Namespaces().List(ctx, sel)
	if err != nil {
		return nil, fmt.Errorf("list class %s: %w", class, err)
	}
	for _, n := range nss.Items {
		out = append(out, obj("namespaces", "", n.Name))
	}
	crs, err := cs.RbacV1().ClusterRoles().List(ctx, sel)
	if err != nil {
		return nil, fmt.Errorf("list class %s: %w", class, err)
	}
	for _, o := range crs.Items {
		out = append(out, obj("clusterroles", "", o.Name))
	}
	crbs, err := cs.RbacV1().ClusterRoleBindings().List(ctx, sel)
	if err != nil {
		return nil, fmt.Errorf("list class %s: %w", class, err)
	}
	for _, o := range crbs.Items {
		out = append(out, obj("clusterrolebindings", "", o.Name))
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// Delete removes every object carrying the class's labels (see List) and
// nothing else, and returns what it deleted. With wait > 0 it waits that
// long for the namespaces to be gone.
func Delete(ctx context.Context, cs kubernetes.Interface, class string, wait time.Duration) ([]Object, error) {
	if err := ValidName("class", class); err != nil {
		return nil, err
	}
	objs, err := List(ctx, cs, class)
	if err != nil {
		return nil, err
	}
	// The binding first, so that no learner keeps rights while the rest goes.
	var nss []string
	for _, o := range objs {
		if name, ok := strings.CutPrefix(string(o), "clusterrolebindings/"); ok {
			if err := cs.RbacV1().ClusterRoleBindings().Delete(ctx, name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
				return nil, fmt.Errorf("delete %s: %w", o, err)
			}
		}
	}
	for _, o := range objs {
		if name, ok := strings.CutPrefix(string(o), "clusterroles/"); ok {
			if err := cs.RbacV1().ClusterRoles().Delete(ctx, name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
				return nil, fmt.Errorf("delete %s: %w", o, err)
			}
		}
		if name, ok := strings.CutPrefix(string(o), "namespaces/"); ok {
			nss = append(nss, name)
			if err := cs.CoreV1().Namespaces().Delete(ctx, name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
				return nil, fmt.Errorf("delete %s: %w", o, err)
			}
		}
	}
	if wait <= 0 || len(nss) == 0 {
		return objs, nil
	}
	deadline := time.Now().Add(wait)
	for {
		left, err := cs.CoreV1().Namespaces().List(ctx, metav1.ListOptions{LabelSelector: ClassSelector(class)})
		if err != nil {
			return objs, fmt.Errorf("wait for class %s's namespaces: %w", class, err)
		}
		if len(left.Items) == 0 {
			return objs, nil
		}
		if time.Now().After(deadline) {
			return objs, fmt.Errorf("delete class %s: %d namespaces still terminating after %s", class, len(left.Items), wait)
		}
		select {
		case <-ctx.Done():
			return objs, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}
