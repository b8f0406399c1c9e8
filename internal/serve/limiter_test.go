package serve

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"numbrowse/api"
	"numbrowse/internal/inventory"
)

// fakeClock is a clock that moves only when told to.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Unix(1_000_000, 0)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), ch: make(chan time.Time, 1)}
	if d <= 0 {
		t.ch <- c.now
		return t.ch, func() {}
	}
	c.timers = append(c.timers, t)
	return t.ch, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.timers = slices.DeleteFunc(c.timers, func(x *fakeTimer) bool { return x == t })
	}
}

// Advance moves the clock and fires the timers that are due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.timers = slices.DeleteFunc(c.timers, func(t *fakeTimer) bool {
		if t.at.After(c.now) {
			return false
		}
		t.ch <- c.now
		return true
	})
}

func (c *fakeClock) pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

func TestLimiterHoldsUnderABurst(t *testing.T) {
	for _, tc := range []struct {
		name             string
		perMinute, burst int
		callers          int
	}{
		{"default", DefaultSearchesPerMinute, DefaultBurst, 30},
		{"one a second", 60, 5, 20},
		{"burst of one", 6, 1, 8},
		{"burst above the rate", 3, 5, 6}, // the burst is capped at the rate
	} {
		t.Run(tc.name, func(t *testing.T) {
			fc := newFakeClock()
			l := newLimiter(tc.perMinute, tc.burst, fc)
			burst := min(tc.burst, tc.perMinute)
			interval := time.Minute / time.Duration(tc.perMinute)

			var passed atomic.Int32
			var mu sync.Mutex
			var waits []time.Duration
			for range tc.callers {
				go func() {
					err := l.Wait(context.Background(), func(d time.Duration) {
						mu.Lock()
						waits = append(waits, d)
						mu.Unlock()
					})
					if err == nil {
						passed.Add(1)
					}
				}()
			}
			waitFor(t, "every caller to pass or wait", func() bool {
				return int(passed.Load())+fc.pending() == tc.callers
			})
			if got := int(passed.Load()); got != burst {
				t.Fatalf("%d passed at once, want the burst %d", got, burst)
			}
			// Each waiter was told how long, one interval apart.
			mu.Lock()
			slices.Sort(waits)
			for i, d := range waits {
				if want := time.Duration(i+1) * interval; d < want-time.Millisecond || d > want+time.Millisecond {
					t.Errorf("waiter %d was told %s, want %s", i, d, want)
				}
			}
			mu.Unlock()
			// After k intervals exactly burst+k have passed: never more.
			for k := 1; burst+k <= tc.callers; k++ {
				fc.Advance(interval)
				want := burst + k
				waitFor(t, "the next caller", func() bool { return int(passed.Load()) >= want })
				if got := int(passed.Load()); got != want {
					t.Fatalf("after %d intervals %d passed, want %d", k, got, want)
				}
				if p := fc.pending(); p != tc.callers-want {
					t.Fatalf("after %d intervals %d still wait, want %d", k, p, tc.callers-want)
				}
			}
		})
	}
}

func TestLimiterCancelGivesTheSlotBack(t *testing.T) {
	fc := newFakeClock()
	l := newLimiter(60, 1, fc)
	if err := l.Wait(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- l.Wait(ctx, nil) }()
	waitFor(t, "the waiter", func() bool { return fc.pending() == 1 })
	cancel()
	if err := <-errc; api.KindOf(err) != api.KindCanceled {
		t.Fatalf("err = %v, want a KindCanceled *api.Error", err)
	}
	// The cancelled reservation is returned: the next caller waits one
	// interval, not two.
	var told time.Duration
	go func() { _ = l.Wait(context.Background(), func(d time.Duration) { told = d }) }()
	waitFor(t, "the second waiter", func() bool { return fc.pending() == 1 })
	if told != time.Second {
		t.Errorf("the next caller was told %s, want 1s", told)
	}
	fc.Advance(time.Second)
}

func TestLimiterUnlimited(t *testing.T) {
	l := newLimiter(0, DefaultBurst, newFakeClock())
	for range 1000 {
		if err := l.Wait(context.Background(), func(time.Duration) { t.Fatal("an unlimited limiter made a caller wait") }); err != nil {
			t.Fatal(err)
		}
	}
}

// The limiter paces upstream searches through the inventory: distinct
// searches in a burst start burst at once, the rest as tokens come.
func TestLimiterThroughInventory(t *testing.T) {
	fc := newFakeClock()
	src := &countingSearcher{}
	inv := inventory.New(src, inventory.WithLimiter(newLimiter(60, 3, fc)))
	countries := []string{"GB", "DE", "FR", "ES", "IT", "NL"}
	var told atomic.Int32
	var wg sync.WaitGroup
	for _, c := range countries {
		wg.Go(func() {
			_, err := inv.Search(context.Background(), inventory.Request{
				Query:  api.Query{Country: c, Type: api.Mobile},
				OnWait: func(time.Duration) { told.Add(1) },
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	waitFor(t, "three searches to start and three to wait", func() bool {
		return src.calls.Load() == 3 && fc.pending() == 3 && told.Load() == 3
	})
	for k := 1; k <= 3; k++ {
		fc.Advance(time.Second)
		waitFor(t, "one more search", func() bool { return src.calls.Load() == int32(3+k) })
	}
	wg.Wait()
}

type countingSearcher struct{ calls atomic.Int32 }

func (s *countingSearcher) Search(_ context.Context, q api.Query) (*api.Result, error) {
	s.calls.Add(1)
	return &api.Result{Query: q, FetchedAt: time.Unix(1_000_000, 0)}, nil
}
