package ui

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// fakeWrite is a write closure like the root's: it writes a line naming
// the format.
func fakeWrite(w io.Writer, format string) error {
	_, err := fmt.Fprintf(w, "rows as %s\n", format)
	return err
}

func newTestExport(path string, count int, marked bool) exportDialog {
	d := newExportDialog(u3Styles()["color"], u3Keys())
	d.SetSize(80, 24)
	return d.Open(path, count, marked, fakeWrite)
}

// exportRun feeds the dialog keys ("{enter}" for named keys) and runs
// the commands they return until none is left, as the program would,
// returning the last message that is not the dialog's own.
func exportRun(t *testing.T, d exportDialog, keys ...string) (exportDialog, tea.Msg) {
	t.Helper()
	var out tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		d, cmd = d.Update(u3Key(k))
		for cmd != nil {
			msg := cmd()
			out = msg
			switch msg.(type) {
			case exportCheckedMsg, exportedMsg:
				d, cmd = d.Update(msg)
			default:
				cmd = nil
			}
		}
	}
	return d, out
}

func exportScreen(d exportDialog) string { return ansi.Strip(d.View()) }

func TestExportOpen(t *testing.T) {
	tests := []struct {
		count  int
		marked bool
		title  string
	}{
		{37, false, "Export the 37 numbers in view"},
		{1, false, "Export the number in view"},
		{12, true, "Export 12 marked numbers"},
		{1, true, "Export 1 marked number"},
	}
	for _, tt := range tests {
		d := newTestExport("numbers-GB-mobile-20261127-1130.csv", tt.count, tt.marked)
		v := exportScreen(d)
		for _, want := range []string{tt.title, "numbers-GB-mobile-20261127-1130.csv", "Format: CSV"} {
			if !strings.Contains(v, want) {
				t.Errorf("missing %q in\n%s", want, v)
			}
		}
		if d.Path() != "numbers-GB-mobile-20261127-1130.csv" || d.Format() != exportCSV {
			t.Errorf("path %q format %q", d.Path(), d.Format())
		}
	}
}

func TestExportTabToggles(t *testing.T) {
	tests := []struct{ path, want, format string }{
		{"numbers.csv", "numbers.json", exportJSON},
		{"numbers.json", "numbers.csv", exportCSV},
		{"NUMBERS.JSON", "NUMBERS.csv", exportCSV},
		{"numbers", "numbers.json", exportJSON},
		{"numbers.txt", "numbers.txt.json", exportJSON},
		{"", "", exportCSV},
	}
	for _, tt := range tests {
		d, _ := exportRun(t, newTestExport(tt.path, 3, false), "tab")
		if d.Path() != tt.want || d.Format() != tt.format {
			t.Errorf("%q + tab = %q (%s), want %q (%s)", tt.path, d.Path(), d.Format(), tt.want, tt.format)
		}
	}
	d, _ := exportRun(t, newTestExport("a.csv", 3, false), "tab", "tab")
	if d.Path() != "a.csv" {
		t.Errorf("tab twice: %q", d.Path())
	}
	if v := exportScreen(d); !strings.Contains(v, "tab switches to JSON") {
		t.Errorf("format line:\n%s", v)
	}
}

func TestExportEditing(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want string
	}{
		{"q and j type", []string{"q", "j", "k", "space", "G"}, "x.csvqjk G"},
		{"backspace", []string{"backspace", "backspace"}, "x.c"},
		{"left then type", []string{"left", "left", "left", "left", "_"}, "x_.csv"},
		{"home delete", []string{"home", "delete"}, ".csv"},
		{"ctrl+a ctrl+k", []string{"ctrl+a", "right", "ctrl+k"}, "x"},
		{"ctrl+u", []string{"left", "left", "ctrl+u"}, "sv"},
		{"ctrl+w", []string{"ctrl+w"}, ""},
		{"ctrl+c types nothing", []string{"ctrl+c"}, "x.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, msg := exportRun(t, newTestExport("x.csv", 3, false), tt.keys...)
			if d.Path() != tt.want {
				t.Errorf("path %q, want %q", d.Path(), tt.want)
			}
			if msg != nil {
				t.Errorf("unexpected message %T", msg)
			}
		})
	}
	d := newTestExport("a", 3, false)
	d, _ = d.Update(tea.PasteMsg{Content: "b\x1b[31m\nc\td"})
	if d.Path() != "ab[31m c d" {
		t.Errorf("paste: %q", d.Path())
	}
}

func TestExportEscCloses(t *testing.T) {
	_, msg := exportRun(t, newTestExport("x.csv", 3, false), "esc")
	if _, ok := msg.(pickerClosedMsg); !ok {
		t.Fatalf("esc: %T, want pickerClosedMsg", msg)
	}
	// esc while the path is being checked: the check's answer starts no
	// write.
	path := filepath.Join(t.TempDir(), "x.csv")
	d, check := newTestExport(path, 3, false).Update(u3Key("enter"))
	d, closed := d.Update(u3Key("esc"))
	if _, ok := closed().(pickerClosedMsg); !ok {
		t.Fatal("esc while checking did not close")
	}
	if _, cmd := d.Update(check()); cmd != nil {
		t.Fatal("a check answered after esc started a write")
	}
}

func TestExportWritesNewFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	d, msg := exportRun(t, newTestExport(path, 7, true), "tab", "enter")
	got, ok := msg.(exportedMsg)
	want := filepath.Join(dir, "out.json")
	if !ok || got.Err != nil || got.Path != want || got.Count != 7 || got.Format != exportJSON {
		t.Fatalf("message %#v", msg)
	}
	if !d.Done() {
		t.Fatal("dialog not done after a successful write")
	}
	checkExported(t, want, "rows as json\n", 0o644)
}

// checkExported checks a written file and that no temporary file is left.
func checkExported(t *testing.T, path, content string, mode fs.FileMode) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || string(b) != content {
		t.Fatalf("file %q: %q, %v", path, b, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != mode {
		t.Fatalf("mode %v, want %v (%v)", fi.Mode().Perm(), mode, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Fatalf("temporary file left: %s", e.Name())
		}
	}
}

func TestExportOverwrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := newTestExport(path, 2, false)
	d, msg := exportRun(t, d, "enter")
	if msg == nil || d.state != exportConfirm {
		t.Fatalf("enter on an existing file: state %v", d.state)
	}
	if v := exportScreen(d); !strings.Contains(v, "old.csv exists — overwrite? y/n") {
		t.Fatalf("no overwrite question:\n%s", v)
	}
	for _, back := range []string{"n", "esc"} {
		d, msg = exportRun(t, d, back)
		if d.state != exportEditing || msg != nil {
			t.Fatalf("%s: state %v, msg %T", back, d.state, msg)
		}
		if b, _ := os.ReadFile(path); string(b) != "old" {
			t.Fatal("file changed without a yes")
		}
		d, _ = exportRun(t, d, "enter")
	}
	d, _ = exportRun(t, d, "x", "q") // other keys do nothing while asking
	if d.state != exportConfirm || d.Path() != path {
		t.Fatalf("keys while asking: state %v path %q", d.state, d.Path())
	}
	d, msg = exportRun(t, d, "y")
	if got, ok := msg.(exportedMsg); !ok || got.Err != nil || !d.Done() {
		t.Fatalf("y: %#v", msg)
	}
	checkExported(t, path, "rows as csv\n", 0o600) // the old file's mode is kept
}

func TestExportFileAppearsMeanwhile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "race.csv")
	d := newTestExport(path, 2, false)
	d, cmd := d.Update(u3Key("enter"))
	checked := cmd()
	if err := os.WriteFile(path, []byte("theirs"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, cmd = d.Update(checked) // not there at check time: writes
	written := cmd().(exportedMsg)
	if !errors.Is(written.Err, fs.ErrExist) {
		t.Fatalf("write over a new file: %v", written.Err)
	}
	d, _ = d.Update(written)
	if d.state != exportConfirm {
		t.Fatalf("state %v, want the overwrite question", d.state)
	}
	if b, _ := os.ReadFile(path); string(b) != "theirs" {
		t.Fatal("clobbered a file without asking")
	}
	checkExported(t, path, "theirs", 0o644)
}

func TestExportErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"missing directory", filepath.Join(dir, "nope", "x.csv"), "nope doesn't exist"},
		{"a directory", dir, "is a directory — type a file name"},
		{"under a file", filepath.Join(file, "x.csv"), "file is not a directory"},
		{"empty", "   ", "type a file name"},
		{"device", "/dev/null", "/dev/null is not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, msg := exportRun(t, newTestExport(tt.path, 3, false), "enter")
			if _, ok := msg.(exportedMsg); ok {
				t.Fatalf("wrote: %#v", msg)
			}
			if d.state != exportEditing || d.err == nil {
				t.Fatalf("state %v err %v", d.state, d.err)
			}
			checkMessageLine(t, d, tt.want)
			d, _ = exportRun(t, d, "a") // editing clears the error
			if d.err != nil {
				t.Fatal("error kept after editing")
			}
		})
	}
}

// checkMessageLine checks the error shows on one line of the dialog.
func checkMessageLine(t *testing.T, d exportDialog, want string) {
	t.Helper()
	lines := strings.Split(exportScreen(d), "\n")
	if len(lines) != exportDialogMaxH {
		t.Fatalf("%d lines:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	n := 0
	for _, l := range lines {
		if strings.Contains(l, want) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("want %q on one line:\n%s", want, strings.Join(lines, "\n"))
	}
}

func TestExportUnwritableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes anywhere")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	d, _ := exportRun(t, newTestExport(filepath.Join(dir, "x.csv"), 3, false), "enter")
	checkMessageLine(t, d, "permission denied: can't write to")
}

func TestExportWriteFailures(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		write func(io.Writer, string) error
		want  string
	}{
		{"closure error", func(w io.Writer, _ string) error {
			_, _ = io.WriteString(w, "half")
			return errors.New("boom")
		}, "export failed: boom"},
		{"closure panic", func(io.Writer, string) error { panic("bad row") }, "export failed: bad row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "x.csv")
			d := newExportDialog(u3Styles()["plain"], nil)
			d.SetSize(80, 24)
			d = d.Open(path, 3, false, tt.write)
			d, msg := exportRun(t, d, "enter")
			got, ok := msg.(exportedMsg)
			if !ok || got.Err == nil {
				t.Fatalf("message %#v", msg)
			}
			checkMessageLine(t, d, tt.want)
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Fatalf("left files behind: %v", entries)
			}
		})
	}
}

