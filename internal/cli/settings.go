package cli

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"numbrowse/api"
	"numbrowse/internal/watch"
	"numbrowse/ui"
)

// settings are the resolved global settings, parsed and checked once by
// resolveSettings; the commands take them as a value. Each comes from, in
// order of precedence: its flag, its environment variable, the config
// file, the default.
type settings struct {
	APIURL string
	APIKey string // never printed or logged
	// Countries are the countries to search (one, or several at once);
	// Country is the first of them.
	Countries api.CountryList
	Country   api.Country
	// Prefix is the national digits of a number prefix given as the
	// country ("+1415": US and "415"), "" otherwise; the commands filter
	// for ^Prefix.
	Prefix   string
	Type     api.TypeChoice
	Timeout  time.Duration
	Demo     bool
	Mouse    bool
	ASCII    bool
	ReadOnly bool
	// NoBell keeps the browser's watch from ringing the terminal bell.
	NoBell bool
	// WatchEvery is the interval of the browser's watch (the w key).
	WatchEvery time.Duration
	// ReadOnlyFrom is where read-only mode was turned on (resolver.source),
	// for the browser to say why buying is off.
	ReadOnlyFrom string
	// Theme is auto, dark or light.
	Theme string
	// MaxResponse caps the size of a search response, in bytes.
	MaxResponse int64
	// Cache keeps each search's results on disk, to show them at once on
	// the next launch while a fresh search runs (the browser only).
	Cache bool
	// Keys are the user's key bindings by action name, from the config
	// file; keyMap applies them.
	Keys map[string][]string
	// ConfigPath is the config file that was read ("" when none).
	ConfigPath string
	// SavePath is the config file ctrl+s writes saved searches to: the
	// one read, or the default one when it does not exist yet ("" when
	// there is no config folder).
	SavePath string
	// file is the config file itself (empty when there is none): serve
	// takes its [serve] table from it, and the line of a bad setting.
	file *fileConfig
}

// globalFlags are the flags every command shares.
type globalFlags struct {
	apiURL, apiKeyFile, typ, config, theme, maxResponse string
	search                                              string // the browser's --search
	country                                             countryFlag
	timeout, watchEvery                                 time.Duration
	demo, mouse, ascii, readOnly, noBell, noCache       bool
}

// countryFlag is --country: a country, a comma-separated list or a group,
// and given twice, both count (--country DE --country FR is DE,FR), so a
// second --country never silently wins.
type countryFlag struct {
	values []string // as given; nil: the default
}

func (f *countryFlag) String() string {
	if f.values == nil {
		return api.DefaultCountryCode
	}
	return strings.Join(f.values, ",")
}

func (f *countryFlag) Set(s string) error {
	f.values = append(f.values, s)
	return nil
}

func (f *countryFlag) Type() string { return "countries" }

func (f *globalFlags) register(cmd *cobra.Command) {
	p := cmd.PersistentFlags()
	p.StringVar(&f.apiURL, "api-url", api.DefaultBaseURL, "base URL of the API (env IDENTITYCALL_API_URL)")
	p.StringVar(&f.apiKeyFile, "api-key-file", "", "read the API key from this file (else env IDENTITYCALL_API_KEY)")
	p.Var(&f.country, "country", "country to search: a code, name or calling code (GB, UK, +44), several (DE,FR,NL; the flag may repeat) or EU (env NUMBROWSE_COUNTRY)")
	p.StringVar(&f.typ, "type", string(api.DefaultNumberType), "number type: "+api.TypeChoiceWords()+" (env NUMBROWSE_TYPE)")
	p.DurationVar(&f.timeout, "timeout", 15*time.Second, "timeout per API request (env NUMBROWSE_TIMEOUT)")
	p.BoolVar(&f.demo, "demo", false, "use the embedded demo inventory instead of the API (env NUMBROWSE_DEMO)")
	p.StringVar(&f.config, "config", "", "config file (env NUMBROWSE_CONFIG; default: numbrowse config path)")
	p.BoolVar(&f.readOnly, "read-only", false, "never buy a number (env NUMBROWSE_READ_ONLY)")
	cmd.Flags().BoolVar(&f.mouse, "mouse", false, "turn on the mouse: wheel scrolling, click to select or sort (env NUMBROWSE_MOUSE)")
	p.StringVar(&f.theme, "theme", "auto", "colours for a dark or light terminal: auto, dark or light (env NUMBROWSE_THEME)")
	cmd.Flags().BoolVar(&f.ascii, "ascii", false, "draw with ASCII only (env NUMBROWSE_ASCII; automatic when the locale is not UTF-8 or TERM=dumb)")
	cmd.Flags().StringVar(&f.search, "search", "", "start on a saved search (the config file's [searches.NAME]); --country, --type win over it")
	cmd.Flags().BoolVar(&f.noBell, "no-bell", false, "a watch's new match does not ring the terminal bell (env NUMBROWSE_NO_BELL)")
	cmd.Flags().DurationVar(&f.watchEvery, "watch-every", watch.DefaultEvery, "how often the w key's watch searches, at least 1m (env NUMBROWSE_WATCH_EVERY)")
	p.StringVar(&f.maxResponse, "max-response", api.FormatBytes(api.DefaultMaxResponse),
		"largest search response to read, e.g. 256MiB (env NUMBROWSE_MAX_RESPONSE)")
	cmd.Flags().BoolVar(&f.noCache, "no-cache", false, "neither show nor keep the last results between runs (env NUMBROWSE_CACHE=0)")
}

