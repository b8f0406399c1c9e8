package cli

import "golang.org/x/sys/unix"

// getTermiosReq is the ioctl that reads a terminal's settings on Linux.
const getTermiosReq = unix.TCGETS
