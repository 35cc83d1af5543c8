package check

import (
	"context"
	"fmt"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var eventsGVR = schema.GroupVersionResource{Version: "v1", Resource: "events"}

// event is the part of a core/v1 Event a check reads. Events written through
// events.k8s.io/v1 are served here too.
type event struct {
	uid         string
	fingerprint string // changes when the event happens again
	reason      string
	kind, name  string
	eventType   string
	message     string
}

func (e *Engine) events(ctx context.Context, ns string) ([]event, error) {
	var list *unstructured.UnstructuredList
	err := e.retry(ctx, func() error {
		var err error
		list, err = e.dyn.Resource(eventsGVR).Namespace(ns).List(ctx, metav1.ListOptions{})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list events in %s: %w", ns, err)
	}
	out := make([]event, 0, len(list.Items))
	for _, o := range list.Items {
		str := func(fields ...string) string {
			s, _, _ := unstructured.NestedString(o.Object, fields...)
			return s
		}
		out = append(out, event{
			uid:         string(o.GetUID()),
			fingerprint: o.GetResourceVersion(),
			reason:      str("reason"),
			kind:        str("involvedObject", "kind"),
			name:        str("involvedObject", "name"),
			eventType:   str("type"),
			message:     str("message"),
		})
	}
	return out, nil
}

// event: an event with the reason (and involved kind, name, type) happened,
// or happened again, since the step opened.
func (ev *evaluation) event(ctx context.Context) Result {
	c := ev.c
	filter := []string{"reason=" + c.Reason}
	if c.InvolvedKind != "" {
		filter = append(filter, "kind="+c.InvolvedKind)
	}
	if c.InvolvedName != "" {
		filter = append(filter, "name="+c.InvolvedName)
	}
	if c.EventType != "" {
		filter = append(filter, "type="+c.EventType)
	}
	want := msg("want.event", strings.Join(filter, " "))
	evs, err := ev.s.e.events(ctx, queryNamespace(c.Query, ev.s.ns))
	if err != nil {
		return Result{Err: err, Expected: want}
	}
	base := ev.s.baseline.Events
	otherNew, matchingOld := 0, 0
	for _, e := range evs {
		matches := e.reason == c.Reason &&
			(c.InvolvedKind == "" || strings.EqualFold(e.kind, c.InvolvedKind)) &&
			(c.InvolvedName == "" || e.name == c.InvolvedName) &&
			(c.EventType == "" || e.eventType == c.EventType)
		isNew := base[e.uid] != e.fingerprint
		switch {
		case matches && isNew:
			obj := e.kind + "/" + e.name
			return Result{Pass: true, Expected: want, Observed: msg("saw.event", e.reason, obj, tail(e.message, 120))}
		case matches:
			matchingOld++
		case isNew:
			otherNew++
		}
	}
	if matchingOld > 0 {
		return Result{Expected: want, Observed: msg("saw.oldEvents", matchingOld)}
	}
	return Result{Expected: want, Observed: msg("saw.noEvent", otherNew)}
}
