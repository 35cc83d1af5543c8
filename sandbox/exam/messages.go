package exam

import "kubelab/internal/msg"

var _ = msg.Register("sandbox/exam", msg.Catalog{
	"exam.unknownPart": {"en": "no part %[1]q in the lessons; the parts are %[2]s", "zh": "课程里没有部分 %[1]q；现有的部分是 %[2]s"},
	"exam.noTasks":     {"en": "no task to draw: the lessons of these parts have no challenge and no step marked exam: true that this cluster can run (steps that need kind are left out on another cluster)", "zh": "没有可抽取的题目：这些部分的课程里没有挑战，也没有标记为 exam: true 且能在这个集群上运行的步骤（在其他集群上，需要 kind 的步骤不计入）"},
})
