package cli

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// countryAPI answers each country's search with two numbers priced in its
// own currency, except the countries in fail (503) and none (422).
type countryAPI struct {
	fail, none map[string]bool
	mu         sync.Mutex
	asked      []string
}

func (a *countryAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := r.URL.Query().Get("country")
	a.mu.Lock()
	a.asked = append(a.asked, c+" "+r.URL.Query().Get("number_type"))
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case a.fail[c]:
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, `{"error":"upstream down"}`)
		return
	case a.none[c]:
		w.WriteHeader(http.StatusUnprocessableEntity)
		_, _ = io.WriteString(w, `{"error":"no numbers here"}`)
		return
	}
	cc, cur := map[string]string{"DE": "49", "FR": "33", "NL": "31", "GB": "44"}[c], map[string]string{"GB": "GBP"}[c]
	if cur == "" {
		cur = "EUR"
	}
	fmt.Fprintf(w, `{"data":[
		{"phone_number":"+%[1]s1511111111","country_code":%[2]q,"number_type":"mobile","monthly_cost":"2.00","currency":%[3]q},
		{"phone_number":"+%[1]s1522222222","country_code":%[2]q,"number_type":"mobile","monthly_cost":"1.00","currency":%[3]q}]}`, cc, c, cur)
}

func (a *countryAPI) env(t *testing.T) map[string]string {
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)
	return map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}
}

