package program

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

type batch struct {
	vs   []int
	open bool
}

func collect(ch <-chan int, max int) batch {
	return Next(ch, max, func(vs []int, open bool) tea.Msg { return batch{vs, open} })().(batch)
}

func TestNextBatchesWhatIsWaitingAndSaysWhenTheStreamEnds(t *testing.T) {
	release := make(chan struct{})
	ch := Go(8, "the producer", func(ch chan int) error {
		for i := 1; i <= 5; i++ {
			ch <- i
		}
		<-release
		return errors.New("boom")
	}, func(ch chan int, err error) {
		if err == nil || err.Error() != "boom" {
			t.Errorf("finish got %v, want work's error", err)
		}
		ch <- 99
	})
	first := collect(ch, 3)
	for len(first.vs) < 3 { // the producer may still be sending
		more := collect(ch, 3-len(first.vs))
		first.vs = append(first.vs, more.vs...)
	}
	if !first.open || first.vs[0] != 1 || first.vs[2] != 3 {
		t.Fatalf("first batch = %+v, want 1..3 and open", first)
	}
	close(release)
	var rest []int
	for {
		b := collect(ch, 10)
		rest = append(rest, b.vs...)
		if !b.open {
			break
		}
	}
	if got := fmt.Sprint(rest); got != "[4 5 99]" {
		t.Errorf("rest = %v, want 4 5 99 and then closed", rest)
	}
}

func TestGoTurnsAPanicIntoTheLastValue(t *testing.T) {
	ch := Go(1, "the producer", func(ch chan int) error { panic("broken") }, func(ch chan int, err error) {
		if err == nil || !strings.Contains(err.Error(), "the producer crashed: broken") {
			t.Errorf("finish got %v, want the panic as an error", err)
		}
		ch <- -1
	})
	// The last value may be read before the channel is closed behind it, so
	// a batch can end open; the stream must still close after it.
	var got []int
	for {
		b := collect(ch, 5)
		got = append(got, b.vs...)
		if !b.open {
			break
		}
	}
	if fmt.Sprint(got) != "[-1]" {
		t.Errorf("got %v, want only the last value and then a closed stream", got)
	}
}
