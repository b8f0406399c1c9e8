// Command numbrowse browses the phone numbers the IdentityCall API offers
// for rent: a terminal UI (the default command), `numbrowse search` for
// scripts, and `numbrowse serve` to host the browser as an SSH app.
package main

import (
	"context"
	"os"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

func main() {
	os.Exit(run(context.Background(), os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv))
}
