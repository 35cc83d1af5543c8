// Command bare is the start-time floor of a bubbletea program: the floor
// frame (see package program) and no other library.
package main

import "kubelab/tui/live/testdata/startfloor/program"

func main() { program.Run() }
