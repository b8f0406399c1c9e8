package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	fs "numbrowse/internal/faultserver"
	"numbrowse/internal/results"
)

// documented is a search response of n entries of the documented shape,
// the numbers +1555000000 up, every third with SMS.
func documented(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		feat := `"voice"`
		if i%3 == 0 {
			feat = `"sms","voice"`
		}
		fmt.Fprintf(&b, `{"phone_number":"+1555%07d","country_code":"US","number_type":"local",`+
			`"upfront_cost":"1.00","monthly_cost":"1.%02d","features":[%s],`+
			`"region_information":[{"region_type":"rate_center","region_name":"CHICAGO"},{"region_type":"state","region_name":"IL"}]}`,
			i, i%100, feat)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

func apiWith(t *testing.T, body []byte) map[string]string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}
}

// TestSearchFormatsAndFields: every format, with and without --fields,
// --limit and --no-header, says the same numbers in the API's order.
func TestSearchFormatsAndFields(t *testing.T) {
	env := apiWith(t, documented(30))
	base := []string{"search", "--country", "US", "--type", "local"}
	wantFirst := []string{"+15550000000", "+15550000001", "+15550000002"}

	// JSON lines: one entry per line, all of its keys, in the API's order.
	r := runCLI(t, env, append(base, "--format", "jsonl")...)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) != 30 {
		t.Fatalf("jsonl: exit %d, %d lines; %s", r.code, len(lines), r.stderr)
	}
	for i, want := range wantFirst {
		var e results.Entry
		if err := json.Unmarshal([]byte(lines[i]), &e); err != nil || e.PhoneNumber != want || e.MonthlyCost.String() == "" {
			t.Errorf("jsonl line %d: %v %+v", i, err, e)
		}
	}

	// --fields chooses and orders the keys and columns of every format.
	fields := []string{"--fields", "number,monthly,region"}
	r = runCLI(t, env, append(append(base, fields...), "--format", "jsonl", "--limit", "2")...)
	if r.stdout != `{"phone_number":"+15550000000","monthly_cost":"1.00","region":"Chicago, IL"}`+"\n"+
		`{"phone_number":"+15550000001","monthly_cost":"1.01","region":"Chicago, IL"}`+"\n" {
		t.Errorf("jsonl --fields --limit 2:\n%s%s", r.stdout, r.stderr)
	}
	r = runCLI(t, env, append(append(base, fields...), "--format", "json", "--limit", "1")...)
	if r.stdout != "[\n  {\n    \"phone_number\": \"+15550000000\",\n    \"monthly_cost\": \"1.00\",\n    \"region\": \"Chicago, IL\"\n  }\n]\n" {
		t.Errorf("json --fields --limit 1:\n%s", r.stdout)
	}
	r = runCLI(t, env, append(append(base, fields...), "--format", "csv", "--limit", "2")...)
	if r.stdout != "phone_number,monthly_cost,region\n+15550000000,1.00,\"Chicago, IL\"\n+15550000001,1.01,\"Chicago, IL\"\n" {
		t.Errorf("csv --fields --limit 2:\n%s", r.stdout)
	}
	r = runCLI(t, env, append(append(base, fields...), "--format", "tsv", "--limit", "2", "--no-header")...)
	if r.stdout != "+15550000000\t1.00\tChicago, IL\n+15550000001\t1.01\tChicago, IL\n" {
		t.Errorf("tsv --no-header:\n%q", r.stdout)
	}
	r = runCLI(t, env, append(append(base, fields...), "--limit", "2", "--no-header")...)
	if r.stdout != "+1 555-000-0000  1.00      Chicago, IL\n+1 555-000-0001  1.01      Chicago, IL\n" {
		t.Errorf("table --fields --no-header:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "NUMBER") {
		t.Errorf("table --no-header has a header:\n%s", r.stdout)
	}
	r = runCLI(t, env, append(base, "--fields", "monthly,number", "--limit", "1")...)
	if lines := strings.Split(r.stdout, "\n"); len(lines) < 2 || lines[0] != " MONTHLY  NUMBER" ||
		lines[1] != "1.00      +1 555-000-0000" {
		t.Errorf("table --fields monthly,number:\n%s", r.stdout)
	}

	// CSV and TSV without --fields: every field, the same rows.
	rc := runCLI(t, env, append(base, "--format", "csv", "--filter", "sms")...)
	rt := runCLI(t, env, append(base, "--format", "tsv", "--filter", "sms")...)
	recs, err := csv.NewReader(strings.NewReader(rc.stdout)).ReadAll()
	if err != nil || len(recs) != 11 || strings.Join(recs[0], ",") != strings.Join(results.CSVHeader, ",") {
		t.Fatalf("csv: %v, %d records", err, len(recs))
	}
	tl := strings.Split(strings.TrimSuffix(rt.stdout, "\n"), "\n")
	for i := range recs {
		if strings.Join(recs[i], "\t") != tl[i] {
			t.Errorf("row %d: csv %q, tsv %q", i, recs[i], tl[i])
		}
	}

	// --sort needs every number first, then writes in its order.
	r = runCLI(t, env, append(base, "--format", "jsonl", "--fields", "number", "--sort", "monthly:desc", "--limit", "2")...)
	if r.stdout != `{"phone_number":"+15550000029"}`+"\n"+`{"phone_number":"+15550000028"}`+"\n" {
		t.Errorf("--sort monthly:desc --limit 2, want 1.29 and 1.28:\n%s", r.stdout)
	}
}

