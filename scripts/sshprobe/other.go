//go:build !linux

// Command sshprobe attacks a running `numbrowse serve`; it reads the
// server's memory from /proc and dials from 127.0.0.x addresses, the
// Linux way, so elsewhere it only says so.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "sshprobe: Linux only")
	os.Exit(2)
}
