//go:build !linux

// Command sshload measures what each SSH session of numbrowse serve costs
// the server; it reads the server's memory from /proc, so elsewhere it
// only says so.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "sshload: Linux only")
	os.Exit(2)
}
