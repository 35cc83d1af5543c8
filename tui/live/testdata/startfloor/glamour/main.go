// Command glamour is the libraries floor (see ../libraries) linked with
// glamour as well, the markdown renderer every lesson's text goes through:
// its package initialisation (chroma's lexer and style registries above
// all) runs before main in every kubelab process.
package main

import (
	_ "github.com/charmbracelet/glamour"

	_ "kubelab/tui/live/testdata/startfloor/libs"
	"kubelab/tui/live/testdata/startfloor/program"
)

func main() { program.Run() }
