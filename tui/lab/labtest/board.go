package labtest

import (
	"sync"

	"kubelab/tui/lab"
)

// Board is a class board that shows what it is given: Publish hands a
// snapshot to every subscriber, the newest only when one is slow, as the
// real board does.
type Board struct {
	mu   sync.Mutex
	last *lab.BoardSnapshot
	subs map[chan lab.BoardSnapshot]bool
}

// Subscribe returns the newest snapshot and every later one; the function
// ends the subscription and closes the channel.
func (b *Board) Subscribe() (<-chan lab.BoardSnapshot, func()) {
	ch := make(chan lab.BoardSnapshot, 1)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs == nil {
		b.subs = map[chan lab.BoardSnapshot]bool{}
	}
	b.subs[ch] = true
	if b.last != nil {
		ch <- *b.last
	}
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs, ch)
			b.mu.Unlock()
			close(ch)
		})
	}
}

// Publish makes s the board's newest snapshot.
func (b *Board) Publish(s lab.BoardSnapshot) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.last = &s
	for ch := range b.subs {
		select {
		case <-ch:
		default:
		}
		ch <- s
	}
}

// Subscribers counts the open subscriptions.
func (b *Board) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}
