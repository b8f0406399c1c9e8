package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"numbrowse/api"
	"numbrowse/api/demo"
	"numbrowse/internal/inventory"
	"numbrowse/ui"
)

// Exit statuses, as the README documents them.
const (
	exitOK    = 0
	exitError = 1 // an API, network or response error
	exitUsage = 2 // a usage error: bad flag, config, country or type
)

type envFunc func(string) string

type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// usageError marks an error as the user's input being wrong (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// app is what every command shares: the I/O, the environment, and the
// settings resolved from flags, environment and config file.
type app struct {
	build Build
	io    stdio
	env   envFunc
	set   *settings
	// conf is the config file resolve read (empty when there is none);
	// serve takes its [serve] table from it.
	conf *fileConfig

	demoSrv *demo.Server
	client  *api.Client
	inv     *inventory.Service
	// clientOpts and invOpts are added by a command before connect; serve
	// adds its request log and its server-wide limiter.
	clientOpts []api.Option
	invOpts    []inventory.Option
}

// Build is what the numbrowse binary hands the command layer: its version
// (set with -ldflags at release time, "" otherwise) and its default key
// bindings (the root keymap.go).
type Build struct {
	Version string
	Keys    ui.KeyMap
}

// Main runs the command line of this process and returns its exit status.
func Main(b Build) int {
	return run(context.Background(), b, os.Args[1:], stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}, os.Getenv)
}

// run executes the command line and returns the exit status.
func run(ctx context.Context, b Build, args []string, sio stdio, env envFunc) int {
	a := &app{io: sio, env: env, build: b}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(sio.in)
	root.SetOut(sio.out)
	root.SetErr(sio.err)
	defer a.close()

	err := fang.Execute(ctx, root,
		fang.WithVersion(a.version()),
		fang.WithErrorHandler(a.printError),
		// A hang-up (the terminal or SSH connection is gone) ends the
		// program cleanly, as SIGINT and SIGTERM do.
		fang.WithNotifySignal(os.Interrupt, syscall.SIGTERM, syscall.SIGHUP),
	)
	switch {
	case err == nil:
		return exitOK
	case isUsage(err):
		return exitUsage
	}
	return exitError
}

func (a *app) close() {
	if a.demoSrv != nil {
		_ = a.demoSrv.Close()
	}
}

// isUsage reports whether err is the user's input being wrong.
func isUsage(err error) bool {
	var ue usageError
	var ve *api.ValidationError
	var ce *configError
	if errors.As(err, &ue) || errors.As(err, &ve) || errors.As(err, &ce) {
		return true
	}
	// cobra's own flag and argument errors carry no type.
	s := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand flag", "flag needs an argument",
		"invalid argument", "unknown command", "accepts ", "requires at least", "bad flag syntax"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// printError writes err as one line on stderr, in red on a terminal.
func (a *app) printError(w io.Writer, _ fang.Styles, err error) {
	msg := oneLine(describeError(err))
	if isUsage(err) && !strings.Contains(msg, " — ") {
		msg += " — see numbrowse --help"
	}
	if f, ok := a.io.err.(term.File); ok && term.IsTerminal(f.Fd()) && a.env("NO_COLOR") == "" {
		label := lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Red).Render("error:")
		cw := colorprofile.NewWriter(w, os.Environ())
		_, _ = fmt.Fprintln(cw, "numbrowse: "+label+" "+msg)
		return
	}
	_, _ = fmt.Fprintln(w, "numbrowse: error: "+msg)
}

// oneLine makes a message printable on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(api.Printable(s)), " ")
}

