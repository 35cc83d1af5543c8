//go:build !race

package lessons

const slowdown = 1
