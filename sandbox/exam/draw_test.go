package exam

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kubelab/lessons"
)

func loadPack(t testing.TB) *lessons.Catalog {
	t.Helper()
	cat, err := lessons.LoadDir(filepath.Join("testdata", "exampack"))
	if err != nil {
		t.Fatalf("load the exam pack: %v", err)
	}
	return cat
}

func names(tasks []Task) []string {
	var out []string
	for _, t := range tasks {
		out = append(out, t.Namespace+"="+t.Step.ID)
	}
	return out
}

func TestTheSameSeedDrawsTheSameTasksInTheSameOrder(t *testing.T) {
	cat := loadPack(t)
	a, err := Draw(cat, nil, 3, 42, false)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Draw(cat, nil, 3, 42, false)
	if !slices.Equal(names(a), names(b)) {
		t.Errorf("seed 42 drew %v, then %v", names(a), names(b))
	}
	if len(a) != 3 {
		t.Fatalf("drew %d tasks, want 3", len(a))
	}
	differs := false
	for seed := uint64(1); seed < 20 && !differs; seed++ {
		c, _ := Draw(cat, nil, 3, seed, false)
		differs = !slices.Equal(names(a), names(c))
	}
	if !differs {
		t.Error("every seed from 1 to 19 drew the same order as seed 42")
	}
	for i, task := range a {
		if task.N != i+1 || !strings.HasPrefix(task.Namespace, "exam-") || task.Weight != task.Step.TaskWeight() {
			t.Errorf("task %d: %+v", i, task)
		}
	}
}

func TestTheDrawTakesChallengesAndMarkedStepsOfTheChosenParts(t *testing.T) {
	cat := loadPack(t)
	all, err := Candidates(cat, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range all {
		got = append(got, c.Lesson.ID+"/"+c.Step.ID)
	}
	want := []string{"fix-service/selector", "config-mode/mode", "scale-web/scale"}
	if !slices.Equal(got, want) {
		t.Errorf("candidates %v, want %v (challenges and exam: true steps, not the guided deploy)", got, want)
	}
	if all[0].Weight != 2 || all[1].Weight != 1 {
		t.Errorf("weights %d, %d; want 2 (weight: 2) and the default 1", all[0].Weight, all[1].Weight)
	}
	ops, err := Draw(cat, []string{"ops"}, 5, 1, false)
	if err != nil || len(ops) != 1 || ops[0].Part != "ops" {
		t.Errorf("--part ops, 5 tasks: %v %v; want the one ops task", names(ops), err)
	}
	if _, err := Draw(cat, []string{"nope"}, 1, 1, false); err == nil || !strings.Contains(err.Error(), "basics, ops") {
		t.Errorf("an unknown part: %v", err)
	}
}

// Each pick chooses a part first, so the one ops task is drawn first about
// as often as both basics tasks together, not a third of the time.
func TestTheDrawGivesEachPartItsShare(t *testing.T) {
	cat := loadPack(t)
	ops := 0
	const runs = 2000
	for seed := range uint64(runs) {
		d, err := Draw(cat, nil, 1, seed, false)
		if err != nil {
			t.Fatal(err)
		}
		if d[0].Part == "ops" {
			ops++
		}
	}
	if ops < runs*4/10 || ops > runs*6/10 {
		t.Errorf("the ops part came first %d times in %d; want about half", ops, runs)
	}
}

func TestANamespaceNameStaysValidForALongLessonID(t *testing.T) {
	ns := Namespace(12, strings.Repeat("a-", 40))
	if len(ns) > 63 || strings.HasSuffix(ns, "-") || !strings.HasPrefix(ns, "exam-12-a-a") {
		t.Errorf("namespace %q", ns)
	}
}

// A task that needs the lab's kind cluster is never drawn on another.
func TestANodeTaskIsDrawnOnlyOnKind(t *testing.T) {
	cat, err := lessons.LoadDir(filepath.Join("testdata", "kindpack"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Draw(cat, nil, 1, 1, false); err == nil || !strings.Contains(err.Error(), "no task to draw") {
		t.Errorf("off kind: %v", err)
	}
	if d, err := Draw(cat, nil, 1, 1, true); err != nil || len(d) != 1 || d[0].Weight != 3 {
		t.Errorf("on kind: %v %v", d, err)
	}
}
