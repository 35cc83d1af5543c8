package lessons

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

func TestValidPackLoadsWithoutProblems(t *testing.T) {
	c, err := LoadDir("testdata/valid")
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if len(c.Lessons) != 1 {
		t.Fatalf("lessons = %d, want 1", len(c.Lessons))
	}
	l := c.Lessons[0]
	if l.ID != "first-steps" || l.Order != 1 || l.Namespace != "first-steps" || l.Part != "basics" {
		t.Errorf("lesson = %+v", l)
	}
	if got := l.Steps[0].StepTimeout().String(); got != "1m30s" {
		t.Errorf("timeout = %s", got)
	}
	if got := l.Steps[1].StepTimeout(); got != DefaultStepTimeout {
		t.Errorf("default timeout = %s", got)
	}
	en, zh := l.Text("en"), l.Text("zh")
	if en.Title != "First steps" || zh.Title != "第一步" {
		t.Errorf("titles = %q, %q", en.Title, zh.Title)
	}
	if !strings.Contains(en.Notes, "## Step fake: nor is this") {
		t.Errorf("a heading inside a code block must stay in the notes: %q", en.Notes)
	}
	st := en.Steps["deploy"]
	if len(st.Hints) != 2 || st.Hints[1] != "Add `--replicas=2`." || st.Checks["on-workers"] != "They run on the workers." {
		t.Errorf("step prose = %+v", st)
	}
	q := zh.Steps["count-nodes"].Quizzes["role"]
	if q.Question != "哪个节点运行控制平面？" || q.Choices["b"] != "控制平面节点" || strings.Join(q.ChoiceKeys(), ",") != "a,b" {
		t.Errorf("quiz = %+v", q)
	}
	if c.ImageWhy("zh", "web") != "部署和服务用的小型 Web 服务器" || c.ImageWhy("fr", "web") != "a small web server for deployments and services" {
		t.Errorf("image notes = %v", c.ImageNotes)
	}
	if c.PartTitle("zh", "basics") != "基础" || c.PartTitle("fr", "basics") != "Basics" {
		t.Errorf("part titles = %v", c.Titles)
	}
	if !strings.Contains(c.Glossary["zh"], "容器组") {
		t.Errorf("glossary = %q", c.Glossary)
	}
	if c.Lesson("first-steps") != l || c.Lesson("nope") != nil || l.Step("deploy") != l.Steps[0] {
		t.Error("lookups by id")
	}
	if l.Steps[0].Line != 5 || l.Steps[0].Checks[1].Line != 18 {
		t.Errorf("lines: step %d, check %d", l.Steps[0].Line, l.Steps[0].Checks[1].Line)
	}
}

// damage copies the valid pack, applies edits (file -> old -> new; an empty
// old replaces the whole file, a nil-like "<delete>" new removes it) and
// returns the problems of loading the copy.
func damage(t *testing.T, edits ...[3]string) Problems {
	t.Helper()
	fsys := fstest.MapFS{}
	root := "testdata/valid"
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		file, old, new := e[0], e[1], e[2]
		if new == "<delete>" {
			delete(fsys, file)
			continue
		}
		f, ok := fsys[file]
		if !ok {
			fsys[file] = &fstest.MapFile{Data: []byte(new)}
			continue
		}
		src := string(f.Data)
		if old == "" {
			src = new
		} else {
			if !strings.Contains(src, old) {
				t.Fatalf("%s does not contain %q", file, old)
			}
			src = strings.Replace(src, old, new, 1)
		}
		f.Data = []byte(src)
	}
	_, ps := Load(fsys)
	return ps
}

func wantProblem(t *testing.T, ps Problems, where, text string) {
	t.Helper()
	for _, p := range ps {
		if strings.HasPrefix(p.String(), where+": ") && strings.Contains(p.Msg, text) {
			return
		}
	}
	t.Errorf("want a problem at %s containing %q; got:\n%v", where, text, ps)
}

const (
	yml = "01-first-steps/lesson.yaml"
	en  = "01-first-steps/en.md"
	zh  = "01-first-steps/zh.md"
)

