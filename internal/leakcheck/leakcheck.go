// Package leakcheck finds the goroutines a test left running: take a
// Snapshot before the work, and Check after it has ended (a search was
// cancelled, a session closed). Check waits for the goroutines started
// since the snapshot to end, polling, and fails the test with their stacks
// if some are still there when its patience runs out. Patience is a
// failure guard, not a measurement: a test that passes never waits for it.
//
// The goroutines a snapshot misses are told apart by their ids, which Go
// never reuses, so goroutines that were already running (another test's
// leftovers, the runtime's own) never count. Use it in tests that do not
// call t.Parallel: goroutines of tests running alongside would count.
package leakcheck

import (
	"bytes"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// DefaultPatience is how long Check waits for goroutines to end by
// default: long enough for a loaded machine, short enough for a failure
// to be seen.
const DefaultPatience = 10 * time.Second

// Snapshot is the set of goroutines running when it was taken.
type Snapshot struct {
	ids map[uint64]bool
}

// Take records the goroutines running now.
func Take() Snapshot {
	s := Snapshot{ids: map[uint64]bool{}}
	for _, g := range goroutines() {
		s.ids[g.id] = true
	}
	return s
}

// Option adjusts a Check.
type Option func(*config)

type config struct {
	patience time.Duration
	ignore   []string
}

// Patience sets how long Check waits for new goroutines to end.
func Patience(d time.Duration) Option { return func(c *config) { c.patience = d } }

// Ignore makes Check ignore goroutines whose stack contains s (a function
// name such as "net/http.(*persistConn).readLoop").
func Ignore(s string) Option { return func(c *config) { c.ignore = append(c.ignore, s) } }

// Check fails t, listing their stacks, when goroutines started since the
// snapshot are still running after the patience (DefaultPatience unless
// an Option says otherwise). It returns as soon as they have all ended.
func (s Snapshot) Check(t testing.TB, opts ...Option) {
	t.Helper()
	if left := s.wait(opts...); len(left) > 0 {
		t.Errorf("leakcheck: %d goroutine(s) still running:\n\n%s", len(left), strings.Join(left, "\n\n"))
	}
}

// Leaked returns the stacks of the goroutines started since the snapshot
// that are still running after the patience, or nil once there are none.
func (s Snapshot) Leaked(opts ...Option) []string { return s.wait(opts...) }

func (s Snapshot) wait(opts ...Option) []string {
	c := config{patience: DefaultPatience}
	for _, o := range opts {
		o(&c)
	}
	deadline := time.Now().Add(c.patience)
	pause := time.Millisecond
	for {
		left := s.extra(c.ignore)
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(pause)
		pause = min(2*pause, 50*time.Millisecond)
	}
}

// extra returns the stacks of goroutines not in the snapshot, but for the
// caller's own and the ignored ones.
func (s Snapshot) extra(ignore []string) []string {
	self := currentID()
	var out []string
	for _, g := range goroutines() {
		if s.ids[g.id] || g.id == self {
			continue
		}
		if slices.ContainsFunc(ignore, func(x string) bool { return strings.Contains(g.stack, x) }) {
			continue
		}
		out = append(out, g.stack)
	}
	return out
}

type goroutine struct {
	id    uint64
	stack string
}

// goroutines returns every goroutine's id and stack trace.
func goroutines() []goroutine {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []goroutine
	for _, block := range bytes.Split(buf, []byte("\n\n")) {
		if id, ok := parseID(block); ok {
			out = append(out, goroutine{id: id, stack: string(block)})
		}
	}
	return out
}

// currentID is the id of the calling goroutine.
func currentID() uint64 {
	buf := make([]byte, 64)
	id, _ := parseID(buf[:runtime.Stack(buf, false)])
	return id
}

// parseID reads the id from a stack's first line: "goroutine 42 [running]:".
func parseID(block []byte) (uint64, bool) {
	rest, ok := bytes.CutPrefix(bytes.TrimSpace(block), []byte("goroutine "))
	if !ok {
		return 0, false
	}
	num, _, ok := bytes.Cut(rest, []byte(" "))
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseUint(string(num), 10, 64)
	return id, err == nil
}