// version is the build's version: from -ldflags, else the module's build
// information, else "dev".
func (a *app) version() string {
	if a.build.Version != "" {
		return a.build.Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// userAgentVersion is the version without any commit suffix.
func (a *app) userAgentVersion() string { return strings.Fields(a.version())[0] }

func (a *app) rootCmd() *cobra.Command {
	f := &globalFlags{}
	root := &cobra.Command{
		Use:   "numbrowse",
		Short: "Browse the phone numbers the IdentityCall API offers for rent",
		Long: "numbrowse browses the phone numbers the IdentityCall API offers for rent: pick a country\n" +
			"and a number type, then sort, filter and inspect the results.\n\n" +
			"Run it on the embedded demo inventory with `numbrowse --demo`, or export\n" +
			"IDENTITYCALL_API_KEY to browse the real one.",
		Example: "  numbrowse --demo\n  numbrowse --country GB --type mobile\n" +
			"  numbrowse search --country DE --type local --sort monthly --format csv",
		Args:              cobra.NoArgs,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return a.resolve(cmd, f) },
		RunE:              func(cmd *cobra.Command, _ []string) error { return a.runBrowser(cmd.Context()) },
	}
	f.register(root)
	root.AddCommand(a.searchCmd())
	root.AddCommand(a.buyCmd())
	root.AddCommand(a.serveCmd())
	return root
}

// connect builds the api client (and, with --demo, starts the embedded
// inventory on loopback) and the shared inventory service.
func (a *app) connect() error {
	if a.client != nil {
		return nil
	}
	opts := []api.Option{
		api.WithTimeout(a.set.Timeout),
		api.WithVersion(a.userAgentVersion()),
	}
	if a.set.Demo {
		size, err := demo.SizeFromEnv()
		if err != nil {
			return usageError{err}
		}
		var dopts []demo.Option
		if size > 0 {
			dopts = append(dopts, demo.WithSize(size))
			// A benchmark-sized demo response is bigger than the usual cap.
			opts = append(opts, api.WithMaxBodyBytes(max(32<<20, int64(size)*1024)))
		}
		srv, err := demo.Start(dopts...)
		if err != nil {
			return fmt.Errorf("cannot start the demo inventory: %w", err)
		}
		a.demoSrv = srv
		opts = append(opts, api.WithBaseURL(srv.URL()), api.WithAPIKey(demo.APIKey))
	} else {
		opts = append(opts, api.WithBaseURL(a.set.APIURL), api.WithAPIKey(a.set.APIKey))
	}
	c, err := api.NewClient(append(opts, a.clientOpts...)...)
	if err != nil {
		return usageError{err}
	}
	a.client = c
	a.inv = inventory.New(c, a.invOpts...)
	return nil
}

// noKeyError is the sentence for having no API key (and no --demo).
const noKeyError = "IDENTITYCALL_API_KEY is not set — export it, or try --demo"

// requireKey fails with the usual hint when there is no API key and no demo.
func (a *app) requireKey() error {
	if a.set.Demo || a.set.APIKey != "" {
		return nil
	}
	return usageError{errors.New(noKeyError)}
}

// describeError turns any error into the sentence the user sees.
func describeError(err error) string {
	var ae *api.Error
	if errors.As(err, &ae) {
		return explainAPIError(ae)
	}
	return err.Error()
}

// explainAPIError is one sentence naming the cause and what to do.
func explainAPIError(e *api.Error) string {
	with := func(s string) string { return withMessages(s, e) }
	switch e.Kind {
	case api.KindAuth:
		if errors.Is(e, api.ErrNoAPIKey) {
			return noKeyError
		}
		return with("API key rejected (401)") + " — check IDENTITYCALL_API_KEY"
	case api.KindPermission:
		return with("API key lacks a permission (403)") + " — use a key with read permission"
	case api.KindRejected:
		return with("search rejected") + " — try another number type or country"
	case api.KindBadRequest:
		return with("the API refused the request (400)") + " — check --country and --type"
	case api.KindRateLimited:
		if e.RetryAfter > 0 {
			return with("rate limited") + fmt.Sprintf(" — try again in %s", e.RetryAfter.Round(time.Second))
		}
		return with("rate limited") + " — wait a minute and try again"
	case api.KindServer:
		return e.Error() + " — the API is having trouble; try again later"
	case api.KindTimeout:
		return "the API did not answer in time — try again, or raise --timeout"
	case api.KindNetwork:
		return e.Error() + " — check the network and --api-url"
	case api.KindBadResponse:
		return e.Error() + " — the API sent something numbrowse cannot read; try again later"
	case api.KindCanceled:
		return "interrupted"
	}
	return e.Error()
}

// withMessages is s followed by what the API said in e, if it said
// anything.
func withMessages(s string, e *api.Error) string {
	if msg := strings.Join(e.Messages, "; "); msg != "" {
		return s + ": " + msg
	}
	return s
}
