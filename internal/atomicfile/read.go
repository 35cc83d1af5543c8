package atomicfile

import (
	"fmt"
	"io"
	"os"
)

// ReadSmall reads path, which must be a regular file (a link to one is
// fine) of at most max bytes. It looks before it opens, so a named pipe or a
// device put in a settings file's place is refused instead of hanging or
// reading without end. A missing file is an error wrapping fs.ErrNotExist.
func ReadSmall(path string, max int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s): remove it", path, info.Mode().Type())
	}
	if info.Size() > max {
		return nil, fmt.Errorf("%s holds %d bytes, more than the %d it may: remove it", path, info.Size(), max)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s holds more than the %d bytes it may: remove it", path, max)
	}
	return data, nil
}