func TestLintReportsEachKindOfProblemWithFileAndLine(t *testing.T) {
	cases := []struct {
		name        string
		edit        [3]string
		where, text string
	}{
		{"unknown field in a check", [3]string{yml, "        selector: app=web\n        condition", "        selector: app=web\n        colour: red\n        condition"}, yml + ":15", `unknown field "colour"`},
		{"unknown check kind", [3]string{yml, "kind: count", "kind: tally"}, yml + ":12", `unknown kind "tally"`},
		{"field that does not apply to the kind", [3]string{yml, "        selector: app=web\n        path:", "        selector: app=web\n        run: date\n        path:"}, yml + ":22", `field "run" does not apply to a field check`},
		{"missing required field", [3]string{yml, "        resource: pods\n        selector: app=web\n        condition", "        selector: app=web\n        condition"}, yml + ":11", `needs "resource"`},
		{"duplicate step id", [3]string{yml, "id: count-nodes", "id: deploy"}, yml + ":27", `step id "deploy" is used twice`},
		{"duplicate check id", [3]string{yml, "id: on-workers", "id: two-ready"}, yml + ":18", `check id "two-ready" is used twice`},
		{"bad needs", [3]string{yml, "needs: cluster\n    timeout", "needs: vm\n    timeout"}, yml + ":6", `needs is "vm"`},
		{"bad timeout", [3]string{yml, "timeout: 90s", "timeout: soon"}, yml + ":7", `timeout "soon"`},
		{"unknown image", [3]string{yml, `--image={{image "web"}} --replicas=2 -n`, `--image={{image "db"}} --replicas=2 -n`}, yml + ":9", `unknown image "db"`},
		{"unknown template field", [3]string{yml, "^{{.Nodes.Worker}}2?$", "^{{.Nodes.Worker3}}$"}, yml + ":18", "Worker3"},
		{"bad op", [3]string{yml, `op: ">="`, `op: "=>"`}, yml + ":16", `op "=>"`},
		{"value not a number", [3]string{yml, `value: "2"`, `value: two`}, yml + ":17", `value "two" is not a number`},
		{"bad regexp", [3]string{yml, `matches: "^{{.Nodes.Worker}}2?$"`, `matches: "(("`}, yml + ":23", "matches:"},
		{"bad jsonpath", [3]string{yml, `path: "{.spec.nodeName}"`, `path: "{.spec[}"`}, yml + ":22", "path"},
		{"path without braces", [3]string{yml, `path: "{.spec.nodeName}"`, `path: ".spec.nodeName"`}, yml + ":22", "JSONPath in braces"},
		{"bad selector", [3]string{yml, "selector: app=web\n        condition", "selector: app==web=\n        condition"}, yml + ":14", "selector"},
		{"two comparisons in a field check", [3]string{yml, `        matches: "^{{.Nodes.Worker}}2?$"`, "        matches: x\n        equals: y"}, yml + ":18", "exactly one of equals"},
		{"answer not among choices", [3]string{yml, "literal: b", "literal: c"}, yml + ":39", `"c" is not one of the choices`},
		{"answer with two sources", [3]string{yml, "          count:\n            resource: nodes", "          literal: \"3\"\n          count:\n            resource: nodes"}, yml + ":32", "exactly one of literal"},
		{"part not in course", [3]string{yml, "part: basics", "part: advanced"}, yml + ":2", `part "advanced"`},
		{"id not matching folder", [3]string{yml, "id: first-steps", "id: second-steps"}, yml + ":1", "does not match the folder"},
		{"node command on a cluster step", [3]string{yml, "      - id: on-workers\n        kind: field\n        resource: pods\n        selector: app=web\n        path: \"{.spec.nodeName}\"\n        matches: \"^{{.Nodes.Worker}}2?$\"", "      - id: on-workers\n        kind: command\n        run: hostname\n        on: node\n        node: \"{{.Nodes.Worker}}\""}, yml + ":21", "needs a kind cluster"},
		{"no checks", [3]string{yml, "    checks:\n      - id: nodes\n        kind: quiz\n        answer:\n          count:\n            resource: nodes\n      - id: role\n        kind: quiz\n        choices: [a, b]\n        answer:\n          literal: b\n", "    commands: [kubectl get nodes]\n    solution: [kubectl get nodes]\n"}, yml + ":27", "no checks"},
		{"more commands than digit keys", [3]string{yml, "      - kubectl create deployment web --image={{image \"web\"}} --replicas=2 -n {{.Namespace}}\n", strings.Repeat("      - kubectl get pods\n", 10)}, yml + ":18", "10 commands; a step offers at most 9"},
		{"yaml syntax error", [3]string{yml, "steps:\n", "steps:\n  - id: [\n"}, yml + ":5", "did not find"},
		{"only one hint", [3]string{en, "### Hint\n\nAdd `--replicas=2`.\n\n", ""}, en + ":16", "1 hint(s)"},
		{"check without description", [3]string{zh, "### Check on-workers\n\n它们运行在工作节点上。\n", ""}, zh + ":9", "check on-workers has no description"},
		{"step missing in a language", [3]string{zh, "## Step count-nodes: 数一数节点", "## Step count-node: 数一数节点"}, zh + ":0", "step count-nodes has no text"},
		{"prose for an unknown step", [3]string{zh, "## Step count-nodes: 数一数节点", "## Step count-node: 数一数节点"}, zh + ":29", "step count-node is not in lesson.yaml"},
		{"quiz choice without text", [3]string{en, "- b: the control-plane node\n", ""}, en + ":56", `choice "b" has no text`},
		{"unknown step heading", [3]string{en, "### Hint\n\nUse", "### Tip\n\nUse"}, en + ":20", `unknown step heading "Tip"`},
		{"unknown section", [3]string{en, "## Notes", "## Background"}, en + ":5", `unknown section "Background"`},
		{"step heading without a title", [3]string{en, "## Step deploy: Run two replicas", "## Step deploy"}, en + ":16", "write it as"},
		{"text before the title", [3]string{en, "# First steps", "Hello\n# First steps"}, en + ":1", "expected the lesson title"},
		{"unclosed code block", [3]string{en, "Count the lines.", "Count the lines.\n\n```"}, en + ":48", "never closed"},
		{"quiz-only step without a solution", [3]string{zh, "### Solution\n\n`kubectl get nodes` 列出几个节点，就有几个。\n", ""}, zh + ":29", "explains its answer"},
		{"missing language file", [3]string{zh, "", "<delete>"}, zh, "missing"},
		{"bad image ref", [3]string{"course.yaml", "ref: nginx:1.29", "ref: \"nginx 1.29\""}, "course.yaml:5", "not an image reference"},
		{"part without a title", [3]string{"course.zh.yaml", "basics: 基础", "other: 其他"}, "course.zh.yaml:2", `unknown part "other"`},
		{"an undo command with a bad template", [3]string{yml, "steps:\n", "undo:\n  - kubectl uncordon {{.Nodez.Worker}}\nsteps:\n"}, yml + ":5", "Nodez"},
		{"a term the course does not use", [3]string{zh, "Deployment 让一定数量的 Pod 保持运行。", "Deployment 通过副本集让 Pod 保持运行。"}, zh + ":7", "write ReplicaSet, not 副本集"},
		{"a space after full-width punctuation", [3]string{zh, "Deployment 让一定数量的 Pod 保持运行。", "Deployment 让 Pod 保持运行。 然后看节点。"}, zh + ":7", "a space after the full-width"},
		{"ASCII quotes around Chinese", [3]string{zh, "Deployment 让一定数量的 Pod 保持运行。", `Deployment 让 Pod "保持运行"。`}, zh + ":7", "quote Chinese with"},
		{"an inline glossary note", [3]string{zh, "Deployment 让一定数量的 Pod 保持运行。", "Deployment（术语表：部署）让 Pod 保持运行。"}, zh + ":7", "an inline glossary note"},
		{"note for an image the course lacks", [3]string{"course.zh.yaml", "  web: 部署和服务用的小型 Web 服务器", "  nope: 不存在"}, "course.zh.yaml:4", `unknown image "nope"`},
		{"glossary in one language only", [3]string{"glossary.zh.md", "", "<delete>"}, "glossary.zh.md", "missing: the glossary"},
		{"bad folder name", [3]string{"1_intro/lesson.yaml", "", "id: x"}, "1_intro", "NN-<lesson id>"},
		{"unknown step mode", [3]string{yml, "mode: challenge", "mode: exam"}, yml + ":42", `mode "exam"`},
		{"challenge command that changes the cluster", [3]string{yml, "      - kubectl get deployments\n", "      - kubectl delete deployment broken\n"}, yml + ":47", "kubectl delete can change the cluster"},
		{"challenge command with a pipe", [3]string{yml, "      - kubectl get deployments\n", "      - kubectl get deployments | sh\n"}, yml + ":47", "uses the shell"},
		{"challenge command with a redirection", [3]string{yml, "      - kubectl get deployments\n", "      - kubectl get deployments > x\n"}, yml + ":47", "uses the shell"},
		{"challenge command that is not kubectl", [3]string{yml, "      - kubectl get deployments\n", "      - rm -rf x\n"}, yml + ":47", "not a kubectl command"},
		{"challenge without wrong attempts", [3]string{yml, "    wrong:\n      - files:\n          deploy.yaml: |\n            apiVersion: apps/v1\n            kind: Deployment\n            metadata: {name: other}\n        commands:\n          - kubectl apply -f deploy.yaml\n        fail: [fixed]\n", ""}, yml + ":40", "no wrong attempts"},
		{"wrong attempt naming an unknown check", [3]string{yml, "fail: [fixed]", "fail: [nope]"}, yml + ":66", `no check "nope"`},
		{"wrong attempt naming no checks", [3]string{yml, "        fail: [fixed]\n", ""}, yml + ":59", "names no checks"},
		{"wrong attempt without commands", [3]string{yml, "        commands:\n          - kubectl apply -f deploy.yaml\n        fail", "        fail"}, yml + ":59", "without commands"},
		{"wrong attempt file in a folder", [3]string{yml, "          deploy.yaml: |", "          ../deploy.yaml: |"}, yml + ":60", "without folders"},
		{"wrong attempt with an unknown image", [3]string{yml, "          - kubectl apply -f deploy.yaml\n        fail", "          - kubectl set image deploy/broken web={{image \"db\"}}\n        fail"}, yml + ":65", `unknown image "db"`},
		{"wrong attempt file with an unknown image", [3]string{yml, "            metadata: {name: other}", "            metadata: {name: '{{image \"db\"}}'}"}, yml + ":60", `unknown image "db"`},
		{"setup with an unknown image", [3]string{yml, "--image=registry.invalid/web:none", `--image={{image "db"}}`}, yml + ":44", `unknown image "db"`},
		{"starter file missing", [3]string{yml, "files: [deploy.yaml]", "files: [nope.yaml]"}, yml + ":45", `file "nope.yaml": missing`},
		{"starter file outside the lesson", [3]string{yml, "files: [deploy.yaml]", "files: [../course.yaml]"}, yml + ":45", "inside the lesson folder"},
		{"starter file with an absolute path", [3]string{yml, "files: [deploy.yaml]", "files: [/etc/passwd]"}, yml + ":45", "inside the lesson folder"},
		{"starter file that is the lesson's own", [3]string{yml, "files: [deploy.yaml]", "files: [en.md]"}, yml + ":45", "is the lesson's own"},
		{"starter file listed twice", [3]string{yml, "files: [deploy.yaml]", "files: [deploy.yaml, deploy.yaml]"}, yml + ":45", "listed twice"},
		{"explanation in one language only", [3]string{zh, "### Explain role\n\n控制平面运行在自己的节点上，kind 以集群的名字给它命名。\n", ""}, zh + ":49", "no explanation in this language"},
		{"explanation for no quiz", [3]string{en, "### Explain role", "### Explain rolle"}, en + ":63", "### Quiz rolle names no quiz check"},
		{"empty explanation", [3]string{en, "### Explain role\n\nThe control plane runs on its own node, which kind names after the cluster.\n", "### Explain role\n"}, en + ":63", "explain role: empty"},
		{"exam weight out of bounds", [3]string{yml, "    mode: challenge\n", "    mode: challenge\n    weight: 11\n"}, yml + ":43", "weight 11; want a whole number from 1 to 10"},
		{"exam weight on a step no exam draws", [3]string{yml, "    needs: cluster\n    timeout: 90s", "    needs: cluster\n    weight: 2\n    timeout: 90s"}, yml + ":7", "weight 2 on a step no exam draws"},
		{"exam task with a quiz", [3]string{yml, "  - id: count-nodes\n    needs: cluster\n", "  - id: count-nodes\n    needs: cluster\n    exam: true\n"}, yml + ":29", "check nodes is a quiz"},
		{"duplicate lesson number", [3]string{"01-second/lesson.yaml", "", "id: second\n"}, "01-second", "number 01 is used by"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := damage(t, c.edit)
			if len(ps) == 0 {
				t.Fatal("no problems reported")
			}
			where := c.where
			if strings.HasSuffix(where, ":0") {
				where = strings.TrimSuffix(where, ":0")
			}
			wantProblem(t, ps, where, c.text)
		})
	}
}

