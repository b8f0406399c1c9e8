package ui

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// exportState is where the export dialog is in its flow.
type exportState int

const (
	exportEditing  exportState = iota // typing the path
	exportChecking                    // exportCheckCmd is running
	exportConfirm                     // the file exists: overwrite? y/n
	exportWriting                     // exportWriteCmd is running
	exportDone                        // written; the root closes the dialog
)

// exportPathMax bounds the path, in runes (PATH_MAX is 4096 bytes).
const exportPathMax = 4096

// The export dialog's preferred outer size.
const (
	exportDialogMaxW = 76
	exportDialogMaxH = 7 + 2 // lines, border
)

// exportDialog asks where to export the marked numbers (or the numbers in
// view) and writes them there as CSV or JSON, by the path's extension.
//
// It is a one-line editor for the path (left/right, home/end, ctrl+a/e,
// backspace/delete, ctrl+w, ctrl+u/ctrl+k, paste) that takes every
// printable key while it is open, so the root must route all key presses
// to it (q types a q). tab switches the extension between .csv and .json;
// enter checks the path (in a command) and writes, first asking
// "<path> exists — overwrite? y/n" when the file exists (n and esc go
// back to editing); esc closes it with pickerClosedMsg (a write already
// under way still finishes and reports). Errors (no such
// directory, a directory, permission denied...) show on one line in the
// dialog, which stays open to fix the path.
//
// The root routes exportCheckedMsg and exportedMsg to it; after an
// exportedMsg without error it closes the dialog (Done reports true).
type exportDialog struct {
	st   *Styles
	keys *KeyMap

	value  []rune
	pos    int // cursor, in runes
	count  int
	marked bool
	write  func(io.Writer, string) error

	state  exportState
	seq    int    // identifies the latest check
	target string // absolute path being confirmed or written
	err    error  // shown on the message line

	width, height int
}

// newExportDialog builds a dialog; call Open before showing it. keys may
// be nil (esc still closes it).
func newExportDialog(st *Styles, keys *KeyMap) exportDialog {
	return exportDialog{st: st, keys: keys}
}

// Open starts an export of count numbers, the marked ones when marked is
// set, else those in view, with defaultPath in the input (cursor at its
// end). write must write the rows to w in "csv" or "json"; the root
// passes a closure over a snapshot of the rows, as `numbrowse search`
// writes them. The closure runs in a command's goroutine.
func (d exportDialog) Open(defaultPath string, count int, marked bool, write func(w io.Writer, format string) error) exportDialog {
	d.value = []rune(sanitizeInput(defaultPath))
	if len(d.value) > exportPathMax {
		d.value = d.value[:exportPathMax]
	}
	d.pos = len(d.value)
	d.count, d.marked, d.write = count, marked, write
	d.state, d.target, d.err = exportEditing, "", nil
	d.seq++
	return d
}

// SetSize sets the area the dialog may use; View draws a box no larger
// than w×h that the root centres.
func (d *exportDialog) SetSize(w, h int) { d.width, d.height = max(w, 0), max(h, 0) }

// SetStyles switches to new styles.
func (d *exportDialog) SetStyles(st *Styles) { d.st = st }

// Path is the path as typed.
func (d exportDialog) Path() string { return string(d.value) }

// Format is the format the path's extension selects: "json" for .json
// (any case), else "csv".
func (d exportDialog) Format() string { return exportFormat(string(d.value)) }

// Done reports whether the export was written.
func (d exportDialog) Done() bool { return d.state == exportDone }

// exportFormat picks the format from a path's extension.
func exportFormat(p string) string {
	if strings.EqualFold(filepath.Ext(p), ".json") {
		return exportJSON
	}
	return exportCSV
}

// toggleExt switches a path between .csv and .json; any other path gets
// .json added (it would have been written as CSV).
func toggleExt(p string) string {
	ext := filepath.Ext(p)
	switch {
	case strings.EqualFold(ext, ".csv"):
		return p[:len(p)-len(ext)] + ".json"
	case strings.EqualFold(ext, ".json"):
		return p[:len(p)-len(ext)] + ".csv"
	case strings.TrimSpace(p) == "":
		return p
	}
	return p + ".json"
}

// Update handles keys, paste and the results of its commands.
func (d exportDialog) Update(msg tea.Msg) (exportDialog, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return d.key(msg)
	case tea.PasteMsg:
		if d.state == exportEditing {
			d.insert(sanitizeInput(msg.Content))
		}
	case exportCheckedMsg:
		if d.state != exportChecking || msg.seq != d.seq {
			return d, nil // stale: the path changed or the dialog closed
		}
		d.target = msg.Path
		switch {
		case msg.Err != nil:
			d.state, d.err = exportEditing, msg.Err
		case msg.Exists:
			d.state = exportConfirm
		default:
			return d.startWrite(false)
		}
	case exportedMsg:
		if d.state != exportWriting || msg.Path != d.target {
			return d, nil
		}
		switch {
		case msg.Err == nil:
			d.state = exportDone
		case errors.Is(msg.Err, errExportExists): // appeared since the check
			d.state = exportConfirm
		default:
			d.state, d.err = exportEditing, msg.Err
		}
	}
	return d, nil
}

