//go:build !linux

// Command startprobe measures numbrowse's start-up under a
// pseudo-terminal; it opens the terminal the Linux way, so elsewhere it
// only says so.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "startprobe: Linux only")
	os.Exit(2)
}
