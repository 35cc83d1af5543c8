package check

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"kubelab/lessons"
)

func TestEventCountsOnlyEventsSinceTheStepOpened(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	emit := func(name, reason string) {
		ev := &corev1.Event{
			ObjectMeta:     metav1.ObjectMeta{Name: name},
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: "fragile", Namespace: env.ns},
			Reason:         reason, Message: "probe failed", Type: corev1.EventTypeWarning,
			FirstTimestamp: metav1.Now(), LastTimestamp: metav1.Now(), Count: 1,
		}
		if _, err := env.cs.CoreV1().Events(env.ns).Create(t.Context(), ev, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	emit("old", "Unhealthy")
	check := &lessons.Check{ID: "probe", Kind: lessons.KindEvent, Reason: "Unhealthy", InvolvedKind: "Pod", InvolvedName: "fragile", EventType: "Warning"}
	s := openStep(t, e, env.ns, check)
	wantFail(t, only(t, s, nil), "1 older ones from before it")
	killing := openStep(t, e, env.ns, &lessons.Check{ID: "killed", Kind: lessons.KindEvent, Reason: "Killing"})
	emit("other", "Scheduled")
	wantFail(t, only(t, s, nil), "1 older ones from before it")
	wantFail(t, only(t, killing, nil), "no such event since the step opened (1 other new events)")
	emit("new", "Unhealthy")
	wantPass(t, only(t, s, nil), "event Unhealthy on Pod/fragile: probe failed")
}
