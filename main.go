// Command numbrowse browses the phone numbers the IdentityCall API offers
// for rent: a terminal UI (the default command), `numbrowse search` for
// scripts, and `numbrowse serve` to host the browser as an SSH app. The
// commands live in internal/cli; this file only hands them the build's
// version and the default key bindings.
package main

import (
	"os"

	"numbrowse/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise it comes from the module's build information.
var version = ""

func main() {
	os.Exit(cli.Main(cli.Build{Version: version, Keys: defaultKeyMap()}))
}