// The export dialog as a component: a dialog that takes every key and the
// answers of its path check; its commands (the check, the write) run as
// commands.

func (d *exportDialog) update(_ *Model, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*d, cmd = d.Update(msg)
	return safe(cmd)
}

func (d *exportDialog) overlay() string  { return d.View() }
func (d *exportDialog) onFocus() tea.Cmd { return nil }
func (d *exportDialog) onBlur()          {}
func (d *exportDialog) modal() bool      { return true }

func (d exportDialog) key(k tea.KeyPressMsg) (exportDialog, tea.Cmd) {
	km := keysOf(d.keys)
	s := k.String()
	closeKey := s == "esc" || pickerKey(k, km.Back)
	switch d.state {
	case exportConfirm:
		switch {
		case s == "y" || s == "Y":
			return d.startWrite(true)
		case s == "n" || s == "N" || closeKey:
			d.state = exportEditing
		}
		return d, nil
	case exportChecking, exportWriting, exportDone:
		if closeKey {
			return d.close()
		}
		return d, nil
	}
	switch {
	case closeKey:
		return d.close()
	case s == "enter":
		return d.submit()
	case s == "tab":
		d.setValue([]rune(toggleExt(string(d.value))), -1)
	case s == "left" || s == "ctrl+b":
		d.pos = max(d.pos-1, 0)
	case s == "right" || s == "ctrl+f":
		d.pos = min(d.pos+1, len(d.value))
	case s == "home" || s == "ctrl+a":
		d.pos = 0
	case s == "end" || s == "ctrl+e":
		d.pos = len(d.value)
	case s == "backspace" || s == "ctrl+h":
		if d.pos > 0 {
			d.setValue(slices.Delete(slices.Clone(d.value), d.pos-1, d.pos), d.pos-1)
		}
	case s == "delete" || s == "ctrl+d":
		if d.pos < len(d.value) {
			d.setValue(slices.Delete(slices.Clone(d.value), d.pos, d.pos+1), d.pos)
		}
	case s == "ctrl+w" || s == "alt+backspace":
		head := deleteWord(d.value[:d.pos])
		d.setValue(append(slices.Clone(head), d.value[d.pos:]...), len(head))
	case s == "ctrl+u":
		d.setValue(slices.Clone(d.value[d.pos:]), 0)
	case s == "ctrl+k":
		d.setValue(slices.Clone(d.value[:d.pos]), d.pos)
	default:
		d.insert(keyText(k))
	}
	return d, nil
}

// close dismisses the dialog. A check still running is forgotten, so no
// write starts; a write already running finishes (its exportedMsg still
// reaches the root).
func (d exportDialog) close() (exportDialog, tea.Cmd) {
	d.seq++
	d.state = exportEditing
	return d, closeCmd()
}

// setValue replaces the path, putting the cursor at pos (-1: the end),
// and clears the error.
func (d *exportDialog) setValue(v []rune, pos int) {
	if pos < 0 {
		pos = len(v)
	}
	d.value, d.pos, d.err = v, min(pos, len(v)), nil
}

// insert types text at the cursor.
func (d *exportDialog) insert(text string) {
	r := []rune(text)
	if room := exportPathMax - len(d.value); len(r) > room {
		r = r[:max(room, 0)]
	}
	if len(r) == 0 {
		return
	}
	v := slices.Insert(slices.Clone(d.value), d.pos, r...)
	d.setValue(v, d.pos+len(r))
}

// submit starts the path check, unless there is nothing to do.
func (d exportDialog) submit() (exportDialog, tea.Cmd) {
	switch {
	case d.count <= 0:
		d.err = exportErr("there are no numbers to export", "", nil)
		return d, nil
	case d.write == nil:
		d.err = exportErr("export is not available here", "", nil)
		return d, nil
	case strings.TrimSpace(string(d.value)) == "":
		d.err = exportErr("type a file name", "", nil)
		return d, nil
	}
	d.seq++
	d.state, d.err = exportChecking, nil
	return d, exportCheckCmd(d.seq, string(d.value))
}

// startWrite writes to the checked path.
func (d exportDialog) startWrite(overwrite bool) (exportDialog, tea.Cmd) {
	d.state = exportWriting
	return d, exportWriteCmd(d.target, d.Format(), d.count, overwrite, d.write)
}