func TestProblemsNameTheFolderTheLearnerTyped(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/valid")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "01-first-steps", "en.md"), []byte("# T\n\nS\n"), 0o644)
	_, err := LoadDir(dir)
	ps, ok := err.(Problems)
	if !ok || len(ps) == 0 {
		t.Fatalf("err = %v", err)
	}
	if !strings.HasPrefix(ps[0].String(), filepath.ToSlash(dir)+"/01-first-steps/en.md") {
		t.Errorf("first problem %q does not name the folder", ps[0])
	}
}

func TestLoadDirRefusesAFileOrMissingFolder(t *testing.T) {
	if _, err := LoadDir("testdata/nope"); err == nil {
		t.Error("missing folder: no error")
	}
	if _, err := LoadDir("load_test.go"); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("file: err = %v", err)
	}
}

func TestEmptyPackSaysWhatAPackHolds(t *testing.T) {
	_, ps := Load(fstest.MapFS{"course.yaml": {Data: []byte("parts: [{id: a}]\n")}, "course.en.yaml": {Data: []byte("parts: {a: A}\n")}, "course.zh.yaml": {Data: []byte("parts: {a: 甲}\n")}})
	wantProblem(t, ps, ".", "no lessons")
}

func TestAStarterFileMustBeARegularFileOfBoundedSize(t *testing.T) {
	ps := damage(t, [3]string{yml, "files: [deploy.yaml]", "files: [sub]"}, [3]string{"01-first-steps/sub/a.yaml", "", "a: 1\n"})
	wantProblem(t, ps, yml+":45", `file "sub" is not a regular file`)
	ps = damage(t, [3]string{"01-first-steps/deploy.yaml", "", strings.Repeat("# padding\n", MaxStarterFile/10+1)})
	wantProblem(t, ps, yml+":45", "a starter file is at most")
}

