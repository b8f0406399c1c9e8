package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
)

// The country dialog's preferred outer size: wide enough for the longest
// name with its code and calling code, and 15 rows of countries.
const (
	countryDialogMaxW = 64
	countryDialogRows = 15
	countryDialogMaxH = countryDialogRows + 4 + 2 // rows, title/input/rule/hint, border
)

// countryLayout says which lines the dialog has room for.
type countryLayout struct {
	innerW, innerH          int
	title, rule, hint, room bool
	rows                    int // list rows on screen
}

// layout decides what to draw in the area given by SetSize. Below the
// input line and at least one row, it adds the title (with the count), a
// key hint and a rule as height allows, in that order.
func (p *countryPicker) layout() countryLayout {
	if p.st == nil {
		return countryLayout{}
	}
	l := countryLayout{}
	l.innerW, l.innerH = pickerBox(p.st, p.width, p.height, countryDialogMaxW, countryDialogMaxH)
	if l.innerW < 1 || l.innerH < 2 {
		return l
	}
	l.room = true
	budget := l.innerH - 1 // below the input line
	if budget >= 3 {
		l.title, budget = true, budget-1
	}
	if budget >= 7 {
		l.hint, budget = true, budget-1
	}
	if budget >= 8 {
		l.rule, budget = true, budget-1
	}
	l.rows = min(budget, countryDialogRows)
	return l
}

// View draws the dialog: at most the w×h given by SetSize (nothing when
// there is no room for an input line and one row). Only the rows on screen
// are rendered.
func (p countryPicker) View() string {
	l := p.layout()
	if !l.room {
		return ""
	}
	st := p.st
	lines := make([]string, 0, l.innerH)
	if l.title {
		count := st.Faint.Render(fmt.Sprintf("%d of %d", len(p.matches), len(p.entries)))
		lines = append(lines, pickerSplit(st.DialogTitle.Render("Country"), count, l.innerW))
	}
	lines = append(lines, p.inputLine(l.innerW))
	if l.rule {
		lines = append(lines, st.Faint.Render(strings.Repeat(st.Glyphs.Border.Top, l.innerW)))
	}
	body := make([]string, 0, l.rows)
	if len(p.matches) == 0 {
		q := pickerEllipsize(st, string(p.query), max(l.innerW-24, 3))
		body = append(body, st.Faint.Render(fmt.Sprintf("no country matches %q", q)))
	}
	for i := p.offset; i < min(p.offset+l.rows, len(p.matches)); i++ {
		body = append(body, p.row(p.matches[i], i == p.cursor, l.innerW))
	}
	for len(body) < l.rows {
		body = append(body, "")
	}
	lines = append(lines, body...)
	if l.hint {
		lines = append(lines, pickerHint(st, l.innerW, "enter", "choose", "esc", "close",
			st.Glyphs.UpDown, "move", "ctrl+u", "clear"))
	}
	return pickerFrame(st, lines, l.innerW)
}

// inputLine is the prompt, the query (its end stays visible when long)
// and a block cursor, or a placeholder when the query is empty.
func (p countryPicker) inputLine(w int) string {
	st := p.st
	prompt := st.Prompt.Render(st.Glyphs.Prompt) + " "
	cursor := st.Cursor.Render(" ")
	room := w - lipgloss.Width(prompt) - 1
	if len(p.query) == 0 {
		return prompt + cursor + st.Faint.Render(pickerEllipsize(st, " name, code or +44", room))
	}
	return prompt + st.Input.Render(pickerEllipsizeLeft(st, string(p.query), room)) + cursor
}

// row renders one country: current mark, code, name, calling code and a
// "recent" tag, cut to w cells. The highlighted row is drawn as one
// Styles.Cursor span (reverse video without colour).
func (p countryPicker) row(i int, selected bool, w int) string {
	st, e := p.st, &p.entries[i]
	mark := strings.Repeat(" ", lipgloss.Width(st.Glyphs.Check))
	if e.Code == p.current {
		mark = st.Glyphs.Check
	}
	callW, tagW := 4, 0
	isRecent := slices.Contains(p.recent, e.Code)
	if w >= 44 {
		tagW = len(" recent")
	}
	fixed := lipgloss.Width(mark) + 1 + 2 + 2 // mark, space, code, gap
	nameW := w - fixed - 2 - callW - tagW
	if nameW < 8 { // narrow: the name matters more than the calling code
		nameW, callW = nameW+2+callW, 0
	}
	name := e.Name
	if a := p.parsed.alias(e); a != "" {
		name += " (" + a + ")"
	}
	name = pickerEllipsize(st, name, nameW)
	name += strings.Repeat(" ", max(nameW-lipgloss.Width(name), 0))
	calling, tag := "", ""
	if callW > 0 {
		calling = "  " + fmt.Sprintf("%*s", callW, e.Calling())
	}
	if tagW > 0 {
		tag = strings.Repeat(" ", tagW)
		if isRecent {
			tag = " recent"
		}
	}
	if selected {
		return st.Cursor.Render(fitCells(mark+" "+e.Code+"  "+name+calling+tag, w))
	}
	return st.Success.Render(mark) + " " + st.Subtle.Render(e.Code) + "  " + name +
		st.Faint.Render(calling) + st.Faint.Render(tag)
}
