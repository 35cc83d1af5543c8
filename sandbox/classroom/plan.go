package classroom

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"kubelab/internal/msg"
	"kubelab/lessons"
)

// LessonPlan is one lesson as a class runs it.
type LessonPlan struct {
	ID string `json:"id"`
	// Namespace is the lesson's own namespace; each learner works in
	// LearnerNamespace(class, learner, Namespace) instead.
	Namespace string `json:"namespace"`
	// Steps are the ids of the steps that run in class, in lesson order.
	Steps []string `json:"steps"`
	// Skipped are the steps that do not, with why.
	Skipped []SkippedStep `json:"skipped,omitempty"`
}

// SkippedStep is a step not available in class.
type SkippedStep struct {
	Step   string `json:"step"`
	Reason Reason `json:"reason"`
}

// Reason says why a step is not available in class; render with Text.
type Reason struct {
	Key string `json:"key"`
	Arg string `json:"arg,omitempty"`
}

// Text is the reason in lang.
func (r Reason) Text(lang string) string {
	if r.Arg == "" {
		return say(lang, r.Key)
	}
	return say(lang, r.Key, r.Arg)
}

// Msg is the reason as a message, rendered in the language it is shown in.
func (r Reason) Msg() msg.Msg {
	if r.Arg == "" {
		return msg.New(prefix + r.Key)
	}
	return msg.New(prefix+r.Key, r.Arg)
}

// BlockedMsg says, for a learner's lab, that a step is not available in
// class and why ("not available in class: ..."), if it is not.
func BlockedMsg(s *lessons.Step) (msg.Msg, bool) {
	r, blocked := StepBlocked(s)
	if !blocked {
		return msg.Msg{}, false
	}
	return msg.New(prefix+"skip.inClass", r.Msg()), true
}

// readable are the resources a learner may read: namespaced ones their edit
// role covers in their own namespaces, and nodes (read-only, cluster-wide).
var readable = map[string]bool{
	"pods": true, "deployments": true, "replicasets": true, "statefulsets": true, "daemonsets": true,
	"services": true, "endpoints": true, "endpointslices": true, "configmaps": true, "secrets": true,
	"jobs": true, "cronjobs": true, "persistentvolumeclaims": true, "events": true,
	"horizontalpodautoscalers": true, "serviceaccounts": true, "ingresses": true,
	"poddisruptionbudgets": true, "networkpolicies": true, "nodes": true,
	"resourcequotas": true, "limitranges": true,
}

// forbidden are command fragments that need more than a learner's rights:
// node writes, other namespaces, cluster-scoped kinds, node shells, host
// access the namespace's Pod Security level refuses.
var forbidden = []*regexp.Regexp{
	regexp.MustCompile(`\b(cordon|uncordon|drain|taint)\b`),
	regexp.MustCompile(`\b(label|annotate|patch|edit|delete|replace)\s+(nodes?|no)\b`),
	regexp.MustCompile(`(^|\s)(-A|--all-namespaces|-n|--namespace)(\s|=|$)`),
	regexp.MustCompile(`\bkube-(system|public|node-lease)\b`),
	regexp.MustCompile(`\b(create|delete)\s+(namespace|ns)\b`),
	regexp.MustCompile(`(?i)kind:\s*(Namespace|Node|ClusterRole|ClusterRoleBinding|PersistentVolume|StorageClass|PriorityClass|CustomResourceDefinition|RuntimeClass|IngressClass|ValidatingWebhookConfiguration|MutatingWebhookConfiguration|APIService|CSIDriver)\b`),
	regexp.MustCompile(`\b(clusterroles?|clusterrolebindings?|storageclass(es)?|persistentvolumes?|pv|crds?|customresourcedefinitions?|priorityclass(es)?)\b`),
	regexp.MustCompile(`\b(node-shell|nodeshell|crictl|docker|nerdctl|kubeadm|systemctl|journalctl|ssh)\b`),
	regexp.MustCompile(`\b(hostPath|hostNetwork|hostPID|hostIPC|privileged)\b`),
	regexp.MustCompile(`(?m)^\s*namespace:\s*[a-z]`),
}

// Plan decides which lessons and steps can run on a shared cluster, where a
// learner has edit rights in their own namespaces only and may read nodes.
// It is conservative: a step runs in class only when it needs no more than
// an API server (needs: cluster), every check reads resources a learner may
// read in the learner's namespace (or nodes), no check runs a command, and
// neither its commands nor its solution mention a node write, another
// namespace, a cluster-scoped kind, a node shell or host access. ids narrows
// to those lessons (all when empty); a named lesson with no class step is an
// error.
func Plan(cat *lessons.Catalog, ids []string) ([]LessonPlan, error) {
	var out []LessonPlan
	for _, id := range ids {
		if cat.Lesson(id) == nil {
			return nil, errorf("err.noLesson", id)
		}
	}
	for _, l := range cat.Lessons {
		if len(ids) > 0 && !slices.Contains(ids, l.ID) {
			continue
		}
		ns := l.Namespace
		if ns == "" {
			ns = l.ID
		}
		p := LessonPlan{ID: l.ID, Namespace: ns}
		for _, s := range l.Steps {
			if r, ok := StepBlocked(s); ok {
				p.Skipped = append(p.Skipped, SkippedStep{Step: s.ID, Reason: r})
				continue
			}
			p.Steps = append(p.Steps, s.ID)
		}
		if len(p.Steps) == 0 {
			if len(ids) > 0 {
				return nil, errorf("err.noClassLesson", l.ID)
			}
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// StepBlocked says why a step cannot run in class, if it cannot.
func StepBlocked(s *lessons.Step) (Reason, bool) {
	if s.Needs != lessons.NeedsCluster {
		return Reason{Key: "skip.kind"}, true
	}
	queries := func(c *lessons.Check) []lessons.Query {
		var qs []lessons.Query
		if c.Resource != "" || c.Kind == lessons.KindEvent {
			qs = append(qs, c.Query)
		}
		if c.Answer != nil && c.Answer.Count != nil {
			qs = append(qs, *c.Answer.Count)
		}
		if c.Answer != nil && c.Answer.Field != nil {
			qs = append(qs, c.Answer.Field.Query)
		}
		return qs
	}
	for _, c := range s.Checks {
		// The lab cluster's node names mean nothing on a class cluster.
		if raw, _ := json.Marshal(c); strings.Contains(string(raw), ".Nodes.") {
			return Reason{Key: "skip.nodes"}, true
		}
		if c.Kind == lessons.KindCommand {
			return Reason{Key: "skip.command"}, true
		}
		for _, q := range queries(c) {
			if q.Resource != "" {
				base, _, _ := strings.Cut(q.Resource, ".")
				if !readable[base] {
					return Reason{Key: "skip.resource", Arg: q.Resource}, true
				}
			}
			if q.Namespace != "" && !strings.Contains(q.Namespace, "{{") {
				return Reason{Key: "skip.namespace", Arg: q.Namespace}, true
			}
		}
	}
	for _, text := range append(slices.Clone(s.Commands), s.Solution...) {
		for _, re := range forbidden {
			if m := re.FindString(text); m != "" {
				return Reason{Key: "skip.text", Arg: strings.TrimSpace(m)}, true
			}
		}
	}
	return Reason{}, false
}
