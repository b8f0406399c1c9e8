package ui

import (
	tea "charm.land/bubbletea/v2"

	"numbrowse/internal/results"
)

// mouse handles mouse events (only reported when Options.Mouse is on): the
// wheel scrolls what is under the pointer (or goes to the open dialog or
// input, which the rest of the mouse leaves alone), a click on a row
// selects it, a click on a column header sorts by that column (again:
// reverses), a click in the detail pane focuses it.
func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if m.lay.tooSmall {
		return nil
	}
	ev := msg.Mouse()
	if m.focused().modal() {
		if wheel, ok := msg.(tea.MouseWheelMsg); ok {
			return m.route(wheel)
		}
		return nil
	}
	if m.view == viewOwned {
		return m.ownedMouse(msg)
	}
	l := m.lay
	inTable := l.table.contains(ev.X, ev.Y)
	inDetail := l.detail.contains(ev.X, ev.Y)
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		switch {
		case inDetail:
			var cmd tea.Cmd
			m.detail, cmd = m.detail.Update(msg)
			return safe(cmd)
		case inTable:
			return m.tableUpdate(msg)
		}
	case tea.MouseClickMsg:
		if ev.Button != tea.MouseLeft {
			return nil
		}
		switch {
		case inDetail:
			return m.setFocus(focusDetail)
		case inTable:
			m.setFocus(focusTable)
			m.clickTable(ev.X-l.table.x, ev.Y-l.table.y)
		}
	}
	return nil
}

// clickTable handles a left click at (x, y) relative to the table: the
// header row sorts, a data row selects.
func (m *Model) clickTable(x, y int) {
	if m.res.set == nil || m.res.view.Len() == 0 {
		return
	}
	if y == 0 {
		col, ok := m.table.ColumnAt(x)
		if !ok {
			return
		}
		so := results.Sort{Col: col}
		if m.sort.Col == col {
			so = m.sort.Reverse()
		}
		m.setSort(so)
		return
	}
	if m.table.ClickRow(y) {
		m.syncDetail()
	}
}
