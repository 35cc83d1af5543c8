package exam

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"

	"kubelab/lessons"
	"kubelab/sandbox"
)

// Cleanup removes the exam's namespaces, and only those (a namespace the
// lab did not create is refused, as a reset refuses it), then, on the lab's
// kind cluster, runs each task's lesson's undo commands, putting back what
// the tasks changed on the nodes as `kubelab reset` does. It removes the
// running exam's file too. It goes on past a failure and returns them all.
func (e *Exam) Cleanup(ctx context.Context) error {
	var errs []error
	cs, err := kubernetes.NewForConfig(e.cfg.Target.RESTConfig())
	if err != nil {
		return fmt.Errorf("clean up the exam: %w", err)
	}
	// Delete them all first, then wait: a namespace takes seconds to go.
	for _, t := range e.tasks {
		if err := deleteNamespace(ctx, cs, t.Namespace, false); err != nil {
			errs = append(errs, err)
		}
	}
	for _, t := range e.tasks {
		if err := deleteNamespace(ctx, cs, t.Namespace, true); err != nil {
			errs = append(errs, err)
		}
	}
	if e.cfg.Target.Backend == sandbox.BackendKind {
		for _, t := range e.tasks {
			undo, err := e.cfg.Catalog.ExpandUndo(t.Lesson, lessons.LabVars(t.Namespace))
			if err != nil || len(undo) == 0 {
				if err != nil {
					errs = append(errs, err)
				}
				continue
			}
			env, err := e.env(t.Namespace)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if err := (sandbox.Commands{Env: env}).RunAll(ctx, undo); err != nil {
				errs = append(errs, fmt.Errorf("undo task %d's changes outside its namespace: %w", t.N, err))
			}
		}
	}
	if err := os.Remove(StateFile(e.cfg.StateDir)); err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// deleteNamespace deletes a namespace the lab created and, with wait, waits
// until it is gone; a missing one is fine.
func deleteNamespace(ctx context.Context, cs kubernetes.Interface, ns string, waitGone bool) error {
	cur, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		return nil
	case err != nil:
		return fmt.Errorf("remove exam namespace %s: %w", ns, err)
	case cur.Labels[sandbox.ManagedByLabel] != sandbox.ManagedByValue:
		return fmt.Errorf("remove exam namespace %s: %w: kubelab did not create it", ns, sandbox.ErrRefused)
	}
	if cur.DeletionTimestamp == nil {
		err := cs.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("remove exam namespace %s: %w", ns, err)
		}
	}
	if !waitGone {
		return nil
	}
	err = wait.PollUntilContextTimeout(ctx, 250*time.Millisecond, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		_, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
	if err != nil {
		return fmt.Errorf("remove exam namespace %s: it is still being deleted: %w", ns, err)
	}
	return nil
}
