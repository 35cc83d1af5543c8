package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"kubelab/internal/topology"
)

// Stamped at release with -ldflags "-X main.version=... -X main.commit=...
// -X main.date=..." (see .goreleaser.yaml); a plain `go build` reports the
// module version or "dev", and the commit and time its VCS stamp recorded.
var (
	version = ""
	commit  = ""
	date    = ""
)

// versionInfo is what `kubelab version --json` prints.
type versionInfo struct {
	Version    string `json:"version"`
	Commit     string `json:"commit"`
	Date       string `json:"date"`
	Kubernetes string `json:"kubernetes"`
	Go         string `json:"go"`
	Platform   string `json:"platform"`
}

func newVersionCommand(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print kubelab's version, commit and build date and the Kubernetes version it targets",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v := buildInfo()
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(v)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "kubelab %s (Kubernetes %s, %s, %s)\ncommit %s, built %s\n",
				v.Version, v.Kubernetes, v.Go, v.Platform, v.Commit, v.Date)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the version as JSON")
	return cmd
}

// buildInfo is the stamped version, else what the Go toolchain recorded.
func buildInfo() versionInfo {
	v := versionInfo{Version: version, Commit: commit, Date: date, Kubernetes: topology.KubernetesMinor,
		Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if info, ok := debug.ReadBuildInfo(); ok {
		vcs := map[string]string{}
		for _, s := range info.Settings {
			vcs[s.Key] = s.Value
		}
		if v.Version == "" && info.Main.Version != "(devel)" {
			v.Version = info.Main.Version
		}
		if v.Commit == "" && vcs["vcs.revision"] != "" {
			v.Commit = vcs["vcs.revision"]
			if vcs["vcs.modified"] == "true" {
				v.Commit += "-dirty"
			}
		}
		if v.Date == "" {
			v.Date = vcs["vcs.time"]
		}
	}
	v.Version = cmp.Or(v.Version, "dev")
	v.Commit = cmp.Or(v.Commit, "unknown")
	v.Date = cmp.Or(v.Date, "unknown")
	return v
}
