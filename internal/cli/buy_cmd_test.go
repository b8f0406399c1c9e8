package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"numbrowse/api"
	"numbrowse/api/demo"
)

// ttyReader is stdin that says it is a terminal.
type ttyReader struct{ io.Reader }

func (ttyReader) IsTerminal() bool { return true }

// buyServer fakes the API: a search that offers +15551234567 (and
// +15559876543), the purchase answered with status and body (or hanging
// until the client gives up), and the account's numbers.
type buyServer struct {
	status int
	body   string
	hang   bool
	owned  string // GET /virtual_numbers body
	moved  string // Location header of the purchase's answer

	mu       sync.Mutex
	posts    []string // purchase bodies
	searches int
	checks   int
}

const buyOffer = `{"data":[
	{"phone_number":"+15559876543","country_code":"US","number_type":"local","upfront_cost":"0","monthly_cost":"1.1"},
	{"phone_number":"+15551234567","country_code":"US","number_type":"local","upfront_cost":"1.10","monthly_cost":"0.0075",
	 "region_information":[{"region_type":"rate_center","region_name":"CHICAGO"}]}]}`

func (s *buyServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/virtual_numbers/available":
		s.mu.Lock()
		s.searches++
		s.mu.Unlock()
		if r.URL.Query().Get("number_type") != "local" {
			_, _ = io.WriteString(w, `{"data":[]}`)
			return
		}
		_, _ = io.WriteString(w, buyOffer)
	case "/virtual_numbers/purchase":
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.posts = append(s.posts, string(b))
		s.mu.Unlock()
		if s.hang {
			<-r.Context().Done()
			return
		}
		if s.moved != "" {
			w.Header().Set("Location", s.moved)
		}
		w.WriteHeader(s.status)
		_, _ = io.WriteString(w, s.body)
	case "/virtual_numbers":
		s.mu.Lock()
		s.checks++
		s.mu.Unlock()
		_, _ = io.WriteString(w, s.owned)
	default:
		w.WriteHeader(404)
	}
}

func (s *buyServer) Posts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.posts...)
}

func startBuyServer(t *testing.T, s *buyServer) map[string]string {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}
}

const wantBuyBody = `{"phone_number":"+15551234567","country_code":"US","number_type":"local","name":"Sales",` +
	`"upfront_cost":"1.10","monthly_cost":"0.0075"}`