func TestAnExamDrawsChallengesAndMarkedStepsWithTheirWeights(t *testing.T) {
	fsys := os.DirFS("testdata/valid")
	c, ps := Load(fsys)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	l := c.Lessons[0]
	if d, f := l.Step("deploy"), l.Step("fix-web"); d.Drawable() || !f.Drawable() || f.TaskWeight() != DefaultWeight {
		t.Errorf("deploy drawable %v, fix-web drawable %v weight %d", d.Drawable(), f.Drawable(), f.TaskWeight())
	}
	ps = damage(t, [3]string{yml, "    needs: cluster\n    timeout: 90s", "    needs: cluster\n    exam: true\n    weight: 3\n    timeout: 90s"})
	if len(ps) > 0 {
		t.Errorf("a step marked for exams with a weight: %v", ps)
	}
}

func TestAChallengeLoadsWithItsStarterFileSetupAndWrongAttempts(t *testing.T) {
	c, err := LoadDir("testdata/valid")
	if err != nil {
		t.Fatal(err)
	}
	l := c.Lessons[0]
	s := l.Step("fix-web")
	if !s.IsChallenge() || l.Step("deploy").Mode != ModeGuided {
		t.Errorf("modes: %q, %q", s.Mode, l.Step("deploy").Mode)
	}
	if len(s.Setup) != 1 || len(s.Wrong) != 1 || s.Wrong[0].Line != 59 || s.Wrong[0].Fail[0] != "fixed" {
		t.Errorf("setup %q, wrong %+v", s.Setup, s.Wrong)
	}
	if !strings.Contains(s.Wrong[0].Files["deploy.yaml"], "name: other") {
		t.Errorf("wrong attempt files: %q", s.Wrong[0].Files)
	}
	if len(s.Starter) != 1 || s.Starter[0].Name != "deploy.yaml" || !strings.Contains(string(s.Starter[0].Data), "# TODO") {
		t.Errorf("starter files: %+v", s.Starter)
	}
	q := l.Text("zh").Steps["count-nodes"].Quizzes["role"]
	if !strings.Contains(q.Explain, "控制平面") || q.Question == "" {
		t.Errorf("explain: %+v", q)
	}
	if l.Text("en").Steps["count-nodes"].Quizzes["nodes"].Explain != "" {
		t.Error("a quiz without ### Explain has an explanation")
	}
}

