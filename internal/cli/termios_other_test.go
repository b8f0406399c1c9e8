//go:build !linux && !darwin

package cli

import (
	"errors"
	"os"
)

// terminalCooked cannot read a terminal's line discipline here (Windows
// has no termios); the pseudo-terminal tests skip before they need it.
func terminalCooked(*os.File) (bool, uint64, error) {
	return false, 0, errors.New("reading terminal settings is not supported on this platform")
}
