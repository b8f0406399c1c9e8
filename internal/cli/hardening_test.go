package cli

import (
	"cmp"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"numbrowse/api"
	fs "numbrowse/internal/faultserver"
)

// What `numbrowse search` does against a misbehaving API: the exit status,
// the one line on stderr, and that nothing it prints can drive a terminal.
// The CLI's client cannot be given a fake clock, so the retries here really
// wait: Retry-After values are 1 s and the per-attempt timeout 200 ms, and
// the cases run in parallel (about 2 s in all).

// htmlTag matches an HTML tag such as <p>, </title> or <!DOCTYPE html>.
var htmlTag = regexp.MustCompile(`<[!/]?[a-zA-Z][^<>]*>`)

// assertTerminalSafe fails when out holds a byte or rune that a terminal
// acts on (anything below 0x20 but a newline, DEL, a C1 control), invalid
// UTF-8, or the API key.
func assertTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s is not valid UTF-8: %q", what, out)
	}
	for i, r := range out {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			t.Errorf("%s: control %U at byte %d: %q", what, r, i, out[max(0, i-20):min(len(out), i+20)])
			return
		}
	}
	if strings.Contains(out, testKey) || strings.Contains(out, testKey[4:]) {
		t.Errorf("%s shows the API key", what)
	}
}

