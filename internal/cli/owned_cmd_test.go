package cli

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
)

func TestOwnedExitCodesAndMessages(t *testing.T) {
	list := `{"data":[{"id":1,"phone_number":"+15551234567","name":"Sales","country_code":"US","active":true}]}`
	tests := []struct {
		name       string
		status     int
		body       string
		args       []string
		noKey      bool
		wantCode   int
		wantErr    string
		wantOut    string
		wantNoCall bool
	}{
		{name: "ok", status: 200, body: list, wantCode: 0, wantOut: "1   +1 555-123-4567  Sales  US       yes     0"},
		{name: "empty", status: 200, body: `{"data":[]}`, wantCode: 0, wantOut: "ID  NUMBER  NAME  COUNTRY  ACTIVE  OPERATORS"},
		{name: "no key", status: 200, body: list, noKey: true, wantCode: 2,
			wantErr: "IDENTITYCALL_API_KEY is not set — export it, or try --demo", wantNoCall: true},
		{name: "401", status: 401, body: `{"error":"Invalid or expired API key"}`, wantCode: 1,
			wantErr: "API key rejected (401): Invalid or expired API key — check IDENTITYCALL_API_KEY"},
		{name: "403", status: 403, body: `{"error":"Read permission required"}`, wantCode: 1, wantErr: "Read permission required"},
		{name: "500", status: 500, body: ``, wantCode: 1, wantErr: "500"},
		{name: "not JSON", status: 200, body: `<html>`, wantCode: 1, wantErr: "numbrowse: error: the API sent a response numbrowse cannot read"},
		{name: "bad format", status: 200, body: list, args: []string{"--format", "xml"}, wantCode: 2,
			wantErr: `unknown --format "xml" — use table, json, csv, jsonl, tsv`, wantNoCall: true},
		{name: "bad sort", status: 200, body: list, args: []string{"--sort", "monthly"}, wantCode: 2, wantErr: "--sort", wantNoCall: true},
		{name: "bad filter", status: 200, body: list, args: []string{"--filter", "sms"}, wantCode: 2,
			wantErr: `--filter: "sms": owned numbers are listed without their features`, wantNoCall: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := fakeAPI(t, tt.status, tt.body, nil)
			env := map[string]string{"IDENTITYCALL_API_URL": srv.URL}
			if !tt.noKey {
				env["IDENTITYCALL_API_KEY"] = testKey
			}
			r := runCLI(t, env, append([]string{"owned"}, tt.args...)...)
			if r.code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr: %s", r.code, tt.wantCode, r.stderr)
			}
			if tt.wantErr != "" && !strings.Contains(r.stderr, tt.wantErr) {
				t.Errorf("stderr %q does not contain %q", r.stderr, tt.wantErr)
			}
			if tt.wantOut != "" && !strings.Contains(r.stdout, tt.wantOut) {
				t.Errorf("stdout %q does not contain %q", r.stdout, tt.wantOut)
			}
			if tt.wantNoCall && calls.Load() != 0 {
				t.Errorf("%d requests for a usage error", calls.Load())
			}
		})
	}
}

