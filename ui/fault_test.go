package ui

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	fs "numbrowse/internal/faultserver"
	"numbrowse/internal/inventory"
	"numbrowse/internal/leakcheck"
)

// The browser against a misbehaving API: a real api.Client and
// inventory.Service in front of a fault server, driven through Update.

// Timeouts: short where the test waits for it to pass (a stalled server),
// else long, as a failure guard only.
const (
	stallTimeout = time.Second
	guardTimeout = time.Minute
)

// faultKey is the API key of the fault tests; it must never be shown.
const faultKey = "idc_FAULTKEY0123456789abcdefghijklm"

// faultEnv is a fault server whose behaviour the test switches, and the
// client transport, so a test can drop its idle connections.
type faultEnv struct {
	sw  *fs.Switch
	srv *fs.Server
	tr  *http.Transport
	inv *inventory.Service
}

// newFaultEnv starts a fault server answering OK() until switched. The
// client makes one attempt (so a failure never sleeps before retrying)
// with the given timeout, and the inventory caches nothing, so every
// search reaches the server.
func newFaultEnv(t testing.TB, timeout time.Duration) *faultEnv {
	t.Helper()
	e := &faultEnv{sw: fs.NewSwitch(fs.OK()), tr: &http.Transport{}}
	e.srv = fs.New(t, e.sw.Behaviour())
	c, err := api.NewClient(api.WithBaseURL(e.srv.URL), api.WithAPIKey(faultKey),
		api.WithTimeout(timeout), api.WithRetry(1, 0),
		api.WithHTTPClient(&http.Client{Transport: e.tr}))
	if err != nil {
		t.Fatal(err)
	}
	e.inv = inventory.New(c, inventory.WithTTL(0))
	return e
}

// checkTerminalSafe fails when the view holds anything a terminal would
// act on besides the browser's own colours (SGR, ESC [ ... m): another
// escape sequence, a C0 control but newline, DEL, a C1 control, or the
// key.
func checkTerminalSafe(t testing.TB, content string) {
	t.Helper()
	for i := 0; i < len(content); {
		if content[i] == 0x1b {
			j := i + 1
			if j < len(content) && content[j] == '[' {
				j++
				for j < len(content) && (content[j] >= '0' && content[j] <= '9' || content[j] == ';' || content[j] == ':') {
					j++
				}
				if j < len(content) && content[j] == 'm' {
					i = j + 1
					continue
				}
			}
			t.Fatalf("the view holds an escape sequence other than SGR at byte %d: %q", i, content[i:min(len(content), i+30)])
		}
		r, size := utf8.DecodeRuneInString(content[i:])
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			t.Fatalf("the view holds %U at byte %d: %q", r, i, content[max(0, i-30):min(len(content), i+30)])
		}
		i += size
	}
	if strings.Contains(content, faultKey) || strings.Contains(content, faultKey[4:]) {
		t.Fatal("the view shows the API key")
	}
	for _, bad := range []string{"pwned", "cm0g", "evil.example", fs.HTMLScriptText} {
		if strings.Contains(content, bad) {
			t.Fatalf("the view shows %q", bad)
		}
	}
}

