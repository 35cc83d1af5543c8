// Package cluster is the screen for the lab's cluster: its status, create
// and delete with kind's progress as a live checklist, and the doctor's
// findings about the machine.
package cluster

import (
	lmsg "kubelab/internal/msg"

	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"kubelab/internal/render"
	"kubelab/internal/topology"
	"kubelab/tui/i18n"
	"kubelab/tui/keys"
	"kubelab/tui/lab"
	"kubelab/tui/program"
)

type op int

const (
	opNone op = iota
	opCreate
	opDelete
	opDoctor
)

// Model is the cluster screen.
type Model struct {
	ctx      *program.Context
	op       op
	opID     int
	lastOp   op
	events   []lab.Event
	opErr    error
	findings []lab.Finding
	doctored bool
	confirm  bool
	cancel   context.CancelFunc

	width, height int
}

// New builds the cluster screen.
func New(ctx *program.Context) *Model { return &Model{ctx: ctx} }

// SetSize sets the area the screen may draw in.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Busy reports whether a create, delete or doctor run is going on.
func (m *Model) Busy() bool { return m.op != opNone }

// Cancel stops a running operation (Ctrl+C).
func (m *Model) Cancel() {
	if m.cancel != nil {
		m.cancel()
	}
}

// Capturing reports whether a confirmation waits for its answer.
func (m *Model) Capturing() bool { return m.confirm }

// Title is the tab's label.
func (m *Model) Title() string { return m.ctx.T(i18n.TabCluster) }

// Key shows the screen from anywhere.
func (m *Model) Key() key.Binding { return m.ctx.Keys.Cluster }

// Opened checks the cluster again when the learner comes to look at it.
func (m *Model) Opened() tea.Cmd { return func() tea.Msg { return program.RefreshStatusMsg{} } }

// Interrupt cancels the operation on screen (Ctrl+C).
func (m *Model) Interrupt(active bool) bool {
	if !active || !m.Busy() {
		return false
	}
	m.Cancel()
	return true
}

// Stop cancels any operation when the program ends.
func (m *Model) Stop() { m.Cancel() }

// ShortHelp is the screen's keys for the one-line help.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	return []key.Binding{k.Create, k.Delete, k.Refresh, k.Doctor, k.Back, k.Help}
}

// FullHelp is the screen's keys for the help screen.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	return [][]key.Binding{{k.Create, k.Delete, k.Refresh, k.Doctor}}
}

type eventMsg struct {
	id   int
	ev   lab.Event
	ch   <-chan eventMsg
	done bool
	err  error
}

type findingsMsg struct {
	id       int
	findings []lab.Finding
	err      error
}

// Update handles keys and messages.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	cl := m.ctx.Lab.Cluster
	switch msg := msg.(type) {
	case tea.KeyMsg:
		k := m.ctx.Keys
		if m.confirm {
			m.confirm = false
			if key.Matches(msg, k.Yes) {
				return m.start(opDelete)
			}
			return nil
		}
		if cl == nil || m.op != opNone {
			return nil
		}
		switch {
		case key.Matches(msg, k.Create) && cl.CanCreate():
			return m.start(opCreate)
		case key.Matches(msg, k.Delete) && cl.CanCreate():
			m.confirm = true
		case key.Matches(msg, k.Refresh):
			return func() tea.Msg { return program.RefreshStatusMsg{} }
		case key.Matches(msg, k.Doctor):
			return m.start(opDoctor)
		}
	case eventMsg:
		if msg.id != m.opID {
			return nil
		}
		if msg.done {
			m.op, m.cancel, m.opErr = opNone, nil, msg.err
			return func() tea.Msg { return program.RefreshStatusMsg{} }
		}
		m.add(msg.ev)
		return waitEvent(msg.id, msg.ch)
	case findingsMsg:
		if msg.id != m.opID {
			return nil
		}
		m.op, m.cancel, m.findings, m.opErr, m.doctored = opNone, nil, msg.findings, msg.err, true
	}
	return nil
}

// add merges an event into the checklist: a step's end replaces its start.
func (m *Model) add(ev lab.Event) {
	for i := len(m.events) - 1; i >= 0; i-- {
		if m.events[i].Msg.Text("en") == ev.Msg.Text("en") && m.events[i].State == lab.Running {
			m.events[i] = ev
			return
		}
	}
	m.events = append(m.events, ev)
}

func (m *Model) start(o op) tea.Cmd {
	cl := m.ctx.Lab.Cluster
	m.opID++
	m.op, m.lastOp, m.opErr = o, o, nil
	id := m.opID
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	if o == opDoctor {
		lang := m.ctx.Lang
		return func() tea.Msg {
			defer cancel()
			ctx, stop := context.WithTimeout(ctx, time.Minute)
			defer stop()
			f, err := cl.Doctor(ctx, lang)
			if err != nil {
				err = lmsg.Errorf(err, string(i18n.DoctorFailed))
			}
			return findingsMsg{id: id, findings: f, err: err}
		}
	}
	m.events = nil
	ch := program.Go(64, "the cluster operation", func(ch chan eventMsg) error {
		defer cancel()
		progress := func(ev lab.Event) {
			select {
			case ch <- eventMsg{ev: ev}:
			case <-ctx.Done():
			}
		}
		if o == opCreate {
			if err := cl.Create(ctx, progress); err != nil {
				return lmsg.Errorf(err, string(i18n.CreateFailed), topology.ClusterName)
			}
			return nil
		}
		if err := cl.Delete(ctx, progress); err != nil {
			return lmsg.Errorf(err, string(i18n.DeleteFailed), topology.ClusterName)
		}
		return nil
	}, func(ch chan eventMsg, err error) {
		ch <- eventMsg{done: true, err: err}
	})
	return waitEvent(id, ch)
}

