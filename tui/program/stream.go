package program

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
)

// Go runs work in a goroutine that sends its values on a new channel with
// room for buf of them, and closes the channel when work is over. A panic in
// work is recovered into an error naming what crashed (bubbletea does not
// see a panic in another goroutine, which would kill the program with the
// terminal still raw). finish runs last, with work's error or the panic's,
// and may send a final value; it may be nil. Both get the channel itself,
// so that a producer that keeps only its newest value can drop an unread one.
//
// Everything work and finish use must be captured before Go is called:
// they run beside Update, which owns the models and the program context.
func Go[T any](buf int, what string, work func(ch chan T) error, finish func(ch chan T, err error)) <-chan T {
	ch := make(chan T, buf)
	go func() {
		defer close(ch)
		var err error
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%s crashed: %v", what, r)
			}
			if finish != nil {
				finish(ch, err)
			}
		}()
		err = work(ch)
	}()
	return ch
}

// Next returns a command that waits for ch's next value, takes the values
// already waiting behind it (up to max in all, so a chatty producer costs one
// message per batch, not per value), and hands them to msg. open is false
// once ch is closed: then no command should wait on it again.
func Next[T any](ch <-chan T, max int, msg func(vs []T, open bool) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		v, ok := <-ch
		if !ok {
			return msg(nil, false)
		}
		vs := []T{v}
		for len(vs) < max {
			select {
			case v, ok := <-ch:
				if !ok {
					return msg(vs, false)
				}
				vs = append(vs, v)
				continue
			default:
			}
			break
		}
		return msg(vs, true)
	}
}