func TestSearchAgainstFaults(t *testing.T) {
	tests := []struct {
		b         fs.Behaviour
		timeout   string // --timeout: short only where the timeout is the point
		args      []string
		code      int
		stderr    []string // each must appear on stderr
		stdoutHas []string // each must appear on stdout
		stdoutNot []string // none may appear on stdout
	}{
		{b: fs.SlowFirstByte(fs.Forever, fs.OK()), timeout: "200ms", code: 1,
			stderr: []string{"the API did not answer within 200ms (3 attempts) — try again, or raise --timeout"}},
		{b: fs.StallAfter(40, fs.OK()), timeout: "200ms", code: 1,
			stderr: []string{"the API did not answer within 200ms (3 attempts)"}},
		{b: fs.Reset(), code: 1,
			stderr: []string{"cannot reach the IdentityCall API: ", "(3 attempts) — check the network and --api-url"}},
		{b: fs.ResetAfter(40, fs.OK()), code: 1,
			stderr: []string{"connection reset", "— check the network and --api-url"}},
		{b: fs.TruncatedJSON(), code: 1,
			stderr: []string{"the API sent a response numbrowse cannot read: ", "truncated JSON", "— try again later"}},
		{b: fs.HTML200(), code: 1,
			stderr: []string{"response is not JSON", "cannot read"}},
		{b: fs.BadGateway(), code: 1,
			stderr: []string{"the IdentityCall server failed (HTTP 502 Bad Gateway): 502 Bad Gateway", "(3 attempts) — try again later"}},
		{b: fs.ServiceUnavailable(), code: 1,
			stderr: []string{"(HTTP 503 Service Unavailable): 503 Service Temporarily Unavailable", "try again later"}},
		{b: fs.EmptyError(500), code: 1,
			stderr: []string{"the IdentityCall server failed (HTTP 500 Internal Server Error) — try again later"}},
		{b: fs.RateLimited(fs.Seconds(1)), code: 1,
			stderr: []string{"rate limited: Rate limit exceeded (3 attempts) — try again in 1s"}},
		{b: fs.RateLimited(fs.Seconds(120)), code: 1,
			stderr: []string{"rate limited: Rate limit exceeded — try again in 2m0s"}},
		{b: fs.Sequence(fs.RateLimited(fs.Seconds(1)), fs.OK()), code: 0,
			stdoutHas: []string{"+1 415-555-0100", "+1 312-555-0199", "+1 212-555-0123"}},
		{b: fs.Sequence(fs.RateLimited(fs.Date(time.Second)), fs.OK()), code: 0,
			stdoutHas: []string{"+1 415-555-0100"}},
		// The api tests stream a 100 MB body to the cap; here the body
		// announces its size, which gives the same error without the few
		// seconds -race takes to decode 128 MiB.
		{b: fs.NewHuge(200 << 20).Announced().Behaviour(), code: 1,
			stderr: []string{"over the 128 MiB size limit — raise it with --max-response"}},
		{b: fs.NewHuge(2 << 20).Announced().Behaviour(), args: []string{"--max-response", "1MiB"}, code: 1,
			stderr: []string{"over the 1 MiB size limit — raise it with --max-response"}},
		{b: fs.Nested(100_000), code: 1, stderr: []string{"exceeded max depth", "cannot read"}},
		{b: fs.DataNotArray(), code: 1, stderr: []string{`response "data" is not a list`}},
		{b: fs.NonObjectEntries(), code: 0,
			stderr:    []string{"note: 6 of the provider's entries were skipped: 6 not an object"},
			stdoutHas: []string{"+1 212-555-0123"}, stdoutNot: []string{"415-555-0100", "312-555-0199"}},
		{b: fs.Duplicates(), args: []string{"--format", "csv"}, code: 0,
			stderr:    []string{"note: 2 of the provider's entries were skipped: 2 repeating an earlier number"},
			stdoutHas: []string{"+14155550100,", "+13125550199,", "+12125550123,"}, stdoutNot: []string{"0.01"}},
		{b: fs.LongRegion(1_000_000), code: 0, stdoutHas: []string{"AbAbAb", "…"}},
		{b: fs.InvalidUTF8(), code: 0, stdoutHas: []string{"Z\uFFFD"}},
		// provider_fields reach JSON raw: invalid bytes (0x9b, 0x9d) too.
		{b: fs.InvalidUTF8(), args: []string{"--format", "json"}, code: 0, stdoutHas: []string{"Z\uFFFD"}},
		{b: fs.InvalidUTF8(), args: []string{"--format", "csv"}, code: 0, stdoutHas: []string{"Z\uFFFD"}},
		{b: fs.Hostile(), code: 0, stdoutHas: []string{"+1 415-555-0100"},
			stdoutNot: []string{"pwned", "cm0g", "evil", "544e"}},
		{b: fs.Hostile(), args: []string{"--format", "json"}, code: 0, stdoutHas: []string{`"+14155550100"`}},
		{b: fs.Hostile(), args: []string{"--format", "csv"}, code: 0, stdoutHas: []string{"+14155550100,"}},
		{b: fs.EchoAuthorization(401), code: 1, stderr: []string{"API key rejected (401): invalid key: Bearer [redacted]"}},
		{b: fs.EchoAuthorization(502), code: 1, stderr: []string{"[redacted]"}},
	}
	for _, tt := range tests {
		t.Run(tt.b.Name()+strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			s := fs.New(t, tt.b)
			// Cases that are not about timeouts get a long one: a loaded
			// machine under -race must not turn them into timeouts.
			timeout := cmp.Or(tt.timeout, "1m")
			args := append([]string{"search", "--timeout", timeout}, tt.args...)
			r := runCLI(t, map[string]string{"IDENTITYCALL_API_URL": s.URL, "IDENTITYCALL_API_KEY": testKey}, args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", r.code, tt.code, r.stderr)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr %q lacks %q", r.stderr, want)
				}
			}
			for _, want := range tt.stdoutHas {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("stdout lacks %q:\n%.2000s", want, r.stdout)
				}
			}
			for _, bad := range tt.stdoutNot {
				if strings.Contains(r.stdout, bad) {
					t.Errorf("stdout shows %q:\n%.2000s", bad, r.stdout)
				}
			}
			if tt.code != 0 {
				if r.stdout != "" {
					t.Errorf("a failed search printed %q", r.stdout)
				}
				if lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n"); len(lines) != 1 ||
					!strings.HasPrefix(lines[0], "numbrowse: error: ") {
					t.Errorf("stderr is not one error line: %q", r.stderr)
				}
				if htmlTag.MatchString(r.stderr) || strings.Contains(r.stderr, fs.HTMLScriptText) {
					t.Errorf("HTML on stderr: %q", r.stderr)
				}
			}
			assertTerminalSafe(t, "stderr", r.stderr)
			assertTerminalSafe(t, "stdout", r.stdout)
			for _, line := range strings.Split(r.stdout, "\n") {
				if len(tt.args) > 0 {
					break // only the table promises short lines
				}
				if len(line) > 400 {
					t.Errorf("a %d-byte output line", len(line))
					break
				}
			}
		})
	}
}

