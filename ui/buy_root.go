package ui

import (
	"maps"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// The root's side of buying: opening the purchase dialog on the selected
// row, and what a purchase changes (the row is rented, the cached
// inventory forgets the number, the status line says so). The dialog
// itself is buy.go and buy_view.go.

// isRented reports whether the number is the account's: bought in this
// session, or in the account's list of numbers.
func (m *Model) isRented(e164 string) bool {
	_, ok, _ := m.ownedEntry(e164)
	return ok
}

// canBuy reports whether b can open the purchase dialog now: buying is
// allowed, a row is selected, it is not rented already, and no purchase
// is in flight.
func (m *Model) canBuy() bool {
	if m.cfg.Purchaser == nil || m.res.view.Len() == 0 || m.buy.Busy() {
		return false
	}
	n, _ := m.selectedNumber()
	return n != nil && !m.isRented(n.E164)
}

// bound reports whether k is one of b's keys, enabled or not.
func bound(k tea.KeyPressMsg, b key.Binding) bool {
	return slices.Contains(b.Keys(), k.String())
}

// openBuy opens the purchase dialog on the selected number, or says why it
// cannot (a rented row, a purchase in flight).
func (m *Model) openBuy() tea.Cmd {
	n, intl := m.selectedNumber()
	switch {
	case n == nil:
		return nil
	case m.isRented(n.E164):
		o, _, session := m.ownedEntry(n.E164)
		where := "on your account (o lists your numbers)"
		if session {
			where = "bought in this session"
		}
		return m.setNote(m.st.text(intl+" is already yours ("+idText(o.ID)+") — "+where), noteInfo)
	case m.buy.Busy():
		return m.setNote("Another purchase is in flight", noteWarning)
	case m.res.stale:
		// Kept from before and not confirmed: a price or a number may
		// have changed. Buying always starts from a fresh search. Short
		// enough for the status line at 80 columns, which cuts (a longer
		// sentence read "… wait for the fresh search before buy").
		what := "wait for the fresh search to buy"
		if !m.search.loading {
			what = "press r to search again, then buy"
		}
		return m.setNote(m.st.text("Results "+staleText(m.now().Sub(m.res.fetchedAt))+": "+what), noteWarning)
	}
	m.buy.SetClock(m.cfg.Now)
	m.buy = m.buy.Open(*n, intl, m.now().Sub(m.res.fetchedAt))
	m.sizeDialogs()
	return tea.Batch(m.setFocus(focusBuy), m.buyAgeCmd())
}

// buyAgeMsg repaints the purchase dialog when its results' age matters:
// when they pass buyStaleAfter (the warning appears) and each minute
// after (its age goes on).
type buyAgeMsg struct{ seq int }

// buyAgeCmd schedules the purchase dialog's next repaint for the age of
// its results, while it is open and editing.
func (m *Model) buyAgeCmd() tea.Cmd {
	if m.focus != focusBuy || !m.buy.Editing() {
		return nil
	}
	age := m.buy.Age()
	d := buyStaleAfter - age
	if d <= 0 {
		d = time.Minute - (age-buyStaleAfter)%time.Minute
	}
	seq := m.buy.seq
	return m.after(d, func(time.Time) tea.Msg { return buyAgeMsg{seq: seq} })
}

// purchased records a number that is now on the account: its row shows
// as rented, no cached search offers it again, and the status line says
// so (the dialog, still open, shows the details).
func (m *Model) purchased(msg purchasedMsg) tea.Cmd {
	rented := maps.Clone(m.rented)
	if rented == nil {
		rented = map[string]api.OwnedNumber{}
	}
	rented[msg.E164] = msg.Owned
	m.rented = rented
	m.ownedBought(msg)
	if inv := m.cfg.Inventory; inv != nil {
		// The number's own type may differ from the search's (a provider's
		// type name), and all-types results come from one search per type:
		// forget it wherever its country's searches may have cached it.
		inv.Forget(msg.Query, msg.E164)
		for _, t := range api.NumberTypes() {
			inv.Forget(api.Query{Country: msg.Query.Country, Type: t}, msg.E164)
		}
	}
	n := api.Number{E164: msg.E164, Country: msg.Query.Country}
	intl := api.Printable(results.International(&n))
	return m.setNote(m.st.text("Bought "+intl+" ("+idText(msg.Owned.ID)+")"), noteSuccess)
}

// PurchaseInFlight returns the number (international format) whose
// purchase was sent and not yet answered, or whose ownership check is
// still running, or "" when none is. A program that ends while one is in
// flight should tell the user to check their numbers.
func (m Model) PurchaseInFlight() string {
	if !m.buy.Busy() {
		return ""
	}
	return m.buy.intl
}
