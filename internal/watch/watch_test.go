package watch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

// fakeClock's Sleep moves the time on at once and records the wait.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sleeps)
}

// script answers search n with steps[n] (the last repeats): numbers or an
// error.
type script struct {
	mu    sync.Mutex
	steps []step
	n     int
	times []time.Time
	clock *fakeClock
}

type step struct {
	numbers []string
	err     error
}

func (s *script) Search(_ context.Context, q api.Query) (*api.Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.steps[min(s.n, len(s.steps)-1)]
	s.n++
	s.times = append(s.times, s.clock.Now())
	if st.err != nil {
		return nil, st.err
	}
	r := &api.Result{Query: q, FetchedAt: s.clock.Now()}
	for _, n := range st.numbers {
		r.Numbers = append(r.Numbers, api.Number{E164: n, Country: q.Country, Type: q.Type})
	}
	return r, nil
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func newRun(steps []step, every time.Duration, filter string) (Run, *script, *fakeClock, *[]string, *[]string) {
	clock := &fakeClock{now: t0}
	src := &script{steps: steps, clock: clock}
	inv := inventory.New(src, inventory.WithClock(clock.Now))
	us, _ := api.ParseCountry("US")
	var found, notes []string
	r := Run{
		Spec:   Spec{Country: us, Types: api.OneType(api.Local), Filter: results.ParseFilter(filter), Every: every},
		Search: inv,
		Clock:  clock,
		Found: func(set *results.Set, idx []int) error {
			for _, i := range idx {
				found = append(found, set.At(i).E164)
			}
			return nil
		},
		Note: func(s string) { notes = append(notes, s) },
	}
	return r, src, clock, &found, &notes
}

var (
	a, b, c, d  = "+13125550101", "+13125550102", "+14155550103", "+13125550104"
	rateLimited = &api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: 90 * time.Minute}
	serverError = &api.Error{Kind: api.KindServer, Status: 503}
	timedOut    = &api.Error{Kind: api.KindTimeout}
	rejected    = &api.Error{Kind: api.KindAuth, Status: 401}
)

