//go:build race

package lessons

// slowdown is how much slower the race detector makes loading: the tests
// that time a load allow that much more.
const slowdown = 10