func TestBuyOutcomes(t *testing.T) {
	created := `{"data":{"id":4201,"phone_number":"+15551234567","name":"Sales","country_code":"US","active":true,` +
		`"ai_receptionist_enabled":false,"operators":[],"operators_count":0}}`
	mine := `{"data":[{"id":4201,"phone_number":"+15551234567","name":"Sales","country_code":"US","active":true}]}`
	tests := []struct {
		name     string
		srv      *buyServer
		args     []string
		code     int
		stdout   string
		stderr   string
		posts    int
		checks   int
		sameBody bool
	}{
		{name: "201", srv: &buyServer{status: 201, body: created}, code: 0, posts: 1, sameBody: true,
			stdout: "ID    NUMBER           NAME   COUNTRY  ACTIVE  OPERATORS\n4201  +1 555-123-4567  Sales  US       yes     0\n",
			stderr: "Bought +1 555-123-4567."},
		{name: "403", srv: &buyServer{status: 403, body: `{"error":"Write permission required"}`}, code: 1, posts: 1,
			stderr: "not bought: the API key lacks write permission (403): Write permission required — use a key that may buy numbers"},
		{name: "422 error", srv: &buyServer{status: 422, body: `{"error":"Number +15551234567 is no longer available"}`}, code: 1, posts: 1,
			stderr: "the provider refused the purchase (HTTP 422): Number +15551234567 is no longer available"},
		{name: "422 errors", srv: &buyServer{status: 422, body: `{"errors":["phone_number is required","try again"]}`}, code: 1, posts: 1,
			stderr: "(HTTP 422): phone_number is required; try again"},
		{name: "500, owned", srv: &buyServer{status: 500, body: `oops`, owned: mine}, code: 1, posts: 1, checks: 1,
			stdout: "4201  +1 555-123-4567  Sales  US       yes     0",
			stderr: "the answer to the purchase was lost (the server failed while handling it (HTTP 500)), but +1 555-123-4567 is now on your account (id 4201)"},
		{name: "500, not owned", srv: &buyServer{status: 500, owned: `{"data":[]}`}, code: 1, posts: 1, checks: 1,
			stderr: "it is not on your account — it was not bought"},
		{name: "timeout after sending, owned", srv: &buyServer{hang: true, owned: mine}, args: []string{"--timeout", "300ms"},
			code: 1, posts: 1, checks: 1, stdout: "4201  +1 555-123-4567",
			stderr: "lost (no answer came in time), but +1 555-123-4567 is now on your account (id 4201)"},
		{name: "timeout after sending, not owned", srv: &buyServer{hang: true, owned: `{"data":[]}`}, args: []string{"--timeout", "300ms"},
			code: 1, posts: 1, checks: 1, stderr: "was sent but no answer came in time; it is not on your account — it was not bought"},
		{name: "307 not followed", srv: &buyServer{status: 307, moved: "https://elsewhere.example/virtual_numbers/purchase"},
			code: 1, posts: 1, stderr: "redirected the purchase to elsewhere.example; a purchase is never sent on, so nothing was bought"},
		{name: "303 not followed, not owned", srv: &buyServer{status: 303, moved: "/virtual_numbers", owned: `{"data":[]}`},
			code: 1, posts: 1, checks: 1,
			stderr: "was sent but the API answered with a redirect (HTTP 303), which is not followed; it is not on your account"},
		{name: "check fails", srv: &buyServer{status: 502, owned: `<html>`}, code: 1, posts: 1, checks: 1,
			stderr: "could not be checked"},
		{name: "json", srv: &buyServer{status: 201, body: created}, args: []string{"--format", "json"}, code: 0, posts: 1,
			stdout: `"id": 4201,`},
		{name: "not offered", srv: &buyServer{status: 201, body: created}, args: []string{"--type", "mobile"}, code: 1, posts: 0,
			stderr: "+15551234567 is not offered among the US mobile numbers any more (or never was) — nothing was bought"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := tt.srv
			env := startBuyServer(t, srv)
			args := append([]string{"buy", "+1 555 123 4567", "--name", "Sales", "--yes"}, tt.args...)
			r := runCLIWithInput(t, env, strings.NewReader(""), args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, tt.code, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.stdout) || (tt.stdout == "" && r.stdout != "") {
				t.Errorf("stdout %q, want %q", r.stdout, tt.stdout)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", r.stderr, tt.stderr)
			}
			posts := srv.Posts()
			if len(posts) != tt.posts || srv.checks != tt.checks {
				t.Errorf("%d purchases and %d ownership checks, want %d and %d", len(posts), srv.checks, tt.posts, tt.checks)
			}
			if tt.sameBody && posts[0] != wantBuyBody {
				t.Errorf("body\n%s\nwant\n%s", posts[0], wantBuyBody)
			}
			if strings.Contains(r.stdout+r.stderr, testKey) {
				t.Error("the key was printed")
			}
		})
	}
}

func TestBuyRefuses(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("read_only = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		in   io.Reader
		args []string
		want string
	}{
		{"--read-only", nil, nil, []string{"+15551234567", "--read-only", "--yes"}, "read-only mode is on"},
		{"env read-only", map[string]string{"NUMBROWSE_READ_ONLY": "1"}, nil, []string{"+15551234567", "--yes"}, "read-only mode is on"},
		{"config read-only", map[string]string{"NUMBROWSE_CONFIG": cfg}, nil, []string{"+15551234567", "--yes"}, "read-only mode is on"},
		{"no terminal, no --yes", nil, strings.NewReader("4567\n"), []string{"+15551234567"},
			"not on a terminal, so buy cannot ask — pass --yes"},
		{"bad number", nil, nil, []string{"--yes", "5551234567"}, `invalid phone number "5551234567"`},
		{"bad format", nil, nil, []string{"+15551234567", "--yes", "--format", "csv"}, `unknown --format "csv"`},
		{"bad group", nil, nil, []string{"+15551234567", "--yes", "--requirement-group", "0"}, "--requirement-group 0"},
		{"control name", nil, nil, []string{"+15551234567", "--yes", "--name", "a\x1b[2J"}, "--name contains control characters"},
		{"no key", map[string]string{"IDENTITYCALL_API_KEY": ""}, nil, []string{"+15551234567", "--yes"}, "IDENTITYCALL_API_KEY is not set"},
		{"two numbers", nil, nil, []string{"+15551234567", "--yes", "+15559876543"}, "accepts 1 arg"},
		{"no number", nil, nil, []string{"--yes"}, "accepts 1 arg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &buyServer{status: 201, body: `{"data":{"id":1}}`}
			env := startBuyServer(t, srv)
			for k, v := range tt.env {
				env[k] = v
			}
			in := tt.in
			if in == nil {
				in = ttyReader{strings.NewReader("4567\n")}
			}
			r := runCLIWithInput(t, env, in, append([]string{"buy"}, tt.args...)...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tt.want)
			}
			if srv.searches != 0 || len(srv.Posts()) != 0 {
				t.Errorf("%d searches and %d purchases sent", srv.searches, len(srv.Posts()))
			}
		})
	}
}

