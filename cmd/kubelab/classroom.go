package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/go-logr/logr"
	"github.com/spf13/cobra"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/klog/v2"

	"kubelab/internal/atomicfile"
	"kubelab/internal/config"
	"kubelab/internal/msg"
	"kubelab/internal/progress"
	"kubelab/internal/xdg"
	"kubelab/lessons"
	"kubelab/sandbox/classroom"
)

// classMember is the class the learner works in: joined with `kubelab
// classroom join`, or named with --kubeconfig of a class kubeconfig.
type classMember struct {
	classroom.Member
	joined bool // from the lab's config, not from --kubeconfig
}

// applyJoinedClass makes a joined class's kubeconfig the cluster when the
// learner names none, and recognises a class kubeconfig named explicitly.
func (a *app) applyJoinedClass() error {
	activeClass = nil
	if a.kubeconfig != "" {
		if m, err := classroom.ParseKubeconfig(a.kubeconfig); err == nil {
			a.class = &classMember{Member: m}
			activeClass = a
		}
		return nil
	}
	if a.context != "" {
		return nil
	}
	dir, err := xdg.ConfigDir()
	if err != nil {
		return err
	}
	c, err := config.Load(dir)
	if err != nil || c.Class == nil {
		return err
	}
	a.kubeconfig = c.Class.Kubeconfig
	m, err := classroom.ParseKubeconfig(c.Class.Kubeconfig)
	if err != nil {
		return errors.New(classroom.Say(a.lang, "err.joinedBroken", classError(err, a.lang)))
	}
	a.class = &classMember{Member: m, joined: true}
	activeClass = a
	return nil
}

// activeClass is the app when the learner works in a class, for
// attachClassProgress, which the progress store's openers call.
var activeClass *app

// attachClassProgress mirrors every change of the learner's progress to
// their progress ConfigMap in the class, for the teacher's board. A failed
// write is reported to w (when not nil) and does not fail the lab. async
// writes in the background, newest progress first, for the UI, whose
// updates must not wait for the network.
func attachClassProgress(store *progress.Store, w io.Writer, async bool) {
	a := activeClass
	if a == nil || a.class == nil {
		return
	}
	write := func(p progress.Progress) {
		t, err := a.target()
		if err == nil {
			var cs kubernetes.Interface
			if cs, err = kubernetes.NewForConfig(t.RESTConfig()); err == nil {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				err = classroom.WriteProgress(ctx, cs, a.class.Namespace, classroom.MirrorLocal(p))
			}
		}
		if err != nil && w != nil {
			fmt.Fprintln(w, "kubelab: warning:", err)
		}
	}
	if !async {
		store.OnUpdate(write)
		return
	}
	latest := make(chan progress.Progress, 1)
	go func() {
		for p := range latest {
			write(p)
		}
	}()
	store.OnUpdate(func(p progress.Progress) {
		select {
		case <-latest:
		default:
		}
		latest <- p
	})
}

// classNamespaces points every lesson at the learner's namespace in the
// class, when in one.
func (a *app) classNamespaces(c *lessons.Catalog) *lessons.Catalog {
	if a.class == nil {
		return c
	}
	return classroom.ClassCatalog(c, a.class.Class, a.class.Learner)
}

// classBlockedUI is the lab UI's view of classBlocked, when in a class.
func (a *app) classBlockedUI() func(*lessons.Step) (msg.Msg, bool) {
	if a.class == nil {
		return nil
	}
	return classroom.BlockedMsg
}

// classBlocked says why a step is not available in the learner's class, if
// the learner is in one and it is not.
func (a *app) classBlocked(s *lessons.Step) (string, bool) {
	if a.class == nil {
		return "", false
	}
	r, blocked := classroom.StepBlocked(s)
	if !blocked {
		return "", false
	}
	return classroom.Say(a.lang, "skip.inClass", r.Text(a.lang)), true
}

func newClassroomCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "classroom",
		Short: "Teach a class on one shared cluster: create it, watch a live board, report, delete",
		Long: `classroom runs one class on a real cluster you name with --kubeconfig/--context
(your own, teacher's credentials). Each learner gets a namespace per lesson
that can run on a shared cluster, edit rights there only, and a kubeconfig
with a time-limited token. The board shows, for every learner and lesson,
the step reached and whether its checks pass now.`,
	}
	cmd.AddCommand(newClassCreate(a), newClassDelete(a), newClassBoard(a), newClassReport(a), newClassJoin(a), newClassLeave(a))
	return cmd
}

