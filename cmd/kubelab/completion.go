package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"kubelab/sandbox/kind"
	"kubelab/sandbox/labcluster"
)

// Shell completion. cobra's own `completion bash|zsh|fish|powershell`
// command prints the scripts; the scripts call back into `kubelab
// __complete`, which runs the functions below: lesson ids, LESSON/STEP for
// check, node names for node-shell, and the values of --lang and --theme.

// registerCompletions attaches the completion functions to root's verbs and
// flags; verbs not named here complete nothing beyond cobra's defaults.
func registerCompletions(root *cobra.Command, a *app) {
	lessonArg := func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return a.completeLessons(toComplete), cobra.ShellCompDirectiveNoFileComp
	}
	byVerb := map[string]cobra.CompletionFunc{
		"check": func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return a.completeSteps(toComplete)
		},
		"notes":      lessonArg,
		"reset":      lessonArg,
		"node-shell": completeNodes,
	}
	for _, c := range root.Commands() {
		if f, ok := byVerb[c.Name()]; ok && c.ValidArgsFunction == nil {
			c.ValidArgsFunction = f
		}
		if c.Flags().Lookup("lesson") != nil {
			_ = c.RegisterFlagCompletionFunc("lesson", lessonArg)
		}
	}
	_ = root.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions(
		[]cobra.Completion{cobra.CompletionWithDesc("en", "English"), cobra.CompletionWithDesc("zh", "中文")},
		cobra.ShellCompDirectiveNoFileComp))
	// Flags kept on pflag.CommandLine join root's persistent flags only on
	// cobra's first look-up; join them now so they can be completed.
	root.PersistentFlags().AddFlagSet(pflag.CommandLine)
	if root.Flag("theme") != nil {
		_ = root.RegisterFlagCompletionFunc("theme", cobra.FixedCompletions(
			[]cobra.Completion{"auto", "dark", "light"}, cobra.ShellCompDirectiveNoFileComp))
	}
	for _, dirFlag := range []string{"lessons", "workspace"} {
		_ = root.RegisterFlagCompletionFunc(dirFlag, func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		})
	}
}

// completionLang is the language of the descriptions: --lang when given on
// the line being completed, else the remembered or the locale's one.
func (a *app) completionLang() string {
	if a.langFlag == "en" || a.langFlag == "zh" {
		return a.langFlag
	}
	if a.lang == "" && a.resolveLang() != nil {
		return "en"
	}
	return a.lang
}

// completeLessons returns the lesson ids starting with toComplete, each
// described by its title.
func (a *app) completeLessons(toComplete string) []cobra.Completion {
	c, err := a.catalog()
	if err != nil {
		return nil
	}
	lang := a.completionLang()
	var out []cobra.Completion
	for _, l := range c.Lessons {
		if strings.HasPrefix(l.ID, toComplete) {
			out = append(out, cobra.CompletionWithDesc(l.ID, l.Title(lang)))
		}
	}
	return out
}

// completeSteps completes LESSON[/STEP]: before the slash the lesson ids
// (with no space after them, so a slash can follow), after it that lesson's
// step ids.
func (a *app) completeSteps(toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	id, prefix, hasSlash := strings.Cut(toComplete, "/")
	if !hasSlash {
		return a.completeLessons(toComplete), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
	l, err := a.lesson(id)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	prose := l.Text(a.completionLang())
	var out []cobra.Completion
	for _, s := range l.Steps {
		if !strings.HasPrefix(s.ID, prefix) {
			continue
		}
		desc := ""
		if sp := prose.Steps[s.ID]; sp != nil {
			desc = sp.Title
		}
		out = append(out, cobra.CompletionWithDesc(id+"/"+s.ID, desc))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeNodes offers the lab cluster's nodes: the running ones when the
// engine answers, else the names `kubelab up` gives them.
func completeNodes(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var names []string
	if n, err := kind.NewNodes(); err == nil {
		names, _ = n.List()
	}
	if len(names) == 0 {
		names = []string{labcluster.ControlPlaneNode}
		for i := 1; i <= kind.DefaultWorkers; i++ {
			names = append(names, labcluster.WorkerNode(i))
		}
	}
	var out []cobra.Completion
	for _, name := range names {
		if strings.HasPrefix(name, toComplete) {
			out = append(out, name)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
