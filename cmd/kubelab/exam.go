package main

import (
	"kubelab/internal/msg"

	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/go-logr/logr"
	"github.com/spf13/cobra"
	"k8s.io/klog/v2"

	"kubelab/internal/progress"
	"kubelab/internal/xdg"
	"kubelab/lessons"
	"kubelab/sandbox"
	"kubelab/sandbox/exam"
)

type examFlags struct {
	parts    []string
	tasks    int
	minutes  int
	seed     uint64
	practice bool
	json     bool
	history  bool
	status   bool
	end      bool
	task     int
	flag     int
}

func newExamCommand(a *app) *cobra.Command {
	var f examFlags
	cmd := &cobra.Command{
		Use:   "exam",
		Short: "Sit a timed, scored exam drawn from the course's challenges, and keep its report",
		Long: `exam draws tasks from the course's challenges (and the steps marked for
exams), weighted by part, prepares each in its own namespace (exam-<n>-<lesson>)
with its starter files in <workspace>/exam/<n>-<lesson>/, and then starts the
clock. Preparing never counts against the time.

This command keeps the exam's clock in the foreground: work in another
terminal (kubelab shell, or kubectl with the lab's kubeconfig; -n names each
task's namespace). The exam ends when the time is up, when you press Ctrl-C
here, or when you run kubelab exam --end elsewhere. Then every task is
evaluated once, at that moment; nothing done afterwards changes the score.
The report (score, pass mark, per part, per task its checks with what they
wanted and saw, the lesson to revisit, the time spent on each task) is
printed, kept in your progress (kubelab exam --history) and the exam's
namespaces are removed, with what its tasks changed on the nodes put back.

As in the real exam there are no hints, no solutions and no checks while
the clock runs, unless you ask for --practice (checks shown by --status).
From another terminal: --status shows the time left and the tasks, --task N
says which task you are working on (the report counts the time per task),
--flag N flags or unflags a task for review.`,
		Example: `  kubelab exam --tasks 5 --minutes 30
  kubelab exam --part features --seed 42 --practice
  kubelab exam --status
  kubelab exam --task 2
  kubelab exam --end
  kubelab exam --history --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			klog.SetLogger(logr.Discard())
			out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
			switch {
			case f.history:
				return examHistory(a, f, out, errOut)
			case f.status:
				return examStatus(cmd.Context(), a, f, out)
			case f.end:
				return examEnd(cmd, a, f)
			case f.task > 0:
				return examRequest(a, fmt.Sprintf("task %d", f.task), out)
			case f.flag > 0:
				return examRequest(a, fmt.Sprintf("flag %d", f.flag), out)
			}
			if f.tasks < 1 || f.minutes < 1 {
				return msg.Errorf(nil, "cmd.exam.bounds", f.tasks, f.minutes)
			}
			// A pack is code: the exam runs its setup and solutions.
			cat, err := a.catalog()
			if err != nil {
				return err
			}
			if err := a.ensureTrusted(cat, cmd.InOrStdin(), errOut); err != nil {
				return err
			}
			return examRun(cmd, a, f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.parts, "part", nil, "draw only from this part of the course (repeatable; default every part)")
	fl.IntVar(&f.tasks, "tasks", 5, "how many tasks to draw")
	fl.IntVar(&f.minutes, "minutes", 30, "how long the exam lasts, in minutes")
	fl.Uint64Var(&f.seed, "seed", 0, "draw the tasks of this seed (the same seed draws the same tasks; default a new one, printed)")
	fl.BoolVar(&f.practice, "practice", false, "practice mode: still timed, but --status shows each task's checks")
	fl.BoolVar(&f.json, "json", false, "print the report (or with --history, every kept report) as JSON")
	fl.BoolVar(&f.history, "history", false, "list the exams you sat, newest last")
	fl.BoolVar(&f.status, "status", false, "show the running exam: the time left and the tasks")
	fl.BoolVar(&f.end, "end", false, "end the running exam now and score it")
	fl.IntVar(&f.task, "task", 0, "say you are now working on task N of the running exam")
	fl.IntVar(&f.flag, "flag", 0, "flag task N of the running exam for review, or take the flag away")
	return cmd
}

// examConfig is what an exam works with on this machine.
func examConfig(a *app, f examFlags) (exam.Config, error) {
	cat, err := a.catalog()
	if err != nil {
		return exam.Config{}, err
	}
	t, err := a.target()
	if err != nil {
		return exam.Config{}, err
	}
	stateDir, err := xdg.StateDir()
	if err != nil {
		return exam.Config{}, err
	}
	root, err := a.workspaceRoot()
	if err != nil {
		return exam.Config{}, err
	}
	return exam.Config{Catalog: cat, Target: t, StateDir: stateDir, Workspace: root, Practice: f.practice}, nil
}

// alive reports whether process pid is running.
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
}

func examRun(cmd *cobra.Command, a *app, f examFlags) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	cfg, err := examConfig(a, f)
	if err != nil {
		return err
	}
	path := exam.StateFile(cfg.StateDir)
	if st, err := exam.LoadState(path); err == nil {
		if alive(st.PID) {
			return msg.Errorf(nil, "cmd.exam.running")
		}
		return msg.Errorf(nil, "cmd.exam.left", st.Deadline.Local().Format("15:04"))
	}
	ctx, cancel := interruptible(cmd)
	defer cancel()
	seed := f.seed
	if !cmd.Flags().Changed("seed") {
		seed = rand.Uint64N(1 << 31)
	}
	tasks, err := exam.Draw(cfg.Catalog, f.parts, f.tasks, seed, cfg.Target.Backend == sandbox.BackendKind)
	if err != nil {
		return err
	}
	e := exam.New(cfg, tasks, seed, f.parts)
	say := func(key string, args ...any) { fmt.Fprintln(errOut, msg.New(key, args...).Text(a.lang)) }
	say("cmd.exam.drawn", len(tasks), seed)
	err = e.Prepare(ctx, func(p exam.Progress) {
		if p.Task != nil {
			say("cmd.exam.preparing", p.Done+1, p.Of, p.Task.Lesson.ID+"/"+p.Task.Step.ID, p.Task.Namespace)
		}
	})
	if err != nil {
		cleanCtx, c := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Minute)
		defer c()
		e.Cleanup(cleanCtx)
		return err
	}
	if err := e.Start(time.Now(), time.Duration(f.minutes)*time.Minute); err != nil {
		return err
	}
	if err := e.State(os.Getpid()).Save(path); err != nil {
		return err
	}
	printTasks(a, cfg.Catalog, e, errOut)
	say("cmd.exam.started", f.minutes, e.Deadline().Local().Format("15:04:05"))

	runCtx, stopRun := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRun()
	go e.Run(runCtx)
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for done := false; !done; {
		select {
		case <-e.Ended():
			done = true
		case <-ctx.Done(): // Ctrl-C: the learner ends the exam
			e.End(context.WithoutCancel(ctx))
			done = true
		case <-tick.C:
			switch applied, end := applyRequests(cfg.StateDir, e); {
			case end:
				e.End(context.WithoutCancel(ctx))
				done = true
			case applied:
				e.State(os.Getpid()).Save(path) // for --status and a later --end
			}
		}
	}
	return finishExam(context.WithoutCancel(ctx), a, f, e, out, errOut)
}

// finishExam prints and keeps the report, then cleans up.
func finishExam(ctx context.Context, a *app, f examFlags, e *exam.Exam, out, errOut io.Writer) error {
	rec := e.Report().Record()
	store, err := openProgress(errOut, a.lang)
	if err == nil {
		err = store.AddExam(rec)
	}
	cat, _ := a.catalog()
	if f.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(exam.JSON(rec, cat, a.lang)); err != nil {
			return err
		}
	} else {
		printReport(a, cat, rec, out)
	}
	if err != nil {
		return err
	}
	cleanCtx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	if err := e.Cleanup(cleanCtx); err != nil {
		return err
	}
	fmt.Fprintln(errOut, msg.New("cmd.exam.cleaned").Text(a.lang))
	return nil
}

// requestsFile is where other `kubelab exam` processes leave requests
// (end, task N, flag N) for the one keeping the clock, a line each.
func requestsFile(stateDir string) string { return filepath.Join(exam.Dir(stateDir), "requests") }

// applyRequests takes the waiting requests and applies them; it reports
// whether there were any, and whether one asked to end the exam.
func applyRequests(stateDir string, e *exam.Exam) (applied, end bool) {
	path := requestsFile(stateDir)
	taken := path + ".taken"
	if err := os.Rename(path, taken); err != nil {
		return false, false
	}
	data, _ := os.ReadFile(taken)
	os.Remove(taken)
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		verb, arg, _ := strings.Cut(sc.Text(), " ")
		n, _ := strconv.Atoi(arg)
		switch verb {
		case "end":
			end = true
		case "task":
			e.Select(n-1, time.Now())
		case "flag":
			e.ToggleFlag(n - 1)
		}
	}
	return true, end
}

// examRequest leaves a request for the running exam.
func examRequest(a *app, req string, out io.Writer) error {
	stateDir, err := xdg.StateDir()
	if err != nil {
		return err
	}
	st, err := exam.LoadState(exam.StateFile(stateDir))
	if err != nil || !alive(st.PID) {
		return msg.Errorf(nil, "cmd.exam.none")
	}
	if _, n, _ := strings.Cut(req, " "); n != "" {
		if i, _ := strconv.Atoi(n); i < 1 || i > len(st.Tasks) {
			return msg.Errorf(nil, "cmd.exam.noTask", i, len(st.Tasks))
		}
	}
	fh, err := os.OpenFile(requestsFile(stateDir), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	fmt.Fprintln(fh, req)
	if err := fh.Close(); err != nil {
		return err
	}
	fmt.Fprintln(out, msg.New("cmd.exam.sent").Text(a.lang))
	return nil
}

func examEnd(cmd *cobra.Command, a *app, f examFlags) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	cfg, err := examConfig(a, f)
	if err != nil {
		return err
	}
	path := exam.StateFile(cfg.StateDir)
	st, err := exam.LoadState(path)
	if err != nil {
		return msg.Errorf(nil, "cmd.exam.none")
	}
	if alive(st.PID) {
		// The process keeping the clock scores it, prints the report in
		// its terminal and cleans up; wait for that and show the report.
		if err := examRequest(a, "end", io.Discard); err != nil {
			return err
		}
		deadline := time.Now().Add(5 * time.Minute)
		for time.Now().Before(deadline) {
			if _, err := exam.LoadState(path); errors.Is(err, exam.ErrNoExam) {
				store, err := openProgress(errOut, a.lang)
				if err != nil {
					return err
				}
				p, err := store.Load()
				if err != nil || len(p.Exams) == 0 {
					return err
				}
				return printRecord(a, f, cfg.Catalog, p.Exams[len(p.Exams)-1], out)
			}
			time.Sleep(300 * time.Millisecond)
		}
		return msg.Errorf(nil, "cmd.exam.noAnswer")
	}
	// No process keeps the clock (it was killed): score the exam now.
	if time.Now().After(st.Deadline) {
		fmt.Fprintln(errOut, msg.New("cmd.exam.late", st.Deadline.Local().Format("15:04:05")).Text(a.lang))
	}
	ctx, cancel := interruptible(cmd)
	defer cancel()
	e, err := exam.Resume(ctx, cfg, st)
	if err != nil {
		return err
	}
	e.End(ctx)
	return finishExam(ctx, a, f, e, out, errOut)
}

func printRecord(a *app, f examFlags, cat *lessons.Catalog, rec progress.Exam, out io.Writer) error {
	if f.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(exam.JSON(rec, cat, a.lang))
	}
	printReport(a, cat, rec, out)
	return nil
}

func examStatus(ctx context.Context, a *app, f examFlags, out io.Writer) error {
	cfg, err := examConfig(a, f)
	if err != nil {
		return err
	}
	st, err := exam.LoadState(exam.StateFile(cfg.StateDir))
	if err != nil {
		return msg.Errorf(nil, "cmd.exam.none")
	}
	say := func(key string, args ...any) { fmt.Fprintln(out, msg.New(key, args...).Text(a.lang)) }
	left := max(0, time.Until(st.Deadline)).Round(time.Second)
	say("cmd.exam.statusLeft", left.String(), st.Deadline.Local().Format("15:04:05"))
	var e *exam.Exam
	if st.Practice {
		if e, err = exam.Resume(ctx, cfg, st); err != nil {
			return err
		}
	}
	for i, t := range st.Tasks {
		mark := " "
		if i == st.Current {
			mark = ">"
		}
		flag := ""
		if t.Flagged {
			flag = msg.New("cmd.exam.flagged").Text(a.lang)
		}
		say("cmd.exam.statusTask", mark, i+1, exam.TaskTitle(cfg.Catalog, t.Lesson, t.Step, a.lang), t.Weight, t.Namespace, flag)
		if e != nil {
			rep, _ := e.Live(ctx, i)
			for _, r := range rep.Results {
				say("cmd.exam.check", passMark(r.Pass), r.Check, r.Message(a.lang))
			}
		}
	}
	return nil
}

func passMark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

// printTasks prints the drawn tasks: what to do, where, and how much each
// is worth.
func printTasks(a *app, cat *lessons.Catalog, e *exam.Exam, w io.Writer) {
	for i, t := range e.Tasks() {
		p := t.Lesson.Text(a.lang).Steps[t.Step.ID]
		fmt.Fprintln(w)
		fmt.Fprintln(w, msg.New("cmd.exam.task", t.N, p.Title, t.Weight, cat.PartTitle(a.lang, t.Part)).Text(a.lang))
		fmt.Fprintln(w, msg.New("cmd.exam.where", t.Namespace, e.TaskDir(i)).Text(a.lang))
		fmt.Fprintln(w)
		fmt.Fprintln(w, strings.TrimSpace(p.Text))
	}
	fmt.Fprintln(w)
}

// printReport prints a kept exam's report in the learner's language.
func printReport(a *app, cat *lessons.Catalog, rec progress.Exam, w io.Writer) {
	j := exam.JSON(rec, cat, a.lang)
	say := func(key string, args ...any) { fmt.Fprintln(w, msg.New(key, args...).Text(a.lang)) }
	verdict := msg.New("cmd.exam.failed")
	if j.Passed {
		verdict = msg.New("cmd.exam.passed")
	}
	say("cmd.exam.score", fmt.Sprintf("%.0f", j.Score), fmt.Sprintf("%.0f", j.PassMark), verdict, j.Ended.Local().Format("2006-01-02 15:04"))
	for _, p := range j.ByPart {
		say("cmd.exam.part", p.Title, p.Got, p.Of, fmt.Sprintf("%.0f", p.Percent))
	}
	for _, t := range j.Tasks {
		fmt.Fprintln(w)
		say("cmd.exam.result", passMark(t.Passed), t.N, t.Title, t.Weight, (time.Duration(t.Seconds) * time.Second).String())
		if t.Error != "" {
			say("cmd.exam.taskErr", t.Error)
		}
		for _, c := range t.Checks {
			text := c.Observed
			switch {
			case c.Error != "":
				text = c.Error
			case !c.Pass:
				text = msg.New("cmd.exam.want", c.Observed, c.Expected).Text(a.lang)
			}
			say("cmd.exam.check", passMark(c.Pass), c.ID, text)
		}
		if t.Revisit != "" {
			title := t.Revisit
			if l := cat.Lesson(t.Revisit); l != nil {
				title = l.Title(a.lang)
			}
			say("cmd.exam.revisit", title, t.Revisit)
		}
	}
}

func examHistory(a *app, f examFlags, out, errOut io.Writer) error {
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	store, err := openProgress(errOut, a.lang)
	if err != nil {
		return err
	}
	p, err := store.Load()
	if err != nil {
		return err
	}
	if f.json {
		all := []exam.JSONReport{}
		for _, e := range p.Exams {
			all = append(all, exam.JSON(e, cat, a.lang))
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	}
	if len(p.Exams) == 0 {
		fmt.Fprintln(out, msg.New("cmd.exam.noHistory").Text(a.lang))
		return nil
	}
	for _, e := range p.Exams {
		verdict := msg.New("cmd.exam.failed")
		if e.Passed {
			verdict = msg.New("cmd.exam.passed")
		}
		passed := 0
		for _, t := range e.Tasks {
			if t.Passed {
				passed++
			}
		}
		fmt.Fprintln(out, msg.New("cmd.exam.historyRow", e.Ended.Local().Format("2006-01-02 15:04"), fmt.Sprintf("%.0f", e.Score), verdict, passed, len(e.Tasks), e.Seed).Text(a.lang))
	}
	return nil
}