// teacher resolves the teacher's cluster, which must be named explicitly.
func (a *app) teacher() (*rest.Config, kubernetes.Interface, error) {
	// Not a joined class's kubeconfig, nor a learner's named explicitly.
	if (a.kubeconfig == "" && a.context == "") || a.class != nil {
		return nil, nil, errors.New(classroom.Say(a.lang, "err.needKubeconfig"))
	}
	t, err := a.target()
	if err != nil {
		return nil, nil, err
	}
	cfg := t.RESTConfig()
	// Setting up a class is a burst of small writes; the API server's own
	// priority and fairness protects it.
	cfg.QPS, cfg.Burst = 50, 100
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, nil, err
	}
	return cfg, cs, nil
}

// classError renders the classroom's errors in the chosen language.
func classError(err error, lang string) error {
	var e *classroom.Error
	if errors.As(err, &e) {
		return errors.New(e.Text(lang))
	}
	return err
}

type classCreateFlags struct {
	learners string
	roster   string
	lessons  []string
	out      string
	ttl      time.Duration
	server   string
	quota    classroom.Quota
}

func newClassCreate(a *app) *cobra.Command {
	f := classCreateFlags{quota: classroom.DefaultQuota}
	cmd := &cobra.Command{
		Use:   "create NAME (--learners a,b,c | --roster FILE)",
		Short: "Create a class: namespaces, rights, quotas and a kubeconfig per learner",
		Long: `create sets up a class on the cluster named with --kubeconfig/--context and writes
one kubeconfig per learner into --out, to hand out. Run it again to add
learners or to issue fresh tokens; it never takes over objects it did not make.`,
		Example: `  kubelab --kubeconfig ~/.kube/config classroom create k8s101 --learners alice,bob,carol
  kubelab --context prod-training classroom create k8s101 --roster learners.txt --lesson self-healing,scaling --token-ttl 8h`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return classError(runClassCreate(cmd, a, f, args[0]), a.lang)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.learners, "learners", "", "the learners' names, separated by commas")
	fl.StringVar(&f.roster, "roster", "", "a file with one learner name a line")
	fl.StringSliceVar(&f.lessons, "lesson", nil, "only these lessons (default: every lesson with a step that runs on a shared cluster)")
	fl.StringVar(&f.out, "out", "", "folder for the learners' kubeconfigs (default ./NAME-kubeconfigs)")
	fl.StringVar(&f.server, "server", "", "the API server URL learners reach, when it differs from yours (same CA)")
	fl.DurationVar(&f.ttl, "token-ttl", classroom.DefaultTokenTTL, "how long the learners' tokens are valid (at least 10m)")
	fl.IntVar(&f.quota.Pods, "quota-pods", f.quota.Pods, "pods per namespace (0: no limit)")
	fl.IntVar(&f.quota.Services, "quota-services", f.quota.Services, "services per namespace (0: no limit)")
	fl.IntVar(&f.quota.PVCs, "quota-pvcs", f.quota.PVCs, "persistent volume claims per namespace (0: no limit)")
	fl.StringVar(&f.quota.CPU, "quota-cpu", f.quota.CPU, "total CPU requests per namespace, e.g. 2 (empty: no limit)")
	fl.StringVar(&f.quota.Memory, "quota-memory", f.quota.Memory, "total memory requests per namespace (empty: no limit)")
	fl.StringVar(&f.quota.Storage, "quota-storage", f.quota.Storage, "total storage requests per namespace (empty: no limit)")
	fl.StringVar(&f.quota.DefaultCPURequest, "default-cpu", f.quota.DefaultCPURequest, "CPU request of a container that sets none")
	fl.StringVar(&f.quota.DefaultMemoryRequest, "default-memory", f.quota.DefaultMemoryRequest, "memory request of a container that sets none")
	fl.StringVar(&f.quota.DefaultCPULimit, "default-cpu-limit", f.quota.DefaultCPULimit, "CPU limit of a container that sets none")
	fl.StringVar(&f.quota.DefaultMemoryLimit, "default-memory-limit", f.quota.DefaultMemoryLimit, "memory limit of a container that sets none")
	return cmd
}

