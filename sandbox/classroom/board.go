package classroom

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/cache"

	"kubelab/lessons"
	"kubelab/sandbox/check"
)

// Status is what a board cell says about a learner's lesson.
type Status string

const (
	StatusNotChecked Status = "unchecked" // not evaluated yet
	StatusPassing    Status = "passing"   // the open step's checks pass now
	StatusFailing    Status = "failing"   // they do not
	StatusDone       Status = "done"      // every class step of the lesson is done
	StatusError      Status = "error"     // the checks could not be evaluated
)

// Cell is one learner's state in one lesson.
type Cell struct {
	Learner string `json:"learner"`
	Lesson  string `json:"lesson"`
	// Done and Steps count the lesson's class steps done and in all.
	Done  int `json:"done"`
	Steps int `json:"steps"`
	// Started is whether the learner's lab reported anything for the lesson.
	Started bool `json:"started"`
	// Step is the step reached: the one the learner has open, else the
	// first class step not done.
	Step   string `json:"step,omitempty"`
	Status Status `json:"status"`
	// Failing are the open step's failing checks (empty unless failing).
	Failing []check.Result `json:"-"`
	// Error says why the checks could not be evaluated.
	Error     string    `json:"error,omitempty"`
	Hints     int       `json:"hints"`
	Solutions int       `json:"solutions"`
	Answers   int       `json:"answers"`
	Checked   time.Time `json:"checked,omitzero"`
}

// Stuck is the most common failing check of one step across the class.
type Stuck struct {
	Lesson, Step, Check string
	// Count learners fail it, of Of learners on the step.
	Count, Of int
	// Example is one of the failing results, to say what was seen.
	Example check.Result
}

// Snapshot is the board at one moment. Subscribers receive their own copy
// and must not change it.
type Snapshot struct {
	Class    string
	Learners []string
	Lessons  []LessonPlan
	// Cells[i][j] is Learners[i] in Lessons[j].
	Cells [][]Cell
	Stuck []Stuck
	// Ready is false until every cell was evaluated once.
	Ready bool
	// Seq grows with every snapshot.
	Seq     uint64
	Updated time.Time
}

// Cell returns a learner's cell in a lesson.
func (s Snapshot) Cell(learner, lesson string) (Cell, bool) {
	for i, l := range s.Learners {
		if l != learner {
			continue
		}
		for j, lp := range s.Lessons {
			if lp.ID == lesson {
				return s.Cells[i][j], true
			}
		}
	}
	return Cell{}, false
}

// BoardConfig is what a board needs.
type BoardConfig struct {
	// REST is the teacher's (guarded) client config.
	REST    *rest.Config
	Catalog *lessons.Catalog
	Class   string
	// Workers bound how many cells are evaluated at once (default 8).
	Workers int
	// Debounce gathers a burst of changes into one round (default 50ms).
	Debounce time.Duration
}

// Board keeps the class's state: which step each learner reached (from
// their progress ConfigMaps) and whether its checks pass now, evaluated by
// this process with the check engine. It is driven by shared watches, one
// informer per resource type for the whole class, never by a poll per
// learner: a change in a learner namespace re-evaluates only that learner's
// cell. Screens and the command line Subscribe to its snapshots.
type Board struct {
	cfg    BoardConfig
	roster *Roster
	engine *check.Engine

	mu       sync.Mutex
	cells    map[cellKey]*cellState
	byNS     map[string]cellKey
	progress map[string]Progress // by learner
	dirty    map[cellKey]bool
	wake     chan struct{}
	subs     map[chan Snapshot]bool
	last     *Snapshot
	seq      uint64
	ready    bool
	// nodeReaders are cells whose open step reads a cluster-scoped resource
	// (nodes): a change there makes them dirty.
	clusterReaders map[cellKey]bool
}

type cellKey struct{ learner, lesson string }

type cellState struct {
	plan    *LessonPlan
	lesson  *lessons.Lesson
	ns      string
	cell    Cell
	session *check.Session
	opened  string // the session's step and baseline
}

