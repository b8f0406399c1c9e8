package main

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"numbrowse/serve"
	"numbrowse/ui"
)

// sessionModel builds the browser for one SSH session: the shared
// inventory, the server's start country, type and key bindings, and the
// session's own context, colours and character set.
func (a *app) sessionModel(km ui.KeyMap) func(serve.Session) (tea.Model, error) {
	// An export would be written to the server's disk, not the user's.
	km.Export = key.Binding{}
	return func(s serve.Session) (tea.Model, error) {
		keys := km
		if !s.AllowPurchase {
			// When ui.Options gains the Purchaser, pass a.client here only
			// if s.AllowPurchase; until then the key is simply not bound.
			keys.Buy = key.Binding{}
		}
		return ui.New(ui.Options{
			Inventory: a.inv,
			Country:   a.set.Country,
			Type:      a.set.Type,
			Demo:      a.set.Demo,
			Keys:      keys,
			Mouse:     a.set.Mouse,
			ASCII:     a.set.ASCII || !utf8Locale(s.Getenv),
			NoColor:   s.Getenv("NO_COLOR") != "",
			// StateDir stays "": recent countries live with the session,
			// not in the server account's home. TmuxClipboard stays false:
			// the copy goes to the client's own terminal.
			Context: s.Context,
		}), nil
	}
}
