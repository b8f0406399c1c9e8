package ui

import (
	"sync"

	"github.com/charmbracelet/x/ansi"
)

// Two things the browser needs take longer than everything else it does
// before drawing its first screen: the character-width table (the width
// of every Unicode character, built on the first non-ASCII character
// measured the terminal way, about 10 ms), which the first frame needs,
// and the country picker's search index (every country's names folded
// for matching, about 4 ms), which the first c needs. New starts building
// both in the background, once per process (the sessions of `numbrowse
// serve` share them, read-only), so they overlap the program's set-up and
// the wait for the first frame on another core instead of delaying it;
// whoever needs one first waits for what is not ready yet (both are built
// under a sync.Once), so nothing is built twice. Nothing starts when the
// package is merely imported (`numbrowse search` never builds them).

// warmOnce starts the warm-up once per process.
var warmOnce sync.Once

// warm starts building the width table and the country index in the
// background, the first time it is called; later calls do nothing.
func warm() {
	warmOnce.Do(func() {
		go ansi.StringWidthWc("\u2026") // the first rune above U+02FF builds the table
		go countryEntries()
	})
}

// countryEntries is the country picker's index, built once and shared by
// every picker (it is read-only): sessions of `numbrowse serve` share it
// too.
var countryEntries = sync.OnceValue(newCountryEntries)