// resolver applies flag > env > config > default to one setting at a time.
type resolver struct {
	cmd *cobra.Command
	env envFunc
}

func (r resolver) changed(flag string) bool {
	fl := r.cmd.Flags().Lookup(flag)
	return fl != nil && fl.Changed
}

func (r resolver) str(flag, envName string, fromFile *string, flagVal string) string {
	switch {
	case r.changed(flag):
		return flagVal
	case envName != "" && r.env(envName) != "":
		return r.env(envName)
	case fromFile != nil:
		return *fromFile
	}
	return flagVal // the flag's default
}

func (r resolver) boolean(flag, envName string, fromFile *bool, flagVal bool) (bool, error) {
	switch {
	case r.changed(flag):
		return flagVal, nil
	case r.env(envName) != "":
		return parseBoolEnv(envName, r.env(envName))
	case fromFile != nil:
		return *fromFile, nil
	}
	return flagVal, nil
}

// resolveSettings resolves the global settings of cmd, whose flags f
// holds, from the flags, the environment env and the config file.
func resolveSettings(cmd *cobra.Command, f *globalFlags, env envFunc) (settings, error) {
	path, explicit := defaultConfigPath(env), false
	if f.config != "" {
		path, explicit = f.config, true
	} else if p := env("NUMBROWSE_CONFIG"); p != "" {
		path, explicit = p, true
	}
	cfg, err := loadConfigFile(path, explicit)
	if err != nil {
		return settings{}, err
	}
	r := resolver{cmd: cmd, env: env}
	s := settings{ConfigPath: cfg.path, SavePath: cfg.path, file: cfg}
	if s.SavePath == "" && !explicit {
		s.SavePath = path // the default file, written when first needed
	}

	s.APIURL = strings.TrimSpace(r.str("api-url", "IDENTITYCALL_API_URL", cfg.APIURL, f.apiURL))
	typ := r.str("type", "NUMBROWSE_TYPE", cfg.Type, f.typ)
	var ok bool
	s.Theme, ok = parseTheme(r.str("theme", "NUMBROWSE_THEME", cfg.Theme, f.theme))
	if !ok {
		return settings{}, r.bad("theme", "NUMBROWSE_THEME", cfg, "theme", cfg.Theme != nil,
			fmt.Errorf("unknown theme %q — use auto, dark or light", s.Theme))
	}

	s.Timeout = f.timeout
	switch {
	case r.changed("timeout"):
		if f.timeout <= 0 {
			return settings{}, usagef("--timeout %s must be positive — use a value like 15s", f.timeout)
		}
	case env("NUMBROWSE_TIMEOUT") != "":
		if s.Timeout, err = parseTimeout("NUMBROWSE_TIMEOUT:", env("NUMBROWSE_TIMEOUT")); err != nil {
			return settings{}, usageError{err}
		}
	case cfg.Timeout != nil:
		if s.Timeout, err = parseTimeout("timeout", *cfg.Timeout); err != nil {
			return settings{}, cfg.errorAt("timeout", err.Error())
		}
	}

	s.WatchEvery = f.watchEvery
	switch {
	case r.changed("watch-every"):
		if f.watchEvery < watch.Floor {
			return settings{}, usagef("--watch-every %s is too often — a watch searches at most once a minute; use 1m or more", f.watchEvery)
		}
	case env("NUMBROWSE_WATCH_EVERY") != "":
		if s.WatchEvery, err = parseWatchEvery("NUMBROWSE_WATCH_EVERY", env("NUMBROWSE_WATCH_EVERY")); err != nil {
			return settings{}, usageError{err}
		}
	case cfg.WatchEvery != nil:
		if s.WatchEvery, err = parseWatchEvery("watch_every", *cfg.WatchEvery); err != nil {
			return settings{}, cfg.errorAt("watch_every", err.Error())
		}
	}

	s.MaxResponse = api.DefaultMaxResponse
	switch {
	case r.changed("max-response"):
		if s.MaxResponse, err = parseSize("--max-response", f.maxResponse); err != nil {
			return settings{}, usageError{err}
		}
	case env("NUMBROWSE_MAX_RESPONSE") != "":
		if s.MaxResponse, err = parseSize("NUMBROWSE_MAX_RESPONSE", env("NUMBROWSE_MAX_RESPONSE")); err != nil {
			return settings{}, usageError{err}
		}
	case cfg.MaxResponse != nil:
		if s.MaxResponse, err = parseSize("max_response", cfg.MaxResponse.text); err != nil {
			return settings{}, cfg.errorAt("max_response", err.Error())
		}
	}

	switch {
	case r.changed("no-cache"):
		s.Cache = !f.noCache
	case env("NUMBROWSE_CACHE") != "":
		if s.Cache, err = parseBoolEnv("NUMBROWSE_CACHE", env("NUMBROWSE_CACHE")); err != nil {
			return settings{}, usageError{err}
		}
	case cfg.Cache != nil:
		s.Cache = *cfg.Cache
	default:
		s.Cache = true
	}

	for _, b := range []struct {
		flag, env string
		file      *bool
		val       bool
		dst       *bool
	}{
		{"demo", "NUMBROWSE_DEMO", cfg.Demo, f.demo, &s.Demo},
		{"mouse", "NUMBROWSE_MOUSE", cfg.Mouse, f.mouse, &s.Mouse},
		{"ascii", "NUMBROWSE_ASCII", cfg.ASCII, f.ascii, &s.ASCII},
		{"read-only", "NUMBROWSE_READ_ONLY", cfg.ReadOnly, f.readOnly, &s.ReadOnly},
		{"no-bell", "NUMBROWSE_NO_BELL", cfg.NoBell, f.noBell, &s.NoBell},
	} {
		if *b.dst, err = r.boolean(b.flag, b.env, b.file, b.val); err != nil {
			return settings{}, usageError{err}
		}
	}
	if s.ReadOnly {
		s.ReadOnlyFrom = r.source("read-only", "NUMBROWSE_READ_ONLY", cfg, "read_only", cfg.ReadOnly != nil)
	}

	if s.Keys, err = cfg.keyBindings(); err != nil {
		return settings{}, err
	}
	if s.APIKey, err = apiKey(r, f, cfg); err != nil {
		return settings{}, err
	}
	// The country and type are checked before anything is requested, so an
	// unknown one is a usage error with suggestions, naming where it came
	// from.
	if s.Countries, s.Prefix, err = resolveCountries(r, f, cfg); err != nil {
		return settings{}, err
	}
	s.Country = s.Countries[0]
	if s.Type, err = api.ParseTypeChoice(typ); err != nil {
		return settings{}, r.bad("type", "NUMBROWSE_TYPE", cfg, "type", cfg.Type != nil, err)
	}
	return s, nil
}