func TestReadOnlyCommandAllowsOnlyLookUps(t *testing.T) {
	for _, c := range []struct {
		cmd string
		ok  bool
	}{
		{"kubectl get pods", true},
		{"kubectl -n web describe deployment web", true},
		{"kubectl logs deploy/web --tail=20", true},
		{"kubectl events --for deployment/web", true},
		{"kubectl explain deployment.spec", true},
		{"kubectl top pods", true},
		{"kubectl auth can-i create pods", true},
		{"kubectl --context kubelab get nodes -o wide", true},
		{"kubectl auth reconcile -f x.yaml", false},
		{"kubectl apply -f deploy.yaml", false},
		{"kubectl delete pod web", false},
		{"kubectl edit deployment web", false},
		{"kubectl -n get delete pods", false},
		{"kubectl", false},
		{"", false},
		{"sh -c 'kubectl get pods'", false},
		{"kubectl get pods | xargs kubectl delete", false},
		{"kubectl get pods; kubectl delete pods --all", false},
		{"kubectl get pods && rm x", false},
		{"kubectl get pods > out", false},
		{"kubectl get $(kubectl delete pods --all)", false},
		{"kubectl get `id`", false},
		{"kubectl get pods\nkubectl delete pods", false},
	} {
		if err := ReadOnlyCommand(c.cmd); (err == nil) != c.ok {
			t.Errorf("ReadOnlyCommand(%q) = %v, want ok=%v", c.cmd, err, c.ok)
		}
	}
}

