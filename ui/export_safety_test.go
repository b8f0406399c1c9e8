package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"numbrowse/api"
	fs "numbrowse/internal/faultserver"
)

// The browser's two CSV paths (a file, and the clipboard in SSH sessions)
// and its JSON export, against a real client in front of the fault server:
// no cell runs as a formula, and nothing a terminal would act on is written.

// exportedFile exports the view with the export dialog, as CSV or (after
// tab) JSON, and returns what was written.
func exportedFile(t *testing.T, b fs.Behaviour, keys ...string) string {
	t.Helper()
	e := newFaultEnv(t, guardTimeout)
	e.sw.Set(b)
	dir := t.TempDir()
	hs := newHarness(t, Options{Inventory: e.inv, Type: api.OneType(api.Local), Country: mustCountry("US"), ExportDir: dir}, nil, 120, 30)
	if hs.m.res.set == nil {
		t.Fatalf("not loaded:\n%s", hs.screen())
	}
	hs.keys("e")
	hs.keys(keys...)
	hs.keys("enter")
	files, _ := filepath.Glob(filepath.Join(dir, "numbers-*"))
	if len(files) != 1 {
		t.Fatalf("exported files %v; screen:\n%s", files, hs.screen())
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestExportFileDefusesFormulas(t *testing.T) {
	out := exportedFile(t, fs.Formulas())
	bad, err := fs.FormulaCells(out)
	if err != nil || len(bad) > 0 {
		t.Fatalf("cells that run as formulas: %q (%v)\n%s", bad, err, out)
	}
	if !strings.Contains(out, "'=cmd|' /c calc'!a0type") || !strings.Contains(out, "+14155550100,") {
		t.Errorf("the export:\n%s", out)
	}
}

func TestExportFileJSONIsTerminalSafe(t *testing.T) {
	out := exportedFile(t, fs.InvalidUTF8(), "tab")
	if !strings.HasPrefix(out, "[") || !utf8.ValidString(out) {
		t.Fatalf("not UTF-8 JSON: %q", out)
	}
	for _, r := range out {
		if r >= 0x80 && r <= 0x9f || r == 0x7f || r == 0x1b {
			t.Fatalf("the JSON export holds %U: %q", r, out)
		}
	}
}

func TestClipboardExportDefusesFormulas(t *testing.T) {
	e := newFaultEnv(t, guardTimeout)
	e.sw.Set(fs.Formulas())
	hs := newHarness(t, Options{Inventory: e.inv, Type: api.OneType(api.Local), Country: mustCountry("US"), ExportToClipboard: true}, nil, 120, 30)
	hs.keys("e")
	var csv string
	for _, msg := range hs.other {
		if s := fmt.Sprintf("%v", msg); strings.HasPrefix(s, "phone_number,") {
			csv = s
		}
	}
	if csv == "" {
		t.Fatalf("nothing went to the clipboard: %v\n%s", hs.other, hs.screen())
	}
	bad, err := fs.FormulaCells(csv)
	if err != nil || len(bad) > 0 {
		t.Fatalf("cells that run as formulas: %q (%v)\n%s", bad, err, csv)
	}
	if strings.Count(csv, "'=cmd|' /c calc'!a0type") != 3 {
		t.Errorf("the clipboard CSV:\n%s", csv)
	}
}
