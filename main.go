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

// version, commit and date are set at release time (.goreleaser.yaml) with
// -ldflags "-X main.version=1.2.3 -X main.commit=… -X main.date=…";
// otherwise they come from the module's build information.
var (
	version = ""
	commit  = ""
	date    = ""
)

func main() {
	os.Exit(cli.Main(cli.Build{Version: version, Commit: commit, Date: date, Keys: defaultKeyMap()}))
}
