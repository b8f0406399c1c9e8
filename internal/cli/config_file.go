package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// fileConfig is the TOML configuration file. Pointers tell "not set" from
// a zero value, so the file only overrides what it names.
type fileConfig struct {
	APIURL     *string     `toml:"api_url"`
	APIKeyFile *string     `toml:"api_key_file"`
	Country    *stringList `toml:"country"`
	Type       *string     `toml:"type"`
	Timeout    *string     `toml:"timeout"`
	Demo       *bool       `toml:"demo"`
	Mouse      *bool       `toml:"mouse"`
	ASCII      *bool       `toml:"ascii"`
	ReadOnly   *bool       `toml:"read_only"`
	NoBell     *bool       `toml:"no_bell"`
	WatchEvery *string     `toml:"watch_every"`
	Theme      *string     `toml:"theme"`
	// MaxResponse is the cap on a search response (--max-response).
	MaxResponse *sizeSetting `toml:"max_response"`
	// Cache keeps the last results on disk between runs (--no-cache).
	Cache *bool          `toml:"cache"`
	Keys  map[string]any `toml:"keys"`
	Serve *serveTable    `toml:"serve"` // numbrowse serve's settings (serve_cmd.go)
	// Searches are the saved searches, [searches.NAME] (searches.go),
	// checked when a command uses them.
	Searches map[string]any `toml:"searches"`

	path string // where it was read from ("" when there is no file)
	raw  []byte // its text, to find the line of a bad setting
}

// stringList is a setting given as one string ("DE,FR") or a list of
// strings (["DE", "FR"]); String joins a list with commas.
type stringList struct{ items []string }

// UnmarshalTOML takes a string or an array of strings.
func (l *stringList) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		l.items = []string{v}
	case []any:
		l.items = nil
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return fmt.Errorf("country: give a string like \"DE\" or a list of strings like [\"DE\", \"FR\"], not %v", x)
			}
			l.items = append(l.items, s)
		}
	default:
		return fmt.Errorf("country: give a string like \"DE\" or a list of strings like [\"DE\", \"FR\"], not %v", v)
	}
	return nil
}

func (l *stringList) String() string { return strings.Join(l.items, ",") }

// configError is a problem with the configuration file: it names the file
// and, when known, the line.
type configError struct {
	path string
	line int
	msg  string
}

func (e *configError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("config file %s, line %d: %s", e.path, e.line, e.msg)
	}
	return fmt.Sprintf("config file %s: %s", e.path, e.msg)
}

// defaultConfigPath is config.toml in numbrowse's config directory
// (userDir: $XDG_CONFIG_HOME/numbrowse on Linux, ~/Library/Application
// Support/numbrowse on macOS, %AppData%\numbrowse on Windows), or "".
func defaultConfigPath(env envFunc) string {
	dir := userDir(env, runtime.GOOS, dirConfig)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "config.toml")
}

// loadConfigFile reads the configuration file at path. A missing file is
// fine when it is the default path (explicit is false); a file that cannot
// be read or parsed is an error that names it and the line.
func loadConfigFile(path string, explicit bool) (*fileConfig, error) {
	cfg := &fileConfig{}
	if path == "" {
		return cfg, nil
	}
	data, _, err := readRegularFile(path, maxConfigFileBytes)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !explicit {
			return cfg, nil
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &configError{path: path, msg: "no such file — check --config or NUMBROWSE_CONFIG"}
		}
		return nil, &configError{path: path, msg: "cannot read it: " + err.Error() + " — give a plain TOML file"}
	}
	cfg.path, cfg.raw = path, data
	md, err := toml.Decode(string(data), cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &configError{path: path, line: pe.Position.Line, msg: pe.Message}
		}
		if line, msg, ok := typeMismatch(err); ok {
			return nil, &configError{path: path, line: line, msg: msg}
		}
		return nil, &configError{path: path, msg: err.Error()}
	}
	for _, k := range md.Undecoded() {
		if len(k) > 1 && (k[0] == "keys" || k[0] == "searches") {
			continue // validated against the key map's actions, or as saved searches, later
		}
		return nil, cfg.errorAt(k[len(k)-1], fmt.Sprintf("unknown setting %q — see the README for the settings", k.String()))
	}
	return cfg, nil
}

