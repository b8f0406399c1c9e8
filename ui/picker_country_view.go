package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"

	"numbrowse/api"
)

// The country dialog's preferred outer size: wide enough for the longest
// name with its code and calling code, and 15 rows of countries.
const (
	countryDialogMaxW = 64
	countryDialogRows = 15
	countryDialogMaxH = countryDialogRows + 5 + 2 // rows, title/input/rule/info/hint, border
)

// countryLayout says which lines the dialog has room for.
type countryLayout struct {
	innerW, innerH                int
	title, rule, hint, info, room bool
	rows                          int // list rows on screen
}

// layout decides what to draw in the area given by SetSize. Below the
// input line and at least one row, it adds the title (with the count), a
// key hint, a rule and a line about the highlighted country and the marks
// as height allows, in that order.
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
	if budget >= 9 {
		l.info, budget = true, budget-1
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
		shown, all := 0, 0
		for i := range p.entries {
			if !p.entries[i].isGroup() {
				all++
			}
		}
		for _, i := range p.matches {
			if !p.entries[i].isGroup() {
				shown++
			}
		}
		count := st.Faint.Render(fmt.Sprintf("%d of %d", shown, all))
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
	if l.info {
		lines = append(lines, p.infoLine(l.innerW))
	}
	if l.hint {
		enter := "choose"
		if len(p.marked) > 0 {
			enter = fmt.Sprintf("search %d", len(p.marked))
		}
		lines = append(lines, pickerHint(st, l.innerW, "enter", enter, "space", "mark", "esc", "close",
			st.Glyphs.UpDown, "move", "ctrl+u", "clear"))
	}
	return pickerFrame(st, lines, l.innerW)
}

// infoLine says what the highlighted row is about (what the searches
// found there, the filter a number prefix sets, a group's size) and, at
// the right, what is marked.
func (p countryPicker) infoLine(w int) string {
	st := p.st
	var left string
	if p.list {
		left = p.listLine()
	} else if e, ok := p.selectedEntry(); ok {
		switch f, found := p.found[e.Code]; {
		case p.codeThenSpace():
			left = fmt.Sprintf("%s: type the number, or space to mark %s", e.Calling(), e.Code)
		case p.prefix.code != "" && e.Code == p.prefix.code:
			left = fmt.Sprintf("%s numbers starting %s %s: enter filters ^%s", e.Code, e.Calling(), p.prefix.national, p.prefix.national)
		case e.isGroup():
			left = fmt.Sprintf("%s: %d countries; space marks them, enter searches them", e.Code, len(e.members))
		case found:
			left = e.Code + " found " + f.detail()
		}
	}
	left = st.Faint.Render(pickerEllipsize(st, left, w))
	right := ""
	switch {
	case p.note != "":
		right = st.Warning.Render(pickerEllipsize(st, p.note, w))
	case p.headErr != "":
		right = st.Warning.Render(pickerEllipsize(st, p.headErr, w))
	case len(p.marked) > 0:
		// Which are marked, as the header will name them, so that the
		// user need not scroll the list to find them.
		count := fmt.Sprintf("%d marked", len(p.marked))
		right = st.Mark.Render(st.Glyphs.Mark) + " " + st.Subtle.Render(count+": "+countriesOf(p.marked).Label(5))
		if lipgloss.Width(right) > w {
			right = st.Mark.Render(st.Glyphs.Mark) + " " + st.Subtle.Render(count)
		}
		if lipgloss.Width(right)+lipgloss.Width(left)+2 > w {
			left = ""
		}
	}
	return pickerSplit(left, right, w)
}

// listLine says what enter searches when the query is a list, or why the
// list is not one.
func (p countryPicker) listLine() string {
	if p.headErr != "" {
		return "" // said at the right, as a warning
	}
	c, ok := p.choice()
	if !ok {
		return "a list of countries: DE,FR,NL"
	}
	list := c.Countries
	if len(list) == 0 {
		list = api.CountryList{c.Country}
	}
	return "enter searches " + list.Label(8)
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

// row renders one country: its mark, current check, code, name, calling
// code, what the searches found there and a "recent" tag, cut to w cells.
// The highlighted row is drawn as one Styles.Cursor span (reverse video
// without colour).
func (p countryPicker) row(i int, selected bool, w int) string {
	st, e := p.st, &p.entries[i]
	blankMark := strings.Repeat(" ", lipgloss.Width(st.Glyphs.Mark))
	mark := blankMark
	if p.isMarked(e) {
		mark = st.Glyphs.Mark
	}
	check := strings.Repeat(" ", lipgloss.Width(st.Glyphs.Check))
	if slices.Contains(p.current, e.Code) {
		check = st.Glyphs.Check
	}
	callW, tagW, foundW := 4, 0, 0
	isRecent := slices.Contains(p.recent, e.Code)
	if w >= 44 {
		tagW = len(" recent")
	}
	if len(p.found) > 0 && w >= 40 {
		foundW = 6
	}
	fixed := lipgloss.Width(mark) + 1 + lipgloss.Width(check) + 1 + lipgloss.Width(e.Code) + 2
	nameW := w - fixed - 2 - callW - foundW - tagW
	if nameW < 8 { // narrow: the name matters more than the calling code
		nameW, callW = nameW+2+callW, 0
	}
	name := e.Name
	if a := p.parsed.alias(e); a != "" {
		name += " (" + a + ")"
	}
	if e.isGroup() {
		name += fmt.Sprintf(" (%d countries)", len(e.members))
	}
	name = pickerEllipsize(st, name, nameW)
	name += strings.Repeat(" ", max(nameW-lipgloss.Width(name), 0))
	calling, found, tag := "", "", ""
	if callW > 0 {
		calling = "  " + fmt.Sprintf("%*s", callW, e.Calling())
	}
	foundStyle := st.Faint
	if foundW > 0 {
		found = strings.Repeat(" ", foundW)
		if f, ok := p.found[e.Code]; ok {
			n, any := f.total()
			switch {
			case f.failed:
				found = fmt.Sprintf("%*s", foundW, st.Glyphs.Warn)
				foundStyle = st.Warning
			case any:
				found = fmt.Sprintf("%*s", foundW, countText(n))
				if n > 0 {
					foundStyle = st.Success
				}
			}
		}
	}
	if tagW > 0 {
		tag = strings.Repeat(" ", tagW)
		if isRecent {
			tag = " recent"
		}
	}
	code := e.Code
	if selected {
		return st.Cursor.Render(fitCells(mark+" "+check+" "+code+"  "+name+calling+found+tag, w))
	}
	return st.Mark.Render(mark) + " " + st.Success.Render(check) + " " + st.Subtle.Render(code) + "  " + name +
		st.Faint.Render(calling) + foundStyle.Render(found) + st.Faint.Render(tag)
}

// isMarked reports whether e is marked (a group: all its members are).
func (p countryPicker) isMarked(e *countryEntry) bool {
	if !e.isGroup() {
		return slices.Contains(p.marked, e.Code)
	}
	for _, c := range e.members {
		if !slices.Contains(p.marked, c) {
			return false
		}
	}
	return len(p.marked) > 0
}

// countText is a count in at most 5 cells: "128", "12345", "99k+".
func countText(n int) string {
	if n > 99999 {
		return "99k+"
	}
	return fmt.Sprint(n)
}
