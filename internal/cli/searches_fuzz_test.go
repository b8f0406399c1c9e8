package cli

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"numbrowse/api"
	"numbrowse/internal/results"
	"numbrowse/ui"
)

// FuzzUpsertSearchText: whatever the config file says, an edit that
// still reads as TOML (writeSavedSearch refuses any other) holds the
// search as saved, and every other setting, table and saved search of the
// file exactly as before.
func FuzzUpsertSearchText(f *testing.F) {
	for _, seed := range []string{
		"",
		"country = \"GB\"\n",
		"# c\r\ncountry = \"GB\" # x\r\n\r\n[keys]\r\nsort = \"o\"\r\n",
		"[searches.eu-sms]\ncountries = [\n  \"DE\", # a\n  \"FR\",\n]\ntype = \"mobile\"\n\n[searches.b]\ntype = \"local\"\n",
		"[searches.\"eu-sms\"]\nfilter = '''\n[searches.x]\n'''\nsort = \"upfront\"\n",
		"[searches]\neu-sms = { type = \"local\" }\n",
		"searches.eu-sms.type = \"local\"\n",
		"[serve]\nlisten = \"[::1]:2222\"\n[searches.eu-sms] # mine\ncountry = \"DE\"   \ttype = 1\n",
		"[[searches.eu-sms]]\ntype = \"local\"\n",
		"[searches.eu-sms]\nfilter = \"\"\"\nsms\n\"\"\"\n[keys]\nquit = [\"q\",\n \"x\"]\n",
	} {
		f.Add(seed, "sms <2")
	}
	eu, _, err := api.ParseCountries("EU")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, filter string) {
		if !utf8.ValidString(filter) {
			return // the browser's filter line holds text
		}
		var before map[string]any
		if _, err := toml.Decode(text, &before); err != nil {
			return // writeSavedSearch refuses a file that is not TOML
		}
		s := ui.SavedSearch{Name: "eu-sms", Countries: eu, Type: api.OneType(api.Mobile), Filter: filter,
			Sort: results.Sort{Col: results.Monthly, Desc: true}}
		searches, _ := before["searches"].(map[string]any)
		_, defined := searches[s.Name]
		out, err := upsertSearchText(text, s, defined)
		if err != nil {
			return
		}
		var after map[string]any
		if _, err := toml.Decode(out, &after); err != nil {
			return // refused by writeSavedSearch's read-back: nothing written
		}
		// writeSavedSearch writes the edit only when it reads back as the
		// search; then nothing else may have changed.
		cfg, err := loadConfigText("config.toml", []byte(out))
		if err != nil {
			return
		}
		if sp, err := cfg.savedSpec(s.Name); err != nil || !sameSearch(sp, s) {
			return
		}
		// Everything else as it was.
		strip := func(m map[string]any) {
			if ss, ok := m["searches"].(map[string]any); ok {
				delete(ss, s.Name)
				if len(ss) == 0 {
					delete(m, "searches")
				}
			}
		}
		if before == nil {
			before = map[string]any{}
		}
		strip(before)
		strip(after)
		if !reflect.DeepEqual(before, after) {
			t.Fatalf("the edit changed other settings:\nbefore %v\nafter  %v\n--- text\n%s--- edited\n%s", before, after, text, out)
		}
	})
}
