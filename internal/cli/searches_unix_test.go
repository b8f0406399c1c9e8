//go:build unix

package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"numbrowse/api"
)

// TestSaveSearchIntoAFileThatIsNotPlain: ctrl+s reads the config file as
// start-up does: a named pipe is refused at once (it never hangs the
// save), and so are a directory and a file over the size limit; none of
// them is replaced.
func TestSaveSearchIntoAFileThatIsNotPlain(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, append([]byte("# "), bytes.Repeat([]byte("k"), maxConfigFileBytes)...), 0o600); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder.toml")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	s := settings{Countries: api.CountryList{mustCountry("US")}, Type: api.OneType(api.Mobile)}
	search := mustSaved(t, "x", "GB", "mobile", "", "monthly")
	for _, tc := range []struct{ path, want string }{
		{fifo, "a named pipe"}, {big, "larger than"}, {folder, "a directory"},
	} {
		done := make(chan error, 1)
		go func() {
			_, _, err := saveSearchTo(tc.path, s)(search)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("%s: %v; want an error naming it and %q", filepath.Base(tc.path), err, tc.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: the save hangs", filepath.Base(tc.path))
		}
		if fi, err := os.Lstat(tc.path); err != nil || fi.Mode().IsRegular() && fi.Size() != int64(maxConfigFileBytes)+2 {
			t.Errorf("%s replaced: %v %v", filepath.Base(tc.path), fi, err)
		}
	}
}
