package cli

import (
	tea "charm.land/bubbletea/v2"

	"numbrowse/internal/results"
	"numbrowse/internal/serve"
	"numbrowse/ui"
)

// sessionModel builds the browser for each SSH session, on the server's
// settings s, key map km and backend b. Every session lists the server's
// saved searches; what a user saves with ctrl+s stays in their session
// (SaveSearch is nil: the server's config file is not theirs to change).
// The sessions showing one result share its index (results.Sharer).
func sessionModel(s settings, km ui.KeyMap, b *backend, searches []ui.SavedSearch) func(serve.Session) (tea.Model, error) {
	sharer := results.NewSharer() // one index per result, for every session
	return func(sess serve.Session) (tea.Model, error) {
		o := sessionOptions(s, km, b, sess)
		o.Searches = searches
		o.Sharer = sharer
		return ui.New(o), nil
	}
}

// sessionOptions are one SSH session's browser options: the shared
// inventory, the server's start country, type and key bindings, and the
// session's own context, colours and character set.
func sessionOptions(s settings, km ui.KeyMap, b *backend, sess serve.Session) ui.Options {
	o := baseOptions(s, km, sess.Getenv)
	o.Theme = sessionTheme(s.Theme, sess.Getenv("NUMBROWSE_THEME"))
	o.Inventory = b.inv
	o.Owned = sess.AllowOwned // the account behind the server's key: only when the operator allows it
	o.Purchaser = b.purchaser(sess.AllowPurchase && !s.ReadOnly)
	switch {
	case s.ReadOnly:
		o.BuyingOff = "this server is read-only (" + s.ReadOnlyFrom + ")"
	case !sess.AllowPurchase:
		o.BuyingOff = "this server does not allow buying (it was started without --allow-purchase)"
	}
	// A file would be written to the server's disk, not the user's: e
	// copies the rows as CSV to the user's clipboard instead. StateDir
	// stays "": recent countries live with the session, not in the server
	// account's home. TmuxClipboard stays false: the copy goes to the
	// client's own terminal.
	o.ExportToClipboard = true
	o.Context = sess.Context
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
