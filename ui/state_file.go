package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"numbrowse/internal/atomicfile"
)

// stateFile is one small JSON file of the state directory, as the filter
// history and the recent store keep theirs: read whole up to a bound (a
// bigger file is not ours), written whole, private and atomically. what
// names it in errors ("filter history").
type stateFile struct {
	path, what string
	maxBytes   int
}

// read decodes the file into doc. A missing or empty file leaves doc
// as it is and is no error; one that cannot be read, is too big or does
// not parse is an error saying so (the caller starts afresh).
func (f stateFile) read(doc any) error {
	file, err := os.Open(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", f.what, err)
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, int64(f.maxBytes)+1))
	if err != nil {
		return fmt.Errorf("%s: reading %s: %w", f.what, f.path, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if len(data) > f.maxBytes {
		return fmt.Errorf("%s: %s is larger than %d KiB; ignoring it", f.what, f.path, f.maxBytes>>10)
	}
	if err := json.Unmarshal(data, doc); err != nil {
		return fmt.Errorf("%s: %s is corrupt (%v); starting afresh", f.what, f.path, err)
	}
	return nil
}

// write saves doc as indented JSON (see writeFileAtomic).
func (f stateFile) write(doc any) error {
	data, err := json.MarshalIndent(doc, "", "  ")
	if err == nil {
		err = writeFileAtomic(f.path, append(data, '\n'))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", f.what, err)
	}
	return nil
}

// writeFileAtomic writes data to path, private (0600, the directory made
// 0700), replacing it whole (atomicfile).
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("saving %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("saving %s: %w", path, err)
	}
	return nil
}
