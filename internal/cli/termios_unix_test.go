//go:build linux || darwin

package cli

import (
	"os"

	"golang.org/x/sys/unix"
)

// terminalCooked reports whether the terminal behind f is in cooked mode
// with echo (ICANON and ECHO set), and its local flags for a message.
func terminalCooked(f *os.File) (bool, uint64, error) {
	tio, err := unix.IoctlGetTermios(int(f.Fd()), getTermiosReq)
	if err != nil {
		return false, 0, err
	}
	lflag := uint64(tio.Lflag)
	return lflag&unix.ICANON != 0 && lflag&unix.ECHO != 0, lflag, nil
}
