package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/serve"
	"numbrowse/ui"
)

// serveTable is the config file's [serve] table. Pointers tell "not set"
// from a zero value; flags override it.
type serveTable struct {
	Listen            *string `toml:"listen"`
	HostKey           *string `toml:"host_key"`
	AuthorizedKeys    *string `toml:"authorized_keys"`
	MaxSessions       *int    `toml:"max_sessions"`
	IdleTimeout       *string `toml:"idle_timeout"`
	SearchesPerMinute *int    `toml:"searches_per_minute"`
	LogFile           *string `toml:"log_file"`
	AllowPurchase     *bool   `toml:"allow_purchase"`
	MaxStartups       *string `toml:"max_startups"`
	StartupsPerAddr   *int    `toml:"max_startups_per_address"`
	AllowOwned        *bool   `toml:"allow_owned"`
}

// serveFlags are numbrowse serve's flags as typed; resolveServe turns
// them and the config file's [serve] table into serveSettings.
type serveFlags struct {
	listen, hostKey, authorizedKeys, logFile string
	maxSessions, perMinute                   int
	idleTimeout                              time.Duration
	allowPurchase, allowOwned                bool
	maxStartups                              string
	startupsPerAddr                          int
	startups                                 serve.Startups // maxStartups, parsed
	// check validates the settings and files and exits (--check).
	check bool
}

// serveSettings are serve's resolved settings: flag > [serve] table >
// default, checked, with paths expanded.
type serveSettings serveFlags

