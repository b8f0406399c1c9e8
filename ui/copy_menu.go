package ui

import (
	"bytes"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// copyItem is one way the copy menu copies: what it is, the text it puts
// on the clipboard, and what the status line says after; or why it cannot
// (no marked numbers).
type copyItem struct {
	label, text, done, off string
	preview                string // what the menu shows of text, when not its first line
}

// copyChosenMsg reports the item the user picked in the copy menu.
type copyChosenMsg struct{ item copyItem }

// The copy menu's preferred outer size.
const (
	copyMenuMaxW = 72
	copyMenuMaxH = 2 + 1 + 1 + 5 + 1 + 1 // border, title, gap, items, gap, hint
)

// copyMenu is the Y dialog: the selected number as E.164, national and
// international, its row as CSV, and the marked numbers, one a line. 1–5
// or enter copy, j/k and the arrows move, esc closes.
type copyMenu struct {
	st    *Styles
	keys  *KeyMap
	items []copyItem

	cursor        int
	width, height int
}

func newCopyMenu(st *Styles, keys *KeyMap) copyMenu { return copyMenu{st: st, keys: keys} }

// Open shows items with the cursor on the first.
func (c copyMenu) Open(items []copyItem) copyMenu {
	c.items, c.cursor = items, 0
	return c
}

// SetSize sets the area the dialog may use.
func (c *copyMenu) SetSize(w, h int) { c.width, c.height = max(w, 0), max(h, 0) }

// SetStyles switches to new styles.
func (c *copyMenu) SetStyles(st *Styles) { c.st = st }

// Update handles keys and the mouse wheel.
func (c copyMenu) Update(msg tea.Msg) (copyMenu, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return c.key(msg)
	case tea.MouseWheelMsg:
		c.cursor = max(min(c.cursor+wheelDir(msg), len(c.items)-1), 0)
	}
	return c, nil
}

func (c copyMenu) key(k tea.KeyPressMsg) (copyMenu, tea.Cmd) {
	km := keysOf(c.keys)
	s := k.String()
	switch {
	case s == "enter":
		return c, c.choose(c.cursor)
	case s == "esc" || key.Matches(k, km.Back, km.CopyMenu):
		return c, closeCmd()
	case len(s) == 1 && s[0] >= '1' && int(s[0]-'1') < len(c.items):
		c.cursor = int(s[0] - '1')
		return c, c.choose(c.cursor)
	case s == "up" || s == "k" || s == "ctrl+p" || s == "shift+tab" || key.Matches(k, km.Up):
		c.cursor = max(c.cursor-1, 0)
	case s == "down" || s == "j" || s == "ctrl+n" || s == "tab" || key.Matches(k, km.Down):
		c.cursor = min(c.cursor+1, len(c.items)-1)
	case s == "home" || s == "g":
		c.cursor = 0
	case s == "end" || s == "G":
		c.cursor = len(c.items) - 1
	}
	return c, nil
}

// choose copies item i, unless it is off (then it stays open).
func (c copyMenu) choose(i int) tea.Cmd {
	if i < 0 || i >= len(c.items) || c.items[i].off != "" {
		return nil
	}
	it := c.items[i]
	return func() tea.Msg { return copyChosenMsg{item: it} }
}

// The copy menu as a component: a dialog that takes every key; its choice
// is handled by the root at once (pickerDone).

func (c *copyMenu) update(root *Model, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*c, cmd = c.Update(msg)
	return root.pickerDone(cmd)
}

func (c *copyMenu) overlay() string  { return c.View() }
func (c *copyMenu) onFocus() tea.Cmd { return nil }
func (c *copyMenu) onBlur()          {}
func (c *copyMenu) modal() bool      { return true }

