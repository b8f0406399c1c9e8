package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/api/demo"
	fs "numbrowse/internal/faultserver"
	"numbrowse/internal/results"
)

// stepClock is a watch clock whose Sleep moves the time on at once.
type stepClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.sleeps = append(c.sleeps, d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *stepClock) elapsed(from time.Time) time.Duration { return c.Now().Sub(from) }

var watchStart = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// runWatchCLI runs the command line on a fake clock.
func runWatchCLI(t *testing.T, clock *stepClock, env map[string]string, args ...string) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	base := map[string]string{"HOME": t.TempDir(), "XDG_CONFIG_HOME": t.TempDir(), "NO_COLOR": "1"}
	for k, v := range env {
		base[k] = v
	}
	p := process{build: testBuild(), io: stdio{in: strings.NewReader(""), out: &out, err: &errb},
		env: func(k string) string { return base[k] }, clock: clock}
	code := p.run(context.Background(), args)
	return cliResult{code, out.String(), errb.String()}
}

// jsonlNumbers reads the phone numbers of JSON Lines output.
func jsonlNumbers(t *testing.T, out string) []string {
	t.Helper()
	var nums []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var e struct {
			PhoneNumber string `json:"phone_number"`
		}
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		nums = append(nums, e.PhoneNumber)
	}
	return nums
}

func noRepeats(t *testing.T, nums []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, n := range nums {
		if seen[n] {
			t.Errorf("%s printed twice", n)
		}
		seen[n] = true
	}
}

// TestWatchDemoArrivals: against the demo with a number arriving every
// minute, the watch prints the numbers on offer, then each arrival once,
// searching once a minute, and exits 0 at --until after matches.
func TestWatchDemoArrivals(t *testing.T) {
	t.Setenv(demo.ArrivalsEnv, "1m")
	clock := &stepClock{now: watchStart}
	r := runWatchCLI(t, clock, nil, "watch", "--demo", "--country", "US", "--type", "local",
		"--every", "1m", "--until", "3m30s", "--format", "jsonl")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	nums := jsonlNumbers(t, r.stdout)
	noRepeats(t, nums)
	// What a plain search of the demo offers, without arrivals.
	first := runCLI(t, nil, "search", "--demo", "--country", "US", "--type", "local", "--format", "json")
	var stock []map[string]any
	if err := json.Unmarshal([]byte(first.stdout), &stock); err != nil {
		t.Fatal(err)
	}
	if len(nums) != len(stock)+3 {
		t.Errorf("%d numbers printed, want the %d on offer and 3 arrivals", len(nums), len(stock))
	}
	for _, n := range nums[len(stock):] {
		if !strings.HasPrefix(n, "+1") || slices.ContainsFunc(stock, func(e map[string]any) bool { return e["phone_number"] == n }) {
			t.Errorf("arrival %s is not a new US number", n)
		}
	}
	if got := clock.elapsed(watchStart); got != 3*time.Minute+30*time.Second {
		t.Errorf("ended %s after the start, want at --until", got)
	}
	if !strings.Contains(r.stderr, "watching US · local every 1m, for 3m30s — it never buys") {
		t.Errorf("stderr %q", r.stderr)
	}
}

// firstArrival is the number that arrives first in the demo's US local
// offer, found the way a user would: a search a minute after start.
func firstArrival(t *testing.T) string {
	t.Helper()
	clock := &stepClock{now: watchStart}
	srv, err := demo.Start(demo.WithLatency(0, 0), demo.WithArrivals(time.Minute), demo.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c, err := api.NewClient(api.WithBaseURL(srv.URL()), api.WithAPIKey(demo.APIKey))
	if err != nil {
		t.Fatal(err)
	}
	before, err := c.Search(context.Background(), api.Query{Country: "US", Type: api.Local})
	if err != nil {
		t.Fatal(err)
	}
	_ = clock.Sleep(context.Background(), time.Minute)
	after, err := c.Search(context.Background(), api.Query{Country: "US", Type: api.Local})
	if err != nil || len(after.Numbers) != len(before.Numbers)+1 {
		t.Fatalf("%v: %d, then %d", err, len(before.Numbers), len(after.Numbers))
	}
	return after.Numbers[len(after.Numbers)-1].E164
}

// TestWatchExitOnMatch: a filter only a coming number matches: nothing
// the first time, the number a minute later, exit 0 at once.
func TestWatchExitOnMatch(t *testing.T) {
	target := firstArrival(t)
	t.Setenv(demo.ArrivalsEnv, "1m")
	clock := &stepClock{now: watchStart}
	r := runWatchCLI(t, clock, nil, "watch", "--demo", "--country", "US", "--type", "local",
		"--filter", target[1:]+"$", "--every", "1m", "--until", "1h", "--exit-on-match")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "FOUND") || !strings.Contains(lines[1], api.Printable(target[2:5])) {
		t.Errorf("stdout %q, want the header and %s", r.stdout, target)
	}
	if got := clock.elapsed(watchStart); got != time.Minute {
		t.Errorf("exited %s after the start, want 1m", got)
	}
}

