package exam

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"kubelab/tui/program"
)

func (m *Model) promptKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	switch {
	case key.Matches(msg, k.Back):
		m.typing = false
		m.input.Blur()
		return nil
	case key.Matches(msg, k.RunPrompt):
		line := strings.TrimSpace(m.input.Value())
		m.input.SetValue("")
		if line == "" || m.running || m.phase != phaseRunning {
			return nil
		}
		return m.run(line)
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	return cmd
}

func (m *Model) addOutput(lines ...string) {
	m.out = append(m.out, lines...)
	if over := len(m.out) - maxOutput; over > 0 {
		m.out = append([]string(nil), m.out[over:]...)
	}
}

// run runs the learner's command in the current task's namespace and folder.
func (m *Model) run(line string) tea.Cmd {
	m.addOutput("$ " + line)
	m.runID++
	m.running = true
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	ex, i := m.ex, m.cur
	code := -1
	ch := program.Go(256, "the exam's command", func(ch chan runEvent) error {
		defer cancel()
		var err error
		code, err = ex.Run(ctx, i, line, func(l string) { ch <- runEvent{line: l} })
		return err
	}, func(ch chan runEvent, err error) { ch <- runEvent{done: true, code: code, err: err} })
	return waitRun(m.token, m.runID, ch)
}

func waitRun(token, id int, ch <-chan runEvent) tea.Cmd {
	return program.Next(ch, 200, func(evs []runEvent, open bool) tea.Msg {
		msg := runMsg{token: token, id: id, evs: evs}
		if open {
			msg.ch = ch
		}
		return msg
	})
}

func (m *Model) onRun(msg runMsg) tea.Cmd {
	for _, ev := range msg.evs {
		switch {
		case !ev.done:
			m.addOutput(ev.line)
		case ev.err != nil:
			m.addOutput(ev.err.Error())
		default:
			m.addOutput(m.t("tui.exam.exited", ev.code))
		}
		if ev.done {
			m.running, m.cancel = false, nil
			return m.liveCmd()
		}
	}
	if msg.ch == nil {
		m.running = false
		return nil
	}
	return waitRun(msg.token, msg.id, msg.ch)
}
