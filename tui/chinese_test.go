package tui

import (
	"testing"

	"kubelab/internal/msg"
	"kubelab/internal/msg/msgtest"
	"kubelab/sandbox/classroom"
	"kubelab/tui/lab"
	"kubelab/tui/lab/labtest"
)

// Every screen in Chinese, in the states a learner meets, with no English
// sentence on it: commands, resource names, flags and kubectl's own output
// may stay as they are (see msgtest).
func TestNoScreenShowsAnEnglishSentenceInChinese(t *testing.T) {
	const ready = "3/3 个节点就绪"
	frames := map[string]string{}
	walk := func(name string, f *fixture, steps func(s *session) string) {
		s := f.start(t, "zh")
		frames[name] = screenText(steps(s))
		s.quit()
	}
	walk("home", newFixture(t), func(s *session) string { return s.view(ready) })
	walk("lesson", newFixture(t), func(s *session) string {
		s.waitFor(ready)
		s.keys("<down>", "<enter>")
		return s.view("0 个 Pod 就绪")
	})
	walk("lesson-hint", newFixture(t), func(s *session) string {
		s.keys("<enter>")
		s.waitFor("第 1/1 步")
		s.keys("h")
		return s.view("提示 1 / 2")
	})
	walk("lesson-quiz-explain", newFixture(t), func(s *session) string {
		s.waitFor(ready)
		s.keys("<down>", "<enter>")
		v := s.view("0 个 Pod 就绪")
		s.keys("a", choice(t, v, "Pod 所在节点"), "<enter>")
		return s.view("还不是正确答案", "解析")
	})
	walk("lesson-quiz-not-a-choice", newFixture(t), func(s *session) string {
		s.waitFor(ready)
		s.keys("<down>", "<enter>")
		s.view("0 个 Pod 就绪")
		s.keys("a", "x", "<enter>")
		return s.view("请用选项的字母作答")
	})
	details := newFixture(t)
	details.progress.MarkDone("healing", "deploy")
	details.progress.SetCurrent("healing", "delete-pod")
	walk("lesson-details", details, func(s *session) string {
		s.waitFor(ready, "（d：详情）")
		s.keys("d")
		return s.view("完整内容：")
	})
	how := newFixture(t)
	how.progress.UseHints("healing", "deploy", 1)
	how.progress.MarkDone("healing", "deploy")
	how.progress.MarkDone("first-look", "nodes")
	walk("home-how", how, func(s *session) string {
		s.waitFor(ready)
		s.keys("<down>")
		return s.view("看了 1 条提示后完成")
	})
	walk("notes", newFixture(t), func(s *session) string {
		s.waitFor(ready)
		s.keys("N")
		return s.view("篇笔记")
	})
	walk("help", newFixture(t), func(s *session) string {
		s.waitFor(ready)
		s.keys("?")
		return s.view("? 或 esc：关闭")
	})
	walk("doctor", newFixture(t), func(s *session) string {
		s.waitFor(ready)
		s.keys("C", "D")
		return s.view("max_user_instances")
	})
	creating := newFixture(t)
	creating.cluster.St.Reachable = false
	creating.cluster.CreateEvents = []lab.Event{
		{Msg: msg.New("kind.phase.image", "kindest/node:v1.36.4"), State: lab.Running},
		{Msg: msg.New("kind.phase.image", "kindest/node:v1.36.4"), State: lab.Done},
		{Msg: msg.New("kind.phase.nodes"), State: lab.Running},
		{Msg: msg.New("kind.phase.nodes"), State: lab.Done},
		{Msg: msg.New("kind.step.nodes", 3), State: lab.Done},
	}
	walk("cluster-create", creating, func(s *session) string {
		s.keys("C", "c")
		return s.view("等待 3 个节点 Ready")
	})
	challenge, _ := newChallengeFixture(t)
	walk("challenge-type-along", challenge, func(s *session) string {
		s.keys("<enter>")
		s.waitFor("service.yaml：有效")
		s.keys("t")
		return s.view("跟着输入已开启")
	})
	reading := newFixture(t)
	reading.reading = true
	walk("reading-home", reading, func(s *session) string { return s.view("阅读模式") })
	reading2 := newFixture(t)
	reading2.reading = true
	walk("reading-lesson", reading2, func(s *session) string {
		s.keys("<down>", "<enter>")
		return s.view("阅读模式")
	})
	inClass := func(name string, edit func(*lab.Lab), steps func(s *session) string) {
		s := newFixture(t).startWith(t, "zh", edit)
		frames[name] = screenText(steps(s))
		s.quit()
	}
	inClass("class-step", func(l *lab.Lab) { l.ClassBlocked = classroom.BlockedMsg }, func(s *session) string {
		s.waitFor(ready)
		s.keys("<down>", "<enter>")
		s.waitFor("第 1/3 步")
		s.keys("n", "n", "1")
		return s.view("课堂中不可用")
	})
	inClass("board", func(l *lab.Lab) {
		b := &labtest.Board{}
		b.Publish(lab.BoardSnapshot{
			Class: "k8s101", Learners: []string{"alice", "bob"}, Lessons: []string{"healing", "first-look"}, Ready: true,
			Cells: [][]lab.BoardCell{
				{{Started: true, Steps: 3, Step: "deploy", Status: lab.BoardFailing, Failing: "three-ready", FailingSeen: msg.New("test.notReady"), Hints: 1}, {Steps: 1, Step: "nodes", Status: lab.BoardFailing}},
				{{Started: true, Steps: 3, Done: 3, Status: lab.BoardDone, Solutions: 1}, {Started: true, Steps: 1, Step: "nodes", Status: lab.BoardError, Error: "连接被拒绝"}},
			},
			Stuck: []lab.BoardStuck{{Lesson: "healing", Step: "deploy", Check: "three-ready", Count: 1, Of: 1, Seen: msg.New("test.notReady")}},
		})
		l.Board = b
	}, func(s *session) string { return s.view("班级 k8s101", "未通过：three-ready") })
	walk("exam-setup", newFixture(t), func(s *session) string {
		s.waitFor(ready)
		s.keys("E")
		return s.view("练习（显示检查）")
	})
	walk("exam-running", newFixture(t), func(s *session) string {
		s.waitFor(ready)
		s.keys("E", "<enter>")
		s.waitFor("剩余时间")
		s.keys("f", "n")
		return s.view("已标记 1 题")
	})
	walk("exam-report", newFixture(t), func(s *session) string {
		s.waitFor(ready)
		s.keys("E", "<enter>")
		s.waitFor("剩余时间")
		s.keys("x", "y")
		return s.view("考试的命名空间已删除")
	})
	for name, frame := range frames {
		if found := msgtest.English(frame); len(found) > 0 {
			t.Errorf("%s speaks English in Chinese: %q\n%s", name, found, frame)
		}
	}
}
