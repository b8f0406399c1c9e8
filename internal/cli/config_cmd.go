package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"numbrowse/api"
)

// newConfigCmd is `numbrowse config path | show | init`: where the config
// file is, the settings in force and where each came from, and a
// commented starting file.
func newConfigCmd(p process, f *globalFlags, settingsOf func(*cobra.Command) (settings, error)) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show where the config file is and the settings in force, or start one",
		Long: "config path prints where the config file is (--config, NUMBROWSE_CONFIG, or the default);\n" +
			"config show prints every setting in force and where it came from (a flag, the\n" +
			"environment, the config file's line, or the default), never the API key itself;\n" +
			"config init writes a commented config file to start from, and never overwrites one.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "path",
		Short: "Print where the config file is",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			path, _ := configPathOf(f, p.env)
			if path == "" {
				return noUserDir(dirConfig, "--config")
			}
			_, err := fmt.Fprintln(p.io.out, path)
			return err
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "show",
		Short: "Print the settings in force and where each came from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := settingsOf(cmd)
			if err != nil {
				return err
			}
			return showConfig(p.io.out, cmd, f, p.env, s)
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "init",
		Short: "Write a commented config file to start from (never overwrites one)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			path, _ := configPathOf(f, p.env)
			if path == "" {
				return noUserDir(dirConfig, "--config")
			}
			if err := initConfig(path); err != nil {
				return err
			}
			_, err := fmt.Fprintf(p.io.out, "wrote %s — every setting in it is commented out: uncomment what you want to change\n", path)
			return err
		},
	})
	return cmd
}

// configPathOf is the config file resolveSettings reads, and what chose
// it.
func configPathOf(f *globalFlags, env envFunc) (path, from string) {
	switch {
	case f.config != "":
		return f.config, "--config"
	case env("NUMBROWSE_CONFIG") != "":
		return env("NUMBROWSE_CONFIG"), "NUMBROWSE_CONFIG"
	}
	return defaultConfigPath(env), "the default"
}

// showConfig prints each setting of s with where it came from, by the
// precedence resolveSettings applies: flag > environment > file > default.
func showConfig(w io.Writer, cmd *cobra.Command, f *globalFlags, env envFunc, s settings) error {
	r := resolver{cmd: cmd, env: env}
	cfg := s.file
	path, pathFrom := configPathOf(f, env)
	fileState := "not there, so the defaults apply; numbrowse config init writes one"
	if cfg.path != "" {
		fileState = "read"
	}
	fileLine := func(key string) string {
		if n := findKeyLine(cfg.raw, key); n > 0 {
			return cfg.path + ":" + strconv.Itoa(n)
		}
		return cfg.path
	}
	from := func(flag, envName, key string, inFile bool) string {
		switch {
		case flag != "" && r.changed(flag):
			return "flag --" + flag
		case envName != "" && env(envName) != "":
			return "env " + envName
		case inFile:
			return fileLine(key)
		}
		return "default"
	}
	key := "none (numbrowse search and the browser need one, or --demo)"
	keyFrom := "-"
	switch {
	case r.changed("api-key-file"):
		key, keyFrom = "set, not shown", "the file "+f.apiKeyFile+" (flag --api-key-file)"
	case env("IDENTITYCALL_API_KEY") != "":
		key, keyFrom = "set, not shown", "env IDENTITYCALL_API_KEY"
	case cfg.APIKeyFile != nil:
		key, keyFrom = "set, not shown", "the file "+cfg.filePath(*cfg.APIKeyFile, env("HOME"))+" ("+fileLine("api_key_file")+")"
	}
	onOff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	rebound := "none"
	if n := len(s.Keys); n > 0 {
		rebound = fmt.Sprintf("%d action(s) rebound", n)
	}
	rows := [][3]string{
		{"config file", path + " (" + fileState + ")", pathFrom},
		{"api_url", s.APIURL, from("api-url", "IDENTITYCALL_API_URL", "api_url", cfg.APIURL != nil)},
		{"api key", key, keyFrom},
		{"country", countriesText(s), from("country", "NUMBROWSE_COUNTRY", "country", cfg.Country != nil)},
		{"type", s.Type.String(), from("type", "NUMBROWSE_TYPE", "type", cfg.Type != nil)},
		{"timeout", s.Timeout.String(), from("timeout", "NUMBROWSE_TIMEOUT", "timeout", cfg.Timeout != nil)},
		{"demo", onOff(s.Demo), from("demo", "NUMBROWSE_DEMO", "demo", cfg.Demo != nil)},
		{"read_only", onOff(s.ReadOnly), from("read-only", "NUMBROWSE_READ_ONLY", "read_only", cfg.ReadOnly != nil)},
		{"mouse", onOff(s.Mouse), from("mouse", "NUMBROWSE_MOUSE", "mouse", cfg.Mouse != nil)},
		{"ascii", onOff(s.ASCII), from("ascii", "NUMBROWSE_ASCII", "ascii", cfg.ASCII != nil)},
		{"no_bell", onOff(s.NoBell), from("no-bell", "NUMBROWSE_NO_BELL", "no_bell", cfg.NoBell != nil)},
		{"watch_every", s.WatchEvery.String(), from("watch-every", "NUMBROWSE_WATCH_EVERY", "watch_every", cfg.WatchEvery != nil)},
		{"theme", s.Theme, from("theme", "NUMBROWSE_THEME", "theme", cfg.Theme != nil)},
		{"max_response", api.FormatBytes(s.MaxResponse), from("max-response", "NUMBROWSE_MAX_RESPONSE", "max_response", cfg.MaxResponse != nil)},
		{"cache", onOff(s.Cache), from("no-cache", "NUMBROWSE_CACHE", "cache", cfg.Cache != nil)},
		{"keys", rebound, from("", "", "keys", len(cfg.Keys) > 0)},
	}
	if len(cfg.Keys) > 0 {
		rows[len(rows)-1][2] = cfg.path + " [keys]"
	}
	searches := "none (ctrl+s in the browser saves one)"
	searchesFrom := "-"
	if len(cfg.Searches) > 0 {
		names := make([]string, 0, len(cfg.Searches))
		for name := range cfg.Searches {
			names = append(names, name)
		}
		slices.Sort(names)
		searches, searchesFrom = fmt.Sprintf("%d saved: %s", len(names), strings.Join(names, ", ")), cfg.path+" [searches]"
		if _, err := cfg.savedSpecs(); err != nil {
			searches += " (" + err.Error() + ")"
		}
	}
	rows = append(rows, [3]string{"searches", searches, searchesFrom})
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	_, _ = fmt.Fprintln(tw, "SETTING\tVALUE\tFROM")
	for _, row := range rows {
		_, _ = fmt.Fprintf(tw, "%s\t%s\t%s\n", oneLine(row[0]), oneLine(row[1]), oneLine(row[2]))
	}
	return tw.Flush()
}

