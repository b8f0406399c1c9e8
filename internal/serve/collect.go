package serve

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A collection after each log-in.
//
// A session's start-up leaves garbage behind (the browser's first
// screens, Bubble Tea's set-up, the SSH channel's), and with GOGC's
// default the runtime lets garbage build up to what is live before it
// collects: under a large inventory (about 85 MB live at 100,000 numbers)
// that is tens of sessions' start-ups, so the heap, and with it the
// server's RSS, grew by about 2.5 MiB a session for several sessions and
// then stayed flat for as many. Collecting once a new session has drawn
// its first screen keeps the heap close to what is live, so RSS grows by
// what each session keeps.
//
// A collection costs CPU in proportion to the live heap (about 140 ms of
// CPU at 150 MB, 100 sessions of 100,000 numbers), so they are paced: at
// most one at a time, the first collectSettle after a request (the
// session's first screen is drawn within a few frames of its first
// output), and each no sooner than collectMinGap, or collectRatio times
// the last one's length if that is longer, after the previous one ended.
// Requests meanwhile are served by the next collection, so a burst of
// log-ins costs one collection, plus one for every gap it lasts, whatever
// its size, and the collector's share of the time is at most one
// collectRatio-th while log-ins keep coming. Nothing but a session's
// first output asks for one: key presses and screens after the first do
// not.
const (
	collectSettle = 100 * time.Millisecond
	collectMinGap = time.Second
	collectRatio  = 10
)

// collector runs the paced collections. Its zero value is not usable:
// see newCollector.
type collector struct {
	gc    func()                                         // runtime.GC
	now   func() time.Time                               // time.Now
	after func(time.Duration, func()) (stop func() bool) // time.AfterFunc

	requests atomic.Int64 // requests so far (read by the tests)
	wg       sync.WaitGroup

	mu      sync.Mutex
	pending bool          // a request came since the last collection began
	busy    bool          // a collection is scheduled or running
	closed  bool          // the server has stopped: no more collections
	last    time.Time     // when the last collection ended
	gap     time.Duration // the least time from its end to the next one's start
	stop    func() bool   // stops the scheduled collection's timer
}

// newCollector returns a collector that runs runtime.GC.
func newCollector() *collector {
	return &collector{
		gc:  runtime.GC,
		now: time.Now,
		after: func(d time.Duration, f func()) func() bool {
			return time.AfterFunc(d, f).Stop
		},
	}
}

// request asks for a collection. It returns at once: the collection runs
// on a timer's goroutine, never on the caller's.
func (c *collector) request() {
	c.requests.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.pending = true
	if c.busy {
		return // the scheduled or running one, or the one after it, serves this
	}
	c.busy = true
	delay := collectSettle
	if wait := c.last.Add(c.gap).Sub(c.now()); wait > delay {
		delay = wait
	}
	c.schedule(delay)
}

// schedule arms the timer of the next collection; c.mu is held.
func (c *collector) schedule(d time.Duration) {
	c.wg.Add(1)
	c.stop = c.after(d, c.run)
}

// run is one scheduled collection.
func (c *collector) run() {
	defer c.wg.Done()
	c.mu.Lock()
	if c.closed {
		c.busy = false
		c.mu.Unlock()
		return
	}
	c.pending = false
	c.mu.Unlock()

	start := c.now()
	c.gc()
	end := c.now()

	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = end
	c.gap = max(collectMinGap, collectRatio*end.Sub(start))
	if c.pending && !c.closed {
		c.schedule(c.gap)
		return
	}
	c.busy = false
}

// close cancels the scheduled collection and waits for a running one to
// end; no collection starts after it.
func (c *collector) close() {
	c.mu.Lock()
	c.closed = true
	if c.busy && c.stop != nil && c.stop() {
		c.busy = false
		c.wg.Done() // the timer will not run
	}
	c.mu.Unlock()
	c.wg.Wait()
}

// firstOutput is a session's output: it asks for a collection at the
// session's first write, and only then.
type firstOutput struct {
	w       interface{ Write([]byte) (int, error) }
	written atomic.Bool
	first   func()
}

func (o *firstOutput) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	if !o.written.Load() && o.written.CompareAndSwap(false, true) {
		o.first()
	}
	return n, err
}
