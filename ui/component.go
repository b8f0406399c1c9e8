package ui

import tea "charm.land/bubbletea/v2"

// component is a pane or dialog that can have the focus (soft-serve's
// Component idea). The root routes to "the focused one" in one place
// (Model.focused): every key press but ctrl+c, every paste, the mouse
// wheel while a dialog is open and every message the root does not handle
// itself go to it; the root draws it over the body while it has the focus
// and tells it when it gains and loses the focus.
//
// Each pane keeps its own type, whose Update returns that type (the tests
// drive the panes directly); the root keeps them as values, and the
// methods below, on pointers to the root's own copies, wrap them.
type component interface {
	// update handles a message routed to the focused component. root is
	// the browser: some keys are its business (while the table has the
	// focus its keys are the browser's actions), and a picker's choice is
	// handled by the root at once.
	update(root *Model, msg tea.Msg) tea.Cmd
	// overlay is what the component draws over the body while it has the
	// focus, centred by the root; "" for the panes drawn in the body.
	overlay() string
	// onFocus and onBlur tell the component it gains or loses the focus.
	onFocus() tea.Cmd
	onBlur()
	// modal reports whether the component is a dialog or a text input,
	// which takes every key while it has the focus (q types a q, esc
	// leaves it before it can mean back); the mouse then only turns its
	// wheel, and clicks on the panes below do nothing. Modal components
	// draw themselves (overlay, footer); the others are drawn in the
	// body. The root asks when the component gains the focus.
	modal() bool
}

// footer is a component that draws itself on the help line while it has
// the focus (the filter input), w cells wide.
type footer interface {
	footer(root *Model, w int) string
}

// focus names the component that receives key presses.
type focus int

const (
	focusTable    focus = iota // the results table (the default)
	focusDetail                // the detail pane, for scrolling
	focusFilter                // the filter input
	focusCountry               // the country picker dialog
	focusType                  // the type picker dialog
	focusExport                // the export dialog
	focusBuy                   // the purchase dialog
	focusHelp                  // the full-help overlay
	focusCopy                  // the copy menu
	focusSearches              // the saved and recent searches
	focusSave                  // the dialog that saves a search
	focusOwned                 // the owned view (owned.go)
)

// components maps each focus to its component in a model. A new pane or
// dialog is registered here, in one line: its component is then routed
// to, drawn, focused and blurred with the others.
type components map[focus]func(m *Model) component

// newComponents is the browser's registry: one for each model (a map
// filled once in New and only read afterwards, which the copies of the
// model share).
func newComponents() components {
	return components{
		focusTable:    func(m *Model) component { return &m.table },
		focusDetail:   func(m *Model) component { return &m.detail },
		focusFilter:   func(m *Model) component { return m.filterInput },
		focusCountry:  func(m *Model) component { return &m.countryPick },
		focusType:     func(m *Model) component { return &m.typePick },
		focusExport:   func(m *Model) component { return &m.export },
		focusBuy:      func(m *Model) component { return &m.buy },
		focusHelp:     func(m *Model) component { return &m.fullHelp },
		focusCopy:     func(m *Model) component { return &m.copyMenu },
		focusSearches: func(m *Model) component { return &m.searchPick },
		focusSave:     func(m *Model) component { return m.saveDialog },
		focusOwned:    func(m *Model) component { return &m.ownedPane },
	}
}

// focused is the component that has the focus.
func (m *Model) focused() component { return m.parts[m.focus](m) }

// setFocus moves the focus to f: the component that had it is blurred
// (when it is another one) and f's is focused.
func (m *Model) setFocus(f focus) tea.Cmd {
	if f != m.focus {
		m.focused().onBlur()
	}
	m.focus = f
	c := m.focused()
	m.focusModal = c.modal()
	return c.onFocus()
}

// route hands msg to the focused component.
func (m *Model) route(msg tea.Msg) tea.Cmd { return m.focused().update(m, msg) }

// pickerDone handles a picker's command at once. The pickers' commands
// only carry their choice (or the close) back: handling it in the same
// Update means that the keys typed right after enter or esc (often in the
// same packet over SSH) reach the table, not the closing picker.
func (m *Model) pickerDone(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	msg := safe(cmd)()
	if _, ok := msg.(tea.BatchMsg); ok {
		return func() tea.Msg { return msg }
	}
	return m.update(msg)
}
