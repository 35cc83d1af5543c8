package classroom

import (
	"strings"
	"testing"

	"kubelab/lessons"
)

func builtin(t testing.TB) *lessons.Catalog {
	t.Helper()
	cat, err := lessons.Builtin()
	if err != nil {
		t.Fatalf("the built-in lessons do not load: %v", err)
	}
	return cat
}

func TestPlanKeepsOnlyStepsALearnerCanDoInTheirOwnNamespace(t *testing.T) {
	cat := builtin(t)
	plan, err := Plan(cat, nil)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, lp := range plan {
		l := cat.Lesson(lp.ID)
		for _, id := range lp.Steps {
			s := l.Step(id)
			if s.Needs != lessons.NeedsCluster {
				t.Errorf("%s/%s needs %s but is planned for class", lp.ID, id, s.Needs)
			}
			for _, c := range s.Checks {
				if c.Kind == lessons.KindCommand {
					t.Errorf("%s/%s has a command check but is planned for class", lp.ID, id)
				}
				if c.Namespace != "" && !strings.Contains(c.Namespace, "{{") {
					t.Errorf("%s/%s reads namespace %s but is planned for class", lp.ID, id, c.Namespace)
				}
			}
			for _, line := range s.Solution {
				for _, bad := range []string{"cordon", "drain", "taint", "kube-system", "-A ", "create namespace"} {
					if strings.Contains(line, bad) {
						t.Errorf("%s/%s's solution uses %q but is planned for class", lp.ID, id, bad)
					}
				}
			}
		}
		lines = append(lines, lp.ID+": "+strings.Join(lp.Steps, ","))
	}
	t.Logf("class steps:\n%s", strings.Join(lines, "\n"))
	// The self-healing lesson's first step creates a deployment in the
	// lesson namespace: a class must offer it.
	sh := findPlan(plan, "self-healing")
	if sh == nil || len(sh.Steps) == 0 || sh.Steps[0] != "deploy" {
		t.Fatalf("self-healing/deploy should run in class; plan: %+v", sh)
	}
	// kubeadm-init needs node shells throughout.
	if p := findPlan(plan, "kubeadm-init"); p != nil {
		t.Errorf("kubeadm-init should not run in class, planned steps %v", p.Steps)
	}
}

func TestPlanSaysWhyAStepIsNotAvailable(t *testing.T) {
	cat := builtin(t)
	plan, err := Plan(cat, []string{"self-healing"})
	if err != nil {
		t.Fatal(err)
	}
	for _, sk := range plan[0].Skipped {
		for _, lang := range []string{"en", "zh"} {
			if txt := sk.Reason.Text(lang); txt == "" || strings.HasPrefix(txt, "skip.") {
				t.Errorf("step %s: reason in %s is %q", sk.Step, lang, txt)
			}
		}
	}
	if len(plan[0].Skipped) == 0 {
		t.Error("self-healing's liveness step needs kind and should be skipped")
	}
	if _, err := Plan(cat, []string{"no-such-lesson"}); err == nil {
		t.Error("an unknown lesson is not an error")
	}
	if _, err := Plan(cat, []string{"kubeadm-init"}); err == nil {
		t.Error("a lesson with no class step named explicitly is not an error")
	}
}

func TestEveryMessageHasEnglishAndChinese(t *testing.T) {
	for key, e := range catalogue {
		if e["en"] == "" || e["zh"] == "" {
			t.Errorf("%s: en %q zh %q", key, e["en"], e["zh"])
		}
		if strings.Count(e["en"], "%")-2*strings.Count(e["en"], "%%") != strings.Count(e["zh"], "%")-2*strings.Count(e["zh"], "%%") {
			t.Errorf("%s: en and zh take different arguments", key)
		}
	}
}

func TestSpecRefusesNamesKubernetesWouldRefuse(t *testing.T) {
	lp := []LessonPlan{{ID: "x", Namespace: "self-healing", Steps: []string{"a"}}}
	for _, s := range []Spec{
		{Name: "Bad_Name", Learners: []string{"a"}, Lessons: lp},
		{Name: "ok", Learners: []string{"Alice"}, Lessons: lp},
		{Name: "ok", Learners: []string{"a", "a"}, Lessons: lp},
		{Name: "ok", Lessons: lp},
		{Name: strings.Repeat("c", 30), Learners: []string{strings.Repeat("l", 30)}, Lessons: lp},
	} {
		if err := s.Validate(); err == nil {
			t.Errorf("spec %q %v passes validation", s.Name, s.Learners)
		}
	}
	good := Spec{Name: "k8s101", Learners: []string{"alice", "bob-2"}, Lessons: lp}
	if err := good.Validate(); err != nil {
		t.Error(err)
	}
}

func TestReadRosterTakesOneNamePerLineOrCommas(t *testing.T) {
	got, err := ReadRoster(strings.NewReader("# class\nalice\n\nbob, carol\n  dave  \n"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "alice bob carol dave" {
		t.Errorf("got %v", got)
	}
}

func findPlan(plan []LessonPlan, id string) *LessonPlan {
	for i := range plan {
		if plan[i].ID == id {
			return &plan[i]
		}
	}
	return nil
}
