package ui

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// copySelected copies the selected number (E.164) to the clipboard with
// OSC 52, which works over SSH, and says so in the status line.
func (m *Model) copySelected() tea.Cmd {
	n, intl := m.selectedNumber()
	if n == nil {
		return nil
	}
	return tea.Batch(copyCmd(api.Printable(n.E164), m.cfg.TmuxClipboard), m.setNote("Copied "+intl, noteSuccess))
}

// exportName is the default export file name, such as
// numbers-GB-mobile-20261127-1130.csv (numbers-GB-all-… for all types,
// numbers-DE-FR-NL-… for several countries, numbers-EU-… for a group,
// numbers-5-countries-… beyond four), in local time.
func exportName(countries api.CountryList, typ api.TypeChoice, now time.Time) string {
	where := strings.Join(countries.Codes(), "-")
	if g, ok := countries.Group(); ok {
		where = g.Code
	} else if len(countries) > 4 {
		where = fmt.Sprintf("%d-countries", len(countries))
	}
	return fmt.Sprintf("numbers-%s-%s-%s.csv", where, typ, now.Local().Format("20060102-1504"))
}

// exportRows is what e exports: the marked rows, else the current view
// (filtered and sorted), as indices into set; marked says which.
func (m *Model) exportRows() (idx results.Rows, marked bool) {
	if m.table.MarkedCount() > 0 {
		return m.table.Marked(), true
	}
	return m.res.view, false
}

// exportWriter returns the closure the export dialog calls, on a
// command's goroutine, to write the rows idx of nums as "csv" or "json",
// in the same formats as `numbrowse search`. It captures a snapshot of the
// rows (Rows are read-only), so later searches and filters do not change
// what it writes. A Set
// caches as it is used and is not safe for concurrent use, so the closure
// indexes the numbers (which nobody modifies) in a Set of its own rather
// than sharing the table's.
func exportWriter(nums []api.Number, idx results.Rows) func(w io.Writer, format string) error {
	return func(w io.Writer, format string) error {
		set := results.NewSet(nums)
		if format == "json" {
			return results.WriteJSON(w, set, idx)
		}
		return results.WriteCSV(w, set, idx)
	}
}

// openExport opens the export dialog for the marked rows or the view.
func (m *Model) openExport() tea.Cmd {
	if m.res.set == nil {
		return nil
	}
	idx, marked := m.exportRows()
	if idx.Len() == 0 {
		return m.setNote("Nothing to export", noteWarning)
	}
	if m.cfg.ExportToClipboard {
		return m.exportToClipboard(idx, marked)
	}
	name := exportName(m.res.countries, m.res.typ, m.now())
	if m.cfg.ExportDir != "" {
		name = filepath.Join(m.cfg.ExportDir, name)
	}
	m.exportPart = m.res.preview
	m.export = m.export.Open(name, idx.Len(), marked, exportWriter(m.res.nums, idx))
	m.sizeDialogs()
	return m.setFocus(focusExport)
}

// exported hands the end of an export to the dialog, which shows a
// failure itself (and stays open to fix the path); on success the dialog
// closes and the status line confirms.
func (m *Model) exported(msg exportedMsg) tea.Cmd {
	if m.focus == focusExport {
		var cmd tea.Cmd
		m.export, cmd = m.export.Update(msg)
		if !m.export.Done() {
			return safe(cmd)
		}
		m.setFocus(m.baseFocus())
	}
	if msg.Err != nil {
		return m.setNote("Export failed: "+shortErr(msg.Err), noteError)
	}
	noun := "numbers"
	if msg.Count == 1 {
		noun = "number"
	}
	if m.exportPart {
		// Written from a preview: say so, the file is not the whole list.
		noun += " (the first part of the answer only)"
	}
	return m.setNote(fmt.Sprintf("Exported %d %s to %s", msg.Count, noun, api.Printable(msg.Path)), noteSuccess)
}

// maxClipboardExport caps a CSV copied to the clipboard: terminals refuse
// (or silently drop) larger OSC 52 payloads.
const maxClipboardExport = 64 << 10

// exportToClipboard copies the rows idx as CSV to the clipboard, for
// sessions whose files would land on someone else's disk.
func (m *Model) exportToClipboard(idx results.Rows, marked bool) tea.Cmd {
	var b bytes.Buffer
	if err := results.WriteCSV(&b, m.res.set, idx); err != nil {
		return m.setNote("Export failed: "+shortErr(err), noteError)
	}
	what := fmt.Sprintf("%d numbers", idx.Len())
	if idx.Len() == 1 {
		what = "1 number"
	}
	if m.res.preview {
		what += " (the first part of the answer only)"
	}
	if marked {
		what += " (marked)"
	}
	if b.Len() > maxClipboardExport {
		return m.setNote(fmt.Sprintf("%s are too many for the clipboard (%d KiB) — mark fewer rows with %s",
			what, b.Len()>>10, m.keys.Mark.Help().Key), noteWarning)
	}
	return tea.Batch(tea.SetClipboard(b.String()),
		m.setNote("Copied "+what+" as CSV to the clipboard", noteSuccess))
}