// waitEvent waits for the next event of operation id.
func waitEvent(id int, ch <-chan eventMsg) tea.Cmd {
	return program.Next(ch, 1, func(evs []eventMsg, open bool) tea.Msg {
		if len(evs) == 0 {
			return eventMsg{id: id, done: true}
		}
		msg := evs[0]
		msg.id, msg.ch = id, ch
		return msg
	})
}

// View draws the screen.
func (m *Model) View() string {
	c, th, w := m.ctx, m.ctx.Theme, m.width
	var b strings.Builder
	line := func(style lipgloss.Style, s string) { b.WriteString(style.Render(render.Wrap(s, w)) + "\n") }

	b.WriteString(th.PaneTitle.Render(c.T(i18n.ClusterTitle)) + "\n")
	cl := c.Lab.Cluster
	switch {
	case cl == nil:
		line(th.Banner, c.T(i18n.ClusterNone))
	default:
		line(th.App, c.T(i18n.ClusterBackend, c.Backend()))
		switch {
		case !c.Checked:
			line(th.Subtle, c.T(i18n.StatusChecking))
		case c.Status.Reachable:
			line(th.Success, th.Marks.Pass+" "+c.T(i18n.StatusNodes, c.Status.NodesReady, c.Status.Nodes))
		default:
			line(th.Banner, th.Marks.Fail+" "+c.T(i18n.StatusNoCluster))
			if c.Status.NotCreated {
				line(th.Subtle, c.T(i18n.ClusterNotCreated))
			}
			if !c.Status.Detail.IsZero() {
				line(th.Subtle, c.Status.Detail.Text(m.ctx.Lang))
			}
			if cl.CanCreate() {
				line(th.Subtle, c.T(i18n.HowToCreate, keys.Name(c.Keys.Create), keys.Name(c.Keys.Doctor)))
			}
		}
		if !cl.CanCreate() {
			line(th.Subtle, c.T(i18n.ClusterExisting))
		}
	}
	if m.confirm {
		b.WriteString("\n")
		line(th.Warning.Bold(true), c.T(i18n.DeleteConfirm, keys.Name(c.Keys.Yes)))
	}

	if len(m.events) > 0 || m.op == opCreate || m.op == opDelete {
		b.WriteString("\n")
		title := c.T(i18n.Creating)
		if m.lastOp == opDelete {
			title = c.T(i18n.Deleting)
		}
		b.WriteString(th.PaneTitle.Render(title) + "\n")
		events := m.events
		if keep := max(m.height-12, 3); len(events) > keep {
			// The newest steps matter: older ones scroll away.
			events = events[len(events)-keep:]
		}
		for _, ev := range events {
			var mark string
			switch ev.State {
			case lab.Running:
				mark = th.Warning.Render(th.Marks.Running)
			case lab.Done:
				mark = th.Success.Render(th.Marks.Pass)
			case lab.Failed:
				mark = th.Error.Render(th.Marks.Fail)
			default:
				mark = th.Faint.Render(" ")
			}
			b.WriteString(mark + " " + render.Wrap(ev.Msg.Text(m.ctx.Lang), w-3) + "\n")
		}
	}
	if m.opErr != nil {
		b.WriteString("\n")
		line(th.Error, lmsg.ErrorText(m.opErr, m.ctx.Lang))
	}
	if m.op == opDoctor || m.doctored {
		b.WriteString("\n" + th.PaneTitle.Render(c.T(i18n.DoctorTitle)) + "\n")
		if m.op == opDoctor {
			line(th.Subtle, c.T(i18n.DoctorRunning))
		}
		for _, f := range m.findings {
			mark := th.Success.Render(th.Marks.Pass)
			switch {
			case f.Warn:
				mark = th.Warning.Render(th.Marks.Warn)
			case !f.OK:
				mark = th.Error.Render(th.Marks.Fail)
			}
			b.WriteString(mark + " " + th.Bold.Render(f.Title.Text(m.ctx.Lang)))
			if !f.Detail.IsZero() {
				b.WriteString(th.Subtle.Render(": " + f.Detail.Text(m.ctx.Lang)))
			}
			b.WriteString("\n")
			if !f.OK && !f.Fix.IsZero() {
				b.WriteString(indentBlock(render.Wrap(f.Fix.Text(m.ctx.Lang), w-4), "    ") + "\n")
			}
		}
	}
	return lipgloss.NewStyle().MaxHeight(m.height).Render(strings.TrimRight(b.String(), "\n"))
}

func indentBlock(s, pad string) string {
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}
