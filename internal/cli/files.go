package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// Size limits for the files numbrowse reads at start-up. An API key is 36
// characters; a config file is a few hundred bytes.
const (
	maxKeyFileBytes    = 4 << 10
	maxConfigFileBytes = 1 << 20
)

// readRegularFile reads path, which must be a regular file of at most
// limit bytes, and returns its contents and its file info. It never waits
// on a named pipe (the file is opened without blocking and checked before
// a byte is read), refuses devices such as /dev/zero and directories, and
// reads at most limit+1 bytes of anything. Its errors say what the file
// is and what to do, without the path (the caller names it).
func readRegularFile(path string, limit int64) ([]byte, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, unwrapPathErr(err)
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, unwrapPathErr(err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fi, fmt.Errorf("it is %s, not a regular file", fileKind(fi.Mode()))
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fi, unwrapPathErr(err)
	}
	if int64(len(data)) > limit {
		return nil, fi, fmt.Errorf("it is larger than %s", sizeText(limit))
	}
	return data, fi, nil
}

// fileKind names what a file that is not a regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a plain file"
}

// warn writes a warning line to w (stderr); "" writes nothing.
func warn(w io.Writer, msg string) {
	if msg != "" {
		_, _ = fmt.Fprintf(w, "numbrowse: warning: %s\n", msg)
	}
}

// sizeText is a size limit in words: "4 KiB", "1 MiB".
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