func TestChoiceOrderIsStablePerLearnerAndShuffledAcrossLearners(t *testing.T) {
	l := &Lesson{ID: "l"}
	s := &Step{ID: "s"}
	ch := &Check{ID: "q", Choices: []string{"a", "b", "c", "d"}}
	first := map[string]int{}
	for i := range 400 {
		seed := "learner-" + string(rune('A'+i%26)) + strings.Repeat("x", i/26)
		o := ChoiceOrder(seed, l, s, ch)
		if strings.Join(o, "") != strings.Join(ChoiceOrder(seed, l, s, ch), "") {
			t.Fatalf("seed %q: two different orders", seed)
		}
		sorted := append([]string{}, o...)
		sort.Strings(sorted)
		if strings.Join(sorted, "") != "abcd" {
			t.Fatalf("order %v is not a permutation of the choices", o)
		}
		first[o[0]]++
	}
	for _, k := range ch.Choices {
		if first[k] < 60 { // 100 expected of 400
			t.Errorf("choice %s came first %d times of 400: not shuffled evenly (%v)", k, first[k], first)
		}
	}
	if strings.Join(ch.Choices, "") != "abcd" {
		t.Error("ChoiceOrder changed the check's own list")
	}
	if ChoiceOrder("x", l, s, &Check{ID: "n"}) != nil {
		t.Error("a quiz without choices has an order")
	}
}

func TestLintRefusesTheClustersOwnNamespaces(t *testing.T) {
	for _, ns := range []string{"default", "kube-system", "kube-public", "kube-node-lease", "kube-anything"} {
		ps := damage(t, [3]string{yml, "part: basics\n", "part: basics\nnamespace: " + ns + "\n"})
		wantProblem(t, ps, yml+":3", "belongs to the cluster")
	}
	// An id alone names the namespace too.
	ps := damage(t, [3]string{yml, "part: basics\n", "part: basics\nnamespace: kubelab-default\n"})
	for _, p := range ps {
		if strings.Contains(p.Msg, "belongs to the cluster") {
			t.Errorf("kubelab-default refused: %v", p)
		}
	}
}
