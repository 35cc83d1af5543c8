package check

import (
	"strings"
	"testing"

	"k8s.io/utils/ptr"

	"kubelab/lessons"
)

func TestFieldChecksEveryMatchingObject(t *testing.T) {
	env := newTestEnv(t)
	e := newEngine(t, env, Config{})
	createDeployment(t, env, "web", 3)
	ready := openStep(t, e, env.ns, &lessons.Check{ID: "ready", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "deployments.apps", Name: "web"}, Path: "{.status.readyReplicas}", Op: ">=", Value: "3"})
	r := eventually(t, ready, nil)
	wantPass(t, r, `deployments/web: .status.readyReplicas is "3"`)

	tooMany := openStep(t, e, env.ns, &lessons.Check{ID: "ready", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "deployments", Name: "web"}, Path: "{.status.readyReplicas}", Op: ">=", Value: "4"})
	r = only(t, tooMany, nil)
	wantFail(t, r, `.status.readyReplicas is "3"`)
	if !strings.Contains(r.Message("en"), "want .status.readyReplicas >= 4") {
		t.Errorf("message: %s", r.Message("en"))
	}

	image := openStep(t, e, env.ns, &lessons.Check{ID: "image", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "pods", Selector: "app=web"}, Path: "{.spec.containers[0].image}", Equals: ptr.To(`{{image "web"}}`)})
	wantPass(t, only(t, image, nil), "registry.invalid/web:1")
	matches := openStep(t, e, env.ns, &lessons.Check{ID: "image", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "pods", Selector: "app=web"}, Path: "{.spec.containers[0].image}", Matches: `:2$`})
	wantFail(t, only(t, matches, nil), "registry.invalid/web:1")

	podIPs := openStep(t, e, env.ns, &lessons.Check{ID: "ip", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "pods", Selector: "app=web", Condition: "Ready"}, Path: "{.status.podIP}", InCIDR: "{{.PodSubnet}}"})
	wantPass(t, only(t, podIPs, nil), "10.244.")
	wrongCIDR := openStep(t, e, env.ns, &lessons.Check{ID: "ip", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "pods", Selector: "app=web"}, Path: "{.status.podIP}", InCIDR: "{{.ServiceSubnet}}"})
	wantFail(t, only(t, wrongCIDR, nil), "10.244.")

	missing := openStep(t, e, env.ns, &lessons.Check{ID: "missing", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "deployments", Name: "web"}, Path: "{.status.nothing}", Equals: ptr.To("x")})
	wantFail(t, only(t, missing, nil), "deployments/web has no .status.nothing")
	none := openStep(t, e, env.ns, &lessons.Check{ID: "none", Kind: lessons.KindField,
		Query: lessons.Query{Resource: "deployments", Name: "api"}, Path: "{.spec.replicas}", Equals: ptr.To("1")})
	wantFail(t, only(t, none, nil), "no deployments/api found")
}