// TestBuyConfirmation: on a terminal, only the number's last four digits
// buy; anything else sends nothing.
func TestBuyConfirmation(t *testing.T) {
	tests := []struct {
		typed string
		code  int
		posts int
	}{
		{"4567\n", 0, 1},
		{"  4567  \n", 0, 1},
		{"1234\n", 1, 0},
		{"y\n", 1, 0},
		{"\n", 1, 0},
		{"", 1, 0},
		{"34567\n", 1, 0},
	}
	for _, tt := range tests {
		srv := &buyServer{status: 201, body: `{"data":{"id":9,"phone_number":"+15551234567"}}`}
		env := startBuyServer(t, srv)
		r := runCLIWithInput(t, env, ttyReader{strings.NewReader(tt.typed)}, "buy", "+15551234567", "--requirement-group", "42")
		if r.code != tt.code || len(srv.Posts()) != tt.posts {
			t.Errorf("typed %q: exit %d with %d purchases, want %d and %d; stderr:\n%s",
				tt.typed, r.code, len(srv.Posts()), tt.code, tt.posts, r.stderr)
		}
		for _, want := range []string{"About to buy +1 555-123-4567 (+15551234567)", "United States (US, +1)",
			"Upfront    1.10 (no currency given)", "Monthly    0.0075 per month (no currency given)",
			"Due now    1.1075 (1.10 upfront + 0.0075 first month; the provider gave no currency)",
			"Req. group 42", "Type the last four digits"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("typed %q: stderr does not show %q:\n%s", tt.typed, want, r.stderr)
			}
		}
		if tt.code == 1 && !strings.Contains(r.stderr, "not confirmed — nothing was bought") {
			t.Errorf("typed %q: stderr %s", tt.typed, r.stderr)
		}
		if tt.posts == 1 && !strings.Contains(srv.Posts()[0], `"requirement_group_id":42`) {
			t.Errorf("body %s", srv.Posts()[0])
		}
	}
}

// TestBuyDemo: `--demo` buys from the embedded inventory, and the demo
// server takes the number out of its inventory. Each process has its own
// demo server, so the "gone" half runs the commands against one shared
// demo server through --api-url.
func TestBuyDemo(t *testing.T) {
	first := func(r cliResult) string {
		t.Helper()
		var entries []struct {
			PhoneNumber string `json:"phone_number"`
		}
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &entries) != nil || len(entries) == 0 {
			t.Fatalf("search: exit %d, %s", r.code, r.stderr)
		}
		return entries[0].PhoneNumber
	}
	n := first(runCLI(t, nil, "search", "--demo", "--country", "GB", "--type", "local", "--format", "json"))
	r := runCLI(t, nil, "buy", "--demo", "--yes", "--format", "json", "--name", "Demo line", n)
	var got struct {
		ID          int    `json:"id"`
		PhoneNumber string `json:"phone_number"`
		Name        string `json:"name"`
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &got) != nil || got.PhoneNumber != n || got.Name != "Demo line" || got.ID == 0 {
		t.Fatalf("buy --demo: exit %d, stdout %s, stderr %s", r.code, r.stdout, r.stderr)
	}

	srv, err := demo.Start(demo.WithLatency(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	env := map[string]string{"IDENTITYCALL_API_URL": srv.URL(), "IDENTITYCALL_API_KEY": demo.APIKey}
	search := func() []string {
		r := runCLI(t, env, "search", "--country", "GB", "--type", "local", "--format", "json")
		var entries []struct {
			PhoneNumber string `json:"phone_number"`
		}
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &entries) != nil {
			t.Fatalf("search: exit %d, %s", r.code, r.stderr)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.PhoneNumber)
		}
		return out
	}
	before := search()
	if r := runCLI(t, env, "buy", "--yes", before[0]); r.code != 0 {
		t.Fatalf("buy: exit %d, %s", r.code, r.stderr)
	}
	after := search()
	if len(after) != len(before)-1 || strings.Contains(strings.Join(after, " "), before[0]) {
		t.Errorf("%d numbers before, %d after; bought %s", len(before), len(after), before[0])
	}
	r = runCLI(t, env, "buy", "--yes", before[0])
	if r.code != 1 || !strings.Contains(r.stderr, "is not offered among the GB numbers any more") {
		t.Errorf("buying it again: exit %d, %s", r.code, r.stderr)
	}
}