// countriesText is the countries setting as config show says it: "GB
// (United Kingdom)", "DE, FR, NL", "EU (27 countries)", with the number
// prefix when there is one.
func countriesText(s settings) string {
	l := s.Countries
	var out string
	switch g, ok := l.Group(); {
	case len(l) == 1:
		out = l[0].Code + " (" + l[0].Name + ")"
	case ok:
		out = fmt.Sprintf("%s (%d countries: %s)", g.Code, len(l), g.Name)
	default:
		out = strings.Join(l.Codes(), ", ")
	}
	if s.Prefix != "" {
		out += ", numbers starting " + s.Countries[0].Calling() + " " + s.Prefix
	}
	return out
}

// initConfig writes the starting file at path, creating its directory
// with mode 0700. The file gets mode 0600: it holds no secret (the API key
// stays in the environment or a key file), but it says where the key file
// is and how a server is set up, which is nobody else's business. It is
// created with O_EXCL, so an existing file is never overwritten, even by
// a race.
func initConfig(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return usagef("cannot create %s: %v", filepath.Dir(path), unwrapPathErr(err))
	}
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return usagef("%s already exists — edit it, or move it away first (numbrowse config show prints what it sets)", path)
	}
	if err != nil {
		return usagef("cannot create %s: %v", path, unwrapPathErr(err))
	}
	if _, err := io.WriteString(fh, starterConfig); err != nil {
		_ = fh.Close()
		return fmt.Errorf("writing %s: %v", path, unwrapPathErr(err))
	}
	return fh.Close()
}

// starterConfig is what config init writes: every setting, commented out,
// at its default.
var starterConfig = strings.TrimLeft(`
# numbrowse configuration. Every setting is commented out at its default;
# flags and environment variables override what is set here.
# numbrowse config show prints the settings in force and where each came from.

# The API key is never kept here: export IDENTITYCALL_API_KEY, or name a file
# that holds it (readable only by you; relative to this file).
# api_key_file = "key"

# api_url = "https://api.identitycall.ai/api/v1/public"
# country = "US"        # a code, name or calling code; a list: "DE,FR,NL" or ["DE", "FR"]; "EU"
# type = "mobile"       # mobile, local, toll-free, national or all
# timeout = "15s"       # per API request
# demo = false          # the embedded demo inventory instead of the API
# read_only = false     # never buy a number
# mouse = false         # wheel scrolling, click to select or sort
# ascii = false         # draw with ASCII only
# no_bell = false       # a watch's new match does not ring the bell
# watch_every = "5m"    # how often the w key's watch searches (1m or more)
# theme = "auto"        # auto, dark or light
# max_response = "128MiB"  # the largest search response numbrowse reads
# cache = true          # show the last results at once on the next launch

# Saved searches: p lists them in the browser, ctrl+s saves the one on screen,
# --search NAME starts on one (the browser and search). What one leaves out
# takes the settings above:
# [searches.eu-sms]
# countries = "EU"      # or "DE,FR,NL", or ["DE", "FR"]
# type = "mobile"
# filter = "sms"
# sort = "monthly"

# Rebind keys by action name (numbrowse's README lists them):
# [keys]
# sort = "x"
# copy = ["y", "ctrl+y"]

# numbrowse serve's settings (flags win; paths are relative to this file):
# [serve]
# listen = "127.0.0.1:2222"
# authorized_keys = "authorized_keys"
# host_key = "ssh_host_ed25519"
# max_sessions = 32
# idle_timeout = "15m"
# searches_per_minute = 50
# log_file = "serve.log"
# allow_purchase = false
# max_startups = "10:30:100"       # logins in flight: drop at random from 10, all at 100
# max_startups_per_address = 5     # logins in flight from one address
# allow_owned = false     # let sessions list the account's numbers (o)
`, "\n")
