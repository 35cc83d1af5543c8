//go:build race

package live

// raceDetector is true when the tests run under -race.
const raceDetector = true