// TestSearchFlagErrors: bad output flags are usage errors, before any
// request.
func TestSearchFlagErrors(t *testing.T) {
	srv, calls := fakeAPI(t, 200, `{"data":[]}`, nil)
	env := map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--fields", "number,colour"}, `--fields: unknown field "colour": use number, country`},
		{[]string{"--fields", "number,,monthly"}, "--fields: an empty field"},
		{[]string{"--fields", ""}, "--fields: an empty field"},
		{[]string{"--limit", "-1"}, "--limit -1 must not be negative"},
		{[]string{"--limit", "many"}, `invalid argument "many" for "--limit"`},
		{[]string{"--format", "json", "--no-header"}, "--format json has no header row"},
		{[]string{"--format", "jsonl", "--no-header"}, "--format jsonl has no header row"},
		{[]string{"--format", "yaml"}, `unknown --format "yaml" — use table, json, jsonl, csv, tsv`},
	} {
		r := runCLI(t, env, append([]string{"search"}, tt.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d requests for usage errors", calls.Load())
	}
}

// TestSearchFailEmpty: exit 3 with --fail-empty when nothing matched (the
// API offered none, or the filter left none), 0 without it, 0 when
// something matched.
func TestSearchFailEmpty(t *testing.T) {
	env := apiWith(t, documented(5))
	none := apiWith(t, []byte(`{"data":[]}`))
	for _, tt := range []struct {
		env    map[string]string
		args   []string
		code   int
		stderr string
	}{
		{env, []string{"--filter", "999999", "--fail-empty"}, 3, "numbrowse: no numbers matched: none of the 5 offered passed the filter (--fail-empty)"},
		{none, []string{"--fail-empty", "--format", "jsonl"}, 3, "numbrowse: no numbers matched: the API offered none (--fail-empty)"},
		{none, []string{"--fail-empty", "--sort", "monthly", "--format", "csv"}, 3, "the API offered none"},
		{env, []string{"--filter", "999999"}, 0, ""},
		{env, []string{"--filter", "sms", "--fail-empty", "--format", "tsv"}, 0, ""},
	} {
		r := runCLI(t, tt.env, append([]string{"search"}, tt.args...)...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) || strings.Contains(r.stderr, "error") {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.stderr)
		}
	}
}