// View draws the dialog: each way to copy with what it would copy.
func (c copyMenu) View() string {
	if c.st == nil || len(c.items) == 0 {
		return ""
	}
	st := c.st
	innerW, innerH := pickerBox(st, c.width, c.height, copyMenuMaxW, copyMenuMaxH)
	if innerW < 1 || innerH < 1 {
		return ""
	}
	rows := min(innerH, len(c.items))
	extra := innerH - rows
	title, hint, gaps := extra >= 1, extra >= 2, extra >= 4
	var lines []string
	if title {
		lines = append(lines, st.DialogTitle.Render("Copy"))
	}
	if gaps {
		lines = append(lines, "")
	}
	first := max(min(c.cursor-rows/2, len(c.items)-rows), 0)
	for i := first; i < first+rows; i++ {
		lines = append(lines, c.row(i, innerW))
	}
	if gaps {
		lines = append(lines, "")
	}
	if hint {
		lines = append(lines, pickerHint(st, innerW, "1-5", "copy", "enter", "copy", "esc", "close"))
	}
	return pickerFrame(st, lines, innerW)
}

// labelW is the width of the items' labels.
const labelW = 15

// row draws item i: its number key, label and what it copies (its first
// line, cut), or why it is off.
func (c copyMenu) row(i, w int) string {
	st, it := c.st, c.items[i]
	num := fmt.Sprint(i + 1)
	label := fmt.Sprintf("%-*s", labelW, it.label)
	room := w - len(num) - 2 - labelW - 1
	preview, style := firstLine(it.text), st.Subtle
	if it.preview != "" {
		preview = it.preview
	}
	if it.off != "" {
		preview, style = it.off, st.Faint
	}
	preview = pickerEllipsize(st, preview, room)
	if i == c.cursor {
		return st.Cursor.Render(fitCells(num+"  "+label+" "+preview, w))
	}
	if it.off != "" {
		return st.Faint.Render(num+"  "+label) + " " + style.Render(preview)
	}
	return st.Key.Render(num) + "  " + label + " " + style.Render(preview)
}

// firstLine is s up to its first line break, with "…" when more follows.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// openCopyMenu opens the copy menu for the selected number and the marked
// ones.
func (m *Model) openCopyMenu() tea.Cmd {
	n, intl := m.selectedNumber()
	if n == nil {
		return nil
	}
	i, _ := m.table.Selected()
	e164 := api.Printable(n.E164)
	national := results.National(n)
	items := []copyItem{
		{label: "E.164", text: e164, done: "Copied " + e164},
		{label: "National", text: national, done: "Copied " + national + " (national)"},
		{label: "International", text: intl, done: "Copied " + intl},
		{label: "Row as CSV", text: csvRow(m.res.set, i), done: "Copied the row of " + intl + " as CSV"},
	}
	marked := m.table.MarkedNumbers()
	all := copyItem{label: "Marked numbers", off: "none marked (space marks, a marks all shown)"}
	if len(marked) > 0 {
		all = copyItem{label: "Marked numbers", text: strings.Join(marked, "\n"),
			done:    fmt.Sprintf("Copied %d marked numbers, one a line", len(marked)),
			preview: fmt.Sprintf("%d, one a line: %s", len(marked), firstLine(strings.Join(marked, "\n")))}
		if len(marked) == 1 {
			all.done, all.preview = "Copied 1 marked number", "1: "+marked[0]
		}
	}
	items = append(items, all)
	m.copyMenu = m.copyMenu.Open(items)
	m.sizeDialogs()
	return m.setFocus(focusCopy)
}

// csvRow is the number at set index i as one CSV record, in the columns
// of `numbrowse search --format csv`, without the header.
func csvRow(set *results.Set, i int) string {
	var b bytes.Buffer
	if err := results.WriteCSV(&b, set, results.RowsOf([]int32{int32(i)})); err != nil {
		return ""
	}
	_, row, _ := strings.Cut(b.String(), "\n") // the header has no line breaks
	return strings.TrimRight(row, "\r\n")
}

// copyChosen copies what the menu's item holds and says so.
func (m *Model) copyChosen(it copyItem) tea.Cmd {
	m.setFocus(focusTable)
	if len(it.text) > maxClipboardExport {
		return m.setNote(fmt.Sprintf("%s is too long for the clipboard (%d KiB) — mark fewer numbers",
			it.label, len(it.text)>>10), noteWarning)
	}
	cmd := copyTextCmd(it.text, m.cfg.TmuxClipboard)
	if cmd == nil {
		return m.setNote("Nothing to copy", noteWarning)
	}
	return tea.Batch(cmd, m.setNote(it.done, noteSuccess))
}