func runClassCreate(cmd *cobra.Command, a *app, f classCreateFlags, name string) error {
	out := cmd.OutOrStdout()
	learners := classroom.SplitLearners(f.learners)
	if f.roster != "" {
		file, err := os.Open(f.roster)
		if err != nil {
			return err
		}
		more, err := classroom.ReadRoster(file)
		file.Close()
		if err != nil {
			return err
		}
		learners = append(learners, more...)
	}
	if err := f.quota.Validate(); err != nil {
		return err
	}
	if f.ttl < 10*time.Minute {
		return errors.New(classroom.Say(a.lang, "err.tokenTTL", f.ttl))
	}
	cat, err := a.catalog()
	if err != nil {
		return err
	}
	plan, err := classroom.Plan(cat, f.lessons)
	if err != nil {
		return err
	}
	spec := classroom.Spec{Name: name, Learners: learners, Lessons: plan, Quota: f.quota}
	if err := spec.Validate(); err != nil {
		return err
	}
	cfg, cs, err := a.teacher()
	if err != nil {
		return err
	}
	fmt.Fprintln(out, classroom.Say(a.lang, "create.plan", name, len(learners), len(plan), len(learners)*len(plan)))
	for _, lp := range plan {
		for _, sk := range lp.Skipped {
			fmt.Fprintln(out, classroom.Say(a.lang, "create.skipped", lp.ID, sk.Step, sk.Reason.Text(a.lang)))
		}
	}
	ctx, cancel := interruptible(cmd)
	defer cancel()
	created, err := classroom.Create(ctx, cs, spec)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, classroom.Say(a.lang, "create.created", classroom.ClassSelector(name)))
	for _, o := range created {
		fmt.Fprintln(out, "  "+string(o))
	}
	roster, err := classroom.LoadRoster(ctx, cs, name)
	if err != nil {
		return err
	}
	dir := f.out
	if dir == "" {
		dir = name + "-kubeconfigs"
	}
	// The learners' kubeconfigs name the server as the learners reach it.
	learnerView := rest.CopyConfig(cfg)
	if f.server != "" {
		learnerView.Host = f.server
	}
	issued, err := classroom.IssueKubeconfigs(ctx, cs, learnerView, roster, f.ttl, dir)
	if err != nil {
		return err
	}
	for _, i := range issued {
		fmt.Fprintln(out, classroom.Say(a.lang, "create.kubeconfig", i.Learner, i.Path, i.Expires.Local().Format(time.DateTime)))
	}
	fmt.Fprintln(out, classroom.Say(a.lang, "create.netpolWarn"))
	if f.quota.CPU == "" {
		fmt.Fprintln(out, classroom.Say(a.lang, "create.cpuNote"))
	}
	fmt.Fprintln(out, classroom.Say(a.lang, "create.done", name, dir))
	return nil
}

func newClassDelete(a *app) *cobra.Command {
	var wait time.Duration
	cmd := &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a class: exactly the objects create made, and nothing else",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, cs, err := a.teacher()
			if err != nil {
				return classError(err, a.lang)
			}
			ctx, cancel := interruptible(cmd)
			defer cancel()
			out := cmd.OutOrStdout()
			objs, err := classroom.Delete(ctx, cs, args[0], wait)
			for _, o := range objs {
				fmt.Fprintln(out, classroom.Say(a.lang, "delete.deleted", o))
			}
			if err != nil {
				return classError(err, a.lang)
			}
			if len(objs) == 0 {
				fmt.Fprintln(out, classroom.Say(a.lang, "delete.none", args[0]))
				return nil
			}
			fmt.Fprintln(out, classroom.Say(a.lang, "delete.done", args[0], len(objs)))
			return nil
		},
	}
	cmd.Flags().DurationVar(&wait, "wait", 2*time.Minute, "wait this long for the namespaces to be gone (0: do not wait)")
	return cmd
}

// startBoard starts the class's board in the background.
func startBoard(ctx context.Context, a *app, name string) (*classroom.Board, <-chan error, error) {
	// client-go reports watch hiccups through klog; the board shows state.
	klog.SetLogger(logr.Discard())
	cfg, _, err := a.teacher()
	if err != nil {
		return nil, nil, err
	}
	cat, err := a.catalog()
	if err != nil {
		return nil, nil, err
	}
	b, err := classroom.NewBoard(ctx, classroom.BoardConfig{REST: cfg, Catalog: cat, Class: name})
	if err != nil {
		return nil, nil, err
	}
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	return b, done, nil
}

// readySnapshot waits for the board's first complete snapshot.
func readySnapshot(ctx context.Context, b *classroom.Board, done <-chan error) (classroom.Snapshot, error) {
	snaps, stop := b.Subscribe()
	defer stop()
	for {
		select {
		case s := <-snaps:
			if s.Ready {
				return s, nil
			}
		case err := <-done:
			if err == nil {
				err = ctx.Err()
			}
			return classroom.Snapshot{}, err
		case <-ctx.Done():
			return classroom.Snapshot{}, ctx.Err()
		}
	}
}

