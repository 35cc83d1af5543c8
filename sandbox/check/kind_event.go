package check

import (
	"context"
	"fmt"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"kubelab/lessons"
)

// event: an event with the reason (and involved kind, name, type) happened,
// or happened again, since the step opened. The step's baseline holds the
// events that had happened by then.
var eventKind = checkKind{
	kind:     lessons.KindEvent,
	evaluate: (*evaluation).event,
	watch: func(c *lessons.Check, w *watchSet) bool {
		w.events(c.Query)
		return true
	},
	capture: captureEvents,
	messages: map[string]map[string]string{
		"want.event":    {"en": "an event %[1]s since the step opened", "zh": "步骤开始后出现事件 %[1]s"},
		"saw.noEvent":   {"en": "no such event since the step opened (%[1]d other new events)", "zh": "步骤开始后没有这样的事件（另有 %[1]d 个新事件）"},
		"saw.event":     {"en": "event %[1]s on %[2]s: %[3]s", "zh": "事件 %[1]s，对象 %[2]s：%[3]s"},
		"saw.oldEvents": {"en": "no such event since the step opened (%[1]d older ones from before it)", "zh": "步骤开始后没有这样的事件（之前有 %[1]d 个）"},
	},
}

// captureEvents records the events that have happened by now, once per
// step: those in the namespace of the step's first event check.
func captureEvents(ctx context.Context, s *Session, _ *lister, c *lessons.Check, b *Baseline) error {
	if b.Events != nil {
		return nil
	}
	evs, err := s.e.events(ctx, queryNamespace(c.Query, s.ns))
	if err != nil {
		return err
	}
	b.Events = map[string]string{}
	for _, ev := range evs {
		b.Events[ev.uid] = ev.fingerprint
	}
	return nil
}

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
