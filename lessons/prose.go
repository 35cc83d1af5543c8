package lessons

import (
	"regexp"
	"strings"

	"kubelab/internal/text"
)

var (
	headingRE = regexp.MustCompile(`^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$`)
	fenceRE   = regexp.MustCompile("^ {0,3}(```+|~~~+)")
	stepRE    = regexp.MustCompile(`^Step[ \t]+([^\s:]+)[ \t]*:[ \t]*(.*)$`)
	itemRE    = regexp.MustCompile(`^Check[ \t]+(\S+)$`)
	quizRE    = regexp.MustCompile(`^Quiz[ \t]+(\S+)$`)
	explainRE = regexp.MustCompile(`^Explain[ \t]+(\S+)$`)
	choiceRE  = regexp.MustCompile(`^[-*][ \t]+([A-Za-z0-9_-]+)[ \t]*:[ \t]*(.+)$`)
)

// parseProse reads one <lang>.md file. It reports structural problems (what
// heading goes where); whether the prose covers the lesson's steps and checks
// is the validator's job, since it needs lesson.yaml too.
func parseProse(file, src string, ps *problems) Prose {
	p := Prose{File: file, Steps: map[string]*StepProse{}}
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")

	// section is what the current body lines belong to.
	type section int
	const (
		secStart section = iota
		secSummary
		secNotes
		secStepText
		secHint
		secSolution
		secCheck
		secQuiz
		secExplain
		secIgnored
	)
	var (
		sec      = secStart
		body     []string
		step     *StepProse
		itemID   string
		itemLine int
		inFence  string
		fenceAt  int
		sawNotes bool
	)
	flush := func() {
		joined := text.Reflow(strings.TrimSpace(strings.Join(body, "\n")))
		body = body[:0]
		switch sec {
		case secSummary:
			p.Summary = joined
		case secNotes:
			p.Notes = joined
		case secStepText:
			step.Text = joined
		case secHint:
			if joined == "" {
				ps.add(file, itemLine, "empty hint")
			}
			step.Hints = append(step.Hints, joined)
		case secSolution:
			step.Solution = joined
		case secCheck:
			if joined == "" {
				ps.add(file, itemLine, "check %s: empty description", itemID)
			}
			step.Checks[itemID] = joined
		case secQuiz:
			q := parseQuiz(joined, itemLine)
			if old := step.Quizzes[itemID]; old != nil {
				q.Explain = old.Explain // ### Explain came first
			}
			step.Quizzes[itemID] = q
			if joined == "" {
				ps.add(file, itemLine, "quiz %s: empty question", itemID)
			}
		case secExplain:
			if joined == "" {
				ps.add(file, itemLine, "explain %s: empty", itemID)
			}
			step.explains[itemID] = itemLine
			if q := step.Quizzes[itemID]; q != nil {
				q.Explain = joined
			} else {
				step.Quizzes[itemID] = &Quiz{Explain: joined, Choices: map[string]string{}, Line: itemLine}
			}
		}
	}

	for i, line := range lines {
		n := i + 1
		// The expressions run only on lines that can match them: most
		// lines are prose, and this runs for every lesson the lab loads.
		if strings.Contains(line, "```") || strings.Contains(line, "~~~") {
			if m := fenceRE.FindStringSubmatch(line); m != nil {
				marker := m[1][:3]
				switch {
				case inFence == "":
					inFence, fenceAt = marker, n
				case marker == inFence:
					inFence = ""
				}
			}
		}
		var m []string
		if inFence == "" && strings.HasPrefix(line, "#") {
			m = headingRE.FindStringSubmatch(line)
		}
		if sec == secStart && strings.TrimSpace(line) != "" && (m == nil || len(m[1]) != 1) {
			ps.add(file, n, "expected the lesson title (# Title) before anything else")
			sec = secIgnored
		}
		if m == nil {
			body = append(body, line)
			continue
		}
		level, title := len(m[1]), m[2]
		switch {
		case level == 1:
			if p.Title != "" {
				ps.add(file, n, "a second title (# ...): one lesson has one title; use ### or deeper inside notes")
				body = append(body, line)
				continue
			}
			flush()
			p.Title = title
			if title == "" {
				ps.add(file, n, "empty title")
			}
			sec = secSummary
		case level == 2 && title == "Notes":
			flush()
			if sawNotes {
				ps.add(file, n, "a second ## Notes section")
			}
			if len(p.Steps) > 0 {
				ps.add(file, n, "## Notes must come before the steps")
			}
			sawNotes = true
			sec = secNotes
		case level == 2 && strings.HasPrefix(title, "Step"):
			flush()
			sm := stepRE.FindStringSubmatch(title)
			if sm == nil {
				ps.add(file, n, "step heading %q: write it as \"## Step <id>: <title>\"", title)
				sec = secIgnored
				continue
			}
			if _, dup := p.Steps[sm[1]]; dup {
				ps.add(file, n, "step %s: written twice", sm[1])
			}
			step = &StepProse{Title: strings.TrimSpace(sm[2]), Checks: map[string]string{}, Quizzes: map[string]*Quiz{}, Line: n, explains: map[string]int{}}
			if step.Title == "" {
				ps.add(file, n, "step %s: empty title after the colon", sm[1])
			}
			p.Steps[sm[1]] = step
			p.stepOrder = append(p.stepOrder, sm[1])
			sec = secStepText
		case level == 2:
			flush()
			ps.add(file, n, "unknown section %q: level-2 headings are \"## Notes\" and \"## Step <id>: <title>\"", title)
			sec = secIgnored
		case level == 3 && step != nil && sec != secNotes:
			flush()
			itemLine = n
			switch {
			case title == "Hint":
				sec = secHint
			case title == "Solution":
				if step.Solution != "" {
					ps.add(file, n, "a second ### Solution in this step")
				}
				sec = secSolution
			case itemRE.MatchString(title):
				itemID = itemRE.FindStringSubmatch(title)[1]
				if _, dup := step.Checks[itemID]; dup {
					ps.add(file, n, "check %s: described twice", itemID)
				}
				sec = secCheck
			case quizRE.MatchString(title):
				itemID = quizRE.FindStringSubmatch(title)[1]
				if _, dup := step.Quizzes[itemID]; dup {
					ps.add(file, n, "quiz %s: written twice", itemID)
				}
				sec = secQuiz
			case explainRE.MatchString(title):
				itemID = explainRE.FindStringSubmatch(title)[1]
				if _, dup := step.explains[itemID]; dup {
					ps.add(file, n, "explain %s: written twice", itemID)
				}
				sec = secExplain
			default:
				ps.add(file, n, "unknown step heading %q: inside a step, level-3 headings are Hint, Solution, Check <id>, Quiz <id> and Explain <id>; use #### for your own", title)
				sec = secIgnored
			}
		default:
			body = append(body, line)
		}
	}
	if inFence != "" {
		ps.add(file, fenceAt, "this code block (%s) is never closed", inFence)
	}
	flush()
	if p.Title == "" {
		ps.add(file, 1, "missing the lesson title (# Title)")
	}
	if p.Summary == "" && p.Title != "" {
		ps.add(file, 1, "missing the summary paragraph after the title")
	}
	if !sawNotes {
		ps.add(file, 0, "missing the ## Notes section")
	} else if p.Notes == "" {
		ps.add(file, 0, "the ## Notes section is empty")
	}
	return p
}

// parseQuiz splits a quiz body into its question and its "- key: text"
// choices (a list at the end of the body).
func parseQuiz(text string, line int) *Quiz {
	q := &Quiz{Choices: map[string]string{}, Line: line}
	var question []string
	for _, l := range strings.Split(text, "\n") {
		if m := choiceRE.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			q.Choices[m[1]] = strings.TrimSpace(m[2])
			q.choiceOrder = append(q.choiceOrder, m[1])
			continue
		}
		question = append(question, l)
	}
	q.Question = strings.TrimSpace(strings.Join(question, "\n"))
	return q
}