func newServeCmd(p process, settingsOf func(*cobra.Command) (settings, error)) *cobra.Command {
	f := &serveFlags{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Host the browser as an SSH app for a team",
		Long: "serve hosts the browser over SSH: everyone allowed in runs their own browser with\n" +
			"`ssh -p 2222 host`, while the API key, one result cache and a server-wide search\n" +
			"limit stay on the server. Logins are by public key only, from --authorized-keys\n" +
			"(OpenSSH format); without it the server only listens on a loopback address.\n" +
			"Settings may also come from the config file's [serve] table.",
		Example: "  numbrowse serve --demo\n" +
			"  numbrowse serve --listen 0.0.0.0:2222 --authorized-keys ~/.config/numbrowse/authorized_keys\n" +
			"  ssh -p 2222 numbers.example   # from any allowed machine",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := settingsOf(cmd)
			if err != nil {
				return err
			}
			ss, err := resolveServe(cmd, *f, s, p.env)
			if err != nil {
				return err
			}
			if ss.check {
				return checkServe(p, s, ss)
			}
			return runServe(cmd.Context(), p, s, ss)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", serve.DefaultListen, "address to listen on")
	fl.StringVar(&f.hostKey, "host-key", "", "the server's ed25519 key, created when missing (default ssh_host_ed25519 in $XDG_DATA_HOME/numbrowse, or the platform's app data folder)")
	fl.StringVar(&f.authorizedKeys, "authorized-keys", "", "public keys allowed in, OpenSSH authorized_keys format (required unless --listen is loopback)")
	fl.IntVar(&f.maxSessions, "max-sessions", serve.DefaultMaxSessions, "sessions at once; the next is politely refused")
	fl.DurationVar(&f.idleTimeout, "idle-timeout", serve.DefaultIdleTimeout, "close a session after this long without a key press (0: never)")
	fl.IntVar(&f.perMinute, "searches-per-minute", serve.DefaultSearchesPerMinute, "upstream searches a minute, for all sessions together")
	fl.StringVar(&f.logFile, "log-file", "", "append the log to this file instead of stderr")
	fl.BoolVar(&f.allowPurchase, "allow-purchase", false, "let sessions buy numbers (off by default)")
	fl.StringVar(&f.maxStartups, "max-startups", serve.DefaultMaxStartups,
		"connections not logged in yet, as start:rate:full: from start on, drop new ones with rate % chance, all at full")
	fl.IntVar(&f.startupsPerAddr, "max-startups-per-address", serve.DefaultStartupsPerAddress,
		"connections not logged in yet from one address (an IPv6 /64)")
	fl.BoolVar(&f.allowOwned, "allow-owned", false, "let sessions list the numbers the server's API key owns (the o key; off by default)")
	fl.BoolVar(&f.check, "check", false, "check the settings, API key, host key and authorized keys, then exit (0: ready, 2: not)")
	return cmd
}

// checkServe is serve --check: everything runServe would refuse to start
// with, found without listening, creating a key or asking the API. It
// prints one line on success; a problem is a usage error (exit 2).
func checkServe(p process, s settings, f serveSettings) error {
	if err := s.requireKey(); err != nil {
		return err
	}
	if _, err := s.keyMap(p.build.Keys); err != nil {
		return err
	}
	if _, err := s.browserSearches(); err != nil {
		return err
	}
	if f.logFile != "" {
		lf, err := os.OpenFile(f.logFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return usagef("cannot open the log file %s: %v", f.logFile, unwrapPathErr(err))
		}
		_ = lf.Close()
	}
	rep, err := serve.Check(serve.Config{Listen: f.listen, HostKeyPath: f.hostKey, AuthorizedKeysPath: f.authorizedKeys})
	if err != nil {
		return usageError{err}
	}
	keys := "no authorized keys: any key on this machine gets in (loopback only)"
	if f.authorizedKeys != "" {
		keys = fmt.Sprintf("%d authorized key(s) in %s", rep.AuthorizedKeys, f.authorizedKeys)
	}
	host := "host key " + rep.HostKey
	if rep.HostKey == "" {
		host = "host key " + f.hostKey + " will be created on the first start"
	}
	if !rep.PermissionsChecked {
		host += " (its permissions are not checked on Windows: keep it in a folder only this account can read)"
	}
	_, err = fmt.Fprintf(p.io.out, "numbrowse serve: ready to listen on %s; %s; %s\n", f.listen, keys, host)
	return err
}

// runServe builds the shared client, inventory and limiter from s and f,
// and serves until ctx ends (SIGINT or SIGTERM).
func runServe(ctx context.Context, p process, s settings, f serveSettings) error {
	if err := s.requireKey(); err != nil {
		return err
	}
	logOut := p.io.err
	if f.logFile != "" {
		lf, err := os.OpenFile(f.logFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return usagef("cannot open the log file %s: %v", f.logFile, unwrapPathErr(err))
		}
		defer func() { _ = lf.Close() }()
		logOut = lf
	}
	logger := serve.NewLogger(logOut)
	b, err := newBackend(s, p.build.userAgentVersion(), backendExtras{
		client:    []api.Option{api.WithObserver(serve.RequestLogger(logger))},
		inventory: []inventory.Option{inventory.WithLimiter(serve.NewLimiter(f.perMinute))},
	})
	if err != nil {
		return err
	}
	defer func() { _ = b.Close() }()
	km, err := s.keyMap(p.build.Keys)
	if err != nil {
		return err
	}
	searches, err := s.browserSearches()
	if err != nil {
		return err
	}
	srv, err := serve.New(serve.Config{
		Listen:                f.listen,
		HostKeyPath:           f.hostKey,
		AuthorizedKeysPath:    f.authorizedKeys,
		MaxSessions:           f.maxSessions,
		MaxStartups:           f.startups,
		MaxStartupsPerAddress: f.startupsPerAddr,
		IdleTimeout:           f.idleTimeout,
		AllowPurchase:         f.allowPurchase,
		AllowOwned:            f.allowOwned,
		Version:               p.build.userAgentVersion(),
		Logger:                logger,
		NewModel:              sessionModel(s, km, b, searches),
		Notice:                func(text string) tea.Msg { return ui.NoticeMsg{Text: text} },
	})
	if err != nil {
		var he *serve.HostKeyError
		var ke *serve.AuthorizedKeysError
		if errors.As(err, &he) || errors.As(err, &ke) || f.authorizedKeys == "" {
			return usageError{err}
		}
		return err
	}
	if f.logFile != "" {
		// The log goes to the file; say the essentials here too.
		_, _ = fmt.Fprintf(p.io.err, "numbrowse: serving on %s, logging to %s\n", f.listen, f.logFile)
		if f.authorizedKeys == "" {
			_, _ = fmt.Fprintf(p.io.err, "numbrowse: warning: no --authorized-keys — anyone on this machine may connect\n")
		}
	}
	return srv.ListenAndServe(ctx)
}

// resolveServe applies flag > [serve] table > default to f, the table from
// the config file the settings s were read from.
func resolveServe(cmd *cobra.Command, f serveFlags, s settings, env envFunc) (serveSettings, error) {
	cfg := s.file
	var tbl serveTable
	if cfg.Serve != nil {
		tbl = *cfg.Serve
	}
	changed := func(name string) bool { return cmd.Flags().Changed(name) }
	bad := func(key, msg string) error { return cfg.errorAt(key, "serve."+key+": "+msg) }
	path := func(flag string, val *string, fromFile *string) {
		switch {
		case changed(flag):
			*val = expandHome(*val, env("HOME"))
		case fromFile != nil:
			*val = cfg.filePath(*fromFile, env("HOME"))
		}
	}
	if !changed("listen") && tbl.Listen != nil {
		f.listen = *tbl.Listen
	}
	path("host-key", &f.hostKey, tbl.HostKey)
	path("authorized-keys", &f.authorizedKeys, tbl.AuthorizedKeys)
	path("log-file", &f.logFile, tbl.LogFile)
	if !changed("max-sessions") && tbl.MaxSessions != nil {
		if *tbl.MaxSessions < 1 {
			return serveSettings{}, bad("max_sessions", "must be at least 1")
		}
		f.maxSessions = *tbl.MaxSessions
	}
	if !changed("searches-per-minute") && tbl.SearchesPerMinute != nil {
		if *tbl.SearchesPerMinute < 1 {
			return serveSettings{}, bad("searches_per_minute", "must be at least 1")
		}
		f.perMinute = *tbl.SearchesPerMinute
	}
	if !changed("idle-timeout") && tbl.IdleTimeout != nil {
		d, err := time.ParseDuration(strings.TrimSpace(*tbl.IdleTimeout))
		if err != nil || d < 0 {
			return serveSettings{}, bad("idle_timeout", fmt.Sprintf("%q is not a duration — use a value like \"15m\", or \"0s\" for never", *tbl.IdleTimeout))
		}
		f.idleTimeout = d
	}
	if !changed("allow-purchase") && tbl.AllowPurchase != nil {
		f.allowPurchase = *tbl.AllowPurchase
	}
	if !changed("max-startups") && tbl.MaxStartups != nil {
		st, err := serve.ParseStartups(*tbl.MaxStartups)
		if err != nil {
			return serveSettings{}, bad("max_startups", err.Error())
		}
		f.maxStartups = *tbl.MaxStartups
		f.startups = st
	}
	if !changed("max-startups-per-address") && tbl.StartupsPerAddr != nil {
		if *tbl.StartupsPerAddr < 1 {
			return serveSettings{}, bad("max_startups_per_address", "must be at least 1")
		}
		f.startupsPerAddr = *tbl.StartupsPerAddr
	}
	if f.startups == (serve.Startups{}) {
		st, err := serve.ParseStartups(f.maxStartups)
		if err != nil {
			return serveSettings{}, usagef("--max-startups: %v", err)
		}
		f.startups = st
	}
	if !changed("allow-owned") && tbl.AllowOwned != nil {
		f.allowOwned = *tbl.AllowOwned
	}

	switch {
	case f.maxSessions < 1:
		return serveSettings{}, usagef("--max-sessions %d must be at least 1", f.maxSessions)
	case f.perMinute < 1:
		return serveSettings{}, usagef("--searches-per-minute %d must be at least 1", f.perMinute)
	case f.startupsPerAddr < 1:
		return serveSettings{}, usagef("--max-startups-per-address %d must be at least 1", f.startupsPerAddr)
	case f.idleTimeout < 0:
		return serveSettings{}, usagef("--idle-timeout %s must not be negative — use 0 for never", f.idleTimeout)
	case f.allowPurchase && s.ReadOnly:
		return serveSettings{}, usagef("--allow-purchase and --read-only contradict each other — drop one")
	}
	if f.hostKey == "" {
		f.hostKey = defaultHostKeyPath(env)
		if f.hostKey == "" {
			return serveSettings{}, noUserDir(dirData, "--host-key")
		}
	}
	return serveSettings(f), nil
}

// defaultHostKeyPath is ssh_host_ed25519 in numbrowse's data directory
// (userDir: $XDG_DATA_HOME/numbrowse or ~/.local/share/numbrowse on
// Linux), or "".
func defaultHostKeyPath(env envFunc) string {
	dir := userDir(env, runtime.GOOS, dirData)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "ssh_host_ed25519")
}
