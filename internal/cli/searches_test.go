package cli

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"numbrowse/api"
	"numbrowse/internal/results"
	"numbrowse/ui"
)

func mustSaved(t *testing.T, name, countries, typ, filter, sort string) ui.SavedSearch {
	t.Helper()
	l, _, err := api.ParseCountries(countries)
	if err != nil {
		t.Fatal(err)
	}
	tc, err := api.ParseTypeChoice(typ)
	if err != nil {
		t.Fatal(err)
	}
	so, err := results.ParseSort(sort)
	if err != nil {
		t.Fatal(err)
	}
	return ui.SavedSearch{Name: name, Countries: l, Type: tc, Filter: filter, Sort: so}
}

// TestUpsertSearchText: the config file is edited as text: comments,
// blank lines, other tables and keys stay where they were.
func TestUpsertSearchText(t *testing.T) {
	const file = `# numbrowse settings
country = "GB"   # home

[keys]
sort = "o"

# my searches
[searches.eu-sms]
countries = [
  "DE",  # Germany
  "FR",
]
type = "mobile"  # the cheap ones
filter = "sms"
# a note inside the table

[searches.other]
type = "local"
`
	eu := mustSaved(t, "eu-sms", "EU", "mobile", "sms <2", "monthly")
	got, err := upsertSearchText(file, eu, true)
	if err != nil {
		t.Fatal(err)
	}
	want := `# numbrowse settings
country = "GB"   # home

[keys]
sort = "o"

# my searches
[searches.eu-sms]
countries = "EU"
type = "mobile" # the cheap ones
filter = "sms <2"
sort = "monthly"
# a note inside the table

[searches.other]
type = "local"
`
	if got != want {
		t.Errorf("replacing:\n%s\nwant:\n%s", got, want)
	}

	// A search without a filter loses its filter line; a table that says
	// country keeps saying so.
	noFilter := mustSaved(t, "other", "DE,FR", "all", "", "upfront:desc")
	got, err = upsertSearchText("[searches.other]\ncountry = \"NL\"\nfilter = \"fax\"\n\n[serve]\nlisten = \"x\"\n", noFilter, true)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[searches.other]\ncountry = \"DE,FR\"\ntype = \"all\"\nsort = \"upfront:desc\"\n\n[serve]\nlisten = \"x\"\n"; got != want {
		t.Errorf("updating:\n%q\nwant\n%q", got, want)
	}

	// A new search goes at the end, after a blank line; a name that is not a
	// bare key is quoted; CRLF files stay CRLF.
	named := mustSaved(t, `GB "best" mobile`, "GB", "mobile", `^7 "x"`, "number")
	got, err = upsertSearchText("country = \"GB\"\r\n", named, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := "country = \"GB\"\r\n\r\n[searches.\"GB \\\"best\\\" mobile\"]\r\ncountries = \"GB\"\r\ntype = \"mobile\"\r\nfilter = \"^7 \\\"x\\\"\"\r\nsort = \"number\"\r\n"; got != want {
		t.Errorf("appending:\n%q\nwant\n%q", got, want)
	}
	cfg, err := loadConfigText("x.toml", []byte(got))
	if err != nil {
		t.Fatal(err)
	}
	if sp, err := cfg.savedSpec(named.Name); err != nil || !sameSearch(sp, named) {
		t.Errorf("the appended search does not read back: %+v %v", sp, err)
	}

	// A search written another way is not edited.
	_, err = upsertSearchText("[searches]\n\nother = { type = \"local\" }\n", noFilter, true)
	if err == nil || !strings.Contains(err.Error(), "line 3 other than as a [searches.other] table") {
		t.Errorf("inline table: %v", err)
	}
	// An empty file gets the table alone.
	if got, _ := upsertSearchText("", eu, false); !strings.HasPrefix(got, "[searches.eu-sms]\ncountries = \"EU\"\n") {
		t.Errorf("empty file: %q", got)
	}
}

// TestWriteSavedSearch: the file is replaced atomically, keeps its mode
// and a symbolic link to it stays one; a missing file is created private;
// a file that does not read is left alone.
func TestWriteSavedSearch(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "numbrowse.toml")
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("# mine\ntheme = \"dark\"\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "config.toml")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	s := settings{Countries: api.CountryList{mustCountry("US")}, Type: api.OneType(api.Mobile)}
	save := saveSearchTo(link, s)
	list, where, err := save(mustSaved(t, "a", "DE,FR", "local", "sms", "monthly"))
	if err != nil || where != link || len(list) != 1 || list[0].Name != "a" || list[0].Countries.Key() != "DE,FR" {
		t.Fatalf("save: %v %q %v", list, where, err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	fi, _ := os.Stat(real)
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", fi.Mode().Perm())
	}
	data, _ := os.ReadFile(real)
	if !strings.HasPrefix(string(data), "# mine\ntheme = \"dark\"\n\n[searches.a]\n") {
		t.Errorf("file:\n%s", data)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(real), ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// Saved again under the same name: replaced, not repeated.
	list, _, err = save(mustSaved(t, "a", "GB", "local", "", "monthly"))
	data, _ = os.ReadFile(real)
	if err != nil || len(list) != 1 || strings.Count(string(data), "[searches.a]") != 1 || strings.Contains(string(data), "filter") {
		t.Errorf("replace: %v %v\n%s", list, err, data)
	}

	// A missing file (and folder) is created, 0600 in 0700.
	fresh := filepath.Join(dir, "new", "numbrowse", "config.toml")
	if _, _, err := saveSearchTo(fresh, s)(mustSaved(t, "b", "GB", "mobile", "", "monthly")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(fresh); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Errorf("new file: %v %v", fi, err)
	}

	// A broken file is not touched.
	broken := filepath.Join(dir, "broken.toml")
	_ = os.WriteFile(broken, []byte("country = \"GB\n"), 0o600)
	if _, _, err := saveSearchTo(broken, s)(mustSaved(t, "c", "GB", "mobile", "", "monthly")); err == nil ||
		!strings.Contains(err.Error(), "does not read as TOML") {
		t.Errorf("broken file: %v", err)
	}
	if data, _ := os.ReadFile(broken); string(data) != "country = \"GB\n" {
		t.Errorf("broken file changed: %q", data)
	}
	// No config folder: said, nothing written.
	if _, _, err := saveSearchTo("", s)(mustSaved(t, "c", "GB", "mobile", "", "monthly")); err == nil || !strings.Contains(err.Error(), "--config") {
		t.Errorf("no path: %v", err)
	}
}

// TestSavedSearchErrorsNameTheLine: a malformed saved search stops the
// browser and --search with the file and line.
func TestSavedSearchErrorsNameTheLine(t *testing.T) {
	conf := filepath.Join(t.TempDir(), "config.toml")
	for _, tc := range []struct{ toml, want string }{
		{"[searches.a]\ntype = \"mobile\"\ncountries = \"Grmany\"\n", `line 3: searches.a: unknown country "Grmany" — did you mean DE (Germany)?`},
		{"[searches.a]\n\ntype = \"landline\"\n", `line 3: searches.a: unknown type "landline"`},
		{"[searches.b]\n[searches.a]\nsort = \"price:up\"\n", `line 3: searches.a: sort: unknown sort direction`},
		{"[searches.a]\nfilter = \"<abc\"\n", `line 2: searches.a: filter: "<abc"`},
		{"[searches.a]\ntypo = 1\n", `line 2: searches.a: unknown setting "typo"`},
		{"[searches.a]\ntype = 3\n", `line 2: searches.a: type: give a string`},
		{"[searches.a]\ncountries = [\"DE\", 4]\n", `line 2: searches.a: countries: give a string like "DE,FR"`},
		{"[searches]\na = 5\n", `line 2: searches.a: give a table`},
		{"[searches.a]\ncountries = \"+1415\"\n", `line 2: searches.a: "+1415" is a number prefix`},
		{"[searches.\"a b\"]\ncountries = \"DE\"\ncountry = \"FR\"\n", `line 3: searches."a b": countries and country say the same`},
	} {
		if err := os.WriteFile(conf, []byte(tc.toml), 0o600); err != nil {
			t.Fatal(err)
		}
		r := runCLI(t, nil, "search", "--demo", "--config", conf, "--search", "a")
		if want := "config file " + conf + ", " + tc.want; r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q", tc.toml, r.code, r.stderr, want)
		}
	}
	// The browser checks them all at start.
	_ = os.WriteFile(conf, []byte("[searches.a]\ntype = \"mobile\"\n\n[searches.z]\nsort = \"nope\"\n"), 0o600)
	s := settings{ConfigPath: conf, Countries: api.CountryList{mustCountry("US")}, Type: api.OneType(api.Mobile)}
	var err error
	if s.file, err = loadConfigFile(conf, true); err != nil {
		t.Fatal(err)
	}
	p := process{build: testBuild(), env: func(string) string { return "" }}
	if _, _, err := browserOptions(context.Background(), p, s, browserStart{}); err == nil || !strings.Contains(err.Error(), conf+", line 5: searches.z: sort") {
		t.Errorf("browser: %v", err)
	}
}

// TestSearchWithSavedSearch: --search takes a saved search's countries,
// type, filter and sort; their own flags win; an unknown name lists the
// saved ones.
func TestSearchWithSavedSearch(t *testing.T) {
	conf := filepath.Join(t.TempDir(), "config.toml")
	_ = os.WriteFile(conf, []byte(`country = "US"
[searches.chicago]
countries = "US"
type = "local"
filter = "^312 sms"
sort = "monthly:desc"

[searches.partial]
filter = "sms"
`), 0o600)
	rows := func(r cliResult) [][]string {
		t.Helper()
		recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if r.code != 0 || err != nil || len(recs) < 2 {
			t.Fatalf("exit %d, %v, %d records: %s", r.code, err, len(recs), r.stderr)
		}
		return recs[1:]
	}
	env := map[string]string{"NUMBROWSE_CONFIG": conf}
	got := rows(runCLI(t, env, "search", "--demo", "--search", "chicago", "--format", "csv"))
	var monthly []api.Decimal
	for _, rec := range got {
		if !strings.HasPrefix(rec[0], "+1312") || rec[2] != "local" || !strings.Contains(rec[9], "sms") {
			t.Fatalf("row %v is not a 312 local sms number", rec[:3])
		}
		monthly = append(monthly, api.MustDecimal(rec[4]))
	}
	if !slices.IsSortedFunc(monthly, func(a, b api.Decimal) int { return b.Cmp(a) }) {
		t.Errorf("not sorted by monthly:desc")
	}
	// --filter wins over the saved filter; --type over the saved type.
	for _, rec := range rows(runCLI(t, env, "search", "--demo", "--search", "chicago", "--filter", "^415", "--type", "local", "--format", "csv")) {
		if !strings.HasPrefix(rec[0], "+1415") {
			t.Fatalf("--filter did not win: %v", rec[:3])
		}
	}
	// A search that sets only a filter takes the country and type settings.
	for _, rec := range rows(runCLI(t, env, "search", "--demo", "--search", "partial", "--country", "GB", "--format", "csv")) {
		if !strings.HasPrefix(rec[0], "+44") || rec[2] != "mobile" || !strings.Contains(rec[9], "sms") {
			t.Fatalf("partial: %v", rec[:3])
		}
	}
	r := runCLI(t, env, "search", "--demo", "--search", "nope")
	if r.code != 2 || !strings.Contains(r.stderr, `--search "nope": no such saved search in `+conf+" — saved: chicago, partial") {
		t.Errorf("unknown name: exit %d, %s", r.code, r.stderr)
	}
	// Completion offers the names with what they search.
	names := complete(t, env, "search", "--search", "ch")
	if len(names) != 1 || !strings.HasPrefix(names[0], "chicago\tUS · local · ^312 sms · monthly:desc") {
		t.Errorf("completion: %q", names)
	}
}

// TestBrowserStartsOnSavedSearch: the browser's --search sets the
// countries, type, filter and sort it starts with; --country wins.
func TestBrowserStartsOnSavedSearch(t *testing.T) {
	conf := filepath.Join(t.TempDir(), "config.toml")
	_ = os.WriteFile(conf, []byte("[searches.eu]\ncountries = \"EU\"\nfilter = \"sms\"\nsort = \"upfront\"\n"), 0o600)
	s := settings{ConfigPath: conf, Countries: api.CountryList{mustCountry("US")}, Country: mustCountry("US"), Type: api.OneType(api.Local)}
	var err error
	if s.file, err = loadConfigFile(conf, true); err != nil {
		t.Fatal(err)
	}
	p := process{build: testBuild(), env: func(string) string { return "" }}
	o, _, err := browserOptions(context.Background(), p, s, browserStart{search: "eu"})
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Countries) != 27 || o.Type != api.OneType(api.Local) || o.Filter != "sms" || o.Sort == nil ||
		*o.Sort != (results.Sort{Col: results.Upfront}) || o.SearchName != "eu" || len(o.Searches) != 1 || o.SaveSearch == nil {
		t.Errorf("options: %d countries, %v, %q, %v, %q, %d saved", len(o.Countries), o.Type, o.Filter, o.Sort, o.SearchName, len(o.Searches))
	}
	o, _, _ = browserOptions(context.Background(), p, s, browserStart{search: "eu", countryFlag: true})
	if o.Countries.Key() != "US" || o.Filter != "sms" {
		t.Errorf("--country did not win: %v %q", o.Countries.Codes(), o.Filter)
	}
}

// TestFirstSavedSearchCreatesTheConfigFile: without a config file yet
// (a new user), ctrl+s writes the default one (0600 in a 0700 folder)
// rather than refusing; with --config, the file named must exist as
// before.
func TestFirstSavedSearchCreatesTheConfigFile(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		if k == "XDG_CONFIG_HOME" {
			return dir
		}
		return ""
	}
	cmd := &cobra.Command{Use: "numbrowse"}
	f := &globalFlags{}
	f.register(cmd)
	s, err := resolveSettings(cmd, f, env)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "numbrowse", "config.toml")
	if s.ConfigPath != "" || s.SavePath != want {
		t.Fatalf("ConfigPath %q, SavePath %q; want none read and %q to write", s.ConfigPath, s.SavePath, want)
	}
	o, _, err := browserOptions(context.Background(), process{build: testBuild(), env: env}, s, browserStart{})
	if err != nil {
		t.Fatal(err)
	}
	saved, where, err := o.SaveSearch(mustSaved(t, "eu-sms", "EU", "mobile", "sms", "monthly"))
	if err != nil || where != want || len(saved) != 1 || saved[0].Name != "eu-sms" || len(saved[0].Countries) != 27 {
		t.Fatalf("save: %v, %q, %+v", err, where, saved)
	}
	fi, err := os.Stat(want)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		di, _ := os.Stat(filepath.Dir(want))
		if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
			t.Errorf("modes: file %v, folder %v", fi.Mode().Perm(), di.Mode().Perm())
		}
	}
	// The file written is read back as the next start reads it.
	s, err = resolveSettings(cmd, f, env)
	if err != nil || s.ConfigPath != want {
		t.Fatalf("reread: %v, %q", err, s.ConfigPath)
	}
	if list, err := s.browserSearches(); err != nil || len(list) != 1 || list[0].Filter != "sms" {
		t.Errorf("saved searches on the next start: %+v, %v", list, err)
	}
}
