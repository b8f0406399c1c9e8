package serve

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"numbrowse/api"
	"numbrowse/api/demo"
	"numbrowse/internal/inventory"
)

// upstream is the demo API behind httptest, counting search requests;
// searches wait for release (when not nil) so tests can pile them up.
type upstream struct {
	*httptest.Server
	searches atomic.Int32
	release  chan struct{}
}

func newUpstream(t *testing.T, gated bool) *upstream {
	t.Helper()
	u := &upstream{}
	if gated {
		u.release = make(chan struct{})
	}
	h := demo.NewHandler(demo.WithLatency(0, 0))
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/available") {
			u.searches.Add(1)
			if u.release != nil {
				select {
				case <-u.release:
				case <-r.Context().Done():
					return
				}
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

// client is an api client for u that reports each request to observe.
// Its timeout is long and it never retries: a gated search waits while a
// busy machine opens twenty sessions, and a timeout or a retry would count
// as a second upstream search.
func (u *upstream) client(t *testing.T, observe func(api.RequestEvent)) *api.Client {
	t.Helper()
	c, err := api.NewClient(api.WithBaseURL(u.URL+demo.BasePath), api.WithAPIKey(demo.APIKey),
		api.WithObserver(observe), api.WithTimeout(time.Hour), api.WithRetry(1, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTwentySessionsShareOneUpstreamSearch(t *testing.T) {
	up := newUpstream(t, true)
	logBuf := &syncBuffer{}
	inv := inventory.New(up.client(t, RequestLogger(NewLogger(logBuf))),
		inventory.WithLimiter(NewLimiter(DefaultSearchesPerMinute)))
	ts := startServer(t, Config{NewModel: probeFactory(inv, nil)})

	const n = 20
	terms := make([]*vterm, n)
	for i := range terms {
		terms[i] = openTerm(t, ts.client(t), 80, 24)
	}
	// Every session is on screen and waiting for the same search.
	for _, v := range terms {
		v.waitScreen(t, "search: searching")
	}
	waitFor(t, "the first upstream request", func() bool { return up.searches.Load() >= 1 })
	close(up.release)
	for i, v := range terms {
		v.waitScreen(t, "numbers")
		if s := v.screen(); strings.Contains(s, "error") {
			t.Fatalf("session %d: %s", i, s)
		}
	}
	if got := up.searches.Load(); got != 1 {
		t.Errorf("%d sessions made %d upstream searches, want 1", n, got)
	}

	waitFor(t, "the search log line", func() bool { return strings.Contains(logBuf.String(), "upstream search") })
	log := logBuf.String()
	for _, want := range []string{"country=GB", "type=mobile", "status=200", "latency="} {
		if !strings.Contains(log, want) {
			t.Errorf("search log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, demo.APIKey) || strings.Contains(ts.log.String(), demo.APIKey) {
		t.Error("the API key is in the log")
	}
}

func TestWaitingSessionIsToldWhy(t *testing.T) {
	up := newUpstream(t, false)
	fc := newFakeClock()
	lim := newLimiter(60, 1, fc)
	inv := inventory.New(up.client(t, func(api.RequestEvent) {}), inventory.WithLimiter(lim))
	// Spend the only token, so the session's search has to wait.
	if err := lim.Wait(t.Context(), nil); err != nil {
		t.Fatal(err)
	}
	waits := make(chan string, 1)
	ts := startServer(t, Config{NewModel: probeFactoryWithWait(inv, waits)})
	v := openTerm(t, ts.client(t), 80, 24)
	v.waitScreen(t, "search: searching")
	select {
	case w := <-waits:
		if w != "1s" {
			t.Errorf("told to wait %s, want 1s", w)
		}
	case <-time.After(guard):
		t.Fatal("the session was never told it waits for the limiter")
	}
	if got := up.searches.Load(); got != 0 {
		t.Fatalf("%d upstream searches before the limiter allowed one", got)
	}
	fc.Advance(time.Second)
	v.waitScreen(t, "numbers")
	if got := up.searches.Load(); got != 1 {
		t.Errorf("%d upstream searches, want 1", got)
	}
}
