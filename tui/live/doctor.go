package live

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"kubelab/sandbox/kind"
	"kubelab/sandbox/labcluster"
	"kubelab/tui/i18n"
	"kubelab/tui/lab"
)

// doctor looks at what the lab needs, in order: a container engine that
// answers, the host's cgroup version, the lab cluster's record, and its API
// server. Each finding says what to do when it is not fine.
func doctor(ctx context.Context, p *Parts, lang string) ([]lab.Finding, error) {
	t := func(k i18n.Key, args ...any) string { return i18n.T(lang, k, args...) }
	var out []lab.Finding
	if !p.existing() {
		e, err := kind.DetectEngine()
		if err != nil {
			out = append(out, lab.Finding{Title: t(i18n.DocEngine), Detail: err.Error(), Fix: t(i18n.DocEngineFix)})
		} else {
			vctx, cancel := context.WithTimeout(ctx, 15*time.Second)
			v, verr := exec.CommandContext(vctx, string(e), "version", "--format", "{{.Server.Version}}").CombinedOutput()
			cancel()
			if verr != nil {
				out = append(out, lab.Finding{Title: t(i18n.DocEngine), Detail: t(i18n.DocEngineDown, e, strings.TrimSpace(lastLine(string(v)))), Fix: t(i18n.DocEngineDownFix, e)})
			} else {
				out = append(out, lab.Finding{OK: true, Title: t(i18n.DocEngine), Detail: fmt.Sprintf("%s %s", e, strings.TrimSpace(string(v)))})
			}
			if v1, err := kind.EngineCgroupV1(ctx, e); err == nil && v1 {
				out = append(out, lab.Finding{OK: true, Title: "cgroup", Detail: t(i18n.DocCgroupV1)})
			}
		}
	}
	target, err := p.resolve()
	switch {
	case errors.Is(err, labcluster.ErrNoRecord):
		out = append(out, lab.Finding{Title: t(i18n.DocCluster), Detail: t(i18n.DocClusterDown), Fix: t(i18n.DocClusterDownFix)})
		return out, nil
	case err != nil:
		out = append(out, lab.Finding{Title: t(i18n.DocCluster), Detail: err.Error(), Fix: t(i18n.DocClusterBadFix)})
		return out, nil
	}
	st, _ := clusterPart{p}.Status(ctx)
	if st.Reachable {
		out = append(out, lab.Finding{OK: true, Title: t(i18n.DocCluster), Detail: target.Server() + " · " + t(i18n.StatusNodes, st.NodesReady, st.Nodes)})
	} else {
		out = append(out, lab.Finding{Title: t(i18n.DocCluster), Detail: st.Detail, Fix: t(i18n.DocClusterBadFix)})
	}
	return out, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