// TestWatchUntilWithoutMatch: exit 3 when --until passes without a match,
// with a line that says so.
func TestWatchUntilWithoutMatch(t *testing.T) {
	clock := &stepClock{now: watchStart}
	r := runWatchCLI(t, clock, nil, "watch", "--demo", "--country", "GB", "--type", "mobile",
		"--filter", "99999999$", "--every", "10m", "--until", "1h", "--exit-on-match")
	if r.code != 3 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "numbrowse: no new match for GB · mobile · 99999999$ in 1h") || strings.Contains(r.stderr, "error") {
		t.Errorf("stderr %q", r.stderr)
	}
	if clock.elapsed(watchStart) != time.Hour || len(clock.sleeps) != 6 {
		t.Errorf("%s, %d sleeps %v", clock.elapsed(watchStart), len(clock.sleeps), clock.sleeps)
	}
}

// TestWatchUsage: bad flags are usage errors before any request.
func TestWatchUsage(t *testing.T) {
	srv, calls := fakeAPI(t, 200, `{"data":[]}`, nil)
	env := map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--every", "30s"}, "--every 30s is too often — numbrowse asks the API at most once a minute"},
		{[]string{"--every", "59s"}, "use 1m or more"},
		{[]string{"--until", "-1h"}, "--until -1h0m0s must not be negative"},
		{[]string{"--format", "csv"}, `unknown --format "csv" — use table or jsonl`},
		{[]string{"--filter", "<abc"}, "--filter"},
		{[]string{"--country", "XX"}, `unknown country "XX"`},
	} {
		r := runWatchCLI(t, &stepClock{now: watchStart}, env, append([]string{"watch"}, tt.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q", tt.args, r.code, r.stderr)
		}
	}
	if calls.Load() != 0 {
		t.Errorf("%d requests for usage errors", calls.Load())
	}
}

// TestWatchAgainstFaults: 429, 5xx and a timeout in the middle of a
// watch are said on stderr and outlived, with waits that back off and
// honour Retry-After; each number is printed once; nothing but GET
// searches reach the API.
func TestWatchAgainstFaults(t *testing.T) {
	n := fs.DefaultNumbers()
	later := "+13125550177"
	srv := fs.New(t,
		fs.OK(),
		fs.RateLimited(fs.Seconds(600)),
		fs.EmptyError(500),
		// The client tries three times within one search of the watch.
		fs.StallAfter(20, fs.OK()), fs.StallAfter(20, fs.OK()), fs.StallAfter(20, fs.OK()),
		fs.OK(fs.Entry(n[0]), fs.Entry(later), fs.Entry(n[2])),
		fs.OK(fs.Entry(later), fs.Entry(n[1])),
	)
	clock := &stepClock{now: watchStart}
	env := map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}
	r := runWatchCLI(t, clock, env, "watch", "--country", "US", "--type", "local", "--timeout", "200ms",
		"--every", "2m", "--until", "2h", "--format", "jsonl")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	nums := jsonlNumbers(t, r.stdout)
	if want := append(slices.Clone(n), later); !slices.Equal(nums, want) {
		t.Errorf("printed %v, want %v", nums, want)
	}
	for _, want := range []string{"rate limited", "the IdentityCall server failed (HTTP 500", "the API did not answer within 200ms",
		"trying again in 10m", "(the watch goes on)"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
		}
	}
	// 2m after the first search; the 429's Retry-After of 10m; then 8m
	// and 16m as the failures go on; then the interval again.
	want := []time.Duration{2 * time.Minute, 10 * time.Minute, 8 * time.Minute, 16 * time.Minute, 2 * time.Minute}
	if len(clock.sleeps) < len(want) || !slices.Equal(clock.sleeps[:len(want)], want) {
		t.Errorf("waits %v, want %v first", clock.sleeps, want)
	}
	for _, rq := range srv.Requests() {
		if rq.Method != "GET" || rq.Path != "/virtual_numbers/available" {
			t.Errorf("the watch sent %s %s", rq.Method, rq.Path)
		}
	}
	assertTerminalSafe(t, "stderr", r.stderr)
}

