// Package program is the whole UI of the start-time floor programs: one
// styled frame holding the words the start benchmark waits for ("kubelab"
// and "English"), quit with q. The programs differ only in what they link.
package program

import (
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

type model struct{}

func (model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "q" {
		return m, tea.Quit
	}
	return m, nil
}

func (model) View() string {
	return lipgloss.NewStyle().Bold(true).Render("kubelab") + "\n English"
}

// Run shows the frame until q, as kubelab runs its own program (alternate
// screen).
func Run() {
	if _, err := tea.NewProgram(model{}, tea.WithAltScreen()).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
