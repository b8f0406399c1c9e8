package demo

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"numbrowse/api"
)

// testClock is a clock the test moves by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func e164s(recs []record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.e164
	}
	return out
}

// TestArrivals: with WithArrivals, each offer gains a number every
// interval on the handler's clock, at the end of the list; the same seed
// gives the same arrivals; an arrived number can be bought.
func TestArrivals(t *testing.T) {
	clock := &testClock{now: time.Date(2026, 11, 27, 11, 0, 0, 0, time.UTC)}
	srv := newTestServer(t, WithArrivals(time.Minute), WithClock(clock.Now))
	start := e164s(mustSearch(t, srv, "US", api.Local))

	clock.Advance(59 * time.Second)
	if got := e164s(mustSearch(t, srv, "US", api.Local)); !slices.Equal(got, start) {
		t.Fatalf("a number arrived before the interval: %d numbers, want %d", len(got), len(start))
	}
	clock.Advance(time.Second)
	one := e164s(mustSearch(t, srv, "US", api.Local))
	if len(one) != len(start)+1 || !slices.Equal(one[:len(start)], start) || slices.Contains(start, one[len(start)]) {
		t.Fatalf("after a minute: %d numbers (want %d), the stock first and a new one last", len(one), len(start)+1)
	}
	arrived := one[len(start)]
	recs := mustSearch(t, srv, "US", api.Local)
	last := recs[len(recs)-1]
	if last.e164 != arrived || !strings.HasPrefix(arrived, "+1") {
		t.Errorf("the arrival %q is not a US number at the end (%+v)", arrived, last)
	}

	clock.Advance(150 * time.Second) // 3.5 min in all: three arrivals
	three := e164s(mustSearch(t, srv, "US", api.Local))
	if len(three) != len(start)+3 || three[len(start)] != arrived {
		t.Errorf("after 3.5 min: %d numbers, want %d, the first arrival first", len(three), len(start)+3)
	}
	other := e164s(mustSearch(t, srv, "GB", api.Mobile))
	if len(other) < 3 {
		t.Fatalf("GB mobile: %d numbers", len(other))
	}

	// Another handler with the same seed sees the same arrivals.
	clock2 := &testClock{now: clock.Now().Add(-210 * time.Second)}
	srv2 := newTestServer(t, WithArrivals(time.Minute), WithClock(clock2.Now))
	clock2.Advance(210 * time.Second)
	if got := e164s(mustSearch(t, srv2, "US", api.Local)); !slices.Equal(got, three) {
		t.Errorf("another handler's arrivals differ:\n%v\n%v", got[len(start):], three[len(start):])
	}

	status, body := do(t, srv, http.MethodPost, "/virtual_numbers/purchase", map[string]any{"phone_number": arrived}, nil)
	if status != http.StatusCreated {
		t.Fatalf("buying an arrival: %d %s", status, body)
	}
	if slices.Contains(e164s(mustSearch(t, srv, "US", api.Local)), arrived) {
		t.Error("a bought arrival is still offered")
	}
}

// TestNoArrivalsByDefault: without WithArrivals, time changes nothing.
func TestNoArrivalsByDefault(t *testing.T) {
	clock := &testClock{now: time.Now()}
	srv := newTestServer(t, WithClock(clock.Now))
	before := e164s(mustSearch(t, srv, "DE", api.Local))
	clock.Advance(48 * time.Hour)
	if after := e164s(mustSearch(t, srv, "DE", api.Local)); !slices.Equal(before, after) {
		t.Errorf("numbers changed with time: %d, then %d", len(before), len(after))
	}
}

func TestArrivalsFromEnv(t *testing.T) {
	tests := []struct {
		env  string
		want time.Duration
		err  bool
	}{
		{"", 0, false}, {"0", 0, false}, {"30s", 30 * time.Second, false}, {"2m", 2 * time.Minute, false},
		{"90", 90 * time.Second, false}, {"500ms", 0, true}, {"soon", 0, true}, {"-1m", 0, true},
	}
	for _, tt := range tests {
		t.Setenv(ArrivalsEnv, tt.env)
		got, err := ArrivalsFromEnv()
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("%q: %v, %v", tt.env, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), ArrivalsEnv) {
			t.Errorf("%q: the error %q does not name the variable", tt.env, err)
		}
	}
}

// TestOwnedAccount: WithOwnedNumbers gives the account numbers that no
// search offers, listed ten to a page with meta and links.next, and the
// api client reads them all.
func TestOwnedAccount(t *testing.T) {
	srv := newTestServer(t, WithOwnedNumbers(12))
	status, body := do(t, srv, http.MethodGet, "/virtual_numbers", nil, nil)
	var page struct {
		Data  []owned
		Meta  map[string]int
		Links struct{ Next *string }
	}
	if err := json.Unmarshal(body, &page); status != http.StatusOK || err != nil {
		t.Fatalf("%d %s", status, body)
	}
	if len(page.Data) != 10 || page.Meta["total"] != 12 || page.Meta["total_pages"] != 2 || page.Links.Next == nil ||
		!strings.HasSuffix(*page.Links.Next, "/virtual_numbers?page=2&per_page=10") {
		t.Errorf("first page: %s", body)
	}
	first := page.Data[0]
	if first.ID == 0 || first.Name != "Sales" || first.CountryCode != "US" || !strings.HasPrefix(first.PhoneNumber, "+1") {
		t.Errorf("first owned number %+v", first)
	}
	for _, r := range mustSearch(t, srv, "US", api.Local) {
		if r.e164 == first.PhoneNumber {
			t.Errorf("an owned number is offered: %s", r.e164)
		}
	}
	for _, bad := range []string{"?page=0", "?page=x", "?per_page=1000"} {
		if status, _ := do(t, srv, http.MethodGet, "/virtual_numbers"+bad, nil, nil); status != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, status)
		}
	}

	live, err := Start(WithLatency(0, 0), WithOwnedNumbers(12))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = live.Close() })
	c, err := api.NewClient(api.WithBaseURL(live.URL()), api.WithAPIKey(APIKey))
	if err != nil {
		t.Fatal(err)
	}
	l, err := c.OwnedList(context.Background())
	if err != nil || len(l.Numbers) != 12 || l.Pages != 2 || l.Incomplete != "" {
		t.Fatalf("OwnedList: %+v, %v", l, err)
	}
	ops := 0
	for _, n := range l.Numbers {
		ops += n.OperatorsCount
		if len(n.OperatorNames()) != n.OperatorsCount {
			t.Errorf("%s: %d operator names, count %d", n.PhoneNumber, len(n.OperatorNames()), n.OperatorsCount)
		}
	}
	if ops == 0 {
		t.Error("no owned number has operators")
	}
}
