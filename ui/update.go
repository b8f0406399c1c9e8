package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"numbrowse/api"
)

// forceQuit always quits, whatever the user rebound.
var forceQuit = key.NewBinding(key.WithKeys("ctrl+c"))

// Update routes a message: global messages first (size, colours, search
// results, timers), then key presses to the focused part only.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	if !m.buy.Busy() {
		m.quitArmed = false // the next purchase asks again
	}
	m.syncKeys()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		if m.followsTerminal() {
			m.isDark = msg.IsDark()
			m.restyle()
		}
	case tea.ColorProfileMsg:
		m.profile = msg.Profile
		if m.cfg.NoColor {
			m.profile = min(m.profile, colorprofile.ASCII)
		}
		m.restyle()
	case startSearchMsg:
		return m.startSearch(msg.fresh, false)
	case searchDoneMsg:
		return m.searchDone(msg)
	case listenedMsg:
		if w, ok := msg.msg.(searchWaitingMsg); ok && w.seq == m.search.seq {
			m.search.waiting = w.wait
		}
		return listenCmd(msg.events)
	case retryTickMsg:
		return m.retryTick(msg)
	case ageTickMsg:
		if msg.gen == m.ageGen {
			return m.ageTickCmd()
		}
	case noteExpiredMsg:
		if msg.id == m.noteID {
			m.note = note{}
		}
	case spinner.TickMsg:
		if m.search.loading { // the spinner stops by not ticking on
			var cmd tea.Cmd
			m.spin, cmd = m.spin.Update(msg)
			return cmd
		}
	case NoticeMsg:
		return m.setNote(api.Printable(msg.Text), noteWarning)
	case commandFailedMsg:
		p := describe(msg.err)
		return m.setNote(p.String(), noteError)
	case recentLoadedMsg:
		m.recentList = msg.Recent
		if msg.Err != nil {
			return m.setNote("Recent countries not loaded: "+shortErr(msg.Err), noteWarning)
		}
	case recentSavedMsg:
		m.recentList = msg.Recent
		if msg.Err != nil {
			return m.setNote("Recent countries not saved: "+shortErr(msg.Err), noteWarning)
		}
	case countryChosenMsg:
		return m.countryChosen(msg.Country)
	case typeChosenMsg:
		return m.typeChosen(msg.Type)
	case pickerClosedMsg:
		return m.setFocus(focusTable)
	case exportedMsg:
		return m.exported(msg)
	case purchaseDoneMsg, ownedCheckedMsg, buySpinMsg:
		// The purchase's answers go to the dialog whatever has the focus.
		var cmd tea.Cmd
		m.buy, cmd = m.buy.Update(msg)
		return safe(cmd)
	case purchasedMsg:
		return m.purchased(msg)
	case buyRefreshMsg:
		m.setFocus(focusTable)
		return m.startSearch(true, false)
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		return m.paste(msg)
	case tea.MouseMsg:
		return m.mouse(msg)
	default:
		return m.toFocused(msg)
	}
	return nil
}

// key routes a key press. ctrl+c always quits (while a purchase is in
// flight, only when pressed twice). An open dialog or input takes every
// key (q types a q; esc leaves it before it can mean back).
func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, forceQuit) {
		if m.buy.Busy() && !m.quitArmed {
			m.quitArmed = true
			return m.setNote(m.st.text("A purchase is in flight — press ctrl+c again to quit anyway"), noteWarning)
		}
		return m.quit()
	}
	var cmd tea.Cmd
	switch m.focus {
	case focusFilter:
		return m.filterKey(k)
	case focusCountry:
		m.countryPick, cmd = m.countryPick.Update(k)
		return m.pickerDone(cmd)
	case focusType:
		m.typePick, cmd = m.typePick.Update(k)
		return m.pickerDone(cmd)
	case focusExport:
		m.export, cmd = m.export.Update(k)
		return safe(cmd)
	case focusBuy:
		// Not pickerDone: the dialog's command may be the purchase, which
		// must not run inside Update.
		m.buy, cmd = m.buy.Update(k)
		return safe(cmd)
	case focusHelp:
		return m.helpKey(k)
	case focusDetail:
		return m.detailKey(k)
	}
	return m.tableKey(k)
}

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

// paste types pasted text into the focused input, if any.
func (m *Model) paste(p tea.PasteMsg) tea.Cmd {
	var cmd tea.Cmd
	switch m.focus {
	case focusFilter:
		return m.filterPaste(p)
	case focusCountry:
		m.countryPick, cmd = m.countryPick.Update(p)
	case focusExport:
		m.export, cmd = m.export.Update(p)
	case focusBuy:
		m.buy, cmd = m.buy.Update(p)
	}
	return safe(cmd)
}

// toFocused hands any other message (a text input's internal messages,
// for instance) to the focused part.
func (m *Model) toFocused(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch m.focus {
	case focusFilter:
		m.filterInput, cmd = m.filterInput.Update(msg)
	case focusExport:
		m.export, cmd = m.export.Update(msg)
	case focusDetail:
		m.detail, cmd = m.detail.Update(msg)
	}
	return safe(cmd)
}

// quit cancels the search in flight and ends the program.
func (m *Model) quit() tea.Cmd {
	if m.search.cancel != nil {
		m.search.cancel()
		m.search.cancel = nil
	}
	m.search.loading = false
	return tea.Quit
}

// shortErr is an error's text, safe to print and short.
func shortErr(err error) string { return clip(api.Printable(err.Error()), 100) }
