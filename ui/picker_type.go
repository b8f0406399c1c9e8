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

// typeChosenMsg reports the number type the user picked, or api.AllTypes.
type typeChosenMsg struct{ Type api.TypeChoice }

// typeItems are the picker's choices, in api.TypeChoices order; 1–5
// select them directly.
var typeItems = api.TypeChoices()

// typeDescription is the one-line description of a choice in the picker.
func typeDescription(c api.TypeChoice) string {
	if c.All() {
		return "All four searches at once, merged"
	}
	t, _ := c.One()
	switch t {
	case api.Mobile:
		return "Mobile numbers: SMS and calls on the go"
	case api.Local:
		return "Geographic numbers with a city or area code"
	case api.TollFree:
		return "Free to call; the owner pays for calls"
	case api.National:
		return "Non-geographic numbers reachable nationwide"
	}
	return ""
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

	current api.TypeChoice // the type in use, marked with a check
	cursor  int

	width, height int
}

// newTypePicker builds a type picker; call Open before showing it. keys
// may be nil (only the built-in keys then work).
func newTypePicker(st *Styles, keys *KeyMap) typePicker {
	return typePicker{st: st, keys: keys}
}

// Open puts the cursor on current (the first item when it is none of
// them).
func (p typePicker) Open(current api.TypeChoice) typePicker {
	p.current, p.cursor = api.TypeChoice{}, 0
	if i := slices.Index(typeItems, current); i >= 0 {
		p.current, p.cursor = current, i
	}
	return p
}

// SetSize sets the area the dialog may use; View draws a box no larger
// than w×h that the root centres.
func (p *typePicker) SetSize(w, h int) { p.width, p.height = max(w, 0), max(h, 0) }

// SetStyles switches to new styles.
func (p *typePicker) SetStyles(st *Styles) { p.st = st }

// Selected is the highlighted choice.
func (p typePicker) Selected() api.TypeChoice { return typeItems[p.cursor] }

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

// The type picker as a component: a dialog that takes every key; its
// choice (or its close) is handled by the root in the same Update
// (pickerDone).

func (p *typePicker) update(root *Model, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*p, cmd = p.Update(msg)
	return root.pickerDone(cmd)
}

func (p *typePicker) overlay() string  { return p.View() }
func (p *typePicker) onFocus() tea.Cmd { return nil }
func (p *typePicker) onBlur()          {}
func (p *typePicker) modal() bool      { return true }

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
	v := typeItems[i]
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
	if it == p.current {
		mark = st.Glyphs.Check
	}
	label := fmt.Sprintf("%-9s", it.Label())
	descW := w - lipgloss.Width(mark) - 1 - 1 - 2 - 9 - 2
	desc := ""
	if descW >= 8 {
		desc = "  " + pickerEllipsize(st, typeDescription(it), descW)
	}
	num := fmt.Sprintf("%d", i+1)
	if i == p.cursor {
		return st.Cursor.Render(fitCells(mark+" "+num+"  "+label+desc, w))
	}
	return st.Success.Render(mark) + " " + st.Key.Render(num) + "  " + label + st.Faint.Render(desc)
}
