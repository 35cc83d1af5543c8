package lesson

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
)

// prompt is the command line under the output: any command, or the answer
// to one of the step's quizzes, with a history of the commands typed.
type prompt struct {
	input     textinput.Model
	history   []string
	histIdx   int
	answerFor string // the quiz the prompt is answering; "" for commands
}

func newPrompt() prompt {
	p := textinput.New()
	p.Prompt = "$ "
	p.CharLimit = 4096
	// A static cursor: no blink messages to wake the program, steady frames.
	p.Cursor.SetMode(cursor.CursorStatic)
	return prompt{input: p}
}

// remember adds a command line to the history, once when typed twice in a
// row, and points the history past its end.
func (p *prompt) remember(line string) {
	if len(p.history) == 0 || p.history[len(p.history)-1] != line {
		p.history = append(p.history, line)
	}
	p.histIdx = len(p.history)
}

// back shows the previous command of the history.
func (p *prompt) back() {
	if p.histIdx > 0 {
		p.histIdx--
		p.input.SetValue(p.history[p.histIdx])
		p.input.CursorEnd()
	}
}

// forward shows the next command of the history, or an empty line past its
// end.
func (p *prompt) forward() {
	if p.histIdx < len(p.history) {
		p.histIdx++
		if p.histIdx == len(p.history) {
			p.input.SetValue("")
		} else {
			p.input.SetValue(p.history[p.histIdx])
		}
		p.input.CursorEnd()
	}
}
