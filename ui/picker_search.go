package ui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"numbrowse/api"
)

// searchChosenMsg reports the search the user picked in the searches
// picker.
type searchChosenMsg struct{ search SavedSearch }

// The searches dialog's preferred outer size.
const (
	searchDialogMaxW = 84
	searchDialogRows = 12
	searchDialogMaxH = searchDialogRows + 4 + 2 // rows, title/input/rule/hint, border
	searchNameMaxW   = 20
)

// searchPicker is the p dialog: the saved searches (by name) and the
// searches left recently (newest first), each with its countries, type,
// filter and sort. Typing filters them (by name or what they search);
// the arrows move; enter searches the highlighted one; esc closes. Like
// the country picker it takes every printable key while open.
type searchPicker struct {
	st   *Styles
	keys *KeyMap

	saved, recent []SavedSearch
	current       SavedSearch // the browser's search: checked in the list

	query   []rune
	matches []int // indices into the saved list, then len(saved)+i for recent i
	cursor  int
	offset  int

	width, height int
}

func newSearchPicker(st *Styles, keys *KeyMap) searchPicker { return searchPicker{st: st, keys: keys} }

// Open lists saved and recent with an empty query, the cursor on the
// first.
func (p searchPicker) Open(saved, recent []SavedSearch, current SavedSearch) searchPicker {
	p.saved = slices.SortedFunc(slices.Values(saved), func(a, b SavedSearch) int {
		return strings.Compare(api.Fold(a.Name), api.Fold(b.Name))
	})
	p.recent, p.current = recent, current
	p.query = nil
	p.refilter()
	return p
}

// SetSize sets the area the dialog may use.
func (p *searchPicker) SetSize(w, h int) {
	p.width, p.height = max(w, 0), max(h, 0)
	p.scroll()
}

// SetStyles switches to new styles.
func (p *searchPicker) SetStyles(st *Styles) { p.st = st }

// at is match k's search and whether it is a recent one.
func (p *searchPicker) at(k int) (SavedSearch, bool) {
	i := p.matches[k]
	if i < len(p.saved) {
		return p.saved[i], false
	}
	return p.recent[i-len(p.saved)], true
}

// Update handles keys, paste and the mouse wheel.
func (p searchPicker) Update(msg tea.Msg) (searchPicker, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return p.key(msg)
	case tea.PasteMsg:
		p.setQuery(append(slices.Clone(p.query), []rune(sanitizeInput(msg.Content))...))
	case tea.MouseWheelMsg:
		p.moveTo(p.cursor + wheelDir(msg))
	}
	return p, nil
}

func (p searchPicker) key(k tea.KeyPressMsg) (searchPicker, tea.Cmd) {
	km := keysOf(p.keys)
	page := max(p.rows()-1, 1)
	switch s := k.String(); {
	case s == "enter":
		if p.cursor < 0 || p.cursor >= len(p.matches) {
			return p, nil
		}
		sr, _ := p.at(p.cursor)
		return p, func() tea.Msg { return searchChosenMsg{search: sr} }
	case s == "esc" || pickerKey(k, km.Back):
		return p, closeCmd()
	case pickerListKey(k, km, &p, page, len(p.matches)):
	default:
		if t := keyText(k); t != "" && len(p.query) < countryQueryMax {
			p.setQuery(append(slices.Clone(p.query), []rune(t)...))
		}
	}
	return p, nil
}

func (p *searchPicker) queryRunes() []rune { return p.query }
func (p *searchPicker) cursorAt() int      { return p.cursor }

func (p *searchPicker) setQuery(q []rune) {
	if len(q) > countryQueryMax {
		q = q[:countryQueryMax]
	}
	p.query = q
	p.refilter()
}

// refilter keeps the searches whose name or description holds every word
// of the query (case and accents ignored), saved ones first.
func (p *searchPicker) refilter() {
	words := strings.Fields(api.Fold(string(p.query)))
	p.matches = p.matches[:0]
	all := append(slices.Clone(p.saved), p.recent...)
	for i, sr := range all {
		text := api.Fold(sr.Name + " " + sr.Describe("·") + " " + sr.Countries.Key())
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }) {
			p.matches = append(p.matches, i)
		}
	}
	p.cursor, p.offset = 0, 0
	p.scroll()
}

func (p *searchPicker) moveTo(i int) {
	p.cursor = max(min(i, len(p.matches)-1), 0)
	p.scroll()
}

// rows is the number of list rows the dialog has room for.
func (p *searchPicker) rows() int {
	if p.st == nil {
		return 1
	}
	_, innerH := pickerBox(p.st, p.width, p.height, searchDialogMaxW, searchDialogMaxH)
	return max(min(innerH-4, searchDialogRows), 1)
}

func (p *searchPicker) scroll() {
	rows := p.rows()
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+rows {
		p.offset = p.cursor - rows + 1
	}
	p.offset = max(min(p.offset, len(p.matches)-rows), 0)
}

// The searches picker as a component: a dialog that takes every key; its
// choice (or its close) is handled by the root in the same Update.

func (p *searchPicker) update(root *Model, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*p, cmd = p.Update(msg)
	return root.pickerDone(cmd)
}

