package kind

import (
	"kubelab/internal/msg"

	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"sigs.k8s.io/kind/pkg/cluster"
	"sigs.k8s.io/kind/pkg/cluster/nodes"
	"sigs.k8s.io/kind/pkg/cluster/nodeutils"
	kindexec "sigs.k8s.io/kind/pkg/exec"

	"kubelab/sandbox/labcluster"
)

// LoadOptions say which images to preload.
type LoadOptions struct {
	// Images are image references as lessons use them.
	Images []string
	// Engine is the container engine; empty means DetectEngine.
	Engine Engine
	// Pull pulls an image the engine does not have yet (otherwise that is
	// an error saying how to get it there).
	Pull     bool
	Progress Progress
}

// LoadImages copies images from the engine's local store into the
// containerd of every lab node that lacks them, as `kind load docker-image`
// does (through kind's node utilities), so lessons run without a registry.
func LoadImages(ctx context.Context, o LoadOptions) error {
	p := o.Progress
	if o.Engine == "" {
		e, err := DetectEngine()
		if err != nil {
			return err
		}
		o.Engine = e
	}
	images := dedupe(o.Images)
	if len(images) == 0 {
		return nil
	}
	provider := cluster.NewProvider(cluster.ProviderWithLogger(kindLogger{p: p}), o.Engine.providerOption())
	all, err := provider.ListInternalNodes(labcluster.Name)
	if err != nil {
		return wrapErr(msg.New("kind.do.listNodes"), err, msg.New("kind.next.doctor"))
	}
	if len(all) == 0 {
		return fmt.Errorf("load images: the lab cluster %s does not exist: run `kubelab up` first", labcluster.Name)
	}

	ids := map[string]string{}
	for _, img := range images {
		id, err := localImageID(ctx, o.Engine, img)
		if err != nil && o.Pull {
			err = p.step(msg.New("kind.step.pull", img), func() error {
				return kindexec.CommandContext(ctx, string(o.Engine), "pull", img).Run()
			})
			if err != nil {
				return wrapErr(msg.New("kind.do.pull", img), err, msg.New("kind.next.pullBlocked", string(o.Engine)))
			}
			id, err = localImageID(ctx, o.Engine, img)
		}
		if err != nil {
			return wrapErr(msg.New("kind.do.find", img, string(o.Engine)), err, msg.New("kind.next.pullFirst", string(o.Engine), img))
		}
		ids[img] = id
	}

	missing := map[nodes.Node][]string{}
	needed := false
	for _, n := range all {
		for _, img := range images {
			if got, err := nodeutils.ImageID(n, img); err == nil && got == ids[img] {
				continue
			}
			missing[n] = append(missing[n], img)
			needed = true
		}
	}
	if !needed {
		p.emit(Info, msg.New("kind.info.imagesThere", len(images)))
		return nil
	}

	dir, err := os.MkdirTemp("", "kubelab-images-")
	if err != nil {
		return fmt.Errorf("load images: %w", err)
	}
	defer os.RemoveAll(dir)
	// One archive per distinct set of missing images (on a fresh cluster,
	// one for all nodes), so no node imports what it already has.
	tars := map[string]string{}
	for _, n := range all {
		imgs := missing[n]
		if len(imgs) == 0 {
			continue
		}
		key := strings.Join(imgs, "\x00")
		tar, ok := tars[key]
		if !ok {
			tar = filepath.Join(dir, fmt.Sprintf("images-%d.tar", len(tars)))
			err := p.step(msg.New("kind.step.save", strings.Join(imgs, ", "), string(o.Engine)), func() error {
				return kindexec.CommandContext(ctx, string(o.Engine), append([]string{"save", "-o", tar}, imgs...)...).Run()
			})
			if err != nil {
				return wrapErr(msg.New("kind.do.save"), err, msg.New("kind.next.diskRoom"))
			}
			tars[key] = tar
		}
		err := p.step(msg.New("kind.step.load", strings.Join(imgs, ", "), n.String()), func() error {
			f, err := os.Open(tar)
			if err != nil {
				return err
			}
			defer f.Close()
			return nodeutils.LoadImageArchive(n, f)
		})
		if err != nil {
			return wrapErr(msg.New("kind.do.load", n.String()), err, msg.New("kind.next.nodeRuns"))
		}
	}
	return nil
}

func localImageID(ctx context.Context, e Engine, img string) (string, error) {
	lines, err := kindexec.OutputLines(kindexec.CommandContext(ctx, string(e), "image", "inspect", "-f", "{{ .Id }}", img))
	if err != nil {
		return "", err
	}
	if len(lines) != 1 {
		return "", fmt.Errorf("%s image inspect %s printed %d lines, want 1", e, img, len(lines))
	}
	return strings.TrimSpace(lines[0]), nil
}

func dedupe(in []string) []string {
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