// bad is err, a problem with a setting's value, named by where the value
// came from (by the precedence str applies): the flag ("--type: …"), the
// environment variable ("NUMBROWSE_TYPE: unknown type …"), or the config
// file and the line that sets key ("config file …, line 2: …").
func (r resolver) bad(flag, envName string, cfg *fileConfig, key string, inFile bool, err error) error {
	switch {
	case r.changed(flag):
		return usageError{fmt.Errorf("--%s: %w", flag, err)}
	case envName != "" && r.env(envName) != "":
		return usageError{fmt.Errorf("%s: %w", envName, err)}
	case inFile && cfg != nil:
		return cfg.errorAt(key, err.Error())
	}
	return usageError{err}
}

// source says where a setting's value came from, by the precedence str
// applies: "--read-only", "NUMBROWSE_READ_ONLY", "read_only in the config
// file PATH", or "" for the default.
func (r resolver) source(flag, envName string, cfg *fileConfig, key string, inFile bool) string {
	switch {
	case r.changed(flag):
		return "--" + flag
	case envName != "" && r.env(envName) != "":
		return envName
	case inFile && cfg != nil:
		return key + " in the config file " + cfg.path
	}
	return ""
}

// resolveCountries reads the countries from --country (every one given),
// NUMBROWSE_COUNTRY, the config file's country (a string or a list) or
// the default, and says which of them was wrong.
func resolveCountries(r resolver, f *globalFlags, cfg *fileConfig) (api.CountryList, string, error) {
	var text, from string
	switch {
	case r.changed("country"):
		text, from = f.country.String(), "--country"
	case r.env("NUMBROWSE_COUNTRY") != "":
		text, from = r.env("NUMBROWSE_COUNTRY"), "NUMBROWSE_COUNTRY"
	case cfg.Country != nil:
		text = cfg.Country.String()
	default:
		text = api.DefaultCountryCode
	}
	list, prefix, err := api.ParseCountries(text)
	switch {
	case err == nil:
		return list, prefix, nil
	case from == "" && cfg.Country != nil:
		return nil, "", cfg.errorAt("country", err.Error())
	case from != "":
		return nil, "", usageError{fmt.Errorf("%s: %w", from, err)}
	}
	return nil, "", err
}