// TestWatchGivesUp: exit 1 at once when the key is refused, and when
// failures that could pass go on for half an hour.
func TestWatchGivesUp(t *testing.T) {
	srv := fs.New(t, fs.OK(), fs.JSON(401, `{"error":"Invalid or expired API key"}`))
	env := map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}
	r := runWatchCLI(t, &stepClock{now: watchStart}, env, "watch", "--country", "US", "--type", "local", "--every", "1m")
	if r.code != 1 || !strings.Contains(r.stderr, "numbrowse: error: the watch stopped: API key rejected (401): Invalid or expired API key — check IDENTITYCALL_API_KEY") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if srv.Count() != 2 {
		t.Errorf("%d requests", srv.Count())
	}

	srv = fs.New(t, fs.EmptyError(500))
	env["IDENTITYCALL_API_URL"] = srv.URL
	clock := &stepClock{now: watchStart}
	r = runWatchCLI(t, clock, env, "watch", "--country", "US", "--type", "local", "--every", "5m")
	if r.code != 1 || !strings.Contains(r.stderr, "the watch stopped: the IdentityCall server failed") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if clock.elapsed(watchStart) != 30*time.Minute || strings.Count(r.stderr, "the watch goes on") != 2 {
		t.Errorf("gave up after %s: %s", clock.elapsed(watchStart), r.stderr)
	}
}

// TestWatchTable: the table format prints the header once and a row per
// new number, in fixed columns.
func TestWatchTable(t *testing.T) {
	n := fs.DefaultNumbers()
	srv := fs.New(t, fs.OK(fs.Entry(n[0])), fs.OK(fs.Entry(n[0]), fs.Entry(n[1])))
	env := map[string]string{"IDENTITYCALL_API_URL": srv.URL, "IDENTITYCALL_API_KEY": testKey}
	r := runWatchCLI(t, &stepClock{now: watchStart}, env, "watch", "--country", "US", "--type", "local", "--every", "1m", "--until", "90s")
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if r.code != 0 || len(lines) != 3 || strings.Count(r.stdout, "FOUND") != 1 {
		t.Fatalf("exit %d:\n%s", r.code, r.stdout)
	}
	if !strings.Contains(lines[1], "+1 415-555-0100") || !strings.Contains(lines[2], "+1 312-555-0199") {
		t.Errorf("rows:\n%s", r.stdout)
	}
	if i, j := strings.Index(lines[0], "MONTHLY"), strings.Index(lines[1], "1.00"); i < 0 || j < 0 {
		t.Errorf("columns:\n%s", r.stdout)
	}
}

// TestWatchTableFitsTheTerminal: on a terminal the rows fit its width,
// dropping flags, then the upfront cost, the type and the features, and
// narrowing the region; number and monthly cost always stay. Without a
// terminal (width 0) every column is printed.
func TestWatchTableFitsTheTerminal(t *testing.T) {
	set := results.NewSet([]api.Number{{E164: "+13125550199", Country: "US", Type: api.TollFree,
		Upfront: mustDecimal(t, "1.00"), UpfrontCurrency: "USD", Monthly: mustDecimal(t, "2.50"), MonthlyCurrency: "USD",
		Features: []string{"sms", "voice", "mms", "fax"}, Flags: api.Flags{BestEffort: true, DocumentsRequired: true},
		Regions: []api.Region{{Type: "rate_center", Name: "Chicago Zone 1"}, {Type: "state", Name: "IL"}}}})
	tests := []struct {
		width      int
		want, lack []string
	}{
		{0, []string{"FOUND", "NUMBER", "REGION", "UPFRONT", "MONTHLY", "FEATURES", "FLAGS", "TYPE", "toll-free", "1.00 USD", "SMS"}, nil},
		{132, []string{"REGION", "UPFRONT", "FEATURES", "FLAGS", "TYPE"}, nil},
		{120, []string{"REGION", "UPFRONT", "FEATURES", "TYPE"}, []string{"FLAGS"}},
		{100, []string{"REGION", "FEATURES", "TYPE"}, []string{"FLAGS", "UPFRONT"}},
		{80, []string{"REGION", "MONTHLY", "FEATURES", "SMS"}, []string{"UPFRONT", "FLAGS", "TYPE", "1.00 USD"}},
		{60, []string{"NUMBER", "REGION", "MONTHLY", "2.50 USD"}, []string{"FEATURES", "UPFRONT"}},
		{50, []string{"NUMBER", "MONTHLY", "+1 312-555-0199", "2.50 USD"}, []string{"REGION", "FEATURES"}},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		wp := &watchPrinter{w: &b, mixed: true, clock: &stepClock{now: watchStart}, width: tt.width}
		if err := wp.print(set, []int{0}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
			if tt.width > 0 && ansi.StringWidth(line) > tt.width {
				t.Errorf("width %d: a line of %d: %q", tt.width, ansi.StringWidth(line), line)
			}
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("width %d: %q missing:\n%s", tt.width, w, out)
			}
		}
		for _, w := range tt.lack {
			if strings.Contains(out, w) {
				t.Errorf("width %d: %q shown:\n%s", tt.width, w, out)
			}
		}
	}
}

func mustDecimal(t *testing.T, s string) api.Decimal {
	t.Helper()
	d, err := api.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
