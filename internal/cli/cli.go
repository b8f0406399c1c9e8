// Package cli is numbrowse's command layer: the cobra commands (the
// browser, search, buy, serve), the settings and their precedence (flag >
// environment > config file > default), the config file, the output
// formats, and the wiring of the browser and the SSH server.
//
// A run builds its values once and hands them down: the command line is
// parsed into settings (settings.go), the settings build a backend (the
// api client, the inventory and, with --demo, the demo server:
// backend.go), and each command takes the settings, the backend and its
// own parsed flags. Nothing here is called in a required order on a
// shared object.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"numbrowse/internal/watch"
	"numbrowse/ui"
)

// Exit statuses, as the README documents them.
const (
	exitOK      = 0
	exitError   = 1 // an API, network or response error
	exitUsage   = 2 // a usage error: bad flag, config, country or type
	exitNoMatch = 3 // watch --until passed without a match
)

// Build is what the numbrowse binary hands the command layer: its version,
// commit and commit date (set with -ldflags at release time, "" otherwise)
// and its default key bindings (the root keymap.go).
type Build struct {
	Version string
	Commit  string
	Date    string
	Keys    ui.KeyMap
}

type envFunc func(string) string

type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// process is what one run of the command line has from outside: the
// build, the standard streams, the environment and the clock. It does not
// change while the command runs.
type process struct {
	build Build
	io    stdio
	env   envFunc
	// clock is the time watch follows (and, with --demo, the demo's
	// arrivals); nil is the wall clock. Tests pass a fake one.
	clock watch.Clock
}

// Main runs the command line of this process and returns its exit status.
func Main(b Build) int {
	return run(context.Background(), b, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv)
}

// run executes the command line and returns the exit status.
func run(ctx context.Context, b Build, args []string, sio stdio, env envFunc) int {
	return process{build: b, io: sio, env: env}.run(ctx, args)
}

// run executes the command line args in p and returns the exit status.
func (p process) run(ctx context.Context, args []string) int {
	sio := p.io
	root := newRootCmd(p)
	root.SetArgs(args)
	root.SetIn(sio.in)
	root.SetOut(sio.out)
	root.SetErr(sio.err)

	err := fang.Execute(ctx, root,
		// The root command's own --version prints the report (see
		// newRootCmd): cobra's would go through a text/template.
		fang.WithoutVersion(),
		fang.WithErrorHandler(p.printError),
		// A hang-up (the terminal or SSH connection is gone) ends the
		// program cleanly, as SIGINT and SIGTERM do.
		fang.WithNotifySignal(os.Interrupt, syscall.SIGTERM, syscall.SIGHUP),
	)
	var empty emptyError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &empty):
		return exitEmpty
	case isUsage(err):
		return exitUsage
	case errors.Is(err, errNoMatch):
		return exitNoMatch
	}
	return exitError
}

// newRootCmd is the numbrowse command (the browser) with its subcommands.
// Every command resolves the global settings from its own flags first,
// then parses its own flags, then builds what it needs from them.
func newRootCmd(p process) *cobra.Command {
	f := &globalFlags{}
	settingsOf := func(cmd *cobra.Command) (settings, error) { return resolveSettings(cmd, f, p.env) }
	root := &cobra.Command{
		Use:   "numbrowse",
		Short: "Browse the phone numbers the IdentityCall API offers for rent",
		Long: "numbrowse browses the phone numbers the IdentityCall API offers for rent: pick a country\n" +
			"and a number type, then sort, filter and inspect the results.\n\n" +
			"Run it on the embedded demo inventory with `numbrowse --demo`, or export\n" +
			"IDENTITYCALL_API_KEY to browse the real one.",
		Example: "  numbrowse --demo\n  numbrowse --country GB --type mobile\n" +
			"  numbrowse search --country DE --type local --sort monthly --format csv",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if v, _ := cmd.Flags().GetBool("version"); v {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), p.build.versionReport())
				return err
			}
			s, err := settingsOf(cmd)
			if err != nil {
				return err
			}
			return runBrowser(cmd.Context(), p, s, browserStart{search: f.search,
				countryFlag: cmd.Flags().Changed("country"), typeFlag: cmd.Flags().Changed("type")})
		},
	}
	f.register(root)
	// --version is the root command's own flag, not cobra's: cobra prints
	// "NAME version VERSION" or runs a text/template, and a template
	// executed anywhere in the program makes the linker keep every
	// exported method of every type (reflect's MethodByName is reachable):
	// 2.8 MB of the release binary.
	root.Flags().BoolP("version", "v", false, "version for numbrowse")
	root.AddCommand(newSearchCmd(p, settingsOf))
	root.AddCommand(newOwnedCmd(p, settingsOf))
	root.AddCommand(newWatchCmd(p, settingsOf))
	root.AddCommand(newBuyCmd(p, settingsOf))
	root.AddCommand(newServeCmd(p, settingsOf))
	root.AddCommand(newConfigCmd(p, f, settingsOf))
	registerCompletions(root, settingsOf)
	return root
}