func TestDescribeFSError(t *testing.T) {
	pe := func(err error) error { return &fs.PathError{Op: "open", Path: "/x/y", Err: err} }
	tests := []struct {
		err  error
		want string
	}{
		{pe(syscall.EACCES), "permission denied: can't write to /x"},
		{pe(syscall.ENOSPC), "no space left to write /x"},
		{pe(syscall.EROFS), "/x is on a read-only file system"},
		{pe(syscall.EIO), "can't write /x: input/output error"},
	}
	for _, tt := range tests {
		if got := describeFSError("/x", tt.err).Error(); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestResolveExportPath(t *testing.T) {
	home, work := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Chdir(work)
	tests := []struct{ in, want string }{
		{"~/n.csv", filepath.Join(home, "n.csv")},
		{"~", home},
		{"n.csv", filepath.Join(work, "n.csv")},
		{" sub/../n.json ", filepath.Join(work, "n.json")},
		{"/abs/n.csv", "/abs/n.csv"},
		{"~other/n.csv", filepath.Join(work, "~other", "n.csv")},
	}
	for _, tt := range tests {
		if got, err := resolveExportPath(tt.in); err != nil || got != tt.want {
			t.Errorf("%q: %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if got := shortPath(filepath.Join(home, "a", "b.csv")); got != "~/a/b.csv" {
		t.Errorf("shortPath: %q", got)
	}
	// A relative path is written in the working directory.
	d, msg := exportRun(t, newTestExport("rel.csv", 1, false), "enter")
	if got, ok := msg.(exportedMsg); !ok || got.Err != nil || !d.Done() {
		t.Fatalf("relative path: %#v", msg)
	}
	checkExported(t, filepath.Join(work, "rel.csv"), "rows as csv\n", 0o644)
}

func TestExportSymlinkKept(t *testing.T) {
	dir := t.TempDir()
	real, link := filepath.Join(dir, "real.csv"), filepath.Join(dir, "link.csv")
	if err := os.WriteFile(real, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Skip(err)
	}
	d, _ := exportRun(t, newTestExport(link, 1, false), "enter", "y")
	if !d.Done() {
		t.Fatalf("not written: %v", d.err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatal("the symlink was replaced")
	}
	checkExported(t, real, "rows as csv\n", 0o640)
}

func TestExportNothingToExport(t *testing.T) {
	d, msg := exportRun(t, newTestExport("x.csv", 0, false), "enter")
	if msg != nil {
		t.Fatalf("message %T", msg)
	}
	checkMessageLine(t, d, "there are no numbers to export")
}

func TestExportViewFits(t *testing.T) {
	long := "/very/long/" + strings.Repeat("dir/", 40) + "東京-numbers.csv"
	states := map[string]func(exportDialog) exportDialog{
		"editing": func(d exportDialog) exportDialog { return d },
		"cursor mid": func(d exportDialog) exportDialog {
			d, _ = exportRun(t, d, "home", "right", "right")
			return d
		},
		"error": func(d exportDialog) exportDialog {
			d.err = exportErr("the directory %s doesn't exist", long, nil)
			return d
		},
		"confirm": func(d exportDialog) exportDialog {
			d.state, d.target = exportConfirm, long
			return d
		},
	}
	for name, st := range u3Styles() {
		for sn, set := range states {
			for _, w := range []int{0, 1, 3, 5, 8, 12, 20, 40, 80, 200} {
				for _, h := range []int{0, 1, 2, 3, 4, 5, 6, 7, 9, 30} {
					d := newExportDialog(st, nil)
					d.SetSize(w, h)
					d = set(d.Open(long, 5, false, fakeWrite))
					v := d.View()
					if v == "" {
						continue
					}
					lines := strings.Split(v, "\n")
					if len(lines) > h {
						t.Fatalf("%s/%s %dx%d: %d lines", name, sn, w, h, len(lines))
					}
					for _, l := range lines {
						if ansi.StringWidth(l) > w {
							t.Fatalf("%s/%s %dx%d: line of %d cells: %q", name, sn, w, h, ansi.StringWidth(l), ansi.Strip(l))
						}
					}
				}
			}
		}
	}
	// The message keeps its cause and cuts the path.
	d := newExportDialog(u3Styles()["ascii"], nil)
	d.SetSize(50, 20)
	d = d.Open(long, 5, false, fakeWrite)
	d.err = exportErr("the directory %s doesn't exist", long, nil)
	checkMessageLine(t, d, "doesn't exist")
}