// tomlMismatch is how the TOML decoder reports a value of the wrong type
// ("toml: line 3 (last key \"demo\"): incompatible types: TOML value has
// type string; destination has type boolean").
var tomlMismatch = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): incompatible types: TOML value has type (\w+); destination has type ([\w.]+)`)

// typeMismatch turns the decoder's report of a value of the wrong type
// into the line and a sentence saying what the setting takes: "demo must
// be true or false, not a string — write demo = true, without quotes".
func typeMismatch(err error) (line int, msg string, ok bool) {
	m := tomlMismatch.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, "", false
	}
	line, _ = strconv.Atoi(m[1])
	key := m[2]
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		key = key[i+1:]
	}
	got := map[string]string{"string": "a string", "int64": "a number", "float64": "a number", "bool": "true or false",
		"array": "a list", "table": "a table", "datetime": "a date"}[strings.ToLower(m[3])]
	if got == "" {
		got = "a " + m[3]
	}
	switch m[4] {
	case "boolean":
		return line, fmt.Sprintf("%s must be true or false, not %s — write %s = true, without quotes", key, got, key), true
	case "string":
		return line, fmt.Sprintf(`%s must be a string, not %s — write %s = "…", in quotes`, key, got, key), true
	case "int", "int64", "integer":
		return line, fmt.Sprintf("%s must be a whole number, not %s — write %s = 32, without quotes", key, got, key), true
	}
	return line, fmt.Sprintf("%s must be a %s, not %s", key, m[4], got), true
}

// filePath is a path the file names: ~ is the home directory, and a
// relative path is relative to the file's directory.
func (c *fileConfig) filePath(p, home string) string {
	p = expandHome(p, home)
	if !filepath.IsAbs(p) && c.path != "" {
		p = filepath.Join(filepath.Dir(c.path), p)
	}
	return p
}

// unwrapPathErr drops the path from an *os.PathError the message names.
func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// errorAt is a problem with the setting key, at the first line that
// assigns it.
func (c *fileConfig) errorAt(key, msg string) error {
	return &configError{path: c.path, line: findKeyLine(c.raw, key), msg: msg}
}

// findKeyLine returns the first line that assigns key, or 0.
func findKeyLine(data []byte, key string) int {
	re := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(key) + `"?\s*=`)
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for n := 1; sc.Scan(); n++ {
		if re.MatchString(sc.Text()) {
			return n
		}
	}
	return 0
}

// keyBindings returns the [keys] table as action → keys. A value may be one
// key ("o") or a list (["o", "ctrl+o"]).
func (c *fileConfig) keyBindings() (map[string][]string, error) {
	if len(c.Keys) == 0 {
		return nil, nil
	}
	out := make(map[string][]string, len(c.Keys))
	for action, v := range c.Keys {
		var keys []string
		switch v := v.(type) {
		case string:
			keys = []string{v}
		case []any:
			for _, k := range v {
				s, ok := k.(string)
				if !ok {
					return nil, c.errorAt(action, fmt.Sprintf("keys.%s: every key must be a string like \"o\" or \"ctrl+o\"", action))
				}
				keys = append(keys, s)
			}
		default:
			return nil, c.errorAt(action, fmt.Sprintf("keys.%s: give a key like \"o\" or a list like [\"o\", \"ctrl+o\"]", action))
		}
		for i := range keys {
			keys[i] = strings.TrimSpace(keys[i])
			if keys[i] == "" {
				return nil, c.errorAt(action, fmt.Sprintf("keys.%s: a key is empty", action))
			}
		}
		out[action] = slices.Compact(keys)
	}
	return out, nil
}

// parseBoolEnv reads a boolean environment variable the way people write
// them: 1/0, true/false, yes/no, on/off.
func parseBoolEnv(name, v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off", "":
		return false, nil
	}
	return false, fmt.Errorf("%s: %q is not a boolean — use 1 or 0 (true/false, yes/no and on/off work too)", name, v)
}

// parseTimeout accepts a Go duration ("15s", "1m30s") or plain seconds ("15").
// parseWatchEvery reads the browser watch's interval: a duration of at
// least a minute.
func parseWatchEvery(from, v string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a duration — use a value like 5m", from, v)
	}
	if d < time.Minute {
		return 0, fmt.Errorf("%s %q is too often — a watch searches at most once a minute; use 1m or more", from, v)
	}
	return d, nil
}

func parseTimeout(from, v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	d, err := time.ParseDuration(v)
	if err != nil {
		secs, err2 := strconv.ParseFloat(v, 64)
		if err2 != nil {
			return 0, fmt.Errorf("%s %q is not a duration — use a value like 15s or 1m", from, v)
		}
		d = time.Duration(secs * float64(time.Second))
	}
	if d <= 0 || d > time.Hour {
		return 0, fmt.Errorf("%s %q is out of range — use a value between 1s and 1h", from, v)
	}
	return d, nil
}
