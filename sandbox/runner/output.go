package runner

import (
	"bytes"
	"io"
)

// tailBuffer keeps the last max bytes written to it in a ring, and counts
// what it dropped.
type tailBuffer struct {
	buf     []byte
	max     int
	start   int // index of the oldest byte when full
	full    bool
	dropped int64
}

func newTailBuffer(max int) *tailBuffer { return &tailBuffer{max: max} }

func (t *tailBuffer) Write(p []byte) {
	if len(p) >= t.max {
		t.dropped += int64(t.len()) + int64(len(p)-t.max)
		t.buf = append(t.buf[:0], p[len(p)-t.max:]...)
		t.start, t.full = 0, true
		return
	}
	if !t.full {
		if len(t.buf)+len(p) <= t.max {
			t.buf = append(t.buf, p...)
			t.full = len(t.buf) == t.max
			return
		}
		// Grow to exactly max, then wrap around.
		n := t.max - len(t.buf)
		t.buf = append(t.buf, p[:n]...)
		p = p[n:]
		t.full = true
	}
	for len(p) > 0 {
		n := copy(t.buf[t.start:], p)
		t.dropped += int64(n)
		p = p[n:]
		t.start = (t.start + n) % t.max
	}
}

func (t *tailBuffer) len() int { return len(t.buf) }

// String returns the kept bytes in order and how many were dropped.
func (t *tailBuffer) String() (string, int64) {
	if !t.full {
		return string(t.buf), t.dropped
	}
	var b bytes.Buffer
	b.Grow(t.max)
	b.Write(t.buf[t.start:])
	b.Write(t.buf[:t.start])
	return b.String(), t.dropped
}

// splitLines reads r until EOF or an error and calls emit for each line
// without its newline. A run longer than MaxLineBytes is emitted in pieces
// marked partial, as is a last line with no newline. The slice passed to emit
// is only valid during the call.
func splitLines(r io.Reader, emit func(line []byte, partial bool)) {
	buf := make([]byte, 32<<10)
	var line []byte
	for {
		n, err := r.Read(buf)
		chunk := buf[:n]
		for len(chunk) > 0 {
			i := bytes.IndexByte(chunk, '\n')
			if i < 0 {
				line = append(line, chunk...)
				chunk = nil
			} else {
				line = append(line, chunk[:i]...)
				chunk = chunk[i+1:]
				emit(line, false)
				line = line[:0]
			}
			for len(line) >= MaxLineBytes {
				emit(line[:MaxLineBytes], true)
				line = append(line[:0], line[MaxLineBytes:]...)
			}
		}
		if err != nil {
			if len(line) > 0 {
				emit(line, true)
			}
			return
		}
	}
}
