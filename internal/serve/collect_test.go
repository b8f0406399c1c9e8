package serve

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// gcClock drives a collector by hand: its timers fire when the test
// says, and each collection takes gcTime of its clock.
type gcClock struct {
	mu     sync.Mutex
	t      time.Time
	timers []*gcTimer
	gcTime time.Duration
	gcs    int
	inGC   func() // called during each collection, when not nil
}

type gcTimer struct {
	at      time.Time
	f       func()
	stopped bool
	fired   bool
}

func newFakeCollector(fc *gcClock) *collector {
	fc.t = time.Unix(1_000_000, 0)
	return &collector{
		gc: func() {
			fc.mu.Lock()
			fc.gcs++
			fc.t = fc.t.Add(fc.gcTime)
			in := fc.inGC
			fc.mu.Unlock()
			if in != nil {
				in()
			}
		},
		now: func() time.Time {
			fc.mu.Lock()
			defer fc.mu.Unlock()
			return fc.t
		},
		after: func(d time.Duration, f func()) func() bool {
			fc.mu.Lock()
			defer fc.mu.Unlock()
			tm := &gcTimer{at: fc.t.Add(d), f: f}
			fc.timers = append(fc.timers, tm)
			return func() bool {
				fc.mu.Lock()
				defer fc.mu.Unlock()
				if tm.fired || tm.stopped {
					return false
				}
				tm.stopped = true
				return true
			}
		},
	}
}

// armed is the timers armed and neither fired nor stopped.
func (fc *gcClock) armed() []*gcTimer {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	var out []*gcTimer
	for _, tm := range fc.timers {
		if !tm.fired && !tm.stopped {
			out = append(out, tm)
		}
	}
	return out
}

// advance moves the clock by d, firing (on this goroutine, in order) the
// timers due by then.
func (fc *gcClock) advance(d time.Duration) {
	fc.mu.Lock()
	end := fc.t.Add(d)
	fc.mu.Unlock()
	for {
		var next *gcTimer
		for _, tm := range fc.armed() {
			if !tm.at.After(end) && (next == nil || tm.at.Before(next.at)) {
				next = tm
			}
		}
		if next == nil {
			break
		}
		fc.mu.Lock()
		next.fired = true
		if next.at.After(fc.t) {
			fc.t = next.at
		}
		fc.mu.Unlock()
		next.f()
	}
	fc.mu.Lock()
	if end.After(fc.t) {
		fc.t = end
	}
	fc.mu.Unlock()
}

func (fc *gcClock) collections() int {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	return fc.gcs
}

// A burst of log-ins all at once is one collection, after collectSettle.
func TestCollectBurstIsOneCollection(t *testing.T) {
	fc := &gcClock{gcTime: 50 * time.Millisecond}
	c := newFakeCollector(fc)
	for range 100 {
		c.request()
	}
	if n := len(fc.armed()); n != 1 {
		t.Fatalf("100 requests armed %d timers, want 1", n)
	}
	fc.advance(collectSettle - time.Millisecond)
	if n := fc.collections(); n != 0 {
		t.Fatalf("%d collections before collectSettle, want 0", n)
	}
	fc.advance(time.Hour)
	if n := fc.collections(); n != 1 {
		t.Fatalf("a burst of 100 requests ran %d collections, want 1", n)
	}
	c.close()
}

// Log-ins that keep coming are served by at most one collection per gap
// after the first, and the gap grows with a collection's length.
func TestCollectPacedByTheGap(t *testing.T) {
	for _, gcTime := range []time.Duration{10 * time.Millisecond, 300 * time.Millisecond} {
		fc := &gcClock{gcTime: gcTime}
		c := newFakeCollector(fc)
		gap := max(collectMinGap, collectRatio*gcTime)
		// A log-in every 10 ms for 30 s: 3,000 requests.
		const every, span = 10 * time.Millisecond, 30 * time.Second
		for range span / every {
			c.request()
			fc.advance(every)
		}
		fc.advance(time.Hour) // the last request's collection
		// The first after collectSettle, then one per gap plus the
		// collection's own length, and one for the requests of the
		// last gap.
		bound := 2 + int(span/(gap+gcTime))
		if n := fc.collections(); n > bound || n < bound-2 {
			t.Errorf("collection of %s: %d collections for 3,000 requests over %s, want %d at most (one per %s)",
				gcTime, n, span, bound, gap)
		}
		c.close()
	}
}

