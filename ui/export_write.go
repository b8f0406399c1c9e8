package ui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	tea "charm.land/bubbletea/v2"
)

// The export dialog's file work: resolving the typed path, checking what
// it names, and the atomic write. All of it runs in commands, off the
// event loop, so a slow or hung file system never freezes the UI.

// Export formats, as the root's write closure receives them.
const (
	exportCSV  = "csv"
	exportJSON = "json"
)

// exportedMsg reports the end of an export: the file written (absolute),
// how many numbers it holds and in which format, or why it failed. The
// root routes it to the export dialog; on success (Err nil) it then
// closes the dialog and confirms in the status line.
type exportedMsg struct {
	Path   string
	Count  int
	Format string
	Err    error
}

// exportCheckedMsg is the export dialog's own message: what the typed
// path names. The root routes it to the dialog.
type exportCheckedMsg struct {
	seq    int
	Path   string // absolute
	Exists bool   // a regular file is there: ask before overwriting
	Err    error
}

// exportError is an export failure as one line for the dialog: a
// sentence around a path (shortened with ~ for the home directory), kept
// in parts so the view can cut a long path and keep the cause.
type exportError struct {
	before, path, after string
	err                 error
}

func (e *exportError) Error() string { return e.before + e.path + e.after }

func (e *exportError) Unwrap() error { return e.err }

// errExportExists reports that the file appeared after the check: the
// dialog asks before overwriting it.
var errExportExists = fs.ErrExist

// exportCheckCmd resolves the typed path and checks what it names.
func exportCheckCmd(seq int, input string) tea.Cmd {
	return func() tea.Msg {
		path, exists, err := checkExportPath(input)
		return exportCheckedMsg{seq: seq, Path: path, Exists: exists, Err: err}
	}
}

// exportWriteCmd writes the export to path atomically (see writeExport)
// and reports it with an exportedMsg. It captures everything it needs:
// the write closure must not read the model.
func exportWriteCmd(path, format string, count int, overwrite bool, write func(io.Writer, string) error) tea.Cmd {
	return func() tea.Msg {
		err := writeExport(path, format, overwrite, write)
		return exportedMsg{Path: path, Count: count, Format: format, Err: err}
	}
}

// resolveExportPath expands a leading ~ to the home directory and makes
// the path absolute, relative to the process's working directory.
func resolveExportPath(input string) (string, error) {
	p := strings.TrimSpace(input)
	if p == "" {
		return "", exportErr("type a file name", "", nil)
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", exportErr("no home directory to expand ~ in", "", err)
		}
		p = filepath.Join(home, p[1:])
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", exportErr("can't resolve %s: "+errText(err), p, err)
	}
	return abs, nil
}

// checkExportPath resolves input and checks that a file can be written
// there: not a directory or a device, and in a directory that exists
// (no directory is created). exists reports a regular file already there.
func checkExportPath(input string) (path string, exists bool, err error) {
	path, err = resolveExportPath(input)
	if err != nil {
		return "", false, err
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return path, false, exportErr("%s is a directory — type a file name", path, nil)
	case err == nil && !fi.Mode().IsRegular():
		return path, false, exportErr("%s is not a regular file", path, nil)
	case err == nil:
		return path, true, nil
	case errors.Is(err, syscall.ENOTDIR):
		return path, false, notDirError(path, err)
	case !errors.Is(err, fs.ErrNotExist):
		return path, false, describeFSError(path, err)
	}
	dir := filepath.Dir(path)
	di, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return path, false, exportErr("the directory %s doesn't exist", dir, err)
	case err != nil:
		return path, false, describeFSError(dir, err)
	case !di.IsDir():
		return path, false, exportErr("%s is not a directory", dir, nil)
	}
	return path, false, nil
}

// notDirError names the file that stands where path needs a directory.
func notDirError(path string, err error) *exportError {
	for dir := filepath.Dir(path); dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if fi, serr := os.Stat(dir); serr == nil {
			if !fi.IsDir() {
				return exportErr("%s is not a directory", dir, err)
			}
			break
		}
	}
	return describeFSError(path, err)
}

// writeExport writes the export to a temporary file in path's directory
// and renames it over path, so readers never see half a file. The file
// gets mode 0644 (or the mode of the file it replaces). A symlink at path
// is followed, so the link stays. Without overwrite it fails with
// errExportExists when a file appeared at path meanwhile. On any error,
// and when write panics, the temporary file is removed.
func writeExport(path, format string, overwrite bool, write func(io.Writer, string) error) (err error) {
	target, mode := path, fs.FileMode(0o644)
	if fi, lerr := os.Lstat(path); lerr == nil {
		if !overwrite {
			return exportErr("%s exists", path, errExportExists)
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			if t, serr := filepath.EvalSymlinks(path); serr == nil {
				target = t
			}
		}
		if ti, serr := os.Stat(target); serr == nil {
			if ti.IsDir() {
				return exportErr("%s is a directory — type a file name", path, nil)
			}
			mode = ti.Mode().Perm()
		}
	}
	dir := filepath.Dir(target)
	f, err := os.CreateTemp(dir, "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return describeFSError(dir, err)
	}
	tmp, closed := f.Name(), false
	defer func() {
		if err != nil {
			if !closed {
				_ = f.Close()
			}
			_ = os.Remove(tmp)
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			err = exportErr(fmt.Sprintf("export failed: %v", r), "", nil)
		}
	}()
	bw := bufio.NewWriterSize(f, 64<<10)
	if werr := write(bw, format); werr != nil {
		return exportErr("export failed: "+errText(werr), "", werr)
	}
	if err = bw.Flush(); err == nil {
		if err = f.Chmod(mode); err == nil {
			err = f.Sync()
		}
	}
	cerr := f.Close()
	closed = true
	if err = errors.Join(err, cerr); err != nil {
		return describeFSError(target, err)
	}
	if !overwrite {
		if _, lerr := os.Lstat(target); lerr == nil {
			return exportErr("%s exists", path, errExportExists)
		}
	}
	if err = os.Rename(tmp, target); err != nil {
		return describeFSError(target, err)
	}
	return nil
}

// exportErr builds an exportError from a message in which %s stands for
// path (or a message without a path, when path is "").
func exportErr(msg, path string, err error) *exportError {
	before, after, ok := strings.Cut(msg, "%s")
	if !ok || path == "" {
		return &exportError{before: msg, err: err}
	}
	return &exportError{before: before, path: shortPath(path), after: after, err: err}
}

// describeFSError names the cause of a file-system error in a few words,
// with path.
func describeFSError(path string, err error) *exportError {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return exportErr("permission denied: can't write to %s", path, err)
	case errors.Is(err, syscall.ENOTDIR):
		return exportErr("a part of %s is not a directory", path, err)
	case errors.Is(err, syscall.ENOSPC):
		return exportErr("no space left to write %s", path, err)
	case errors.Is(err, syscall.EROFS):
		return exportErr("%s is on a read-only file system", path, err)
	case errors.Is(err, fs.ErrNotExist):
		return exportErr("%s doesn't exist", path, err)
	}
	return exportErr("can't write %s: "+errText(err), path, err)
}

// errText is an error's innermost message ("permission denied"), without
// the operation and path a *PathError adds.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// shortPath writes the home directory as ~.
func shortPath(p string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" || home == "/" || p == "" {
		return p
	}
	if p == home {
		return "~"
	}
	if rest, ok := strings.CutPrefix(p, home+string(filepath.Separator)); ok {
		return "~" + string(filepath.Separator) + rest
	}
	return p
}
