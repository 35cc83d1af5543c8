//go:build race

package tui

// raceDetector is true when the tests run under -race, which makes the code
// several times slower: timings measured then say nothing.
const raceDetector = true
