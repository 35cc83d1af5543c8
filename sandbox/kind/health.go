package kind

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"kubelab/internal/msg"
)

const pollEvery = 2 * time.Second

// checkHealth returns nil when at least wantNodes nodes are Ready, every
// kube-system pod is Ready (or finished) and the default ServiceAccount
// exists; otherwise an error that names what is not ready.
func checkHealth(ctx context.Context, cfg *rest.Config, wantNodes int) error {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	if err := nodesReady(ctx, cs, wantNodes); err != nil {
		return err
	}
	if err := systemPodsReady(ctx, cs); err != nil {
		return err
	}
	_, err = cs.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{})
	return err
}

func waitHealthy(ctx context.Context, cfg *rest.Config, wantNodes int, p Progress) error {
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return fmt.Errorf("wait for the lab cluster: %w", err)
	}
	err = p.step(msg.New("kind.step.nodes", wantNodes), func() error {
		return poll(ctx, func() error { return nodesReady(ctx, cs, wantNodes) })
	})
	if err != nil {
		return &CommandError{Action: msg.New("kind.do.waitNodes"), Err: err, Next: msg.New("kind.next.nodeLogs")}
	}
	err = p.step(msg.New("kind.step.systemPods"), func() error {
		return poll(ctx, func() error {
			if err := systemPodsReady(ctx, cs); err != nil {
				return err
			}
			_, err := cs.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{})
			if err != nil {
				return fmt.Errorf("no default ServiceAccount yet: %w", err)
			}
			return nil
		})
	})
	if err != nil {
		return &CommandError{Action: msg.New("kind.do.waitPods"), Err: err, Next: msg.New("kind.next.systemPods")}
	}
	return nil
}

// poll calls fn until it succeeds or ctx ends; then the last reason it gave
// is the error.
func poll(ctx context.Context, fn func() error) error {
	for {
		err := fn()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			if errors.Is(err, ctx.Err()) {
				return err
			}
			return fmt.Errorf("gave up after waiting: %w", err)
		case <-time.After(pollEvery):
		}
	}
}

func nodesReady(ctx context.Context, cs kubernetes.Interface, want int) error {
	list, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	var notReady []string
	ready := 0
	for _, n := range list.Items {
		if c := nodeCondition(&n, corev1.NodeReady); c != nil && c.Status == corev1.ConditionTrue {
			ready++
			continue
		} else if c != nil {
			notReady = append(notReady, fmt.Sprintf("%s (%s: %s)", n.Name, c.Reason, c.Message))
		} else {
			notReady = append(notReady, n.Name+" (no Ready condition yet)")
		}
	}
	if ready >= want && len(notReady) == 0 {
		return nil
	}
	sort.Strings(notReady)
	return fmt.Errorf("%d of %d nodes Ready (%d registered); not ready: %s", ready, want, len(list.Items), orNone(notReady))
}

func nodeCondition(n *corev1.Node, t corev1.NodeConditionType) *corev1.NodeCondition {
	for i := range n.Status.Conditions {
		if n.Status.Conditions[i].Type == t {
			return &n.Status.Conditions[i]
		}
	}
	return nil
}

func systemPodsReady(ctx context.Context, cs kubernetes.Interface) error {
	list, err := cs.CoreV1().Pods("kube-system").List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	if len(list.Items) == 0 {
		return errors.New("no kube-system pods yet")
	}
	var notReady []string
	for _, pod := range list.Items {
		if pod.Status.Phase == corev1.PodSucceeded || podReady(&pod) {
			continue
		}
		notReady = append(notReady, fmt.Sprintf("%s (%s)", pod.Name, pod.Status.Phase))
	}
	if len(notReady) == 0 {
		return nil
	}
	sort.Strings(notReady)
	return fmt.Errorf("kube-system pods not Ready: %s", strings.Join(notReady, ", "))
}

func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none missing, waiting for more to register"
	}
	return strings.Join(s, ", ")
}