// TestSearchSeveralCountries: --country takes a list, a group, names and
// repeats; the table gets a Country column; costs sort within their
// currency and stderr says so.
func TestSearchSeveralCountries(t *testing.T) {
	a := &countryAPI{}
	env := a.env(t)
	r := runCLI(t, env, "search", "--country", "DE,FR", "--country", "uk", "--sort", "monthly")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if !strings.HasPrefix(lines[0], "NUMBER") || !strings.Contains(lines[0], "COUNTRY") || len(lines) != 7 {
		t.Fatalf("table:\n%s", r.stdout)
	}
	var order []string
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		order = append(order, f[len(f)-2]+" "+f[len(f)-1]) // the monthly cost and its currency (no features, no flags)
	}
	if want := []string{"1.00 EUR", "1.00 EUR", "2.00 EUR", "2.00 EUR", "1.00 GBP", "2.00 GBP"}; !slices.Equal(order, want) {
		t.Errorf("monthly order %v, want %v (EUR, the more common, first)", order, want)
	}
	if !strings.Contains(r.stderr, "note: the monthly costs are in 2 currencies, sorted within each (EUR first, then GBP)") {
		t.Errorf("stderr %q does not say the costs are sorted within their currency", r.stderr)
	}
	slices.Sort(a.asked)
	if want := []string{"DE mobile", "FR mobile", "GB mobile"}; !slices.Equal(a.asked, want) {
		t.Errorf("asked %v, want %v", a.asked, want)
	}

	// One country: no Country column.
	r = runCLI(t, env, "search", "--country", "Germany")
	if r.code != 0 || strings.Contains(r.stdout, "COUNTRY") || !strings.Contains(r.stdout, "+49 151") {
		t.Errorf("one country: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The same in CSV: every number, its country in country_code.
	r = runCLI(t, env, "search", "--country", "NL,+33", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if r.code != 0 || err != nil || len(recs) != 5 {
		t.Fatalf("csv: exit %d, %v, %d records\n%s", r.code, err, len(recs), r.stderr)
	}
	var ccs []string
	for _, rec := range recs[1:] {
		ccs = append(ccs, rec[1])
	}
	if slices.Sort(ccs); !slices.Equal(ccs, []string{"FR", "FR", "NL", "NL"}) {
		t.Errorf("countries %v", ccs)
	}
}

// TestSearchOneCountryFails: the others are printed, the failure is a
// warning naming the country, and the exit status is 1; a country with
// nothing to offer is a note, not a failure.
func TestSearchOneCountryFails(t *testing.T) {
	a := &countryAPI{fail: map[string]bool{"FR": true}, none: map[string]bool{"NL": true}}
	env := a.env(t)
	r := runCLI(t, env, "search", "--country", "DE,FR,NL", "--format", "csv")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	if strings.Count(r.stdout, "+49") != 2 || strings.Contains(r.stdout, "+33") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	for _, want := range []string{
		"numbrowse: warning: FR (France) could not be searched: the IdentityCall server failed (HTTP 503",
		"numbrowse: note: NL (Netherlands) offers no mobile numbers: search rejected (HTTP 422): no numbers here",
		"numbrowse: error: the results are incomplete: FR could not be searched — the numbers above are from the rest",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
		}
	}
	// Without the failure, nothing offered in one country is no error.
	a.fail = nil
	if r = runCLI(t, env, "search", "--country", "DE,NL"); r.code != 0 {
		t.Errorf("DE,NL with nothing in NL: exit %d\n%s", r.code, r.stderr)
	}
	// When every country fails, it is the error.
	a.fail = map[string]bool{"DE": true, "FR": true}
	if r = runCLI(t, env, "search", "--country", "DE,FR"); r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "503") {
		t.Errorf("all failing: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestCountrySettingForms: every form of a country in the flag, the
// environment and the config file (a string or a list), and each mistake
// named with its source before any request.
func TestCountrySettingForms(t *testing.T) {
	a := &countryAPI{}
	env := a.env(t)
	conf := filepath.Join(t.TempDir(), "config.toml")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(conf, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{"NUMBROWSE_CONFIG": conf}
		for k, v := range env {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	write("country = [\"Germany\", \"+33\"]\n")
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string // the countries asked, in order
	}{
		{"config list", nil, nil, "DE FR"},
		{"env beats config", map[string]string{"NUMBROWSE_COUNTRY": "nl,United Kingdom"}, nil, "NL GB"},
		{"flag beats env", map[string]string{"NUMBROWSE_COUNTRY": "nl"}, []string{"--country", "+44"}, "GB"},
		{"repeated flag", nil, []string{"--country", "DE", "--country", "FR,NL"}, "DE FR NL"},
		{"a group", nil, []string{"--country", "eu", "--type", "mobile"}, "27"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a.mu.Lock()
			a.asked = nil
			a.mu.Unlock()
			r := runCLI(t, with(tc.env), append([]string{"search", "--format", "csv"}, tc.args...)...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			var got []string
			for _, q := range a.asked {
				got = append(got, strings.Fields(q)[0])
			}
			if tc.want == "27" {
				if len(got) != 27 {
					t.Errorf("EU asked %d countries", len(got))
				}
				return
			}
			slices.Sort(got)
			want := strings.Fields(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("asked %v, want %v", got, want)
			}
		})
	}
	for _, tc := range []struct {
		name, file string
		env        map[string]string
		args       []string
		want       string
	}{
		{"flag", "", nil, []string{"--country", "Grmany"}, `--country: unknown country "Grmany" — did you mean DE (Germany)?`},
		{"env", "", map[string]string{"NUMBROWSE_COUNTRY": "DE,ZZ"}, nil, `NUMBROWSE_COUNTRY: unknown country "ZZ"`},
		{"file", "type = \"local\"\ncountry = \"DE, Frnace\"\n", nil, nil, conf + `, line 2: unknown country "Frnace" — did you mean FR (France)?`},
		{"file type", "\ncountry = 49\n", nil, nil, conf + `, line 2: country: give a string like "DE" or a list of strings`},
		{"a prefix in a list", "", nil, []string{"--country", "DE,+1415"}, `a number prefix (+1415) picks one country on its own`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			write(tc.file)
			a.mu.Lock()
			a.asked = nil
			a.mu.Unlock()
			r := runCLI(t, with(tc.env), append([]string{"search"}, tc.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) || len(a.asked) != 0 {
				t.Errorf("exit %d, %d requests, stderr %q; want exit 2, none, and %q", r.code, len(a.asked), r.stderr, tc.want)
			}
		})
	}
}

// TestCountryNumberPrefix: --country +1415 searches the US and filters for
// numbers starting 415.
func TestCountryNumberPrefix(t *testing.T) {
	r := runCLI(t, nil, "search", "--demo", "--country", "+1415", "--type", "local", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if r.code != 0 || err != nil || len(recs) < 2 {
		t.Fatalf("exit %d, %v, %d records: %s", r.code, err, len(recs), r.stderr)
	}
	for _, rec := range recs[1:] {
		if !strings.HasPrefix(rec[0], "+1415") || rec[1] != "US" {
			t.Errorf("%v is not a US number starting +1 415", rec[:2])
		}
	}
	// With a filter of its own, both apply.
	r = runCLI(t, nil, "search", "--demo", "--country", "+1 415", "--type", "local", "--filter", "sms", "--format", "csv")
	if recs2, _ := csv.NewReader(strings.NewReader(r.stdout)).ReadAll(); r.code != 0 || len(recs2) >= len(recs) || len(recs2) < 2 {
		t.Errorf("+1 415 and sms: exit %d, %d records (%d without sms)", r.code, len(recs2), len(recs))
	}
}
