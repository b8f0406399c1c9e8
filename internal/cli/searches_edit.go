package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"numbrowse/internal/atomicfile"
	"numbrowse/ui"
)

// The browser's ctrl+s writes a saved search into the config file. The
// file is the user's: it is edited as text, never decoded and encoded
// again, so every comment, blank line and layout stays. The search's own
// table is updated in place (its other lines kept, a value's trailing
// comment too), or appended at the end; the result must read back as the
// same search before it replaces the file, atomically (a temporary file in
// the same folder, synced, then renamed), with the file's mode kept. A
// config file that is a symbolic link (dotfiles kept in a repository) is
// written where the link points, so the link stays.

// saveSearchTo returns the browser's SaveSearch for the config file at
// path: it writes the search there and returns every saved search
// afterwards (what they leave out taken from s) and the path. path ""
// means there is no config file to write to.
func saveSearchTo(path string, s settings) func(ui.SavedSearch) ([]ui.SavedSearch, string, error) {
	return func(search ui.SavedSearch) ([]ui.SavedSearch, string, error) {
		if path == "" {
			return nil, "", errors.New("numbrowse has no config folder here — start it with --config FILE to save searches")
		}
		cfg, err := writeSavedSearch(path, search)
		if err != nil {
			return nil, "", err
		}
		s.file = cfg
		list, err := s.browserSearches()
		return list, path, err
	}
}