// TestAllTypesWithFailedTypes checks what search and buy say when some
// types of an all-types search fail and others answer.
func TestAllTypesWithFailedTypes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("number_type") {
		case "mobile", "toll-free":
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"error":"no access"}`)
		case "local":
			_, _ = io.WriteString(w, buyOffer)
		default:
			_, _ = io.WriteString(w, `{"data":[]}`)
		}
	}))
	defer srv.Close()
	env := map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}

	r := runCLI(t, env, "search", "--type", "all", "--format", "csv")
	if r.code != 1 || !strings.Contains(r.stdout, "+15551234567") ||
		!strings.Contains(r.stderr, "error: the results are incomplete: mobile, toll-free could not be searched") ||
		!strings.Contains(r.stderr, "warning: mobile numbers could not be searched: API key lacks a permission (403)") ||
		!strings.Contains(r.stderr, "warning: toll-free numbers could not be searched") {
		t.Errorf("search: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}

	r = runCLIWithInput(t, env, strings.NewReader(""), "buy", "+15550001111", "--yes")
	if want := "+15550001111 is not offered among the US numbers any more (or never was) — nothing was bought " +
		"(the mobile, toll-free search failed); see numbrowse search"; r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("buy: exit %d, stderr %q; want exit 1 and %q", r.code, r.stderr, want)
	}
}

// TestBuySummaryNeeds: the summary says what the provider asks for before
// the number works (its requirements, an address), in the US too.
func TestBuySummaryNeeds(t *testing.T) {
	n := api.Number{E164: "+15551234567", Country: "US", Type: api.Local,
		Monthly: api.MustDecimal("1"), MonthlyCurrency: "USD", Flags: api.Flags{AddressRequirement: "local"}}
	var b strings.Builder
	printBuySummary(&b, buyTarget{num: n, intl: "+1 555-123-4567"})
	for _, want := range []string{"Monthly    1.00 USD per month", "Upfront    -",
		"Note: the provider requires a local address for this number; pass --requirement-group."} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary does not show %q:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "best effort") {
		t.Errorf("best effort said of a number not flagged so:\n%s", b.String())
	}
	n.Requirements = []api.Requirement{{Label: "Proof of address"}}
	n.Flags.BestEffort = true
	b.Reset()
	printBuySummary(&b, buyTarget{num: n, intl: "+1 555-123-4567"})
	for _, want := range []string{"Note: the provider lists requirements (Proof of address), and requires a local address; pass --requirement-group.",
		"Note: best effort: the provider may not be able to deliver this exact number."} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary does not show %q:\n%s", want, b.String())
		}
	}
}

// TestBuyTableIsOwneds: buy prints the number it bought as numbrowse
// owned prints it: the number as people write it, the provider's word
// for its state, the operators by name (it printed E.164, "no", "1").
func TestBuyTableIsOwneds(t *testing.T) {
	o := api.OwnedNumber{ID: "7", PhoneNumber: "+447700900123", Name: "Desk", CountryCode: "GB", ActiveKnown: true,
		Status: "pending", OperatorsCount: 1, Operators: json.RawMessage(`[{"name":"Ana Souza"}]`)}
	var b strings.Builder
	if err := writeOwned(&b, "table", o); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"+44 7700 900123", "no (pending)", "1 (Ana Souza)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("buy's table lacks %q:\n%s", want, b.String())
		}
	}
}