// A request during a collection is served by one more collection, a gap
// after it ends, and not by a second one at the same time.
func TestCollectOneAtATime(t *testing.T) {
	fc := &gcClock{gcTime: 20 * time.Millisecond}
	c := newFakeCollector(fc)
	fc.inGC = func() {
		c.request()
		c.request()
		if n := len(fc.armed()); n != 0 {
			t.Errorf("requests during a collection armed %d timers while it ran, want 0", n)
		}
	}
	c.request()
	fc.advance(collectSettle)
	fc.inGC = nil
	if n := fc.collections(); n != 1 {
		t.Fatalf("%d collections, want 1", n)
	}
	armed := fc.armed()
	if len(armed) != 1 {
		t.Fatalf("requests during a collection left %d timers armed, want 1", len(armed))
	}
	if got := armed[0].at.Sub(fc.now()); got != collectMinGap {
		t.Errorf("the next collection is %s after the last ended, want collectMinGap (%s)", got, collectMinGap)
	}
	fc.advance(time.Hour)
	if n := fc.collections(); n != 2 {
		t.Errorf("%d collections, want 2", n)
	}
	if n := len(fc.armed()); n != 0 {
		t.Errorf("%d timers armed with no request pending, want 0", n)
	}
	c.close()
}

func (fc *gcClock) now() time.Time {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	return fc.t
}

// close cancels a scheduled collection, and nothing runs after it.
func TestCollectCloseCancels(t *testing.T) {
	fc := &gcClock{}
	c := newFakeCollector(fc)
	c.request()
	c.close()
	if n := len(fc.armed()); n != 0 {
		t.Fatalf("close left %d timers armed", n)
	}
	c.request()
	fc.advance(time.Hour)
	if n := fc.collections(); n != 0 {
		t.Errorf("%d collections after close, want 0", n)
	}
}

// The real collector runs runtime.GC on a timer's goroutine and close
// waits for it.
func TestCollectRealCollector(t *testing.T) {
	c := newCollector()
	ran := make(chan struct{})
	gc := c.gc
	c.gc = func() { gc(); close(ran) }
	c.request()
	select {
	case <-ran:
	case <-time.After(guard):
		t.Fatal("no collection")
	}
	c.close()
}

// Only a session's first output asks for a collection: its key presses
// and later screens never do.
func TestSessionAsksForOneCollection(t *testing.T) {
	ts := startServer(t, Config{})
	v := openTerm(t, ts.client(t), 80, 24)
	v.waitScreen(t, "numbrowse probe")
	if n := ts.srv.gc.requests.Load(); n != 1 {
		t.Fatalf("a session's first screen made %d requests for a collection, want 1", n)
	}
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		v.typeKeys(t, k)
		v.waitScreen(t, "typed: "+"abcde"[:strings.Index("abcde", k)+1])
	}
	v.resize(t, 100, 30)
	v.waitScreen(t, "size: 100x30")
	if n := ts.srv.gc.requests.Load(); n != 1 {
		t.Errorf("keys and a resize made %d requests for a collection in all, want 1 (the first screen's)", n)
	}
	w := openTerm(t, ts.client(t), 80, 24)
	w.waitScreen(t, "numbrowse probe")
	if n := ts.srv.gc.requests.Load(); n != 2 {
		t.Errorf("a second session: %d requests in all, want 2", n)
	}
}