// writeSavedSearch puts search into the config file at path (created when
// missing) and returns the file as it now reads.
func writeSavedSearch(path string, search ui.SavedSearch) (*fileConfig, error) {
	target := path
	if real, err := filepath.EvalSymlinks(path); err == nil {
		target = real
	}
	mode := fs.FileMode(0o600)
	var old []byte
	// Read as the config file is read at start-up: a plain file (never
	// waiting on a pipe), of at most maxConfigFileBytes.
	switch data, fi, err := readRegularFile(target, maxConfigFileBytes); {
	case err == nil:
		old, mode = data, fi.Mode().Perm()
	case errors.Is(err, fs.ErrNotExist):
	default:
		return nil, fmt.Errorf("cannot read %s: %v", path, err)
	}
	before := &fileConfig{}
	if _, err := toml.Decode(string(old), before); err != nil {
		return nil, fmt.Errorf("%s does not read as TOML (%v) — fix it first", path, oneLine(err.Error()))
	}
	text, err := upsertSearchText(string(old), search, before.Searches[search.Name] != nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	after, err := loadConfigText(path, []byte(text))
	if err != nil {
		return nil, fmt.Errorf("the edit would break %s (%v) — nothing was written", path, oneLine(err.Error()))
	}
	if sp, err := after.savedSpec(search.Name); err != nil || !sameSearch(sp, search) {
		return nil, fmt.Errorf("the edit of %s would not read back as the search — nothing was written", path)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return nil, fmt.Errorf("cannot create %s: %v", filepath.Dir(target), unwrapPathErr(err))
	}
	if err := atomicfile.WriteFile(target, []byte(text), mode); err != nil {
		return nil, fmt.Errorf("cannot write %s: %v", path, unwrapPathErr(err))
	}
	return after, nil
}

// sameSearch reports whether the table sp reads as search.
func sameSearch(sp savedSpec, search ui.SavedSearch) bool {
	return sp.countries.Equal(search.Countries) && sp.typ != nil && *sp.typ == search.Type &&
		sp.sort != nil && *sp.sort == search.Sort &&
		((sp.filter == nil && strings.TrimSpace(search.Filter) == "") || (sp.filter != nil && *sp.filter == strings.TrimSpace(search.Filter)))
}

// loadConfigText reads text as the config file at path would be read.
func loadConfigText(path string, text []byte) (*fileConfig, error) {
	cfg := &fileConfig{path: path, raw: text}
	md, err := toml.Decode(string(text), cfg)
	if err != nil {
		return nil, err
	}
	for _, k := range md.Undecoded() {
		if len(k) > 1 && (k[0] == "keys" || k[0] == "searches") {
			continue
		}
		return nil, fmt.Errorf("unknown setting %q", k.String())
	}
	return cfg, nil
}

// searchLines are the lines a saved search is written as, in order:
// countries (the group's code when it is one), type, filter (when there is
// one) and sort. countriesKey is "countries", or "country" when the table
// already says it that way.
func searchLines(s ui.SavedSearch, countriesKey string) map[string]string {
	countries := s.Countries.Key()
	if g, ok := s.Countries.Group(); ok {
		countries = g.Code
	}
	out := map[string]string{
		countriesKey: countriesKey + " = " + tomlString(countries),
		"type":       "type = " + tomlString(s.Type.String()),
		"sort":       "sort = " + tomlString(s.Sort.String()),
	}
	if f := strings.TrimSpace(s.Filter); f != "" {
		out["filter"] = "filter = " + tomlString(f)
	}
	return out
}

// upsertSearchText returns text with the saved search s written into its
// [searches.NAME] table: the table's lines for the search's keys replaced
// (keeping a trailing comment), the keys it no longer sets removed, the
// missing ones added after its last key; or the table appended at the end.
// defined says the file defines the search already: when it does so other
// than as a [searches.NAME] table (an inline table, dotted keys), the text
// is not edited and an error says so.
func upsertSearchText(text string, s ui.SavedSearch, defined bool) (string, error) {
	eol := "\n"
	if strings.Contains(text, "\r\n") {
		eol = "\r\n"
	}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1] // the text ended with a line break
	}
	want := []string{"searches", s.Name}
	h := slices.IndexFunc(lines, func(l string) bool {
		p, ok := parseTableHeader(l)
		return ok && slices.Equal(p, want)
	})
	if h < 0 {
		if defined {
			line := findSearchLine([]byte(text), s.Name, "")
			return "", fmt.Errorf("the search %q is written on line %d other than as a [searches.%s] table — change it there, or save under another name",
				s.Name, line, tomlKey(s.Name))
		}
		out := slices.Clone(lines)
		if len(out) > 0 && strings.TrimSpace(out[len(out)-1]) != "" {
			out = append(out, "")
		}
		out = append(out, "[searches."+tomlKey(s.Name)+"]")
		kv := searchLines(s, "countries")
		for _, k := range []string{"countries", "type", "filter", "sort"} {
			if l, ok := kv[k]; ok {
				out = append(out, l)
			}
		}
		return strings.Join(out, eol) + eol, nil
	}
	// The table ends at the next header; a value's own lines (a
	// multi-line string or array) are skipped whole, so that text inside
	// one that looks like a header or a key is never taken for one.
	end := len(lines)
	for i := h + 1; i < len(lines); i++ {
		if _, ok := parseTableHeader(lines[i]); ok || strings.HasPrefix(strings.TrimSpace(lines[i]), "[[") {
			end = i
			break
		}
		if _, rest, ok := parseKeyLine(lines[i]); ok {
			i, _ = valueEnd(lines, i, rest)
		}
	}
	// The table's lines for our keys: where each starts and ends.
	type span struct {
		key        string
		start, end int // lines [start, end)
		comment    string
	}
	var spans []span
	countriesKey := "countries"
	for i := h + 1; i < end; i++ {
		key, rest, ok := parseKeyLine(lines[i])
		if !ok {
			continue
		}
		last, comment := valueEnd(lines, i, rest)
		last = min(last, end-1)
		if len(key) != 1 || !slices.Contains(searchKeys, key[0]) {
			i = last // another key: its value's lines are its own
			continue
		}
		if key[0] == "country" && !slices.ContainsFunc(spans, func(sp span) bool { return sp.key == "countries" }) {
			countriesKey = "country"
		}
		spans = append(spans, span{key: key[0], start: i, end: last + 1, comment: comment})
		i = last
	}
	kv := searchLines(s, countriesKey)
	order := []string{countriesKey, "type", "filter", "sort"}
	out := slices.Clone(lines[:h+1])
	written := map[string]bool{}
	insertAt := len(out) // after the header, or after the last key line
	next := h + 1
	for _, sp := range spans {
		out = append(out, lines[next:sp.start]...)
		next = sp.end
		l, ok := kv[sp.key]
		if !ok || written[sp.key] {
			continue // a key the search no longer sets, or a repeat: removed
		}
		if sp.comment != "" {
			l += " " + sp.comment
		}
		out = append(out, l)
		written[sp.key] = true
		insertAt = len(out)
	}
	tail := slices.Clone(lines[next:end])
	var missing []string
	for _, k := range order {
		if l, ok := kv[k]; ok && !written[k] {
			missing = append(missing, l)
		}
	}
	out = slices.Insert(out, insertAt, missing...)
	out = append(out, tail...)
	out = append(out, lines[end:]...)
	return strings.Join(out, eol) + eol, nil
}

