//go:build !unix

package lessons

import "errors"

func mkfifo(string) error { return errors.New("named pipes are a Unix file type") }
