package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"numbrowse/api"
)

// typeChosenMsg reports the number type the user picked: an api.NumberType
// value ("mobile", "local", "toll-free", "national") or "all".
type typeChosenMsg struct{ Type string }

// typeAll is the type picker's value for "search every type at once".
const typeAll = "all"

// typeItem is one choice of the type picker.
type typeItem struct {
	value, label, desc string
}

// typeItems are the choices in order; 1–5 select them directly.
var typeItems = []typeItem{
	{string(api.Mobile), "mobile", "Mobile numbers: SMS and calls on the go"},
	{string(api.Local), "local", "Geographic numbers with a city or area code"},
	{string(api.TollFree), "toll-free", "Free to call; the owner pays for calls"},
	{string(api.National), "national", "Non-geographic numbers reachable nationwide"},
	{typeAll, "all types", "All four searches at once, merged"},
}

// The type dialog's preferred outer size.
const (
	typeDialogMaxW = 64
	typeDialogMaxH = 2 + 1 + 1 + 5 + 1 + 1 // border, title, gap, items, gap, hint
)

// typePicker is the modal number-type chooser: five items with a one-line
// description each. j/k and the arrows (and the user's up/down/top/bottom
// bindings) move, stopping at the ends; 1–5 choose at once; enter chooses
// the highlighted item; esc closes. Other printable keys do nothing, so
// the root must route every key press to it while it is open.
type typePicker struct {
	st   *Styles
	keys *KeyMap

	current string // the type in use, marked with a check
	cursor  int

	width, height int
}

// newTypePicker builds a type picker; call Open before showing it. keys
// may be nil (only the built-in keys then work).
func newTypePicker(st *Styles, keys *KeyMap) typePicker {
	return typePicker{st: st, keys: keys}
}

// Open puts the cursor on current ("mobile", "all", ...; the first item
// when unknown).
func (p typePicker) Open(current string) typePicker {
	p.current, p.cursor = "", 0
	if t, err := api.ParseNumberType(current); err == nil {
		current = string(t)
	}
	for i, it := range typeItems {
		if it.value == strings.ToLower(strings.TrimSpace(current)) {
			p.current, p.cursor = it.value, i
		}
	}
	return p
}

// SetSize sets the area the dialog may use; View draws a box no larger
// than w×h that the root centres.
func (p *typePicker) SetSize(w, h int) { p.width, p.height = max(w, 0), max(h, 0) }

// SetStyles switches to new styles.
func (p *typePicker) SetStyles(st *Styles) { p.st = st }

// Selected is the highlighted item's value.
func (p typePicker) Selected() string { return typeItems[p.cursor].value }

// Update handles keys and the mouse wheel.
func (p typePicker) Update(msg tea.Msg) (typePicker, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return p.key(msg)
	case tea.MouseWheelMsg:
		p.moveTo(p.cursor + wheelDir(msg))
	}
	return p, nil
}

func (p typePicker) key(k tea.KeyPressMsg) (typePicker, tea.Cmd) {
	km := keysOf(p.keys)
	s := k.String()
	switch {
	case s == "enter":
		return p, p.choose(p.cursor)
	case s == "esc" || key.Matches(k, km.Back):
		return p, closeCmd()
	case len(s) == 1 && s[0] >= '1' && int(s[0]-'1') < len(typeItems):
		p.cursor = int(s[0] - '1')
		return p, p.choose(p.cursor)
	case slices.Contains([]string{"up", "k", "ctrl+p", "shift+tab"}, s) || key.Matches(k, km.Up):
		p.moveTo(p.cursor - 1)
	case slices.Contains([]string{"down", "j", "ctrl+n", "tab"}, s) || key.Matches(k, km.Down):
		p.moveTo(p.cursor + 1)
	case slices.Contains([]string{"home", "g", "pgup"}, s) || key.Matches(k, km.Top, km.PageUp):
		p.moveTo(0)
	case slices.Contains([]string{"end", "G", "pgdown"}, s) || key.Matches(k, km.Bottom, km.PageDown):
		p.moveTo(len(typeItems) - 1)
	}
	return p, nil
}

func (p typePicker) choose(i int) tea.Cmd {
	v := typeItems[i].value
	return func() tea.Msg { return typeChosenMsg{Type: v} }
}

func (p *typePicker) moveTo(i int) { p.cursor = max(min(i, len(typeItems)-1), 0) }

// View draws the dialog within the size given by SetSize: title, the five
// items (windowed around the cursor when short of height), a key hint.
func (p typePicker) View() string {
	if p.st == nil {
		return ""
	}
	st := p.st
	innerW, innerH := pickerBox(st, p.width, p.height, typeDialogMaxW, typeDialogMaxH)
	if innerW < 1 || innerH < 1 {
		return ""
	}
	rows := min(innerH, len(typeItems))
	extra := innerH - rows
	title, hint, gaps := extra >= 1, extra >= 2, extra >= 4
	var lines []string
	if title {
		lines = append(lines, st.DialogTitle.Render("Number type"))
	}
	if gaps {
		lines = append(lines, "")
	}
	first := max(min(p.cursor-rows/2, len(typeItems)-rows), 0)
	for i := first; i < first+rows; i++ {
		lines = append(lines, p.row(i, innerW))
	}
	if gaps {
		lines = append(lines, "")
	}
	if hint {
		lines = append(lines, pickerHint(st, innerW, "enter", "choose", "1-5", "pick", "esc", "close"))
	}
	return pickerFrame(st, lines, innerW)
}

// row renders item i: current mark, its number key, label, description.
func (p typePicker) row(i, w int) string {
	st, it := p.st, typeItems[i]
	mark := strings.Repeat(" ", lipgloss.Width(st.Glyphs.Check))
	if it.value == p.current {
		mark = st.Glyphs.Check
	}
	label := fmt.Sprintf("%-9s", it.label)
	descW := w - lipgloss.Width(mark) - 1 - 1 - 2 - 9 - 2
	desc := ""
	if descW >= 8 {
		desc = "  " + pickerEllipsize(st, it.desc, descW)
	}
	num := fmt.Sprintf("%d", i+1)
	if i == p.cursor {
		return st.Cursor.Render(fitCells(mark+" "+num+"  "+label+desc, w))
	}
	return st.Success.Render(mark) + " " + st.Key.Render(num) + "  " + label + st.Faint.Render(desc)
}