// TestEachMatchOnce: every matching number is told once, in the API's
// order, however often it comes back; numbers that do not match never.
func TestEachMatchOnce(t *testing.T) {
	r, src, clock, found, _ := newRun([]step{
		{numbers: []string{a, c}},
		{numbers: []string{a, b, c}},
		{numbers: []string{c}},       // a and b gone
		{numbers: []string{b, a, d}}, // back, and d new
	}, 5*time.Minute, "^312")
	r.Until = 16 * time.Minute
	rep, err := r.Do(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{a, b, d}; !slices.Equal(*found, want) {
		t.Errorf("told %v, want %v", *found, want)
	}
	if rep.Outcome != Expired || rep.Found != 3 || src.count() != 4 || rep.Searches != 4 {
		t.Errorf("report %+v, %d searches", rep, src.count())
	}
	if got := clock.Now().Sub(t0); got != 16*time.Minute {
		t.Errorf("ended %s after the start, want at --until", got)
	}
	for _, s := range clock.Sleeps()[:3] {
		if s != 5*time.Minute {
			t.Errorf("slept %s between searches, want the interval", s)
		}
	}
}

func TestExitOnMatch(t *testing.T) {
	r, src, _, found, _ := newRun([]step{{numbers: []string{c}}, {numbers: []string{c}}, {numbers: []string{c, a, b}}}, time.Minute, "^312")
	r.ExitOnMatch = true
	rep, err := r.Do(context.Background())
	if err != nil || rep.Outcome != Matched || src.count() != 3 || !slices.Equal(*found, []string{a, b}) {
		t.Errorf("%+v %v after %d searches, told %v", rep, err, src.count(), *found)
	}
}

func TestUntilWithoutMatch(t *testing.T) {
	r, src, clock, found, _ := newRun([]step{{numbers: []string{c}}}, 10*time.Minute, "^312")
	r.ExitOnMatch, r.Until = true, time.Hour
	rep, err := r.Do(context.Background())
	if err != nil || rep.Outcome != Expired || len(*found) != 0 {
		t.Fatalf("%+v %v", rep, err)
	}
	if src.count() != 6 || clock.Now().Sub(t0) != time.Hour {
		t.Errorf("%d searches, ended after %s; want 6 and exactly an hour", src.count(), clock.Now().Sub(t0))
	}
}

// TestTransientErrorsSurvived: 429, 5xx and timeouts are said and
// outlived with a growing wait that honours Retry-After and never goes
// under the floor; the matches after them are still told once.
func TestTransientErrorsSurvived(t *testing.T) {
	r, _, clock, found, notes := newRun([]step{
		{numbers: []string{a}},
		{err: serverError},
		{err: timedOut},
		{numbers: []string{a, b}},
		{err: rateLimited},
		{numbers: []string{a, b, d}},
	}, 2*time.Minute, "^312")
	r.Until = 4 * time.Hour
	rep, err := r.Do(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(*found, []string{a, b, d}) || rep.Found != 3 {
		t.Errorf("told %v", *found)
	}
	sl := clock.Sleeps()
	want := []time.Duration{2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 2 * time.Minute, 90 * time.Minute, 2 * time.Minute}
	if !slices.Equal(sl[:len(want)], want) {
		t.Errorf("waits %v, want %v", sl[:len(want)], want)
	}
	if len(*notes) != 3 {
		t.Fatalf("notes %q", *notes)
	}
	for i, w := range []string{"server failed (HTTP 503", "did not answer in time", "rate limited"} {
		if !strings.Contains((*notes)[i], w) || !strings.Contains((*notes)[i], "trying again in") {
			t.Errorf("note %q does not say %q and when", (*notes)[i], w)
		}
	}
	if !strings.Contains((*notes)[2], "1h30m") {
		t.Errorf("the 429's note %q does not honour Retry-After", (*notes)[2])
	}
}

// TestLastingErrors: a failure that will not pass ends the watch at once;
// failures that might pass end it when they go on for half an hour.
func TestLastingErrors(t *testing.T) {
	r, src, _, _, _ := newRun([]step{{numbers: []string{a}}, {err: rejected}}, time.Minute, "")
	_, err := r.Do(context.Background())
	if !errors.Is(err, ErrLasting) || !api.IsAuth(err) || src.count() != 2 {
		t.Errorf("err = %v after %d searches", err, src.count())
	}

	r, src, clock, _, notes := newRun([]step{{err: serverError}}, 5*time.Minute, "")
	_, err = r.Do(context.Background())
	if !errors.Is(err, ErrLasting) || !api.IsServer(err) {
		t.Fatalf("err = %v", err)
	}
	if src.count() != 3 || clock.Now().Sub(t0) != 30*time.Minute || len(*notes) != 2 {
		t.Errorf("gave up after %d searches and %s, %d notes; want 3, 30m, 2", src.count(), clock.Now().Sub(t0), len(*notes))
	}
}

// TestIntervalFloor: an interval under a minute is refused; the back-off
// and jitter never make two searches less than a minute apart; and a
// search of the same country and type made by someone else less than a
// minute before is answered from the cache, not the API.
func TestIntervalFloor(t *testing.T) {
	r, src, _, _, _ := newRun([]step{{numbers: []string{a}}}, 59*time.Second, "")
	if _, err := r.Do(context.Background()); !errors.Is(err, ErrTooOften) || src.count() != 0 {
		t.Errorf("err = %v, %d searches", err, src.count())
	}

	r, src, clock, _, _ := newRun([]step{{numbers: []string{a}}, {err: &api.Error{Kind: api.KindNetwork}}, {numbers: []string{a}}}, time.Minute, "")
	r.Until = 20 * time.Minute
	r.Jitter = func() float64 { return 0.999 }
	if _, err := r.Do(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(src.times); i++ {
		if gap := src.times[i].Sub(src.times[i-1]); gap < Floor {
			t.Errorf("searches %d and %d only %s apart", i-1, i, gap)
		}
	}
	if max := clock.Sleeps()[0]; max > time.Minute+6*time.Second {
		t.Errorf("jitter added %s to a minute: more than a tenth", max-time.Minute)
	}

	// Someone searched US local 30 s before the watch's first search: the
	// watch is answered from the cache.
	r, src, clock, found, _ := newRun([]step{{numbers: []string{a, b}}, {numbers: []string{a, b, c}}}, time.Minute, "")
	inv := r.Search.(*inventory.Service)
	if _, err := inv.SearchChoice(context.Background(), inventory.Choice{Country: r.Spec.Country, Types: r.Spec.Types, Fresh: true}); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(30 * time.Second)
	r.ExitOnMatch = true
	if _, err := r.Do(context.Background()); err != nil {
		t.Fatal(err)
	}
	if src.count() != 1 || !slices.Equal(*found, []string{a, b}) {
		t.Errorf("%d upstream searches (want 1: the floor serves the cache), told %v", src.count(), *found)
	}
}

func TestStoppedByContext(t *testing.T) {
	r, _, clock, _, _ := newRun([]step{{numbers: []string{a}}}, time.Minute, "")
	ctx, cancel := context.WithCancel(context.Background())
	r.Found = func(*results.Set, []int) error { cancel(); return nil }
	rep, err := r.Do(ctx)
	if err != nil || rep.Outcome != Stopped || clock.Now().Sub(t0) > time.Minute {
		t.Errorf("%+v %v", rep, err)
	}
	r, _, _, _, _ = newRun([]step{{numbers: []string{a}}}, time.Minute, "")
	boom := fmt.Errorf("stdout closed")
	r.Found = func(*results.Set, []int) error { return boom }
	if _, err := r.Do(context.Background()); !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
}

func TestSpecCheckAndLabel(t *testing.T) {
	gb, _ := api.ParseCountry("GB")
	s := Spec{Country: gb, Types: api.AllTypes, Filter: results.ParseFilter("^7700  sms"), Every: time.Minute}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if got := s.Label("·"); got != "GB · all types · ^7700 sms" {
		t.Errorf("label %q", got)
	}
	s.Filter = results.ParseFilter("<abc")
	if err := s.Check(); err == nil || !strings.Contains(err.Error(), "invalid") {
		t.Errorf("err = %v", err)
	}
}

func TestHuman(t *testing.T) {
	for d, want := range map[time.Duration]string{
		45 * time.Second: "45s", 10 * time.Minute: "10m", 90 * time.Second: "1m30s",
		90 * time.Minute: "1h30m", 2 * time.Hour: "2h",
	} {
		if got := Human(d); got != want {
			t.Errorf("%s: %q, want %q", d, got, want)
		}
	}
}
