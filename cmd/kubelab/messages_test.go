package main

import (
	"testing"

	"kubelab/internal/msg"
)

// The command imports every package that speaks to the learner, so every
// catalogue is registered here: each key has every language, and every
// translation takes the same arguments as the English.
func TestEveryMessageCatalogueIsCompleteInEveryLanguage(t *testing.T) {
	if len(msg.Keys("")) < 200 {
		t.Fatalf("only %d messages registered: a catalogue is missing", len(msg.Keys("")))
	}
	for _, p := range msg.Check() {
		t.Error(p)
	}
}
