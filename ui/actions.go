package ui

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// tableKey handles a key press while the table has the focus: the actions
// of the key map, then movement (handed to the table).
func (m *Model) tableKey(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	switch {
	case key.Matches(k, km.Quit):
		return m.quit()
	case key.Matches(k, km.Help):
		return m.setFocus(focusHelp)
	case key.Matches(k, km.Redraw):
		return tea.ClearScreen
	case key.Matches(k, km.Country):
		m.countryPick = m.countryPick.Open(m.countries, m.recentList)
		m.countryPick.SetFound(m.found)
		m.sizeDialogs()
		return m.setFocus(focusCountry)
	case key.Matches(k, km.Type):
		m.typePick = m.typePick.Open(m.typ)
		m.sizeDialogs()
		return m.setFocus(focusType)
	case bound(k, km.Owned): // also when disabled: say why
		return m.toggleOwned()
	case bound(k, km.Watch):
		return m.toggleWatch()
	case key.Matches(k, km.Filter):
		m.filterInput.open(m.filter.Query(), false)
		return m.setFocus(focusFilter)
	case key.Matches(k, km.Sort):
		m.setSort(nextSort(m.sort, m.table.VisibleColumns()))
	case key.Matches(k, km.Reverse):
		m.setSort(m.sort.Reverse())
	case key.Matches(k, km.Detail):
		m.toggleDetail()
	case key.Matches(k, km.Focus):
		if !m.showDetail {
			m.toggleDetail()
		}
		return m.setFocus(focusDetail)
	case key.Matches(k, km.Copy):
		return m.copySelected()
	case key.Matches(k, km.Export):
		return m.openExport()
	case key.Matches(k, km.Mark):
		m.table.ToggleMark()
		m.marked = m.table.MarkedCount()
	case key.Matches(k, km.MarkAll):
		return m.markAll()
	case key.Matches(k, km.ClearMarks):
		return m.clearMarks()
	case key.Matches(k, km.CopyMenu):
		return m.openCopyMenu()
	case key.Matches(k, km.Searches):
		return m.openSearches()
	case key.Matches(k, km.SaveSearch):
		return m.openSave()
	case key.Matches(k, km.Refresh):
		return m.startSearch(true, false)
	case m.cfg.Purchaser != nil && bound(k, km.Buy): // also when disabled: say why
		return m.openBuy()
	case m.cfg.BuyingOff != "" && bound(k, km.Buy):
		return m.setNote(m.st.text("Buying is off: "+m.cfg.BuyingOff), noteWarning)
	case key.Matches(k, km.Back):
		m.back()
	default:
		return m.tableUpdate(k)
	}
	return nil
}

// markAll marks every row the filter shows, and says how many.
func (m *Model) markAll() tea.Cmd {
	added := m.table.MarkVisible()
	m.marked = m.table.MarkedCount()
	return m.setNote(fmt.Sprintf("Marked %d more (%d marked)", added, m.marked), noteInfo)
}

// clearMarks unmarks every number of the results, shown or not.
func (m *Model) clearMarks() tea.Cmd {
	n := m.table.MarkedCount()
	m.table.ClearMarks()
	m.marked = 0
	return m.setNote(fmt.Sprintf("Unmarked %d", n), noteInfo)
}

// back is esc on the table: clear the filter, else the message, else close
// the detail pane.
func (m *Model) back() {
	switch {
	case m.filter.Query() != "":
		m.filterInput.Reset()
		m.setFilter("")
	case m.note.text != "":
		m.note = note{}
	case m.showDetail:
		m.toggleDetail()
	}
}

// tableUpdate hands a message to the table and follows its selection in
// the detail pane.
func (m *Model) tableUpdate(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	m.table, cmd = m.table.Update(msg)
	m.syncDetail()
	return safe(cmd)
}

// detailKey handles a key press while the detail pane has the focus: tab
// or esc go back to the table, a few global actions still work, and the
// rest scrolls the pane.
func (m *Model) detailKey(k tea.KeyPressMsg) tea.Cmd {
	km := m.keys
	switch {
	case key.Matches(k, km.Focus, km.Back):
		return m.setFocus(focusTable)
	case key.Matches(k, km.Detail):
		m.toggleDetail()
		return m.setFocus(focusTable)
	case key.Matches(k, km.Quit):
		return m.quit()
	case key.Matches(k, km.Help):
		return m.setFocus(focusHelp)
	case key.Matches(k, km.Redraw):
		return tea.ClearScreen
	case key.Matches(k, km.Copy):
		return m.copySelected()
	}
	var cmd tea.Cmd
	m.detail, cmd = m.detail.Update(k)
	return safe(cmd)
}

// helpKey handles a key press while the full help is open: help, esc or
// back close it; quit quits; nothing else happens.
func (m *Model) helpKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Help, m.keys.Back), k.String() == "esc":
		return m.setFocus(m.baseFocus())
	case key.Matches(k, m.keys.Quit):
		return m.quit()
	}
	return nil
}

// toggleDetail shows or hides the detail pane.
func (m *Model) toggleDetail() {
	m.showDetail = !m.showDetail
	if !m.showDetail && m.focus == focusDetail {
		m.setFocus(focusTable)
	}
	m.relayout()
}

// setSort orders the view by so.
func (m *Model) setSort(so results.Sort) {
	m.sort = so
	m.table.SetSort(so)
	m.refreshView()
}

// nextSort is the sort by the next column the table shows (left to
// right, wrapping around), ascending. Columns the table dropped for lack
// of width are skipped; from a column it does not show, the next one in
// column order that it shows.
func nextSort(so results.Sort, visible []results.Column) results.Sort {
	if i := slices.Index(visible, so.Col); i >= 0 {
		return results.Sort{Col: visible[(i+1)%len(visible)]}
	}
	next := so
	for range results.Columns() {
		next = next.Next()
		if slices.Contains(visible, next.Col) {
			return next
		}
	}
	return next
}

// countryChosen closes the picker, remembers a country chosen alone, and
// searches the countries when they changed. A number prefix (+1415) also
// sets the filter to the numbers that start so (^415).
func (m *Model) countryChosen(msg countryChosenMsg) tea.Cmd {
	m.setFocus(focusTable)
	list := msg.Countries
	if len(list) == 0 {
		list = api.CountryList{msg.Country}
	}
	var cmds []tea.Cmd
	if len(list) == 1 {
		cmds = append(cmds, safe(recentAddCmd(m.recent, list[0].Code)))
	}
	if msg.Prefix != "" {
		m.filterInput.SetValue("^" + msg.Prefix)
		m.setFilter("^" + msg.Prefix)
	}
	if !list.Equal(m.countries) {
		cmds = append(cmds, m.choose(list, m.typ))
	}
	return tea.Batch(cmds...)
}

// choose makes countries and typ the current choice and searches them,
// remembering the search being left among the recent ones.
func (m *Model) choose(countries api.CountryList, typ api.TypeChoice) tea.Cmd {
	cmd := m.leaveSearch()
	return tea.Batch(cmd, m.switchTo(countries, typ))
}

// switchTo makes countries and typ the current choice and searches them.
func (m *Model) switchTo(countries api.CountryList, typ api.TypeChoice) tea.Cmd {
	m.countries, m.typ = countries, typ
	m.savedName = ""
	m.chrome = chromeCache{}
	return m.startSearch(false, false)
}

// typeChosen closes the picker and searches the type when it changed.
func (m *Model) typeChosen(t api.TypeChoice) tea.Cmd {
	m.setFocus(focusTable)
	if t == m.typ {
		return nil
	}
	return m.choose(m.countries, t)
}
