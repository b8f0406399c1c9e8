package ui

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"numbrowse/api"
	fs "numbrowse/internal/faultserver"
	"numbrowse/internal/inventory"
)

// TestWatchAgainstFaults: the browser's watch through a real client and
// inventory in front of the fault server. A 429, a 5xx and a timeout in
// the middle of a watch are said in the status line and outlived with
// longer waits (the 429's Retry-After honoured); a number that appears
// afterwards is news once; every request is a search, one a tick.
func TestWatchAgainstFaults(t *testing.T) {
	sw := fs.NewSwitch(fs.OK())
	srv := fs.New(t, sw.Behaviour())
	c, err := api.NewClient(api.WithBaseURL(srv.URL), api.WithAPIKey(faultKey),
		api.WithTimeout(stallTimeout), api.WithRetry(1, 0), api.WithHTTPClient(&http.Client{Transport: &http.Transport{}}))
	if err != nil {
		t.Fatal(err)
	}
	clock := &movingClock{now: time.Now()}
	inv := inventory.New(c, inventory.WithClock(clock.Now))
	hs := newHarness(t, Options{Inventory: inv, Type: api.OneType(api.Local), Country: mustCountry("US"),
		Now: clock.Now, Notify: NotifyOSC9}, nil, 160, 30)
	hs.m.jitter = func() float64 { return 0 }
	if hs.m.res.set == nil || hs.m.res.set.Len() != 3 {
		t.Fatalf("the first search did not load:\n%s", hs.screen())
	}
	hs.keys("w")
	if hs.m.watch == nil {
		t.Fatalf("w did not start a watch: %q", hs.m.note.text)
	}
	requests := srv.Count()

	// tick fires the pending watch search after its wait, and checks that
	// it asked the API once.
	tick := func(b fs.Behaviour) {
		t.Helper()
		sw.Set(b)
		d := watchTimers(hs)
		if len(d) != 1 {
			t.Fatalf("%d watch timers", len(d))
		}
		clock.advance(d[0])
		hs.timers = nil
		hs.send(watchTickMsg{gen: hs.m.watch.gen})
		if n := srv.Count() - requests; n != 1 {
			t.Fatalf("%d requests for one watch search", n)
		}
		requests = srv.Count()
	}
	status := func() string {
		hs.keys("esc") // the message, to see the whole status line
		return hs.screen()
	}

	tick(fs.RateLimited(fs.Seconds(900)))
	if s := status(); hs.m.watch == nil || !strings.Contains(s, "watching US · local: rate limited") ||
		!strings.Contains(s, "retrying in 15 min") {
		t.Fatalf("after a 429:\n%s", s)
	}
	tick(fs.EmptyError(503))
	if s := status(); hs.m.watch == nil || !strings.Contains(s, "the IdentityCall server failed (HTTP 503") ||
		!strings.Contains(s, "retrying in 20 min") {
		t.Fatalf("after a 503:\n%s", s)
	}
	tick(fs.OK())
	if s := status(); !strings.Contains(s, "watching US · local: next in 5 min") {
		t.Fatalf("after a success:\n%s", s)
	}
	tick(fs.StallAfter(20, fs.OK()))
	if s := status(); hs.m.watch == nil || !strings.Contains(s, "did not answer within 1s") ||
		!strings.Contains(s, "retrying in 10 min") {
		t.Fatalf("after a timeout:\n%s", s)
	}

	n := fs.DefaultNumbers()
	later := "+13125550177"
	hs.other = nil
	tick(fs.OK(fs.Entry(n[0]), fs.Entry(later), fs.Entry(n[1]), fs.Entry(n[2])))
	if !strings.Contains(hs.m.note.text, "New match for US · local: +1 312-555-0177") || hs.m.watch.found != 1 {
		t.Fatalf("found %d, note %q", hs.m.watch.found, hs.m.note.text)
	}
	if raw := rawSent(hs); len(raw) != 1 || !strings.HasPrefix(raw[0], "\x1b]9;numbrowse: New match") {
		t.Errorf("alert %q", raw)
	}
	hs.other = nil
	tick(fs.OK(fs.Entry(later), fs.Entry(n[0])))
	if hs.m.watch.found != 1 || len(rawSent(hs)) != 0 {
		t.Errorf("a number seen before was news again: found %d, %q", hs.m.watch.found, rawSent(hs))
	}
	for _, rq := range srv.Requests() {
		if rq.Method != "GET" || rq.Path != "/virtual_numbers/available" {
			t.Errorf("the watch sent %s %s", rq.Method, rq.Path)
		}
	}
	checkTerminalSafe(t, hs.m.View().Content)
	hs.keys("w")
	if hs.m.watch != nil {
		t.Error("w did not stop the watch")
	}
}
