package main

import (
	"kubelab/internal/msg"

	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/go-logr/logr"
	"github.com/spf13/cobra"
	"k8s.io/klog/v2"

	"kubelab/internal/xdg"
	"kubelab/lessons"
	"kubelab/sandbox"
	"kubelab/sandbox/check"
)

// Exit codes of `kubelab check`.
const (
	checkExitFailed = 1 // a check does not pass
	checkExitError  = 2 // the checks could not be evaluated (no cluster, no such lesson, a usage error)
)

type checkFlags struct {
	json    bool
	wait    time.Duration
	answers []string
	reopen  bool
}

func newCheckCommand(a *app) *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "check LESSON[/STEP]",
		Short: "Check a lesson's steps against the cluster and say why any fail",
		Long: `check evaluates the checks of a lesson (or of one step) against the cluster
and prints, for each, whether it passes, what it wants and what it saw.
It exits 0 when every check passes, 1 when one does not, 2 when the checks
could not be evaluated (no cluster, no such lesson, a wrongly written command
line, a --lessons pack whose command checks are not trusted).

A pack is code: a command check runs on this machine or in a node. Before
running one from a pack other than the built-in one, check shows what the
pack runs and asks, once per content of the pack; not on a terminal it
refuses unless --trust is given.

Checks that compare with "when the step opened" (a new pod UID, an event since)
compare with what the cluster looked like the first time kubelab checked the
step; --reopen captures that again now. When a whole lesson is checked, a
step you finished earlier that a later step undid (an uncordon after a drain)
is shown as done earlier and does not fail the lesson. Steps that need the lab's kind cluster
are skipped on a cluster you name with --kubeconfig/--context. Quizzes use the
answers you gave in the UI or with --answer (remembered once the step could
be evaluated); a step whose checks all pass is marked done.`,
		Example: `  kubelab check self-healing
  kubelab check self-healing/delete-pod --wait 2m
  kubelab check what-is-kubernetes --answer nodes/node-count=3 --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			return usageError(cobra.ExactArgs(1)(cmd, args))
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.wait < 0 {
				return usageError(msg.Errorf(nil, "cmd.check.wait", f.wait.String()))
			}
			err := a.checkTrusted(args[0], cmd.InOrStdin(), cmd.ErrOrStderr())
			if err == nil {
				err = runCheck(cmd.Context(), a, f, args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
			}
			var exit *exitError
			if err != nil && !errors.As(err, &exit) {
				err = &exitError{code: checkExitError, err: err}
			}
			return err
		},
	}
	cmd.Flags().BoolVar(&f.json, "json", false, "print one JSON object per check (lesson, step, check, kind, pass, expected, observed), as a JSON array")
	cmd.Flags().DurationVar(&f.wait, "wait", 0, "keep checking until every check passes or this long has passed (e.g. 2m)")
	cmd.Flags().StringArrayVar(&f.answers, "answer", nil, "answer a quiz: STEP/CHECK=ANSWER (repeatable; remembered like answers given in the UI)")
	cmd.Flags().BoolVar(&f.reopen, "reopen", false, "forget what the steps looked like when first checked and capture it now")
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	return cmd
}

// usageError makes a wrongly written command line exit with checkExitError,
// as the help text promises, rather than cobra's 1, which means a check
// failed.
func usageError(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: checkExitError, err: err}
}

// stepRun is one step being checked.
type stepRun struct {
	step    *lessons.Step
	session *check.Session // nil when skipped
	// doneEarlier: the step passed before (it is marked done) and a whole
	// lesson is being checked, where a later step may have undone it (an
	// uncordon after a drain): its failures do not fail the lesson.
	doneEarlier bool
	// skipWhy says why a step is skipped when it is not for needing kind
	// (in a class: cluster-wide rights, another namespace).
	skipWhy string
}

func runCheck(ctx context.Context, a *app, f checkFlags, arg string, out, errOut io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// client-go reports discovery failures through klog as well as through
	// the errors the engine explains: keep its lines off the learner's screen.
	klog.SetLogger(logr.Discard())

	lessonID, stepID, _ := strings.Cut(arg, "/")
	l, err := a.lesson(lessonID)
	if err != nil {
		return err
	}
	steps := l.Steps
	if stepID != "" {
		s := l.Step(stepID)
		if s == nil {
			ids := make([]string, len(l.Steps))
			for i, s := range l.Steps {
				ids[i] = s.ID
			}
			return msg.Errorf(nil, "cmd.check.noStep", l.ID, stepID, strings.Join(ids, ", "))
		}
		steps = []*lessons.Step{s}
	}
	given, err := parseAnswers(f.answers)
	if err != nil {
		return err
	}
	if err := checkAnswers(l, given); err != nil {
		return err
	}
	// The learner's quiz answers, from the UI or earlier --answer flags; the
	// answers given now are remembered as theirs.
	store, err := openProgress(errOut, a.lang)
	if err != nil {
		return err
	}
	// The answers given now count for this run; they are remembered only
	// once the steps could be evaluated with them.
	answers := store.Answers(l.ID)
	for key, value := range given {
		answers[key] = value
	}
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	target, err := sandbox.Resolve(sandbox.Options{Kubeconfig: a.kubeconfig, Context: a.context})
	if err != nil {
		return err
	}
	stateDir, err := xdg.StateDir()
	if err != nil {
		return err
	}
	openCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	// Steps a class cannot run on its shared cluster are not opened: they
	// may read what a learner may not.
	var open []*lessons.Step
	skip := map[*lessons.Step]string{}
	for _, s := range steps {
		if why, blocked := a.classBlocked(s); blocked {
			skip[s] = why
			continue
		}
		open = append(open, s)
	}
	opened, err := check.NewOpener(target, stateDir).Open(openCtx, cat, l, open, f.reopen)
	if err != nil {
		return unreachableOr(err, a.lang)
	}
	sessions := make([]*check.Session, 0, len(steps))
	for _, s := range steps {
		if _, blocked := skip[s]; blocked {
			sessions = append(sessions, nil)
			continue
		}
		sessions, opened = append(sessions, opened[0]), opened[1:]
	}
	runs := make([]stepRun, len(steps))
	for i, s := range steps {
		runs[i] = stepRun{step: s, session: sessions[i], skipWhy: skip[s], doneEarlier: sessions[i] != nil && stepID == "" && store.Done(l.ID, s.ID)}
	}

	evaluate := func() ([]check.Report, error) {
		evalCtx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		var reps []check.Report
		for _, r := range runs {
			if r.session == nil {
				continue
			}
			rep := r.session.Evaluate(evalCtx, answers)
			if rep.Err != nil {
				return nil, unreachableOr(rep.Err, a.lang)
			}
			reps = append(reps, rep)
		}
		return reps, nil
	}
	reps, err := evaluate()
	if err != nil {
		return err
	}
	for key, value := range given {
		if err := store.SetAnswer(l.ID, key, value); err != nil {
			return err
		}
	}
	if f.wait > 0 && !allPass(reps) {
		if !f.json {
			fmt.Fprintln(errOut, check.Say(a.lang, "cli.waiting", f.wait))
		}
		deadline := time.Now().Add(f.wait)
		poll := 500 * time.Millisecond
		for !allPass(reps) && time.Now().Before(deadline) {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(min(poll, time.Until(deadline))):
			}
			poll = min(poll*2, 2*time.Second)
			if reps, err = evaluate(); err != nil {
				return err
			}
		}
	}
	// A step whose checks all pass is done, as if the learner had passed it
	// in the UI.
	for _, r := range reps {
		if r.Passed() {
			if err := store.MarkDone(l.ID, r.Step); err != nil {
				return err
			}
		}
	}
	return printChecks(a.lang, f, l, runs, reps, out)
}

func allPass(reps []check.Report) bool {
	for _, r := range reps {
		if !r.Passed() {
			return false
		}
	}
	return true
}

func printChecks(lang string, f checkFlags, l *lessons.Lesson, runs []stepRun, reps []check.Report, out io.Writer) error {
	byStep := map[string]check.Report{}
	for _, r := range reps {
		byStep[r.Step] = r
	}
	var rows []check.JSONResult
	total, passed, skipped, earlier := 0, 0, 0, 0
	for _, run := range runs {
		if run.session == nil {
			why := check.Say(lang, "cli.skipped", run.step.ID)
			if run.skipWhy != "" {
				why = run.skipWhy
			}
			for _, c := range run.step.Checks {
				skipped++
				total++
				rows = append(rows, check.JSONResult{Lesson: l.ID, Step: run.step.ID, Check: c.ID, Kind: string(c.Kind),
					Skipped: why})
			}
			continue
		}
		for _, r := range byStep[run.step.ID].Results {
			total++
			j := r.JSON(lang)
			if r.Kind == lessons.KindQuiz && r.Given != "" {
				if sp := l.Text(lang).Steps[r.Step]; sp != nil && sp.Quizzes[r.Check] != nil {
					j.Explain = sp.Quizzes[r.Check].Explain
				}
			}
			switch {
			case r.Pass:
				passed++
			case run.doneEarlier:
				earlier++
				j.DoneEarlier = true
			}
			rows = append(rows, j)
		}
	}
	if f.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if rows == nil {
			rows = []check.JSONResult{}
		}
		if err := enc.Encode(rows); err != nil {
			return err
		}
	} else {
		step := ""
		for _, r := range rows {
			if r.Step != step {
				step = r.Step
				fmt.Fprintf(out, "%s/%s\n", r.Lesson, r.Step)
			}
			switch {
			case r.Skipped != "":
				fmt.Fprintf(out, "  - %s: %s\n", r.Check, r.Skipped)
			case r.Error != "":
				fmt.Fprintf(out, "  ✗ %s: %s\n", r.Check, check.Say(lang, "result.err", r.Error))
			case r.Pass:
				fmt.Fprintf(out, "  ✓ %s: %s\n", r.Check, r.Observed)
			case r.DoneEarlier:
				fmt.Fprintf(out, "  ~ %s: %s (%s)\n", r.Check, check.Say(lang, "result.fail", r.Observed, r.Expected), check.Say(lang, "cli.doneEarlier"))
			default:
				fmt.Fprintf(out, "  ✗ %s: %s\n", r.Check, check.Say(lang, "result.fail", r.Observed, r.Expected))
			}
			if r.Explain != "" {
				fmt.Fprintf(out, "    %s\n", strings.ReplaceAll(r.Explain, "\n", "\n    "))
			}
		}
		if skipped > 0 {
			fmt.Fprintln(out, check.Say(lang, "cli.summarySkip", passed, total-skipped, skipped))
		} else {
			fmt.Fprintln(out, check.Say(lang, "cli.summary", passed, total))
		}
	}
	if failed := total - skipped - passed - earlier; failed > 0 {
		text := check.Say(lang, "cli.failed", failed)
		if f.wait > 0 {
			text = check.Say(lang, "cli.timedOut", f.wait) + ": " + text
		}
		return &exitError{code: checkExitFailed, err: errors.New(text)}
	}
	return nil
}

// parseAnswers reads --answer STEP/CHECK=ANSWER flags.
func parseAnswers(flags []string) (map[string]string, error) {
	answers := map[string]string{}
	for _, a := range flags {
		key, value, ok := strings.Cut(a, "=")
		step, id, hasStep := strings.Cut(key, "/")
		if !ok || !hasStep || step == "" || id == "" {
			return nil, msg.Errorf(nil, "cmd.check.answer", a)
		}
		answers[lessons.AnswerKey(step, id)] = value
	}
	return answers, nil
}

// checkAnswers refuses an answer to a quiz the lesson does not have, and an
// answer to a quiz with choices that is not one of its choices' ids: the
// choices are shown in an order of the learner's own, so a place or a
// letter that is not an id means nothing.
func checkAnswers(l *lessons.Lesson, given map[string]string) error {
	keys := make([]string, 0, len(given))
	for k := range given {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		stepID, checkID, _ := strings.Cut(key, "/")
		var quiz *lessons.Check
		if s := l.Step(stepID); s != nil {
			for _, c := range s.Checks {
				if c.ID == checkID && c.Kind == lessons.KindQuiz {
					quiz = c
				}
			}
		}
		if quiz == nil {
			return msg.Errorf(nil, "cmd.check.noQuiz", key, stepID, checkID)
		}
		value := strings.TrimSpace(given[key])
		if len(quiz.Choices) > 0 && value != "" && !slices.Contains(quiz.Choices, value) {
			return msg.Errorf(nil, "cmd.check.choice", key, value, strings.Join(quiz.Choices, ", "))
		}
	}
	return nil
}

// unreachableOr turns an unreachable cluster into its one message in the
// learner's language.
func unreachableOr(err error, lang string) error {
	var u *check.UnreachableError
	if errors.As(err, &u) {
		return &exitError{code: checkExitError, err: errors.New(u.Msg().Text(lang))}
	}
	return err
}
