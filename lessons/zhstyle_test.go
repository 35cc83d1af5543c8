package lessons

import "testing"

// Quoting the source notes, a word in “”, a table cell's padding, code and
// a word that is one row's term and another's avoided wording pass.
func TestChineseRulesLeaveQuotationsCodeAndTablesAlone(t *testing.T) {
	ps := damage(t, [3]string{zh, "Deployment 让一定数量的 Pod 保持运行。", "> 笔记原文：副本集保持 Pod 运行\n\n旧说法“副本集”不再使用；`kubectl get rs`。 \n\n| 排空（drain） | 驱逐 |\n\n```\n副本集。 \"引号\"\n```"})
	for _, p := range ps {
		t.Errorf("unexpected problem: %s", p)
	}
}