// signalWriter is a stdout that says when its first byte arrives.
type signalWriter struct {
	mu    sync.Mutex
	b     bytes.Buffer
	first chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.b.Len() == 0 && len(p) > 0 {
		close(w.first)
	}
	return w.b.Write(p)
}

// TestSearchStreamsBeforeTheEnd: without --sort, JSON lines, CSV, TSV and
// the JSON array write their first numbers while the API still holds
// back the rest of its answer (which it sends only once they are out).
func TestSearchStreamsBeforeTheEnd(t *testing.T) {
	body := documented(2000)
	head, tail := body[:len(body)/2], body[len(body)/2:]
	for _, format := range []string{"jsonl", "csv", "tsv", "json"} {
		t.Run(format, func(t *testing.T) {
			out := &signalWriter{first: make(chan struct{})}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(head)
				w.(http.Flusher).Flush()
				select {
				case <-out.first:
				case <-r.Context().Done():
					return
				case <-time.After(time.Minute): // a failure guard, not a measurement
					return
				}
				_, _ = w.Write(tail)
			}))
			defer srv.Close()
			var errb bytes.Buffer
			env := map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey, "HOME": t.TempDir()}
			code := run(context.Background(), testBuild(), []string{"search", "--format", format, "--timeout", "2m"},
				stdio{in: strings.NewReader(""), out: out, err: &errb}, func(k string) string { return env[k] })
			select {
			case <-out.first:
			default:
				t.Fatal("nothing written")
			}
			n := strings.Count(out.b.String(), "+1555")
			if code != 0 || n != 2000 {
				t.Fatalf("exit %d, %d numbers written; %s", code, n, errb.String())
			}
		})
	}
}

