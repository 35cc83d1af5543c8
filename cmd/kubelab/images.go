package main

import (
	"kubelab/internal/msg"

	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"kubelab/sandbox/kind"
)

func newImagesCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "images",
		Short: "List the images lessons use (and preload them with `images load`)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.catalog()
			if err != nil {
				return err
			}
			names := make([]string, 0, len(c.Images))
			for n := range c.Images {
				names = append(names, n)
			}
			sort.Strings(names)
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, msg.New("cmd.images.header").Text(a.lang))
			for _, n := range names {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", n, c.Images[n].Ref, c.ImageWhy(a.lang, n))
			}
			return tw.Flush()
		},
	}
	cmd.AddCommand(newImagesLoadCommand(a))
	return cmd
}

func newImagesLoadCommand(a *app) *cobra.Command {
	var noPull bool
	cmd := &cobra.Command{
		Use:   "load [IMAGE...]",
		Short: "Copy the lessons' images into every node of the lab cluster, for offline use",
		Long: `images load copies images from your container engine into the containerd of
every lab node (what ` + "`kind load docker-image`" + ` does), so lessons run without
pulling. Without arguments it loads every image in the lessons' table. Images
the engine lacks are pulled first unless --no-pull is given; with no network,
` + "`docker load`" + ` them from a saved file, then run this again.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.refuseNamedCluster("images load"); err != nil {
				return err
			}
			refs := args
			if len(refs) == 0 {
				c, err := a.catalog()
				if err != nil {
					return err
				}
				for _, img := range c.Images {
					refs = append(refs, img.Ref)
				}
				sort.Strings(refs)
			}
			ctx, cancel := interruptible(cmd)
			defer cancel()
			cl := checklist(cmd, a.lang)
			err := kind.LoadImages(ctx, kind.LoadOptions{Images: refs, Pull: !noPull, Progress: cl.Progress()})
			cl.Close()
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), msg.New("cmd.images.loaded", len(refs)).Text(a.lang))
			return nil
		},
	}
	cmd.Flags().BoolVar(&noPull, "no-pull", false, "fail instead of pulling images the engine does not have")
	return cmd
}
