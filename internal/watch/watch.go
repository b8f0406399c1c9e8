// Package watch searches again and again for the numbers someone is
// waiting for and tells each new match once: `numbrowse watch` runs it
// (Run), and the browser's w key drives the same pieces (Spec, Seen,
// Schedule) from its own timers.
//
// A watch only ever searches: nothing in it buys.
//
// The API is asked at most once a minute for each country and type
// (Floor): a watch's interval cannot be shorter, its back-off never waits
// less, and its searches carry the floor to the inventory, which then
// serves anyone's search of the last minute from its cache instead of
// asking again.
package watch

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// Floor is the shortest time between two searches of one country and
// type that a watch makes.
const Floor = time.Minute

// DefaultEvery is a watch's interval when none is given.
const DefaultEvery = 5 * time.Minute

// Giving up: a watch whose searches keep failing for a reason that may
// pass (a rate limit, a server or network failure) gives up when they
// have failed at least giveUpFailures times in a row over at least
// giveUpAfter.
const (
	giveUpFailures = 3
	giveUpAfter    = 30 * time.Minute
	// maxBackoff is the longest wait after failures, unless the interval
	// or a Retry-After is longer.
	maxBackoff = time.Hour
	// jitterShare is how much later than planned a search may run, so that
	// watches started together spread out.
	jitterShare = 0.1
)

// Spec is what a watch looks for: the numbers of a country and one type
// (or all types) that match a filter, searched every Every.
type Spec struct {
	Country api.Country
	Types   api.TypeChoice
	Filter  results.Filter
	Every   time.Duration
}

// ErrTooOften is the error of Check for an interval under the floor.
var ErrTooOften = errors.New("the interval is shorter than a minute")

// Check validates the spec: a country, a type, a filter without invalid
// terms, and an interval of at least Floor.
func (s Spec) Check() error {
	switch {
	case s.Country.Code == "":
		return errors.New("no country to watch")
	case s.Types.IsZero():
		return errors.New("no number type to watch")
	case len(s.Filter.Invalid()) > 0:
		return fmt.Errorf("the filter has invalid terms: %s", strings.Join(s.Filter.Invalid(), "; "))
	case s.Every < Floor:
		return fmt.Errorf("%w: %s — numbrowse asks the API at most once a minute for a country and type; use 1m or more",
			ErrTooOften, s.Every)
	}
	return nil
}

// Label names what is watched: "US · local", then the filter when there
// is one ("US · local · ^312 sms"). dot is the separator glyph.
func (s Spec) Label(dot string) string {
	l := s.Country.Code + " " + dot + " " + s.Types.Label()
	if q := strings.Join(strings.Fields(s.Filter.Query()), " "); q != "" {
		l += " " + dot + " " + api.Printable(q)
	}
	return l
}

// Seen is the set of matching numbers a watch has already told of. The
// zero value is not usable: use NewSeen. It is not safe for concurrent
// use.
type Seen struct {
	m map[string]struct{}
}

// NewSeen returns an empty set.
func NewSeen() *Seen { return &Seen{m: map[string]struct{}{}} }

// Len returns how many numbers have been seen.
func (s *Seen) Len() int { return len(s.m) }

// Has reports whether e164 was seen.
func (s *Seen) Has(e164 string) bool {
	_, ok := s.m[e164]
	return ok
}

// Fresh returns the numbers of set that match f and were not seen before,
// as indices in the API's order, and remembers them: each match is
// returned once, whatever comes later (a number that leaves the results
// and comes back is not new).
func (s *Seen) Fresh(set *results.Set, f results.Filter) []int {
	var out []int
	for i := range set.Len() {
		e164 := set.At(i).E164
		if _, ok := s.m[e164]; ok || !set.Match(i, f) {
			continue
		}
		s.m[e164] = struct{}{}
		out = append(out, i)
	}
	return out
}

// Schedule decides when a watch searches next: every interval after a
// search that worked, later and later after searches that failed for a
// reason that may pass, and never sooner than Floor.
type Schedule struct {
	// Every is the interval; under Floor counts as Floor.
	Every time.Duration

	failures     int
	failingSince time.Time
}

// Failures is how many searches in a row have failed.
func (s *Schedule) Failures() int { return s.failures }

// Succeeded records a search that worked and returns the wait until the
// next one: the interval, up to a tenth later by jitter (in [0, 1)).
func (s *Schedule) Succeeded(jitter float64) time.Duration {
	s.failures, s.failingSince = 0, time.Time{}
	return s.every() + spread(s.every(), jitter)
}

// Failed records a search that failed at now with err and returns the
// wait until the next one, or lasting true when the watch should give
// up: at once for a failure that will not pass by itself (the key
// rejected, the search refused), or when failures that might pass have
// gone on too long (three in a row over half an hour). The wait doubles
// with each failure in a row, from twice the interval, up to an hour (or
// the interval when it is longer), and is never shorter than the
// server's Retry-After; jitter adds up to a tenth.
func (s *Schedule) Failed(now time.Time, err error, jitter float64) (wait time.Duration, lasting bool) {
	if s.failures == 0 {
		s.failingSince = now
	}
	s.failures++
	if !Transient(err) {
		return 0, true
	}
	if s.failures >= giveUpFailures && now.Sub(s.failingSince) >= giveUpAfter {
		return 0, true
	}
	ceiling := max(s.every(), maxBackoff)
	wait = s.every()
	for range s.failures {
		wait *= 2
		if wait >= ceiling {
			wait = ceiling
			break
		}
	}
	var e *api.Error
	if errors.As(err, &e) && e.RetryAfter > wait {
		wait = e.RetryAfter
	}
	return max(wait+spread(wait, jitter), Floor), false
}

func (s *Schedule) every() time.Duration { return max(s.Every, Floor) }

// spread is up to a tenth of d, by jitter in [0, 1).
func spread(d time.Duration, jitter float64) time.Duration {
	return time.Duration(min(max(jitter, 0), 1) * jitterShare * float64(d))
}

// Transient reports whether a failed search may well work if tried again
// later: a rate limit, a server, network or response failure, a timeout.
// The key being rejected, a missing permission, a refused search or an
// invalid query will not pass by themselves.
func Transient(err error) bool {
	var ve *api.ValidationError
	if errors.As(err, &ve) {
		return false
	}
	x, ok := api.Explain(err)
	return ok && x.Transient && !api.IsCanceled(err)
}
