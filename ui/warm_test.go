package ui

import (
	"testing"

	"numbrowse/internal/pkginit"
)

// TestNoPackageInit: nothing of the browser runs when the package is
// imported (every command imports it, `numbrowse search` too); the
// warm-up starts with the first New.
func TestNoPackageInit(t *testing.T) {
	pkginit.Check(t, false, ": start the work from New or Init instead")
}
