package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStateFile: the filter history's and the recent store's file, read
// and written by one helper: missing or empty is nothing, too big or
// corrupt an error naming the file and what happens, and a write is
// private (0600 in a 0700 directory) and reads back.
func TestStateFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	f := stateFile{path: filepath.Join(dir, "x.json"), what: "thing", maxBytes: 64}
	type doc struct {
		Version int      `json:"version"`
		List    []string `json:"list"`
	}
	var d doc
	if err := f.read(&d); err != nil || d.Version != 0 {
		t.Fatalf("missing file: %+v, %v", d, err)
	}
	if err := f.write(doc{1, []string{"a", "b"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.read(&d); err != nil || d.Version != 1 || strings.Join(d.List, ",") != "a,b" {
		t.Fatalf("read back %+v, %v", d, err)
	}
	if fi, err := os.Stat(f.path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, %v", fi.Mode(), err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, %v", fi.Mode(), err)
	}
	for _, tt := range []struct{ body, want string }{
		{"  \n", ""},
		{"{not json", "thing: " + f.path + " is corrupt ("},
		{strings.Repeat(" ", 60) + "{}   ", "thing: " + f.path + " is larger than 0 KiB; ignoring it"},
	} {
		if err := os.WriteFile(f.path, []byte(tt.body), 0o600); err != nil {
			t.Fatal(err)
		}
		err := f.read(&doc{})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.body, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: %v, want %q", tt.body, err, tt.want)
		}
	}
}
