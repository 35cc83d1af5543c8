package live

import (
	"sync"

	"kubelab/sandbox/classroom"
	"kubelab/tui/lab"
)

// Publisher is what the UI needs of a class's board (*classroom.Board).
type Publisher interface {
	Subscribe() (<-chan classroom.Snapshot, func())
}

// Board shows a class's board in the UI. done receives what the board's
// Run returns when it ends; the UI's snapshots then carry that error.
func Board(b Publisher, done <-chan error) lab.Board {
	p := &boardPart{b: b, ended: make(chan struct{})}
	go func() {
		err := <-done
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
		close(p.ended)
	}()
	return p
}

type boardPart struct {
	b     Publisher
	ended chan struct{}
	mu    sync.Mutex
	err   error
}

func (p *boardPart) Subscribe() (<-chan lab.BoardSnapshot, func()) {
	in, stopIn := p.b.Subscribe()
	out := make(chan lab.BoardSnapshot, 1)
	quit := make(chan struct{})
	send := func(s lab.BoardSnapshot) {
		select {
		case <-out: // the reader wants the newest only
		default:
		}
		out <- s
	}
	go func() {
		defer close(out) // the screen's reader learns the board ended
		var last lab.BoardSnapshot
		for {
			select {
			case <-quit:
				return
			case s := <-in:
				last = convertBoard(s)
				send(last)
			case <-p.ended:
				p.mu.Lock()
				last.Err = p.err
				p.mu.Unlock()
				if last.Err != nil {
					send(last)
				}
				return
			}
		}
	}()
	var once sync.Once
	return out, func() {
		once.Do(func() {
			close(quit)
			stopIn()
		})
	}
}

var boardStatus = map[classroom.Status]lab.BoardStatus{
	classroom.StatusNotChecked: lab.BoardUnchecked,
	classroom.StatusPassing:    lab.BoardPassing,
	classroom.StatusFailing:    lab.BoardFailing,
	classroom.StatusDone:       lab.BoardDone,
	classroom.StatusError:      lab.BoardError,
}

func convertBoard(s classroom.Snapshot) lab.BoardSnapshot {
	out := lab.BoardSnapshot{Class: s.Class, Learners: s.Learners, Ready: s.Ready, Updated: s.Updated}
	for _, l := range s.Lessons {
		out.Lessons = append(out.Lessons, l.ID)
	}
	out.Cells = make([][]lab.BoardCell, len(s.Cells))
	for i, row := range s.Cells {
		out.Cells[i] = make([]lab.BoardCell, len(row))
		for j, c := range row {
			bc := lab.BoardCell{
				Done: c.Done, Steps: c.Steps, Started: c.Started, Step: c.Step, Status: boardStatus[c.Status],
				Error: c.Error, Hints: c.Hints, Solutions: c.Solutions,
			}
			if len(c.Failing) > 0 {
				bc.Failing, bc.FailingSeen = c.Failing[0].Check, c.Failing[0].Msg()
			}
			out.Cells[i][j] = bc
		}
	}
	for _, st := range s.Stuck {
		out.Stuck = append(out.Stuck, lab.BoardStuck{Lesson: st.Lesson, Step: st.Step, Check: st.Check, Count: st.Count, Of: st.Of, Seen: st.Example.Msg()})
	}
	return out
}