// TestFaultsKeepResultsAndExplain loads three numbers, then refreshes
// against each failing behaviour: the banner says the refresh failed and
// why, and that the rows are the earlier results, the status line what to
// do; the three numbers are still there, the browser still moves its
// cursor, and a refresh after the fault loads again.
func TestFaultsKeepResultsAndExplain(t *testing.T) {
	const w, h = 160, 30
	tests := []struct {
		b    fs.Behaviour
		want string // in the status line
	}{
		// These two wait for the client's timeout.
		{fs.SlowFirstByte(fs.Forever, fs.OK()), "The API did not answer within 1s — press r to retry"},
		{fs.StallAfter(40, fs.OK()), "The API did not answer within 1s — press r to retry"},
		{fs.Reset(), "Cannot reach the IdentityCall API: "},
		{fs.ResetAfter(40, fs.OK()), "Cannot reach the IdentityCall API"},
		{fs.TruncatedJSON(), "The API sent a response numbrowse cannot read: response body ended early (truncated JSON) — press r to retry"},
		{fs.HTML200(), "The API sent a response numbrowse cannot read"},
		{fs.BadGateway(), "The IdentityCall server failed (HTTP 502 Bad Gateway): 502 Bad Gateway"},
		{fs.ServiceUnavailable(), "The IdentityCall server failed (HTTP 503 Service Unavailable)"},
		{fs.EmptyError(500), "The IdentityCall server failed (HTTP 500 Internal Server Error) — press r to retry"},
		{fs.RateLimited(fs.Seconds(3)), "Rate limited — retrying in 3 s"},
		{fs.RateLimited(fs.Date(time.Minute)), "Rate limited — retrying in"},
		{fs.NewHuge(200 << 20).Announced().Behaviour(), "The API's answer is over the 128 MiB size limit"},
		{fs.Nested(100_000), "The API sent a response numbrowse cannot read"},
		{fs.DataNotArray(), "The API sent a response numbrowse cannot read"},
		{fs.EchoAuthorization(401), "API key rejected (401): invalid key: Bearer [redacted]"},
		{fs.EchoAuthorization(403), "API key lacks a permission (403): invalid key: Bearer [redacted]"},
	}
	for _, tt := range tests {
		t.Run(tt.b.Name(), func(t *testing.T) {
			timeout := guardTimeout
			if strings.Contains(tt.want, "within") {
				timeout = stallTimeout
			}
			e := newFaultEnv(t, timeout)
			hs := newHarness(t, Options{Inventory: e.inv, Type: api.OneType(api.Local), Country: mustCountry("US")}, nil, w, h)
			before := hs.m.res.set
			if before == nil || before.Len() != 3 {
				t.Fatalf("the first search did not load:\n%s", hs.screen())
			}
			e.sw.Set(tt.b)
			hs.keys("r")
			screen := hs.screen()
			// The sentence is the banner's, the hint the status line's.
			for part := range strings.SplitSeq(tt.want, " — ") {
				if !strings.Contains(screen, part) && !strings.Contains(screen, lowerFirst(part)) && !strings.Contains(screen, capitalize(part)) {
					t.Fatalf("the screen lacks %q:\n%s", part, screen)
				}
			}
			// "showing results fetched just now", or "rows fetched just
			// now" where that leaves the reason whole.
			if !strings.Contains(screen, "Refresh failed: ") || !strings.Contains(screen, " fetched just now") {
				t.Fatalf("the banner does not say that the refresh failed and how old the rows are:\n%s", screen)
			}
			if hs.m.res.set != before || !strings.Contains(screen, "+1 415-555-0100") || !strings.Contains(screen, "3 numbers") {
				t.Fatalf("the previous results are gone:\n%s", screen)
			}
			checkTerminalSafe(t, hs.m.View().Content)
			checkScreen(t, hs.m.View().Content, w, h)

			// Still responsive: the cursor moves, the help opens and closes.
			hs.keys("j")
			if c := hs.m.table.Cursor(); c != 1 {
				t.Fatalf("cursor %d after j", c)
			}
			hs.keys("?")
			if !strings.Contains(hs.screen(), "quit") {
				t.Fatalf("no help:\n%s", hs.screen())
			}
			hs.keys("esc")

			// The API recovers: a refresh (or the automatic retry after a
			// 429) loads again.
			e.sw.Set(fs.Duplicates())
			if hs.m.retry != nil {
				for hs.m.retry != nil {
					if hs.fire(func(msg tea.Msg) bool { _, ok := msg.(retryTickMsg); return ok }) == 0 {
						t.Fatal("the 429 countdown stopped")
					}
				}
			} else {
				hs.keys("r")
			}
			if hs.m.issue != nil || hs.m.res.set == before || hs.m.res.set.Len() != 3 || hs.m.res.skipped.Total() != 2 {
				t.Fatalf("no recovery (issue %v):\n%s", hs.m.issue, hs.screen())
			}
		})
	}
}

// TestFaultOddBodiesAreShownSafely: bodies that decode, with hostile or
// broken text, are shown without anything a terminal would act on.
func TestFaultOddBodiesAreShownSafely(t *testing.T) {
	for _, b := range []fs.Behaviour{fs.Hostile(), fs.InvalidUTF8(), fs.LongRegion(1_000_000),
		fs.Duplicates(), fs.NonObjectEntries()} {
		t.Run(b.Name(), func(t *testing.T) {
			e := newFaultEnv(t, guardTimeout)
			e.sw.Set(b)
			for _, sz := range [][2]int{{160, 40}, {80, 24}, {60, 16}} {
				hs := newHarness(t, Options{Inventory: e.inv, Type: api.OneType(api.Local), Country: mustCountry("US")}, nil, sz[0], sz[1])
				if hs.m.res.set == nil || hs.m.issue != nil {
					t.Fatalf("not loaded (issue %v):\n%s", hs.m.issue, hs.screen())
				}
				for _, keys := range [][]string{nil, {"enter"}, {"j", "enter", "tab", "pgdown"}, {"G", "d"}} {
					hs.keys(keys...)
					content := hs.m.View().Content
					checkTerminalSafe(t, content)
					checkScreen(t, content, sz[0], sz[1])
				}
			}
		})
	}
}

// TestFaultRedirectKeepsTheKeyHome: the browser's search follows a
// redirect to another host without the key and says the key was
// rejected.
func TestFaultRedirectKeepsTheKeyHome(t *testing.T) {
	other := fs.New(t, fs.JSON(401, `{"error":"Unauthorized"}`))
	e := newFaultEnv(t, guardTimeout)
	e.sw.Set(fs.Redirect(other.URLWithHost("localhost")))
	hs := newHarness(t, Options{Inventory: e.inv, Type: api.OneType(api.Local), Country: mustCountry("US")}, nil, 120, 30)
	if !strings.Contains(hs.screen(), "API key rejected") {
		t.Fatalf("status:\n%s", hs.screen())
	}
	if got := other.Requests(); len(got) != 1 || got[0].Authorization != "" {
		t.Fatalf("the other host got %+v", got)
	}
}

// TestClosedSessionLeavesNoGoroutine: a session whose context ends while
// its search waits for the first byte reports nothing, and once the
// server and idle connections are closed no goroutine is left.
func TestClosedSessionLeavesNoGoroutine(t *testing.T) {
	snap := leakcheck.Take()
	e := newFaultEnv(t, guardTimeout)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.sw.Set(fs.OnRequest(func(*http.Request) { cancel() }, fs.SlowFirstByte(fs.Forever, fs.OK())))
	hs := newHarness(t, Options{Inventory: e.inv, Type: api.OneType(api.Local), Country: mustCountry("US"), Context: ctx}, nil, 100, 30)
	if e.srv.Count() != 1 || hs.m.issue != nil {
		t.Fatalf("%d requests; a closed session showed %v", e.srv.Count(), hs.m.issue)
	}
	e.srv.Close()
	e.tr.CloseIdleConnections()
	snap.Check(t)
}
