// Command libraries is the floor frame (see package program) linked with
// the libraries kubelab cannot do without (see package libs): their package
// initialisation is the part of the start time kubelab cannot defer.
package main

import (
	_ "kubelab/tui/live/testdata/startfloor/libs"
	"kubelab/tui/live/testdata/startfloor/program"
)

func main() { program.Run() }