// TestSearchLimitStopsReading: --limit stops reading the answer once it
// has written enough, so a huge answer costs nothing past them.
func TestSearchLimitStopsReading(t *testing.T) {
	h := fs.NewHuge(100 << 20)
	s := fs.New(t, h.Behaviour())
	r := runCLI(t, map[string]string{"IDENTITYCALL_API_URL": s.URL, "IDENTITYCALL_API_KEY": testKey},
		"search", "--format", "jsonl", "--limit", "3", "--timeout", "1m")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 3 {
		t.Fatalf("exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	s.Close()
	if sent := h.Sent(); sent >= 50<<20 {
		t.Errorf("the server sent %d bytes for 3 numbers", sent)
	}
}

// TestSearchBrokenMidway: a connection that breaks after numbers were
// written is not retried (the output would repeat them) and the error
// says the output is incomplete.
func TestSearchBrokenMidway(t *testing.T) {
	body := documented(3000)
	b := fs.ResetAfter(len(body)/2, fs.Func("3000 entries", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	s := fs.New(t, b)
	r := runCLI(t, map[string]string{"IDENTITYCALL_API_URL": s.URL, "IDENTITYCALL_API_KEY": testKey},
		"search", "--format", "csv", "--timeout", "1m")
	written := strings.Count(r.stdout, "+1555") // the header names no number
	if r.code != 1 || written == 0 || written >= 3000 || s.Count() != 1 ||
		!strings.Contains(r.stderr, fmt.Sprintf("(the output stops after %d numbers: it is incomplete)", written)) {
		t.Errorf("exit %d after %d requests, %d numbers written; stderr %q", r.code, s.Count(), written, r.stderr)
	}
}

// widthWriter is a stdout that says it is a terminal of a given width.
type widthWriter struct {
	bytes.Buffer
	width int
}

func (w *widthWriter) TerminalWidth() (int, bool) { return w.width, true }

// TestSearchTableFitsTheTerminal: on a terminal the table drops columns in
// the browser's order until it fits; piped, it has every column.
func TestSearchTableFitsTheTerminal(t *testing.T) {
	env := apiWith(t, documented(20))
	env["HOME"] = t.TempDir()
	runTo := func(out *widthWriter, args ...string) string {
		var errb bytes.Buffer
		code := run(context.Background(), testBuild(), append([]string{"search"}, args...),
			stdio{in: strings.NewReader(""), out: out, err: &errb}, func(k string) string { return env[k] })
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		return out.String()
	}
	header := func(s string) string { return strings.SplitN(s, "\n", 2)[0] }
	for _, tt := range []struct {
		width      int
		has, hasNo []string
	}{
		{200, []string{"NUMBER", "REGION", "UPFRONT", "MONTHLY", "FEATURES", "FLAGS"}, nil},
		{60, []string{"NUMBER", "REGION", "UPFRONT", "MONTHLY", "FEATURES"}, []string{"FLAGS"}},
		{50, []string{"NUMBER", "MONTHLY", "REGION", "FEATURES"}, []string{"UPFRONT", "FLAGS"}},
		{40, []string{"NUMBER", "MONTHLY", "REGION"}, []string{"UPFRONT", "FEATURES"}},
		{30, []string{"NUMBER", "MONTHLY"}, []string{"REGION"}},
		{20, []string{"NUMBER"}, []string{"REGION"}},
	} {
		out := runTo(&widthWriter{width: tt.width})
		h := header(out)
		for _, want := range tt.has {
			if !strings.Contains(h, want) {
				t.Errorf("width %d: header lacks %s: %q", tt.width, want, h)
			}
		}
		for _, bad := range tt.hasNo {
			if strings.Contains(h, bad) {
				t.Errorf("width %d: header has %s: %q", tt.width, bad, h)
			}
		}
		sc := bufio.NewScanner(strings.NewReader(out))
		for sc.Scan() {
			if w := ansi.StringWidth(sc.Text()); w > tt.width {
				t.Errorf("width %d: a line of %d cells: %q", tt.width, w, sc.Text())
				break
			}
		}
	}
	// Piped: every column, whatever COLUMNS says.
	env["COLUMNS"] = "40"
	r := runCLI(t, env, "search", "--fields", "number,region,upfront,monthly,features,flags,type,country")
	if h := strings.SplitN(r.stdout, "\n", 2)[0]; !strings.Contains(h, "UPFRONT") || !strings.Contains(h, "COUNTRY") || !strings.Contains(h, "FLAGS") {
		t.Errorf("piped table lacks columns: %q", h)
	}
}

// TestSearchAllTypesStreamsInTypeOrder: --type all streams mobile first,
// then local, toll-free and national, and the table has a type column.
func TestSearchAllTypesStreamsInTypeOrder(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		typ := r.URL.Query().Get("number_type")
		if typ == "national" {
			w.WriteHeader(422)
			_, _ = w.Write([]byte(`{"error":"not offered"}`))
			return
		}
		fmt.Fprintf(w, `{"data":[{"phone_number":"+1555%07d","number_type":%q,"monthly_cost":"1"}]}`, len(typ), typ)
	}))
	defer srv.Close()
	env := map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}
	r := runCLI(t, env, "search", "--type", "all", "--format", "tsv", "--fields", "type", "--no-header")
	if r.code != 0 || r.stdout != "mobile\nlocal\ntoll-free\n" {
		t.Errorf("exit %d: %q %s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, env, "search", "--type", "all")
	if !strings.Contains(strings.SplitN(r.stdout, "\n", 2)[0], "TYPE") {
		t.Errorf("all types table without a type column:\n%s", r.stdout)
	}
	_ = api.AllTypes
}

// TestSearchHelpShowsFilterSyntax: `search --help` explains every kind of
// filter term, as results.ParseFilter reads them.
func TestSearchHelpShowsFilterSyntax(t *testing.T) {
	r := runCLI(t, nil, "search", "--help")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"these digits anywhere in the number", "^415", "00$", "a region name contains this",
		"letters as phone-keypad digits", "the number has that feature", "<=1.5", "negation of any term",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("search --help does not show %q:\n%s", want, r.stdout)
		}
	}
}
