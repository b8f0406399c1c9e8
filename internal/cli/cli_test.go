package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/spf13/cobra"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// result of one run of the command line.
type cliResult struct {
	code           int
	stdout, stderr string
}

// runCLI runs the command line with empty stdin, a fresh HOME and config
// directory, NO_COLOR, and env on top.
func runCLI(t *testing.T, env map[string]string, args ...string) cliResult {
	t.Helper()
	return runCLIWithInput(t, env, strings.NewReader(""), args...)
}

// runCLIWithInput is runCLI with the given stdin.
func runCLIWithInput(t *testing.T, env map[string]string, in io.Reader, args ...string) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	base := map[string]string{"HOME": t.TempDir(), "XDG_CONFIG_HOME": t.TempDir(), "NO_COLOR": "1"}
	for k, v := range env {
		base[k] = v
	}
	code := run(context.Background(), testBuild(), args, stdio{in: in, out: &out, err: &errb},
		func(k string) string { return base[k] })
	return cliResult{code, out.String(), errb.String()}
}

// fakeAPI is an httptest server that answers every request with status and
// body, counting requests.
func fakeAPI(t *testing.T, status int, body string, hdr map[string]string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		for k, v := range hdr {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

const testKey = "idc_TESTKEY0123456789abcdefghijklmnopq"

func TestSearchExitCodesAndMessages(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		hdr        map[string]string
		args       []string
		noKey      bool
		wantCode   int
		wantErr    string
		wantNoCall bool
	}{
		{name: "unknown country is a usage error before any request", status: 200, body: `{"data":[]}`,
			args: []string{"--country", "Grmany"}, wantCode: 2, wantErr: `--country: unknown country "Grmany" — did you mean DE (Germany)?`, wantNoCall: true},
		{name: "unknown type", status: 200, body: `{"data":[]}`,
			args: []string{"--type", "landline"}, wantCode: 2, wantErr: `unknown type "landline"`, wantNoCall: true},
		{name: "no key", status: 200, body: `{"data":[]}`, noKey: true,
			wantCode: 2, wantErr: "IDENTITYCALL_API_KEY is not set — export it, or try --demo", wantNoCall: true},
		{name: "401", status: 401, body: `{"error":"Invalid or expired API key"}`,
			wantCode: 1, wantErr: "API key rejected (401): Invalid or expired API key — check IDENTITYCALL_API_KEY"},
		{name: "403", status: 403, body: `{"error":"Read permission required"}`,
			wantCode: 1, wantErr: "Read permission required"},
		{name: "422 errors list", status: 422, body: `{"errors":["number_type is not offered","try local"]}`,
			wantCode: 1, wantErr: "number_type is not offered; try local — try another number type or country"},
		{name: "all types, none offered", status: 422, body: `{"error":"No mobile numbers available in US"}`, args: []string{"--type", "all"},
			wantCode: 1, wantErr: "no numbers of any type are offered in United States (US) — try another --country"},
		{name: "500 empty", status: 500, body: ``, wantCode: 1, wantErr: "500"},
		{name: "bad top level", status: 200, body: `<html>oops</html>`, wantCode: 1, wantErr: "numbrowse: error: "},
		{name: "empty result", status: 200, body: `{"data":[]}`, wantCode: 0},
		{name: "bad format", status: 200, body: `{"data":[]}`, args: []string{"--format", "xml"},
			wantCode: 2, wantErr: `unknown --format "xml" — use table, json, jsonl, csv, tsv`, wantNoCall: true},
		{name: "bad sort", status: 200, body: `{"data":[]}`, args: []string{"--sort", "price:up"},
			wantCode: 2, wantErr: "--sort", wantNoCall: true},
		{name: "bad filter", status: 200, body: `{"data":[]}`, args: []string{"--filter", "<abc"},
			wantCode: 2, wantErr: "--filter", wantNoCall: true},
		{name: "unknown flag", status: 200, body: `{"data":[]}`, args: []string{"--colour"},
			wantCode: 2, wantErr: "unknown flag", wantNoCall: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := fakeAPI(t, tt.status, tt.body, tt.hdr)
			env := map[string]string{"IDENTITYCALL_API_URL": srv.URL}
			if !tt.noKey {
				env["IDENTITYCALL_API_KEY"] = testKey
			}
			r := runCLI(t, env, append([]string{"search"}, tt.args...)...)
			if r.code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", r.code, tt.wantCode, r.stderr)
			}
			if tt.wantErr != "" && !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("stderr %q does not contain %q", r.stderr, tt.wantErr)
			}
			if tt.wantCode != 0 && strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("error is not one line: %q", r.stderr)
			}
			if strings.Contains(r.stderr+r.stdout, testKey) {
				t.Errorf("the API key was printed")
			}
			if tt.wantNoCall && calls.Load() != 0 {
				t.Errorf("%d requests were sent, want none", calls.Load())
			}
		})
	}
}

