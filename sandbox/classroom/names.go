package classroom

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Labels every object a class creates carries. Delete removes exactly the
// objects carrying LabelClass=NAME and LabelManagedBy=ManagedBy.
const (
	LabelClass     = "kubelab.dev/class"
	LabelLearner   = "kubelab.dev/learner"
	LabelLesson    = "kubelab.dev/lesson"
	LabelRole      = "kubelab.dev/role"
	LabelManagedBy = "app.kubernetes.io/managed-by"
	ManagedBy      = "kubelab-classroom"
)

// Values of LabelRole.
const (
	RoleClass    = "class"    // the class's own namespace
	RoleLearner  = "learner"  // a learner's lesson namespace
	RoleProgress = "progress" // a learner's progress ConfigMap
	RoleRoster   = "roster"   // the class roster ConfigMap
	RoleAnchor   = "anchor"   // the Secret a learner's token is bound to
)

// Names inside the cluster.
const (
	// RosterName is the ConfigMap in the class namespace that records the
	// class: its learners and lessons.
	RosterName = "kubelab-roster"
	// ProgressName is the ConfigMap in a learner's first lesson namespace
	// that the learner's lab writes its progress to.
	ProgressName = "kubelab-progress"
	// ProgressKey is the ConfigMap data key holding the progress JSON.
	ProgressKey = "progress.json"
	// RoleBindingName binds the edit ClusterRole to the learner in each of
	// their namespaces.
	RoleBindingName = "kubelab-learner"
	// NetworkPolicyName keeps other learners' pods out of a namespace.
	NetworkPolicyName = "kubelab-isolate-learners"
	// QuotaName and LimitRangeName bound a namespace's resources.
	QuotaName      = "kubelab-quota"
	LimitRangeName = "kubelab-limits"
	// userPrefix starts the user name in a learner's kubeconfig:
	// kubelab-class:CLASS:LEARNER.
	userPrefix = "kubelab-class"
)

// ClassNamespace is the teacher's namespace of a class: the learners'
// ServiceAccounts, their tokens' anchors and the roster live there, out of
// the learners' reach.
func ClassNamespace(class string) string { return "kubelab-class-" + class }

// LearnerNamespace is the namespace a learner works in for a lesson whose
// own namespace is lessonNS.
func LearnerNamespace(class, learner, lessonNS string) string {
	return class + "-" + learner + "-" + lessonNS
}

// ClusterRoleName names the class's ClusterRole (read nodes) and its binding.
func ClusterRoleName(class string) string { return "kubelab-class-" + class + "-nodes" }

// anchorName is the Secret a learner's token is bound to: deleting it
// revokes the token at once.
func anchorName(learner string) string { return learner + "-token" }

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// ValidName checks a class or learner name (what says which, for the
// message): a DNS label without dots, short enough to combine.
func ValidName(what, name string) error {
	if !dnsLabel.MatchString(name) || len(name) > 40 {
		return errorf("err.name", what, name)
	}
	return nil
}

// ReadRoster reads learner names from r: one a line (or separated by commas
// or spaces); blank lines and lines starting with # are ignored.
func ReadRoster(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, SplitLearners(line)...)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read roster: %w", err)
	}
	return out, nil
}

// SplitLearners splits "a,b c" into names.
func SplitLearners(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

// classLabels are the labels every object of a class carries.
func classLabels(class string, role string) map[string]string {
	return map[string]string{LabelClass: class, LabelManagedBy: ManagedBy, LabelRole: role}
}

// ClassSelector selects every object of a class.
func ClassSelector(class string) string {
	return LabelClass + "=" + class + "," + LabelManagedBy + "=" + ManagedBy
}
