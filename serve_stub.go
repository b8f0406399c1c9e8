package main

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"numbrowse/serve"
	"numbrowse/ui"
)

// sessionModel builds the browser for one SSH session. It is replaced by
// serve_browser.go (ui.New with the session's context, keys and colours)
// when package ui's root model lands; until then a session is told so and
// closed, as `numbrowse` without a subcommand is (tui_stub.go).
func (a *app) sessionModel(ui.KeyMap) func(serve.Session) (tea.Model, error) {
	return func(serve.Session) (tea.Model, error) {
		return nil, errors.New("the browser is not built yet — use numbrowse search")
	}
}
