package cli

import (
	"fmt"
	"slices"
	"strings"

	"numbrowse/api"
	"numbrowse/internal/results"
	"numbrowse/ui"
)

// Saved searches are the config file's [searches.NAME] tables:
//
//	[searches.eu-sms]
//	countries = "EU"        # or a list: ["DE", "FR"]
//	type = "mobile"
//	filter = "sms"
//	sort = "monthly"
//
// Every key is optional: what a table leaves out takes the value it would
// have without it (the country and type settings, no filter, the
// command's usual order). The browser lists them on p, saves the one on
// screen with ctrl+s, and both the browser and search take --search NAME.

// searchKeys are the keys a saved search may set ("country" is taken for
// "countries").
var searchKeys = []string{"countries", "country", "type", "filter", "sort"}

// savedSpec is one [searches.NAME] table, checked: the fields it sets
// (nil: not set).
type savedSpec struct {
	name      string
	countries api.CountryList
	typ       *api.TypeChoice
	filter    *string
	sort      *results.Sort
}

// savedSpecs reads and checks every saved search of the file, in name
// order. A malformed one is a configError naming the file and line.
func (c *fileConfig) savedSpecs() ([]savedSpec, error) {
	if c == nil {
		return nil, nil
	}
	names := make([]string, 0, len(c.Searches))
	for name := range c.Searches {
		names = append(names, name)
	}
	slices.Sort(names)
	out := make([]savedSpec, 0, len(names))
	for _, name := range names {
		sp, err := c.savedSpec(name)
		if err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, nil
}

// savedSpec reads and checks the saved search name.
func (c *fileConfig) savedSpec(name string) (savedSpec, error) {
	table, ok := c.Searches[name].(map[string]any)
	at := func(key, msg string) error {
		return &configError{path: c.path, line: findSearchLine(c.raw, name, key),
			msg: fmt.Sprintf("searches.%s: %s", tomlKey(name), msg)}
	}
	if !ok {
		return savedSpec{}, at("", "give a table, such as [searches."+tomlKey(name)+"] with countries, type, filter and sort")
	}
	if name = strings.TrimSpace(name); name == "" || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return savedSpec{}, at("", "a saved search needs a name of printable characters")
	}
	sp := savedSpec{name: name}
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(searchKeys, k) {
			return savedSpec{}, at(k, fmt.Sprintf("unknown setting %q — a saved search takes countries, type, filter and sort", k))
		}
	}
	if table["countries"] != nil && table["country"] != nil {
		return savedSpec{}, at("country", "countries and country say the same: keep one")
	}
	for _, k := range []string{"countries", "country"} {
		v, ok := table[k]
		if !ok {
			continue
		}
		var text string
		switch v := v.(type) {
		case string:
			text = v
		case []any:
			var items []string
			for _, x := range v {
				s, ok := x.(string)
				if !ok {
					return savedSpec{}, at(k, fmt.Sprintf("%s: give a string like \"DE,FR\" or a list of strings like [\"DE\", \"FR\"]", k))
				}
				items = append(items, s)
			}
			text = strings.Join(items, ",")
		default:
			return savedSpec{}, at(k, fmt.Sprintf("%s: give a string like \"DE,FR\" or a list of strings like [\"DE\", \"FR\"]", k))
		}
		list, prefix, err := api.ParseCountries(text)
		if err != nil {
			return savedSpec{}, at(k, err.Error())
		}
		if prefix != "" {
			return savedSpec{}, at(k, fmt.Sprintf("%q is a number prefix: give the country and put ^%s in the filter", text, prefix))
		}
		sp.countries = list
	}
	str := func(k string) (*string, error) {
		v, ok := table[k]
		if !ok {
			return nil, nil
		}
		s, ok := v.(string)
		if !ok {
			return nil, at(k, fmt.Sprintf("%s: give a string, such as %s = %q", k, k, map[string]string{"type": "mobile", "filter": "sms <2", "sort": "monthly"}[k]))
		}
		return &s, nil
	}
	t, err := str("type")
	if err != nil {
		return savedSpec{}, err
	}
	if t != nil {
		typ, err := api.ParseTypeChoice(*t)
		if err != nil {
			return savedSpec{}, at("type", err.Error())
		}
		sp.typ = &typ
	}
	if sp.filter, err = str("filter"); err != nil {
		return savedSpec{}, err
	}
	if sp.filter != nil {
		if bad := results.ParseFilter(*sp.filter).Invalid(); len(bad) > 0 {
			return savedSpec{}, at("filter", "filter: "+strings.Join(bad, "; "))
		}
	}
	so, err := str("sort")
	if err != nil {
		return savedSpec{}, err
	}
	if so != nil {
		parsed, err := results.ParseSort(*so)
		if err != nil {
			return savedSpec{}, at("sort", "sort: "+err.Error())
		}
		sp.sort = &parsed
	}
	return sp, nil
}

// complete is the saved search with what it leaves out taken from the
// settings s (countries, type) and defaultSort.
func (sp savedSpec) complete(s settings, defaultSort results.Sort) ui.SavedSearch {
	out := ui.SavedSearch{Name: sp.name, Countries: s.Countries, Type: s.Type, Sort: defaultSort}
	if sp.countries != nil {
		out.Countries = sp.countries
	}
	if sp.typ != nil {
		out.Type = *sp.typ
	}
	if sp.filter != nil {
		out.Filter = strings.TrimSpace(*sp.filter)
	}
	if sp.sort != nil {
		out.Sort = *sp.sort
	}
	return out
}

// browserSearches are the saved searches as the browser lists them.
func (s settings) browserSearches() ([]ui.SavedSearch, error) {
	specs, err := s.file.savedSpecs()
	if err != nil {
		return nil, err
	}
	out := make([]ui.SavedSearch, len(specs))
	for i, sp := range specs {
		out[i] = sp.complete(s, browserSort)
	}
	return out, nil
}

// browserSort is the browser's order without a saved search's sort.
var browserSort = results.Sort{Col: results.Monthly}

// findSaved is the saved search name (checked, with every other saved
// search: a malformed one is an error, as in the browser), or a usage
// error listing the names there are.
func (s settings) findSaved(name string) (savedSpec, error) {
	specs, err := s.file.savedSpecs()
	if err != nil {
		return savedSpec{}, err
	}
	for _, sp := range specs {
		if sp.name == name {
			return sp, nil
		}
	}
	where := "the config file"
	if s.ConfigPath != "" {
		where = s.ConfigPath
	}
	if len(specs) == 0 {
		return savedSpec{}, usagef("--search %q: there are no saved searches in %s — save one with ctrl+s in the browser, or add a [searches.NAME] table", name, where)
	}
	names := make([]string, len(specs))
	for i, sp := range specs {
		names[i] = sp.name
	}
	return savedSpec{}, usagef("--search %q: no such saved search in %s — saved: %s", name, where, strings.Join(names, ", "))
}

// tomlKey writes a table key as TOML needs it: bare when it is made of
// letters, digits, - and _, else quoted.
func tomlKey(k string) string {
	if k != "" && !strings.ContainsFunc(k, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) {
		return k
	}
	return tomlString(k)
}

// tomlString is s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
