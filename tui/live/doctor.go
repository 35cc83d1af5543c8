package live

import (
	"context"

	"kubelab/internal/msg"
	"kubelab/sandbox/doctor"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/lab"
)

// doctorFindings are the sandbox doctor's findings about this machine for
// the kind backend (engine, resources, inotify, the lab cluster); for a
// cluster the learner named, whether it answers.
func doctorFindings(ctx context.Context, p *Parts, lang string) ([]lab.Finding, error) {
	if !p.existing() {
		var out []lab.Finding
		for _, f := range doctor.Run(ctx, doctor.Options{ConfigDir: p.o.ConfigDir}).Findings {
			out = append(out, lab.Finding{OK: f.Severity == doctor.OK, Warn: f.Severity == doctor.Warn,
				Title: msg.New("doctor.check." + f.Check), Detail: f.Detail, Fix: f.Fix})
		}
		return out, nil
	}
	st, _ := clusterPart{p}.Status(ctx)
	f := lab.Finding{OK: st.Reachable, Title: i18n.M(i18n.DocCluster), Detail: st.Detail}
	if st.Reachable {
		f.Detail = i18n.M(i18n.StatusNodes, st.NodesReady, st.Nodes)
	} else {
		f.Fix = i18n.M(i18n.DocClusterBadFix, keys.Name(keys.New(lang).Create))
	}
	return []lab.Finding{f}, nil
}