func TestSearchHTMLErrorIsCleanOneLine(t *testing.T) {
	page := "<html><head><title>502 Bad Gateway</title></head><body>\n<h1>502 Bad Gateway</h1>\n<hr>nginx\x1b]52;c;aGk=\x07</body></html>"
	srv, _ := fakeAPI(t, 502, page, map[string]string{"Content-Type": "text/html"})
	r := runCLI(t, map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}, "search")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1; %s", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "<") || strings.Contains(r.stderr, "\x1b") || !strings.Contains(r.stderr, "502") {
		t.Errorf("stderr = %q, want a clean one-line 502 message", r.stderr)
	}
}

func TestSearchDemoFormats(t *testing.T) {
	env := map[string]string{}
	r := runCLI(t, env, "search", "--demo", "--country", "gb", "--type", "mobile", "--format", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var entries []results.Entry
	if err := json.Unmarshal([]byte(r.stdout), &entries); err != nil {
		t.Fatalf("json output does not parse: %v", err)
	}
	if len(entries) < 10 || len(entries) > 200 {
		t.Fatalf("%d entries, want 10..200", len(entries))
	}
	// Round trip: the parsed output marshals back to the same bytes...
	again, err := json.MarshalIndent(entries, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(again)) != strings.TrimSpace(r.stdout) {
		t.Errorf("json output does not round-trip")
	}
	// ...and the api decoder reads it as the same numbers.
	res, err := api.DecodeSearch(strings.NewReader(`{"data":`+r.stdout+`}`), api.Query{Country: "GB", Type: api.Mobile})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Numbers) != len(entries) || res.Skipped.Total() != 0 {
		t.Fatalf("decoded %d numbers (%d skipped), want %d", len(res.Numbers), res.Skipped.Total(), len(entries))
	}
	for i, n := range res.Numbers {
		e := entries[i]
		if n.E164 != e.PhoneNumber || n.Country != "GB" || string(n.Type) != e.NumberType ||
			n.Monthly.String() != e.MonthlyCost.String() || n.Upfront.String() != e.UpfrontCost.String() ||
			strings.Join(n.Features, ",") != strings.Join(e.Features, ",") {
			t.Fatalf("entry %d does not round-trip: %+v vs %+v", i, n, e)
		}
	}

	r = runCLI(t, env, "search", "--demo", "--country", "DE", "--type", "local", "--format", "csv", "--sort", "monthly:desc")
	if r.code != 0 {
		t.Fatalf("csv: exit %d: %s", r.code, r.stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(results.CSVHeader, ",") || len(recs) < 11 {
		t.Fatalf("csv header %v, %d records", recs[0], len(recs))
	}
	// Sorted by the amount within each currency, each currency's rows
	// together (the demo prices some DE numbers without a currency).
	done := map[string]bool{}
	for i := 2; i < len(recs); i++ {
		if cur := recs[i][7]; cur != recs[i-1][7] {
			if done[cur] {
				t.Fatalf("csv row %d: the %q rows are not together", i, cur)
			}
			done[recs[i-1][7]] = true
			continue
		}
		if recs[i][4] == "" {
			continue
		}
		a, b := api.MustDecimal(recs[i-1][4]), api.MustDecimal(recs[i][4])
		if a.Cmp(b) < 0 {
			t.Fatalf("csv not sorted by monthly desc at row %d: %s < %s", i, recs[i-1][4], recs[i][4])
		}
	}

	r = runCLI(t, env, "search", "--demo", "--country", "US", "--type", "local", "--filter", "sms")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "NUMBER") || strings.Contains(r.stdout, "\x1b[") {
		t.Fatalf("table: exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
}

func TestSettingsPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "numbrowse", "config.toml")
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(s string) {
		if err := os.WriteFile(cfg, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("country = \"DE\"\ntype = \"local\"\ntimeout = \"20s\"\nmouse = true\ntheme = \"light\"\n")
	resolveWith := func(env map[string]string, args ...string) (settings, error) {
		cmd := &cobra.Command{Use: "numbrowse"}
		f := &globalFlags{}
		f.register(cmd)
		if err := cmd.ParseFlags(args); err != nil {
			return settings{}, err
		}
		return resolveSettings(cmd, f, func(k string) string {
			if k == "XDG_CONFIG_HOME" {
				return dir
			}
			return env[k]
		})
	}
	s, err := resolveWith(nil)
	if err != nil || s.Country.Code != "DE" || s.Type != api.OneType(api.Local) || s.Timeout.String() != "20s" || !s.Mouse || s.Theme != "light" {
		t.Fatalf("config file not applied: %+v %v", s, err)
	}
	s, err = resolveWith(map[string]string{"NUMBROWSE_COUNTRY": "fr", "NUMBROWSE_MOUSE": "0", "NUMBROWSE_THEME": "dark"})
	if err != nil || s.Country.Code != "FR" || s.Type != api.OneType(api.Local) || s.Mouse || s.Theme != "dark" {
		t.Fatalf("env does not beat the config: %+v %v", s, err)
	}
	s, err = resolveWith(map[string]string{"NUMBROWSE_COUNTRY": "fr"}, "--country", "nl", "--type", "tollfree")
	if err != nil || s.Country.Code != "NL" || s.Type != api.OneType(api.TollFree) {
		t.Fatalf("flag does not beat env: %+v %v", s, err)
	}
	if _, err = resolveWith(nil, "--theme", "sepia"); err == nil || !strings.Contains(err.Error(), `unknown theme "sepia"`) {
		t.Fatalf("bad theme flag: %v", err)
	}
	if s, err = resolveWith(map[string]string{"NUMBROWSE_THEME": " Dark "}); err != nil || s.Theme != "dark" {
		t.Fatalf("NUMBROWSE_THEME=\" Dark \": %+v %v", s, err)
	}
	write("country = \"DE\"\ntheme = \"Sepia\"\n")
	if _, err = resolveWith(nil); err == nil || !strings.Contains(err.Error(), cfg+`, line 2: unknown theme "sepia"`) {
		t.Fatalf("bad theme in the config: %v", err)
	}
	write("country = \"DE\"\ntype = \"local\n")
	if _, err = resolveWith(nil); err == nil || !strings.Contains(err.Error(), cfg+", line 2") {
		t.Fatalf("broken config: %v, want the file and line 2", err)
	}
	write("country = \"DE\"\n\ncontry = \"GB\"\n")
	if _, err = resolveWith(nil); err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), `"contry"`) {
		t.Fatalf("unknown setting: %v", err)
	}
	write("[keys]\nsort = \"o\"\nnope = \"x\"\n")
	s, err = resolveWith(nil)
	if err != nil || s.Keys["sort"][0] != "o" {
		t.Fatalf("keys: %+v %v", s, err)
	}
	if _, err := s.keyMap(defaultKeys()); err == nil || !strings.Contains(err.Error(), `unknown action "nope"`) {
		t.Fatalf("unknown action: %v", err)
	}
	write("[keys]\nsort = \"j\"\n")
	s, _ = resolveWith(nil)
	if _, err := s.keyMap(defaultKeys()); err == nil || !strings.Contains(err.Error(), `key "j" is bound to both`) {
		t.Fatalf("clash: %v", err)
	}
	if _, err = resolveWith(nil, "--config", filepath.Join(dir, "missing.toml")); err == nil || !strings.Contains(err.Error(), "missing.toml") {
		t.Fatalf("explicit missing config: %v", err)
	}
}

func TestAPIKeyFromFile(t *testing.T) {
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Get("Authorization"))
		_, _ = w.Write([]byte(`{"data":[]}`))
	}))
	defer srv.Close()
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte(testKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": "idc_fromenv"},
		"search", "--api-key-file", keyFile)
	if r.code != 0 || got.Load() != "Bearer "+testKey {
		t.Fatalf("exit %d, Authorization %v; %s", r.code, got.Load(), r.stderr)
	}
	empty := filepath.Join(t.TempDir(), "empty")
	_ = os.WriteFile(empty, nil, 0o600)
	r = runCLI(t, map[string]string{"IDENTITYCALL_API_URL": srv.URL}, "search", "--api-key-file", empty)
	if r.code != 2 || !strings.Contains(r.stderr, "is empty") {
		t.Fatalf("empty key file: exit %d %s", r.code, r.stderr)
	}
}