// requireKey fails when there is no API key and no demo: a usage error
// that reads as a request would have failed without a key.
func (s settings) requireKey() error {
	if s.Demo || s.APIKey != "" {
		return nil
	}
	return usageError{&api.Error{Kind: api.KindAuth, Err: api.ErrNoAPIKey}}
}

// keyMap is defaults with the user's [keys] applied. An unknown action, a
// bad key name or a clash is a configuration error. Only the commands
// that show the browser ask for it, so a bad binding never stops search or
// buy.
func (s settings) keyMap(defaults ui.KeyMap) (ui.KeyMap, error) {
	km := defaults
	if len(s.Keys) == 0 {
		return km, nil
	}
	if err := km.Rebind(s.Keys); err != nil {
		return km, &configError{path: s.ConfigPath, msg: err.Error()}
	}
	return km, nil
}

// parseTheme is s as a theme name (auto, dark or light; any case and
// spacing), and whether it is one.
func parseTheme(s string) (string, bool) {
	switch t := strings.ToLower(strings.TrimSpace(s)); t {
	case ui.ThemeAuto, ui.ThemeDark, ui.ThemeLight:
		return t, true
	default:
		return t, false
	}
}

// apiKey finds the key: --api-key-file, then IDENTITYCALL_API_KEY, then
// the config file's api_key_file. It is never taken from a plain flag, so it
// never shows up in the process list or shell history.
func apiKey(r resolver, f *globalFlags, cfg *fileConfig) (string, error) {
	var key, from string
	switch {
	case r.changed("api-key-file"):
		k, warning, err := readKeyFile(f.apiKeyFile)
		if err != nil {
			return "", usageError{err}
		}
		warn(r.cmd.ErrOrStderr(), warning)
		key, from = k, "--api-key-file "+f.apiKeyFile
	case r.env("IDENTITYCALL_API_KEY") != "":
		key, from = strings.TrimSpace(r.env("IDENTITYCALL_API_KEY")), "IDENTITYCALL_API_KEY"
	case cfg.APIKeyFile != nil:
		p := cfg.filePath(*cfg.APIKeyFile, r.env("HOME"))
		k, warning, err := readKeyFile(p)
		if err != nil {
			return "", cfg.errorAt("api_key_file", err.Error())
		}
		warn(r.cmd.ErrOrStderr(), warning)
		key, from = k, "the key file "+p
	default:
		return "", nil
	}
	if strings.ContainsFunc(key, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "", usagef("the API key from %s contains spaces or control characters — it should look like idc_ and 32 letters and digits", from)
	}
	return key, nil
}

// readKeyFile reads the key from path: a regular file of at most
// maxKeyFileBytes (a named pipe, a device or a directory is refused, and
// nothing waits on a pipe). warning is a sentence for stderr when other
// users may read the file.
func readKeyFile(path string) (key, warning string, err error) {
	data, fi, err := readRegularFile(path, maxKeyFileBytes)
	if err != nil {
		return "", "", fmt.Errorf("cannot read the API key file %s: %v — put the key (idc_…) in a plain file, "+
			"or set IDENTITYCALL_API_KEY", path, err)
	}
	key = strings.TrimSpace(string(data))
	if key == "" {
		return "", "", fmt.Errorf("the API key file %s is empty — put the key (idc_…) in it", path)
	}
	if perm := fi.Mode().Perm(); perm&0o044 != 0 && runtime.GOOS != "windows" {
		warning = fmt.Sprintf("the API key file %s can be read by other users (mode %04o) — chmod 600 %s", path, perm, path)
	}
	return key, warning, nil
}

func expandHome(p, home string) string {
	if home != "" && (p == "~" || strings.HasPrefix(p, "~/")) {
		return filepath.Join(home, p[1:])
	}
	return p
}
