package ui

import (
	"sync"

	"github.com/charmbracelet/x/ansi"
)

// warmOnce starts warmWidths once per process.
var warmOnce sync.Once

// warmWidths builds, in the background, the character-width table the
// renderer builds on the first non-ASCII character it draws (about 10 ms:
// the width of every Unicode character, computed once per process). Left
// to the renderer, that happens while it draws the first screen, which
// then comes 10 ms later; started from New, it overlaps the program's own
// start-up on another core.
func warmWidths() {
	warmOnce.Do(func() {
		go ansi.StringWidthWc("\u2026") // the first rune above U+02FF builds the table
	})
}
