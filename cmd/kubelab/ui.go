package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// runUI opens the full-screen lab. The UI lives in package tui.
func runUI(cmd *cobra.Command, a *app) error {
	return errors.New("the full-screen lab is not built yet; use the subcommands (kubelab --help)")
}
