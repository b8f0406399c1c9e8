package ui

import (
	"sync"

	"github.com/charmbracelet/x/ansi"
)

// Two things the first screen needs take longer than everything else the
// browser does before drawing it: the character-width table (the width of
// every Unicode character, built on the first non-ASCII character measured
// the terminal way, about 10 ms) and the country picker's search index
// (every country's names folded for matching, about 4 ms). Both are built
// once per process, in the background, from the package's initialisation:
// they overlap the command line's parsing and the program's set-up on
// another core instead of delaying the first screen. New waits for what
// is not ready yet (sync.Once), so nothing is built twice.
func init() {
	go ansi.StringWidthWc("\u2026") // the first rune above U+02FF builds the table
	go countryEntries()
}

// countryEntries is the country picker's index, built once and shared by
// every picker (it is read-only): sessions of `numbrowse serve` share it
// too.
var countryEntries = sync.OnceValue(newCountryEntries)
