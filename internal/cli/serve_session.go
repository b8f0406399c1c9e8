package cli

import (
	tea "charm.land/bubbletea/v2"

	"numbrowse/internal/serve"
	"numbrowse/ui"
)

// sessionModel builds the browser for one SSH session.
func (a *app) sessionModel(km ui.KeyMap) func(serve.Session) (tea.Model, error) {
	return func(s serve.Session) (tea.Model, error) {
		return ui.New(a.sessionOptions(km, s)), nil
	}
}

// sessionOptions are one SSH session's browser options: the shared
// inventory, the server's start country, type and key bindings, and the
// session's own context, colours and character set.
func (a *app) sessionOptions(km ui.KeyMap, s serve.Session) ui.Options {
	o := a.baseOptions(km, s.Getenv)
	o.Theme = sessionTheme(a.set.Theme, s.Getenv("NUMBROWSE_THEME"))
	o.Inventory = a.inv
	if s.AllowPurchase {
		o.Purchaser = a.purchaser()
	}
	// A file would be written to the server's disk, not the user's: e
	// copies the rows as CSV to the user's clipboard instead. StateDir
	// stays "": recent countries live with the session, not in the server
	// account's home. TmuxClipboard stays false: the copy goes to the
	// client's own terminal.
	o.ExportToClipboard = true
	o.Context = s.Context
	return o
}

// sessionTheme is the theme a session asked for (NUMBROWSE_THEME sent
// with SendEnv), else the server's.
func sessionTheme(server, client string) string {
	if t, ok := parseTheme(client); ok {
		return t
	}
	return server
}