func TestAPIKeyFileInConfig(t *testing.T) {
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Get("Authorization"))
		_, _ = w.Write([]byte(`{"data":[]}`))
	}))
	defer srv.Close()
	home, confDir := t.TempDir(), t.TempDir()
	conf := filepath.Join(confDir, "config.toml")
	for _, tc := range []struct{ setting, keyFile string }{
		{"key", filepath.Join(confDir, "key")},          // relative to the config file
		{"~/.idc_key", filepath.Join(home, ".idc_key")}, // ~ is HOME
	} {
		if err := os.WriteFile(tc.keyFile, []byte(testKey+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(conf, []byte("country = \"GB\"\napi_key_file = \""+tc.setting+"\"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		got.Store("")
		r := runCLI(t, map[string]string{"IDENTITYCALL_API_URL": srv.URL, "HOME": home}, "search", "--config", conf)
		if r.code != 0 || got.Load() != "Bearer "+testKey {
			t.Errorf("api_key_file = %q: exit %d, Authorization %v; %s", tc.setting, r.code, got.Load(), r.stderr)
		}
	}
	if err := os.WriteFile(conf, []byte("country = \"GB\"\napi_key_file = \"nope\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, map[string]string{"IDENTITYCALL_API_URL": srv.URL, "HOME": home}, "search", "--config", conf)
	if want := "config file " + conf + ", line 2: cannot read the API key file " + filepath.Join(confDir, "nope"); r.code != 2 ||
		!strings.Contains(r.stderr, want) {
		t.Errorf("missing key file: exit %d, stderr %q; want exit 2 and %q", r.code, r.stderr, want)
	}
}

func TestPlainHTTPRefusedForRemoteHost(t *testing.T) {
	r := runCLI(t, map[string]string{"IDENTITYCALL_API_KEY": testKey}, "search", "--api-url", "http://api.example.com/v1")
	if r.code != 2 || !strings.Contains(r.stderr, "http") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
}

func TestDefaultPaths(t *testing.T) {
	envOf := func(kv ...string) envFunc {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	xdg := envOf("HOME", "/h", "XDG_CONFIG_HOME", "/c", "XDG_DATA_HOME", "/d", "XDG_STATE_HOME", "/s")
	home, none := envOf("HOME", "/h"), envOf()
	for _, tc := range []struct {
		name string
		f    func(envFunc) string
		xdg  string
		home string
	}{
		{"config", defaultConfigPath, "/c/numbrowse/config.toml", "/h/.config/numbrowse/config.toml"},
		{"host key", defaultHostKeyPath, "/d/numbrowse/ssh_host_ed25519", "/h/.local/share/numbrowse/ssh_host_ed25519"},
		{"state", stateDir, "/s/numbrowse", "/h/.local/state/numbrowse"},
	} {
		for _, c := range []struct {
			env  envFunc
			want string
		}{{xdg, filepath.FromSlash(tc.xdg)}, {home, filepath.FromSlash(tc.home)}, {none, ""}} {
			if got := tc.f(c.env); got != c.want {
				t.Errorf("%s: got %q, want %q", tc.name, got, c.want)
			}
		}
	}
}

func TestUnreadableFilesNameTheCause(t *testing.T) {
	dir := t.TempDir() // a directory: it exists, but cannot be read as a file
	r := runCLI(t, nil, "search", "--demo", "--config", dir)
	if want := "config file " + dir + ": cannot read it: it is a directory"; r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Errorf("--config DIR: exit %d, stderr %q; want exit 2 and %q", r.code, r.stderr, want)
	}
	r = runCLI(t, nil, "search", "--api-key-file", dir)
	if want := "cannot read the API key file " + dir + ": it is a directory"; r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Errorf("--api-key-file DIR: exit %d, stderr %q; want exit 2 and %q", r.code, r.stderr, want)
	}
}

func TestConfigErrorsNameTheLine(t *testing.T) {
	conf := filepath.Join(t.TempDir(), "config.toml")
	for _, tc := range []struct{ toml, want string }{
		{"country = \"GB\"\ntimeout = \"soon\"\n", `line 2: timeout "soon" is not a duration`},
		{"country = \"GB\"\n\ntimeout = \"2h\"\n", `line 3: timeout "2h" is out of range`},
		{"[keys]\nsort = [\"o\", 1]\n", `line 2: keys.sort: every key must be a string`},
		{"[keys]\n\nsort = 1\n", `line 3: keys.sort: give a key like "o"`},
		{"[keys]\nsort = [\"o\", \" \"]\n", `line 2: keys.sort: a key is empty`},
		{"country = \"GB\"\n[serve]\nlisten = \"127.0.0.1:0\"\n\nmax_session = 3\n", `line 5: unknown setting "serve.max_session"`},
	} {
		if err := os.WriteFile(conf, []byte(tc.toml), 0o600); err != nil {
			t.Fatal(err)
		}
		r := runCLI(t, nil, "search", "--demo", "--config", conf)
		if want := "config file " + conf + ", " + tc.want; r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q", tc.toml, r.code, r.stderr, want)
		}
	}
}

// TestCommandsNeedAKey: every command that talks to the API (through
// newKeyedBackend) stops without a key and without --demo, as a usage
// error naming the cause and what to do, before any request.
func TestCommandsNeedAKey(t *testing.T) {
	for _, args := range [][]string{{"search"}, {"owned"}, {"watch", "--country", "US"}, {"buy", "+15551234567", "--yes"}} {
		t.Run(args[0], func(t *testing.T) {
			srv, calls := fakeAPI(t, 200, `{"data":[]}`, nil)
			r := runCLI(t, map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": ""}, args...)
			if r.code != 2 || !strings.Contains(r.stderr, "IDENTITYCALL_API_KEY is not set — export it, or try --demo") {
				t.Errorf("exit %d, stderr %q", r.code, r.stderr)
			}
			if n := calls.Load(); n != 0 {
				t.Errorf("%d requests without a key", n)
			}
		})
	}
}

// TestSearchSaysWhyNothingMatched: a search that prints no number says
// on stderr whether the API offered none or the filter left none (a
// table of a header alone left the reader to guess), and still exits 0
// without --fail-empty.
func TestSearchSaysWhyNothingMatched(t *testing.T) {
	one := `{"data":[{"phone_number":"+15551234567","monthly_cost":"1.00","currency":"USD"}]}`
	for _, tt := range []struct {
		body   string
		args   []string
		stderr string
	}{
		{`{"data":[]}`, nil, "numbrowse: note: no numbers matched: the API offered none\n"},
		{one, []string{"--filter", "sms"}, "numbrowse: note: no numbers matched: none of the 1 offered passed the filter\n"},
		{one, []string{"--filter", "sms", "--format", "jsonl"}, "numbrowse: note: no numbers matched: none of the 1 offered passed the filter\n"},
		{one, nil, ""},
	} {
		srv, _ := fakeAPI(t, 200, tt.body, nil)
		r := runCLI(t, map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}, append([]string{"search"}, tt.args...)...)
		if r.code != 0 || r.stderr != tt.stderr {
			t.Errorf("%v: exit %d, stderr %q, want 0 and %q", tt.args, r.code, r.stderr, tt.stderr)
		}
	}
}
