package main

import (
	"context"
	"errors"
)

// runBrowser is replaced by the terminal UI in tui.go when package ui's
// root model lands; until then `numbrowse` without a subcommand says so.
func (a *app) runBrowser(context.Context) error {
	return errors.New("the browser is not built yet — use numbrowse search")
}