func newClassBoard(a *app) *cobra.Command {
	var once, ui bool
	cmd := &cobra.Command{
		Use:   "board NAME",
		Short: "Show the class live: learners × lessons, the step reached and whether its checks pass now",
		Long: `board shows the class live: for every learner and lesson the step reached, whether
its checks pass now and the help taken, and the most common failing check of each
step. It redraws as text on every change; --ui opens the full-screen lab on its
Board screen instead, with the lessons beside it; --once prints it once.`,
		Example: `  kubelab --kubeconfig ~/.kube/config classroom board k8s101 --ui
  kubelab --kubeconfig ~/.kube/config classroom board k8s101 --once`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if ui && once {
				return errors.New(classroom.Say(a.lang, "err.boardUIOnce"))
			}
			ctx, cancel := interruptible(cmd)
			defer cancel()
			b, done, err := startBoard(ctx, a, args[0])
			if err != nil {
				return classError(err, a.lang)
			}
			if ui {
				return runBoardUI(cmd, a, b, done)
			}
			out := cmd.OutOrStdout()
			if once {
				s, err := readySnapshot(ctx, b, done)
				if err != nil {
					return classError(err, a.lang)
				}
				fmt.Fprint(out, classroom.RenderText(s, a.lang))
				return nil
			}
			return liveBoard(ctx, a.lang, b, done, out, isTerminal(out))
		},
	}
	cmd.Flags().BoolVar(&once, "once", false, "print the board once, when every cell was checked, and exit")
	cmd.Flags().BoolVar(&ui, "ui", false, "open the full-screen lab on the class's Board screen")
	a.ui.add(cmd.Flags())
	return cmd
}

// liveBoard redraws the board on every change, at most a few times a
// second, until interrupted.
func liveBoard(ctx context.Context, lang string, b *classroom.Board, done <-chan error, out io.Writer, terminal bool) error {
	snaps, stop := b.Subscribe()
	defer stop()
	var last time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-done:
			return classError(err, lang)
		case s := <-snaps:
			if wait := 250*time.Millisecond - time.Since(last); wait > 0 {
				time.Sleep(wait)
				select {
				case s = <-snaps:
				default:
				}
			}
			last = time.Now()
			text := classroom.RenderText(s, lang)
			if terminal {
				text = "\x1b[H\x1b[2J" + text
			} else {
				text += "\n"
			}
			fmt.Fprint(out, text)
		}
	}
}

func newClassReport(a *app) *cobra.Command {
	var asJSON, asCSV bool
	cmd := &cobra.Command{
		Use:   "report NAME (--json | --csv)",
		Short: "Print every learner's progress in every lesson, checked against the cluster now, for grading",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON == asCSV {
				return errors.New(classroom.Say(a.lang, "err.reportFormat"))
			}
			ctx, cancel := interruptible(cmd)
			defer cancel()
			ctx, cancelT := context.WithTimeout(ctx, 5*time.Minute)
			defer cancelT()
			b, done, err := startBoard(ctx, a, args[0])
			if err != nil {
				return classError(err, a.lang)
			}
			s, err := readySnapshot(ctx, b, done)
			if err != nil {
				return classError(err, a.lang)
			}
			rows := classroom.Report(s, a.lang)
			if asCSV {
				return classroom.WriteCSV(cmd.OutOrStdout(), rows)
			}
			return classroom.WriteJSON(cmd.OutOrStdout(), rows)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON array, a row per learner and lesson")
	cmd.Flags().BoolVar(&asCSV, "csv", false, "CSV with a header row, a row per learner and lesson")
	return cmd
}

func newClassJoin(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "join FILE",
		Short: "Join a class with the kubeconfig your teacher gave you; kubelab then uses the class's cluster",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := classroom.ParseKubeconfig(args[0])
			if err != nil {
				return classError(err, a.lang)
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			dir, err := xdg.ConfigDir()
			if err != nil {
				return err
			}
			// A copy of its own, so moving the downloaded file breaks nothing.
			path := filepath.Join(dir, "class", m.Class+"-"+m.Learner+".kubeconfig")
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				return err
			}
			if err := atomicfile.Write(path, data, 0o600); err != nil {
				return err
			}
			c, err := config.Load(dir)
			if err != nil {
				return err
			}
			c.Class = &config.Class{Name: m.Class, Learner: m.Learner, Kubeconfig: path}
			if err := config.Save(dir, c); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), classroom.Say(a.lang, "join.done", m.Class, m.Learner, path))
			return nil
		},
	}
}

func newClassLeave(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "leave",
		Short: "Leave the class you joined; kubelab uses the lab's own cluster again",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := xdg.ConfigDir()
			if err != nil {
				return err
			}
			c, err := config.Load(dir)
			if err != nil {
				return err
			}
			if c.Class == nil {
				fmt.Fprintln(cmd.OutOrStdout(), classroom.Say(a.lang, "leave.none"))
				return nil
			}
			name := c.Class.Name
			if err := os.Remove(c.Class.Kubeconfig); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
			c.Class = nil
			if err := config.Save(dir, c); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), classroom.Say(a.lang, "leave.done", name))
			return nil
		},
	}
}