// NewBoard reads the class's roster and prepares the board; Run starts it.
func NewBoard(ctx context.Context, cfg BoardConfig) (*Board, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = 50 * time.Millisecond
	}
	cs, err := kubernetes.NewForConfig(cfg.REST)
	if err != nil {
		return nil, err
	}
	r, err := LoadRoster(ctx, cs, cfg.Class)
	if err != nil {
		return nil, err
	}
	engine, err := check.NewEngine(check.Config{REST: cfg.REST})
	if err != nil {
		return nil, err
	}
	b := &Board{
		cfg: cfg, roster: r, engine: engine,
		cells: map[cellKey]*cellState{}, byNS: map[string]cellKey{}, progress: map[string]Progress{},
		dirty: map[cellKey]bool{}, wake: make(chan struct{}, 1), subs: map[chan Snapshot]bool{},
		clusterReaders: map[cellKey]bool{},
	}
	for _, learner := range r.Learners {
		for i := range r.Lessons {
			lp := &r.Lessons[i]
			l := cfg.Catalog.Lesson(lp.ID)
			if l == nil {
				return nil, errorf("err.noLesson", lp.ID)
			}
			k := cellKey{learner, lp.ID}
			ns := LearnerNamespace(r.Name, learner, lp.Namespace)
			b.cells[k] = &cellState{plan: lp, lesson: l, ns: ns, cell: Cell{Learner: learner, Lesson: lp.ID, Steps: len(lp.Steps), Status: StatusNotChecked}}
			b.byNS[ns] = k
			b.dirty[k] = true
		}
	}
	b.wake <- struct{}{}
	return b, nil
}

// Roster is the class the board shows.
func (b *Board) Roster() *Roster { return b.roster }

// Subscribe returns a channel that receives the newest snapshot whenever the
// board changes (older ones are dropped when the reader is slow), starting
// with the current one, and a function that ends the subscription.
func (b *Board) Subscribe() (<-chan Snapshot, func()) {
	ch := make(chan Snapshot, 1)
	b.mu.Lock()
	b.subs[ch] = true
	if b.last != nil {
		ch <- *b.last
	}
	b.mu.Unlock()
	return ch, func() {
		b.mu.Lock()
		delete(b.subs, ch)
		b.mu.Unlock()
	}
}

// Run watches the class and keeps the board current until ctx ends.
func (b *Board) Run(ctx context.Context) error {
	cs, err := kubernetes.NewForConfig(b.cfg.REST)
	if err != nil {
		return err
	}
	mc, err := metadata.NewForConfig(b.cfg.REST)
	if err != nil {
		return err
	}
	// Progress: one informer for the class's progress ConfigMaps.
	inf := informers.NewSharedInformerFactoryWithOptions(cs, 0, informers.WithTweakListOptions(func(o *metav1.ListOptions) {
		o.LabelSelector = ClassSelector(b.roster.Name) + "," + LabelRole + "=" + RoleProgress
	}))
	cmInf := inf.Core().V1().ConfigMaps().Informer()
	onCM := func(o any) {
		if cm, ok := o.(*corev1.ConfigMap); ok {
			b.onProgress(cm)
		}
	}
	if _, err := cmInf.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: onCM, UpdateFunc: func(_, n any) { onCM(n) },
	}); err != nil {
		return err
	}
	// The resources the class's checks read: one metadata-only informer per
	// type. Learners' own objects carry no class label, so these list the
	// type in every namespace and the handler keeps the class's namespaces.
	gvrs, err := b.watchedResources(ctx)
	if err != nil {
		return err
	}
	mf := metadatainformer.NewSharedInformerFactory(mc, 0)
	var synced []cache.InformerSynced
	synced = append(synced, cmInf.HasSynced)
	for _, w := range gvrs {
		i := mf.ForResource(w.gvr).Informer()
		namespaced := w.namespaced
		h := func(o any) {
			if t, ok := o.(cache.DeletedFinalStateUnknown); ok {
				o = t.Obj
			}
			m, err := meta.Accessor(o)
			if err != nil {
				return
			}
			b.onChange(m.GetNamespace(), !namespaced)
		}
		if _, err := i.AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: h, UpdateFunc: func(_, n any) { h(n) }, DeleteFunc: h}); err != nil {
			return err
		}
		synced = append(synced, i.HasSynced)
	}
	inf.Start(ctx.Done())
	mf.Start(ctx.Done())
	defer inf.Shutdown()
	defer mf.Shutdown()
	if !cache.WaitForCacheSync(ctx.Done(), synced...) {
		return ctx.Err()
	}
	b.loop(ctx)
	return nil
}

type watched struct {
	gvr        schema.GroupVersionResource
	namespaced bool
}

