package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"numbrowse/api"
)

// forceQuit always quits, whatever the user rebound.
var forceQuit = key.NewBinding(key.WithKeys("ctrl+c"))

// Update routes a message: global messages first (size, colours, search
// results, timers), then key presses, pastes and the rest to the focused
// component only.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	early := m.takeEarly()
	cmd := m.update(msg)
	if early != nil {
		cmd = tea.Batch(early, cmd)
	}
	if !m.buy.Busy() {
		m.quitArmed = false // the next purchase asks again
	}
	m.syncLayout()
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
	case startOwnedMsg:
		return m.startOwned(false, true)
	case ownedLoadedMsg:
		return m.ownedLoaded(msg)
	case ownedRetryMsg:
		return m.ownedRetry(msg)
	case ownedAgeMsg:
		if msg.gen == m.owned.ageGen {
			return m.ownedAgeCmd()
		}
	case watchTickMsg:
		return m.watchTick(msg)
	case watchDoneMsg:
		return m.watchDone(msg)
	case watchRepaintMsg:
		return m.watchRepaint(msg)
	case searchDoneMsg:
		return m.searchDone(msg)
	case staleResultsMsg:
		if msg.seq == m.search.shown {
			return nil // takeEarly showed them
		}
		return m.staleResults(msg)
	case listenedMsg:
		switch e := msg.msg.(type) {
		case searchWaitingMsg:
			if e.seq == m.search.seq {
				m.search.waiting = e.wait
			}
		case searchRetryMsg:
			if e.seq == m.search.seq && m.search.loading {
				m.search.retry, m.search.retryAt = &e.ev, m.now().Add(e.ev.RetryIn)
			}
		case searchProgressMsg:
			if e.seq == m.search.seq {
				m.search.done = max(m.search.done, e.done)
			}
		case searchPreviewMsg:
			return tea.Batch(m.searchPreview(e), listenCmd(msg.events))
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
		if m.search.loading || m.owned.loading { // the spinner stops by not ticking on
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
		recent := slices.Clone(m.recentSearches) // the session's own are newer
		for _, sr := range msg.Searches {
			if !slices.ContainsFunc(recent, func(s SavedSearch) bool { return s.key() == sr.key() }) {
				recent = append(recent, sr)
			}
		}
		m.recentSearches = recent
		m.recentSearches = m.recentSearches[:min(len(m.recentSearches), recentSearchMax)]
		if msg.Err != nil {
			return m.setNote("Recent countries not loaded: "+shortErr(msg.Err), noteWarning)
		}
	case recentSearchSavedMsg:
		m.recentSearches = msg.Searches
		if msg.Err != nil {
			return m.setNote("Recent searches not saved: "+shortErr(msg.Err), noteWarning)
		}
	case recentSavedMsg:
		m.recentList = msg.Recent
		if msg.Err != nil {
			return m.setNote("Recent countries not saved: "+shortErr(msg.Err), noteWarning)
		}
	case historyLoadedMsg:
		return m.historyLoaded(msg)
	case historySavedMsg:
		if msg.Err != nil {
			return m.setNote("Filter not remembered: "+shortErr(msg.Err), noteWarning)
		}
	case countryChosenMsg:
		return m.countryChosen(msg)
	case typeChosenMsg:
		return m.typeChosen(msg.Type)
	case copyChosenMsg:
		return m.copyChosen(msg.item)
	case searchChosenMsg:
		return m.searchChosen(msg.search)
	case saveAskedMsg:
		return m.saveSearch(msg.search, msg.replace)
	case searchSavedMsg:
		return m.searchSaved(msg)
	case pickerClosedMsg:
		return m.setFocus(m.baseFocus())
	case exportedMsg:
		return m.exported(msg)
	case purchaseDoneMsg, ownedCheckedMsg, buySpinMsg:
		// The purchase's answers go to the dialog whatever has the focus.
		var cmd tea.Cmd
		m.buy, cmd = m.buy.Update(msg)
		return safe(cmd)
	case purchasedMsg:
		return m.purchased(msg)
	case buyAgeMsg:
		if msg.seq == m.buy.seq {
			return m.buyAgeCmd()
		}
	case buyRefreshMsg:
		m.setFocus(focusTable)
		return m.startSearch(true, false)
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.MouseMsg:
		return m.mouse(msg)
	default:
		// Pastes, and any other message (a text input's own, the export
		// dialog's check), are the focused component's.
		return m.route(msg)
	}
	return nil
}

// key routes a key press. ctrl+c always quits (while a purchase is in
// flight, only when pressed twice); every other key goes to the focused
// component: an open dialog or input takes every key (q types a q; esc
// leaves it before it can mean back).
func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	if key.Matches(k, forceQuit) {
		if m.buy.Busy() && !m.quitArmed {
			m.quitArmed = true
			return m.setNote(m.st.text("A purchase is in flight — press ctrl+c again to quit anyway"), noteWarning)
		}
		return m.quit()
	}
	return m.route(k)
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