func (p *searchPicker) overlay() string  { return p.View() }
func (p *searchPicker) onFocus() tea.Cmd { return nil }
func (p *searchPicker) onBlur()          {}
func (p *searchPicker) modal() bool      { return true }

// View draws the dialog: title and count, the query, the searches, a hint.
func (p searchPicker) View() string {
	if p.st == nil {
		return ""
	}
	st := p.st
	innerW, innerH := pickerBox(st, p.width, p.height, searchDialogMaxW, searchDialogMaxH)
	if innerW < 10 || innerH < 2 {
		return ""
	}
	rows := p.rows()
	var lines []string
	if innerH >= 4 {
		count := st.Faint.Render(fmt.Sprintf("%d saved %s %d recent", len(p.saved), st.Glyphs.Dot, len(p.recent)))
		lines = append(lines, pickerSplit(st.DialogTitle.Render("Searches"), count, innerW))
	}
	lines = append(lines, p.inputLine(innerW))
	body := make([]string, 0, rows)
	switch {
	case len(p.saved)+len(p.recent) == 0:
		body = append(body, st.Faint.Render(pickerEllipsize(st, "No saved or recent searches yet — ctrl+s saves the one on screen", innerW)))
	case len(p.matches) == 0:
		body = append(body, st.Faint.Render(pickerEllipsize(st, fmt.Sprintf("no search matches %q", string(p.query)), innerW)))
	}
	nameW := 0
	for _, sr := range p.saved {
		nameW = max(nameW, lipgloss.Width(api.Printable(sr.Name)))
	}
	nameW = min(max(nameW, len("recent")), searchNameMaxW)
	for k := p.offset; k < min(p.offset+rows, len(p.matches)); k++ {
		body = append(body, p.row(k, k == p.cursor, nameW, innerW))
	}
	for len(body) < rows {
		body = append(body, "")
	}
	lines = append(lines, body...)
	if innerH >= 4+rows {
		lines = append(lines, "")
	}
	if innerH >= 3+rows {
		lines = append(lines, pickerHint(st, innerW, "enter", "search", "esc", "close", st.Glyphs.UpDown, "move", "ctrl+s", "saves"))
	}
	return pickerFrame(st, lines, innerW)
}

// inputLine is the prompt and the query, or a placeholder.
func (p searchPicker) inputLine(w int) string {
	st := p.st
	prompt := st.Prompt.Render(st.Glyphs.Prompt) + " "
	cursor := st.Cursor.Render(" ")
	room := w - lipgloss.Width(prompt) - 1
	if len(p.query) == 0 {
		return prompt + cursor + st.Faint.Render(pickerEllipsize(st, " name, country, type or filter", room))
	}
	return prompt + st.Input.Render(pickerEllipsizeLeft(st, string(p.query), room)) + cursor
}

// row draws match k: the current mark, the name (or "recent"), and what it
// searches.
func (p searchPicker) row(k int, selected bool, nameW, w int) string {
	st := p.st
	sr, recent := p.at(k)
	check := strings.Repeat(" ", lipgloss.Width(st.Glyphs.Check))
	if sr.same(p.current) {
		check = st.Glyphs.Check
	}
	name, nameStyle := pickerEllipsize(st, api.Printable(sr.Name), nameW), st.Key
	if recent {
		name, nameStyle = "recent", st.Faint
	}
	name += strings.Repeat(" ", max(nameW-lipgloss.Width(name), 0))
	descW := w - lipgloss.Width(check) - 1 - nameW - 2
	desc := pickerEllipsize(st, sr.Describe(st.Glyphs.Dot), descW)
	if selected {
		return st.Cursor.Render(fitCells(check+" "+name+"  "+desc, w))
	}
	return st.Success.Render(check) + " " + nameStyle.Render(name) + "  " + st.Subtle.Render(desc)
}

// openSearches opens the searches picker.
func (m *Model) openSearches() tea.Cmd {
	m.searchPick = m.searchPick.Open(m.saved, m.recentSearches, m.current())
	m.sizeDialogs()
	return m.setFocus(focusSearches)
}

// searchChosen applies a saved or recent search: its filter and sort at
// once, and a search of its countries and type when they are not the
// ones on screen.
func (m *Model) searchChosen(sr SavedSearch) tea.Cmd {
	m.setFocus(focusTable)
	other := !sr.Countries.Equal(m.countries) || sr.Type != m.typ
	var left, search tea.Cmd
	if other {
		left = m.leaveSearch() // with the filter and sort it had
	}
	m.filterInput.SetValue(sr.Filter)
	m.setFilter(sr.Filter)
	m.setSort(sr.Sort)
	if other {
		search = m.switchTo(sr.Countries, sr.Type)
	}
	m.savedName = sr.Name
	cmd := tea.Batch(left, search)
	what := "the recent search " + sr.Describe(m.st.Glyphs.Dot)
	if sr.Name != "" {
		what = fmt.Sprintf("%q", api.Printable(sr.Name))
	}
	return tea.Batch(cmd, m.setNote("Search "+what, noteInfo))
}