// TestOwnedFormatsAndPages: every page is read; each format holds every
// number; an incomplete list and skipped entries are said on stderr.
func TestOwnedFormatsAndPages(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "2" {
			_, _ = w.Write([]byte(`{"data":[{"id":3,"phone_number":"+447700900123","name":"UK","country_code":"GB","active":false},"x"],` +
				`"meta":{"current_page":2,"total_pages":2,"total":9}}`))
			return
		}
		_, _ = w.Write([]byte(`{"data":[{"id":1,"phone_number":"+15551234567","name":"=cmd","country_code":"US","active":true,` +
			`"operators":[{"name":"Ana"}]},{"id":2,"phone_number":"+15557654321","name":"B\u001b[31m","country_code":"US"}],` +
			`"meta":{"current_page":1,"total_pages":2,"total":9}}`))
	}))
	t.Cleanup(srv.Close)
	env := map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}

	r := runCLI(t, env, "owned", "--format", "json", "--sort", "name")
	var entries []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &entries); err != nil || r.code != 0 || len(entries) != 3 {
		t.Fatalf("exit %d, %v: %s", r.code, err, r.stdout)
	}
	if entries[0]["name"] != "=cmd" || entries[1]["name"] != "B" || entries[2]["id"] != 3.0 {
		t.Errorf("entries %v", entries)
	}
	if !strings.Contains(r.stderr, "numbrowse: warning: the list may be incomplete: the API said the account has 9 numbers but sent 4") ||
		!strings.Contains(r.stderr, "1 of the API's entries were skipped") {
		t.Errorf("stderr %q", r.stderr)
	}

	r = runCLI(t, env, "owned", "--format", "csv", "--filter", "active")
	recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(recs) != 2 || recs[1][2] != "'=cmd" || recs[1][8] != "Ana" {
		t.Errorf("CSV %q %v", recs, err)
	}
	r = runCLI(t, env, "owned", "--format", "jsonl", "--filter", "inactive")
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 1 || !strings.Contains(lines[0], `"id":3`) {
		t.Errorf("JSONL %q", r.stdout)
	}
	r = runCLI(t, env, "owned", "--format", "tsv")
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 4 || !strings.HasPrefix(lines[0], "id\tphone_number\tname") {
		t.Errorf("TSV %q", r.stdout)
	}
	r = runCLI(t, env, "owned")
	assertTerminalSafe(t, "table", r.stdout)
	if !strings.Contains(r.stdout, "+44 7700 900123") || !strings.Contains(r.stdout, "1 (Ana)") {
		t.Errorf("table:\n%s", r.stdout)
	}
}

// TestOwnedDemo: the demo account's numbers, over its two pages.
func TestOwnedDemo(t *testing.T) {
	r := runCLI(t, nil, "owned", "--demo", "--format", "jsonl")
	if r.code != 0 || strings.Count(r.stdout, "\n") != demoOwnedNumbers || r.stderr != "" {
		t.Errorf("exit %d, %d lines, stderr %q", r.code, strings.Count(r.stdout, "\n"), r.stderr)
	}
}

// TestOwnedTableFitsTheTerminal: on a terminal the operators, then the
// names, are cut to fit its width, no more than needed; the number,
// country and state stay whole. Without a terminal (width 0) only the
// 40-column cap applies.
func TestOwnedTableFitsTheTerminal(t *testing.T) {
	list := []api.OwnedNumber{
		{ID: "3112", PhoneNumber: "+18333144257", Name: "Hotline for the whole of North America", CountryCode: "US",
			Active: true, ActiveKnown: true, OperatorsCount: 3,
			Operators: json.RawMessage(`[{"name":"Chidi Okafor"},{"name":"Ana Souza"},{"name":"Bo Lindqvist"}]`)},
		{ID: "3101", PhoneNumber: "+13032956397", Name: "Sales", CountryCode: "US", ActiveKnown: true},
	}
	for _, width := range []int{0, 120, 80, 60} {
		var b strings.Builder
		if err := writeOwnedTable(&b, list, []int{0, 1}, false, false, width); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			if width > 0 && ansi.StringWidth(line) > width {
				t.Errorf("width %d: a line of %d: %q", width, ansi.StringWidth(line), line)
			}
		}
		for _, want := range []string{"+1 833-314-4257", "+1 303-295-6397", "US", "yes", "no", "OPERATORS", "NAME", "3 (Chidi"} {
			if !strings.Contains(out, want) {
				t.Errorf("width %d: %q missing:\n%s", width, want, out)
			}
		}
		if width == 0 || width == 120 {
			if !strings.Contains(out, "3 (Chidi Okafor, Ana Souza, Bo Lindqvis") || !strings.Contains(out, "Hotline for the whole of North America") {
				t.Errorf("width %d: the operators are cut with room to spare:\n%s", width, out)
			}
		}
	}
}