// title says what will be exported.
func (d exportDialog) title() string {
	noun := "numbers"
	if d.count == 1 {
		noun = "number"
	}
	if d.marked {
		return fmt.Sprintf("Export %d marked %s", d.count, noun)
	}
	if d.count == 1 {
		return "Export the number in view"
	}
	return fmt.Sprintf("Export the %d %s in view", d.count, noun)
}

// View draws the dialog within the size given by SetSize: the title, the
// path input, the format, a message line (error, overwrite question or
// progress) and a key hint, dropping the title, format and hint when
// short of height. Nothing when there is no room for the input and the
// message.
func (d exportDialog) View() string {
	if d.st == nil {
		return ""
	}
	st := d.st
	innerW, innerH := pickerBox(st, d.width, d.height, exportDialogMaxW, exportDialogMaxH)
	if innerW < 1 || innerH < 2 {
		return ""
	}
	var lines []string
	if innerH >= 3 {
		lines = append(lines, st.DialogTitle.Render(pickerEllipsize(st, d.title(), innerW)))
	}
	if innerH >= 6 {
		lines = append(lines, "")
	}
	lines = append(lines, d.inputLine(innerW))
	if innerH >= 4 {
		lines = append(lines, st.Faint.Render(pickerEllipsize(st, d.formatLine(), innerW)))
	}
	if innerH >= 7 {
		lines = append(lines, "")
	}
	lines = append(lines, d.messageLine(innerW))
	if innerH >= 5 {
		lines = append(lines, d.hintLine(innerW))
	}
	return pickerFrame(st, lines, innerW)
}

// formatLine names the format and what tab does.
func (d exportDialog) formatLine() string {
	if d.Format() == exportJSON {
		return "Format: JSON " + d.st.Glyphs.Dot + " tab switches to CSV"
	}
	return "Format: CSV " + d.st.Glyphs.Dot + " tab switches to JSON"
}

// messageLine is the error, the overwrite question or the progress.
func (d exportDialog) messageLine(w int) string {
	st := d.st
	switch d.state {
	case exportConfirm:
		q := exportError{path: shortPath(d.target), after: " exists — overwrite? y/n"}
		return st.Warning.Render(fitPathText(&q, st, w))
	case exportChecking, exportWriting:
		return st.Faint.Render(pickerEllipsize(st, "Writing"+st.Glyphs.Ellipsis, w))
	case exportDone:
		return st.Success.Render(pickerEllipsize(st, "Written", w))
	}
	if d.err == nil {
		return ""
	}
	var ee *exportError
	if errors.As(d.err, &ee) {
		return st.Error.Render(fitPathText(ee, st, w))
	}
	return st.Error.Render(pickerEllipsize(st, sanitizeInput(d.err.Error()), w))
}

// hintLine lists the keys that work now.
func (d exportDialog) hintLine(w int) string {
	if d.state == exportConfirm {
		return pickerHint(d.st, w, "y", "overwrite", "n", "back")
	}
	return pickerHint(d.st, w, "enter", "export", "tab", "csv/json", "esc", "cancel")
}

// fitPathText renders e on one line of at most w cells, cutting the
// path's start (not the message around it) when it is too long.
func fitPathText(e *exportError, st *Styles, w int) string {
	before, path, after := sanitizeInput(e.before), sanitizeInput(e.path), sanitizeInput(e.after)
	if over := lipgloss.Width(before+path+after) - w; over > 0 && path != "" {
		ell, pw := st.Glyphs.Ellipsis, lipgloss.Width(path)
		cut := ell
		// One more cell when the cut falls inside a wide character.
		for n := over + lipgloss.Width(ell); n < pw; n++ {
			if p := ansi.TruncateLeft(path, n, ell); lipgloss.Width(before+p+after) <= w {
				cut = p
				break
			}
		}
		path = cut
	}
	return pickerEllipsize(st, before+path+after, w)
}

// inputLine is the prompt and the path with a block cursor while editing;
// a path wider than the line scrolls to keep the cursor in view.
func (d exportDialog) inputLine(w int) string {
	st := d.st
	prompt := st.Prompt.Render(st.Glyphs.Prompt) + " "
	room := w - lipgloss.Width(prompt)
	if room < 1 {
		return prompt
	}
	left, cur, right := string(d.value[:d.pos]), " ", ""
	if d.pos < len(d.value) {
		cur, right = string(d.value[d.pos]), string(d.value[d.pos+1:])
	}
	editing := d.state == exportEditing
	if !editing && right == "" {
		cur = "" // no cursor: nothing to show after the path
	}
	curW := lipgloss.Width(cur)
	if left = pickerEllipsizeLeft(st, left, room-curW); lipgloss.Width(left)+curW > room {
		left = ""
	}
	right = pickerEllipsize(st, right, room-lipgloss.Width(left)-curW)
	curView := st.Input.Render(cur)
	if editing {
		curView = st.Cursor.Render(cur)
	}
	return prompt + st.Input.Render(left) + curView + st.Input.Render(right)
}
