// Package atomicfile replaces files whole: a reader sees the old file or
// the new one, never a part, and two writers leave one whole file (the
// last one's). numbrowse keeps its config edits, its state (recent
// countries, filter history), its kept results and the serve host key
// this way.
package atomicfile

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces path with what write writes: a temporary file in the same
// folder, given mode, buffered, synced, then renamed over path, and the
// folder synced (where the system can). When write or any step fails,
// path is left as it was and the temporary file is removed.
func Write(path string, mode fs.FileMode, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() { _ = os.Remove(tmp) }() // a no-op once renamed
	if err := fill(f, mode, write); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // the rename itself; not every system can sync a folder
		_ = d.Close()
	}
	return nil
}

// WriteFile is Write of data.
func WriteFile(path string, data []byte, mode fs.FileMode) error {
	return Write(path, mode, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// fill sets f's mode, writes it through a buffer and syncs it.
func fill(f *os.File, mode fs.FileMode, write func(io.Writer) error) error {
	if err := f.Chmod(mode); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Sync()
}
