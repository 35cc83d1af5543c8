package main

import (
	"testing"

	"kubelab/internal/kubectlinit"
)

// kubectl's commands translate their help as they initialise; the binary
// must choose how their catalogue loads before the first of them does, or
// every start pays for loading it.
func TestKubectlsCatalogueLoadsOnlyWhereKubectlRuns(t *testing.T) {
	if !kubectlinit.Installed() {
		t.Fatal("a kubectl package asked for a translation before kubelab/internal/kubectlinit initialised; the TUI's start loads kubectl's whole catalogue again")
	}
}