// valueEnd is the last line of the value that starts on line i after its
// key (rest is the line after the '='), and the comment that ends a value
// on one line ("" when there is none, or the value spans lines).
func valueEnd(lines []string, i int, rest string) (int, string) {
	v := strings.TrimSpace(rest)
	switch {
	case strings.HasPrefix(v, `"""`) || strings.HasPrefix(v, `'''`):
		q := v[:3]
		if strings.Contains(v[3:], q) {
			return i, ""
		}
		for j := i + 1; j < len(lines); j++ {
			if strings.Contains(lines[j], q) {
				return j, ""
			}
		}
		return len(lines) - 1, ""
	case strings.HasPrefix(v, "["), strings.HasPrefix(v, "{"):
		depth := 0
		for j := i; j < len(lines); j++ {
			text := lines[j]
			if j == i {
				text = rest
			}
			d, comment := bracketDepth(text)
			depth += d
			if depth <= 0 {
				if j == i {
					return j, comment
				}
				return j, ""
			}
		}
		return len(lines) - 1, ""
	}
	_, comment := bracketDepth(rest)
	return i, comment
}

// bracketDepth is how many [ and { open in s minus how many close, outside
// strings, and the comment that ends s ("# ..."), if any.
func bracketDepth(s string) (int, string) {
	d := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case '\'':
			for i++; i < len(s) && s[i] != '\''; i++ {
			}
		case '[', '{':
			d++
		case ']', '}':
			d--
		case '#':
			return d, strings.TrimSpace(s[i:])
		}
	}
	return d, ""
}

// parseTableHeader reads a table header line ("[searches.eu]", `[a."b
// c"]  # note`) as its key path; ok is false for any other line, an array
// of tables ("[[x]]") included.
func parseTableHeader(line string) ([]string, bool) {
	s := strings.TrimSpace(line)
	if !strings.HasPrefix(s, "[") || strings.HasPrefix(s, "[[") {
		return nil, false
	}
	path, rest, ok := parseDottedKey(s[1:])
	if !ok || !strings.HasPrefix(rest, "]") {
		return nil, false
	}
	rest = strings.TrimSpace(rest[1:])
	if rest != "" && !strings.HasPrefix(rest, "#") {
		return nil, false
	}
	return path, true
}

// parseKeyLine reads a "key = value" line as its key path and what follows
// the '='; ok is false for blank lines, comments and headers.
func parseKeyLine(line string) (key []string, rest string, ok bool) {
	s := strings.TrimSpace(line)
	if s == "" || s[0] == '#' || s[0] == '[' {
		return nil, "", false
	}
	key, after, ok := parseDottedKey(s)
	if !ok || !strings.HasPrefix(after, "=") {
		return nil, "", false
	}
	return key, after[1:], true
}

// parseDottedKey reads a TOML key at the start of s (bare, "quoted" or
// 'literal' parts joined by dots) and returns it and what follows,
// trimmed.
func parseDottedKey(s string) ([]string, string, bool) {
	var path []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return nil, "", false
		}
		var part string
		switch s[0] {
		case '"':
			end := 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end >= len(s) {
				return nil, "", false
			}
			u, err := strconv.Unquote(s[:end+1])
			if err != nil {
				return nil, "", false
			}
			part, s = u, s[end+1:]
		case '\'':
			end := strings.IndexByte(s[1:], '\'')
			if end < 0 {
				return nil, "", false
			}
			part, s = s[1:end+1], s[end+2:]
		default:
			end := 0
			for end < len(s) && isBareKeyByte(s[end]) {
				end++
			}
			if end == 0 {
				return nil, "", false
			}
			part, s = s[:end], s[end:]
		}
		path = append(path, part)
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, ".") {
			return path, s, true
		}
		s = s[1:]
	}
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// findSearchLine is the line of the config text where the saved search
// name sets key (or where the search is, for key ""): in its
// [searches.NAME] table, else where [searches] or the top level defines it
// (an inline table, dotted keys); 0 when none is found.
func findSearchLine(raw []byte, name, key string) int {
	var table []string
	header, defined, keyLine := 0, 0, 0
	for n, line := range bytes.Split(raw, []byte("\n")) {
		l := string(line)
		if p, ok := parseTableHeader(l); ok {
			table = p
			if slices.Equal(p, []string{"searches", name}) && header == 0 {
				header = n + 1
			}
			continue
		}
		k, _, ok := parseKeyLine(l)
		if !ok {
			continue
		}
		full := append(slices.Clone(table), k...)
		switch {
		case len(full) >= 2 && full[0] == "searches" && full[1] == name:
			if defined == 0 {
				defined = n + 1
			}
			if key != "" && len(full) == 3 && full[2] == key && keyLine == 0 {
				keyLine = n + 1
			}
		}
	}
	switch {
	case keyLine > 0:
		return keyLine
	case header > 0:
		return header
	}
	return defined
}
