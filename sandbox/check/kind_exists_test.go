package check

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"kubelab/lessons"
)

func TestExistsAndAbsentFollowTheObject(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	exists := openStep(t, e, env.ns, &lessons.Check{ID: "cm", Kind: lessons.KindExists, Query: lessons.Query{Resource: "configmaps", Name: "settings"}})
	absent := openStep(t, e, env.ns, &lessons.Check{ID: "cm", Kind: lessons.KindAbsent, Query: lessons.Query{Resource: "cm", Name: "settings"}})
	wantFail(t, only(t, exists, nil), "no configmaps/settings found")
	wantPass(t, only(t, absent, nil), "no cm/settings found")

	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "settings"}, Data: map[string]string{"a": "1"}}
	if _, err := env.cs.CoreV1().ConfigMaps(env.ns).Create(t.Context(), cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	wantPass(t, only(t, exists, nil), "found configmaps/settings")
	wantFail(t, only(t, absent, nil), "found cm/settings")
	if got := only(t, absent, nil).Message("zh"); !strings.Contains(got, "应为 没有 cm/settings") {
		t.Errorf("zh message: %q", got)
	}
}