// watchedResources resolves every resource the class's steps read.
func (b *Board) watchedResources(ctx context.Context) ([]watched, error) {
	dc, err := discovery.NewDiscoveryClientForConfig(b.cfg.REST)
	if err != nil {
		return nil, err
	}
	cached := memory.NewMemCacheClient(dc)
	mapper := restmapper.NewShortcutExpander(restmapper.NewDeferredDiscoveryRESTMapper(cached), cached, nil)
	seen := map[schema.GroupVersionResource]bool{}
	var out []watched
	add := func(name string) {
		full, gr := schema.ParseResourceArg(name)
		var gvk schema.GroupVersionKind
		var err error
		if full != nil {
			gvk, err = mapper.KindFor(*full)
		}
		if full == nil || gvk.Empty() {
			gvk, err = mapper.KindFor(gr.WithVersion(""))
		}
		if err != nil {
			return // not served (yet): the step's checks say so
		}
		m, err := mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
		if err != nil || seen[m.Resource] {
			return
		}
		seen[m.Resource] = true
		out = append(out, watched{gvr: m.Resource, namespaced: m.Scope.Name() == meta.RESTScopeNameNamespace})
	}
	for _, lp := range b.roster.Lessons {
		l := b.cfg.Catalog.Lesson(lp.ID)
		for _, id := range lp.Steps {
			s := l.Step(id)
			if s == nil {
				continue
			}
			for _, c := range s.Checks {
				if c.Kind == lessons.KindEvent {
					add("events")
				}
				if c.Resource != "" {
					add(c.Resource)
				}
				if c.Answer != nil && c.Answer.Count != nil {
					add(c.Answer.Count.Resource)
				}
				if c.Answer != nil && c.Answer.Field != nil {
					add(c.Answer.Field.Resource)
				}
			}
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return out, nil
}

func (b *Board) markLocked(k cellKey) {
	b.dirty[k] = true
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

func (b *Board) onChange(ns string, clusterScoped bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if clusterScoped {
		for k := range b.clusterReaders {
			b.markLocked(k)
		}
		return
	}
	if k, ok := b.byNS[ns]; ok {
		b.markLocked(k)
	}
}

func (b *Board) onProgress(cm *corev1.ConfigMap) {
	learner := cm.Labels[LabelLearner]
	p, err := ParseProgress(cm)
	if err != nil {
		return // a learner's broken write: keep what was there
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	old := b.progress[learner]
	b.progress[learner] = p
	for _, lp := range b.roster.Lessons {
		k := cellKey{learner, lp.ID}
		if _, ok := b.cells[k]; !ok {
			continue
		}
		a, _ := json.Marshal(old.Lessons[lp.ID])
		c, _ := json.Marshal(p.Lessons[lp.ID])
		if string(a) != string(c) {
			b.markLocked(k)
		}
	}
}

// loop evaluates dirty cells in rounds and publishes a snapshot after each.
func (b *Board) loop(ctx context.Context) {
	b.publish()
	for {
		select {
		case <-ctx.Done():
			return
		case <-b.wake:
		}
		if !sleepCtx(ctx, b.cfg.Debounce) {
			return
		}
		b.mu.Lock()
		keys := make([]cellKey, 0, len(b.dirty))
		for k := range b.dirty {
			keys = append(keys, k)
		}
		b.dirty = map[cellKey]bool{}
		b.mu.Unlock()
		if len(keys) == 0 {
			continue
		}
		sem := make(chan struct{}, b.cfg.Workers)
		var wg sync.WaitGroup
		for _, k := range keys {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				b.evaluate(ctx, k)
			}()
		}
		wg.Wait()
		if ctx.Err() != nil {
			return
		}
		b.mu.Lock()
		if len(b.dirty) == 0 {
			b.ready = true
		}
		b.mu.Unlock()
		b.publish()
	}
}

// evaluate brings one cell up to date: the step reached from progress, and
// that step's checks evaluated against the cluster.
func (b *Board) evaluate(ctx context.Context, k cellKey) {
	b.mu.Lock()
	st := b.cells[k]
	p := b.progress[k.learner]
	lp := p.Lessons[k.lesson]
	b.mu.Unlock()
	c := st.cell
	c.Started = lp != nil
	c.Done, c.Hints, c.Solutions, c.Answers = 0, 0, 0, 0
	c.Step, c.Failing, c.Error = "", nil, ""
	var answers map[string]string
	var baseline *check.Baseline
	if lp != nil {
		for _, id := range st.plan.Steps {
			if _, ok := lp.Done[id]; ok {
				c.Done++
			}
			c.Hints += lp.Hints[id]
			if lp.Solutions[id] {
				c.Solutions++
			}
		}
		c.Answers = len(lp.Answers)
		answers = lp.Answers
		if lp.Step != "" && contains(st.plan.Steps, lp.Step) {
			if _, done := lp.Done[lp.Step]; !done {
				c.Step = lp.Step
			}
		}
	}
	if c.Step == "" {
		for _, id := range st.plan.Steps {
			if lp == nil || lp.Done[id].IsZero() {
				c.Step = id
				break
			}
		}
	}
	if c.Step == "" {
		c.Status = StatusDone
		c.Checked = time.Now()
		b.store(k, st, c, false)
		return
	}
	if lp != nil {
		if bl, ok := lp.Baselines[c.Step]; ok {
			baseline = &bl
		}
	}
	opened := c.Step
	if baseline != nil {
		opened += "@" + baseline.OpenedAt.String()
	}
	var err error
	if st.session == nil || st.opened != opened {
		vars := lessons.LabVars(st.ns)
		step := st.lesson.Step(c.Step)
		if baseline != nil {
			st.session, err = b.engine.Resume(ctx, b.cfg.Catalog, st.lesson, step, vars, *baseline)
		} else {
			st.session, err = b.engine.Open(ctx, b.cfg.Catalog, st.lesson, step, vars)
		}
		if err == nil {
			st.opened = opened
		} else {
			st.session = nil
		}
	}
	readsCluster := false
	if err == nil {
		rep := st.session.Evaluate(ctx, answers)
		err = rep.Err
		for _, r := range rep.Results {
			if r.Err != nil && err == nil {
				err = r.Err
			}
			if !r.Pass {
				c.Failing = append(c.Failing, r)
			}
		}
		for _, ch := range st.session.Step().Checks {
			if ch.Resource == "nodes" || (ch.Answer != nil && ch.Answer.Count != nil && ch.Answer.Count.Resource == "nodes") {
				readsCluster = true
			}
		}
	}
	switch {
	case err != nil:
		c.Status, c.Error = StatusError, err.Error()
	case len(c.Failing) == 0:
		c.Status = StatusPassing
	default:
		c.Status = StatusFailing
	}
	c.Checked = time.Now()
	b.store(k, st, c, readsCluster)
}

func (b *Board) store(k cellKey, st *cellState, c Cell, readsCluster bool) {
	b.mu.Lock()
	st.cell = c
	if readsCluster {
		b.clusterReaders[k] = true
	} else {
		delete(b.clusterReaders, k)
	}
	b.mu.Unlock()
}

// publish builds a snapshot and hands it to every subscriber.
func (b *Board) publish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seq++
	s := &Snapshot{
		Class: b.roster.Name, Learners: b.roster.Learners, Lessons: b.roster.Lessons,
		Ready: b.ready, Seq: b.seq, Updated: time.Now(),
	}
	s.Cells = make([][]Cell, len(b.roster.Learners))
	for i, l := range b.roster.Learners {
		s.Cells[i] = make([]Cell, len(b.roster.Lessons))
		for j, lp := range b.roster.Lessons {
			s.Cells[i][j] = b.cells[cellKey{l, lp.ID}].cell
		}
	}
	s.Stuck = stuck(s)
	b.last = s
	for ch := range b.subs {
		select {
		case <-ch:
		default:
		}
		ch <- *s
	}
}

// stuck finds, per step, the check most learners on it fail. A learner who
// has not opened the lesson is on no step: the board evaluates its first
// step for them, which fails, but they are not stuck.
func stuck(s *Snapshot) []Stuck {
	type stepKey struct{ lesson, step string }
	on := map[stepKey]int{}
	fails := map[stepKey]map[string][]check.Result{}
	for _, row := range s.Cells {
		for _, c := range row {
			if c.Step == "" || c.Status == StatusDone || !c.Started {
				continue
			}
			k := stepKey{c.Lesson, c.Step}
			on[k]++
			if c.Status == StatusFailing && len(c.Failing) > 0 {
				if fails[k] == nil {
					fails[k] = map[string][]check.Result{}
				}
				f := c.Failing[0]
				fails[k][f.Check] = append(fails[k][f.Check], f)
			}
		}
	}
	var out []Stuck
	for k, byCheck := range fails {
		best := ""
		for id, rs := range byCheck {
			if best == "" || len(rs) > len(byCheck[best]) || (len(rs) == len(byCheck[best]) && id < best) {
				best = id
			}
		}
		out = append(out, Stuck{Lesson: k.lesson, Step: k.step, Check: best, Count: len(byCheck[best]), Of: on[k], Example: byCheck[best][0]})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return fmt.Sprint(out[i].Lesson, out[i].Step) < fmt.Sprint(out[j].Lesson, out[j].Step)
	})
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