// TestSearchRedirectToAnotherHost: the key stays home when the API
// redirects to another host name, and the user sees that host's 401.
func TestSearchRedirectToAnotherHost(t *testing.T) {
	other := fs.New(t, fs.JSON(401, `{"error":"Unauthorized"}`))
	s := fs.New(t, fs.Redirect(other.URLWithHost("localhost")))
	r := runCLI(t, map[string]string{"IDENTITYCALL_API_URL": s.URL, "IDENTITYCALL_API_KEY": testKey}, "search")
	if r.code != 1 || !strings.Contains(r.stderr, "API key rejected (401): Unauthorized") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	got := other.Requests()
	if len(got) != 1 || got[0].Authorization != "" {
		t.Fatalf("the other host got %+v", got)
	}
	if first := s.Requests(); len(first) != 1 || first[0].Authorization != "Bearer "+testKey {
		t.Fatalf("the API got %+v", first)
	}
}

// TestKeyIsNeverAFlagNorEchoed: there is no --api-key flag (a key on the
// command line would show in the process list), and a key put where it
// does not belong is refused without being repeated.
func TestKeyIsNeverAFlagNorEchoed(t *testing.T) {
	r := runCLI(t, nil, "search", "--api-key", testKey)
	if r.code != 2 || !strings.Contains(r.stderr, "unknown flag: --api-key") {
		t.Errorf("--api-key: exit %d: %s", r.code, r.stderr)
	}
	assertTerminalSafe(t, "stderr", r.stderr)

	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("api_key = \""+testKey+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, nil, "--config", cfg, "search")
	if r.code != 2 || !strings.Contains(r.stderr, "api_key") {
		t.Errorf("api_key in the config: exit %d: %s", r.code, r.stderr)
	}
	assertTerminalSafe(t, "stderr", r.stderr)

	r = runCLI(t, map[string]string{"IDENTITYCALL_API_KEY": "idc_bad key\x1b]52;c;eA==\x07"}, "search")
	if r.code != 2 || strings.Contains(r.stderr, "idc_bad") {
		t.Errorf("a key with controls: exit %d: %q", r.code, r.stderr)
	}
	assertTerminalSafe(t, "stderr", r.stderr)
}

// TestSearchCSVDefusesFormulas: `search --format csv` quotes every cell a
// spreadsheet would run as a formula, in every column, and leaves the
// phone numbers and costs as numbers.
func TestSearchCSVDefusesFormulas(t *testing.T) {
	s := fs.New(t, fs.Formulas())
	r := runCLI(t, map[string]string{"IDENTITYCALL_API_URL": s.URL, "IDENTITYCALL_API_KEY": testKey},
		"search", "--type", "local", "--format", "csv")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	bad, err := fs.FormulaCells(r.stdout)
	if err != nil || len(bad) > 0 {
		t.Fatalf("cells that run as formulas: %q (%v)\n%s", bad, err, r.stdout)
	}
	for _, want := range []string{"+14155550100,", ",-0.50,1.5e0,", "'=cmd|' /c calc'!a0type"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestBuyJSONIsTerminalSafe: the operators of a bought number are the
// API's JSON passed on; `buy --format json` escapes their C1 controls and
// replaces the bytes that are not UTF-8.
func TestBuyJSONIsTerminalSafe(t *testing.T) {
	var b strings.Builder
	o := api.OwnedNumber{ID: "7", PhoneNumber: "+14155550100",
		Operators: json.RawMessage("[{\"name\":\"a\u009b2Jb\x9d0;t\xffc\"}]")}
	if err := writeOwned(&b, "json", o); err != nil {
		t.Fatal(err)
	}
	assertTerminalSafe(t, "buy --format json", b.String())
	if !strings.Contains(b.String(), "a\\u009b2Jb\uFFFD0;t") { // the C1 escaped, the byte replaced
		t.Errorf("output %q", b.String())
	}
}
