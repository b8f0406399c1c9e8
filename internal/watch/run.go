package watch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

// Searcher runs a watch's searches; *inventory.Service is one.
type Searcher interface {
	SearchChoice(ctx context.Context, c inventory.Choice) (inventory.Merged, error)
}

// Clock is the time a Run follows. Tests pass one whose Sleep moves the
// time on at once.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx ends (then it returns ctx.Err()).
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

// Now is time.Now.
func (RealClock) Now() time.Time { return time.Now() }

// Sleep waits for d or until ctx ends.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Run is one watch from the command line.
type Run struct {
	Spec Spec
	// Until, when > 0, ends the watch that long after it started.
	Until time.Duration
	// ExitOnMatch ends the watch after the first search that finds a new
	// match.
	ExitOnMatch bool

	Search Searcher
	Clock  Clock          // RealClock when nil
	Jitter func() float64 // in [0, 1); none when nil

	// Found is given each search's new matches (indices into set, in the
	// API's order); an error from it ends the watch with that error.
	Found func(set *results.Set, idx []int) error
	// Note is told what the user should know on the way: a search that
	// failed and when the next one runs, the types of an all-types search
	// that failed, entries that were skipped. It may be nil.
	Note func(string)
}

// Outcome is how a Run ended without an error.
type Outcome int

const (
	// Stopped: the context ended (the user pressed ctrl+c).
	Stopped Outcome = iota
	// Matched: ExitOnMatch, and a search found a new match.
	Matched
	// Expired: Until passed.
	Expired
)

// Report is what a Run did.
type Report struct {
	Outcome  Outcome
	Found    int // new matches told of
	Searches int // searches made (including those the floor answered from the cache)
}

// ErrLasting wraps the error a watch gave up on.
var ErrLasting = errors.New("the watch gave up")

// Do runs the watch until ctx ends, Until passes, ExitOnMatch is met, or
// a search fails for a reason that will not pass (or has failed too long:
// see Schedule.Failed). It returns an error wrapping ErrLasting and the
// search's error in that last case, the Found callback's error, or nil
// with the report.
func (r Run) Do(ctx context.Context) (Report, error) {
	if err := r.Spec.Check(); err != nil {
		return Report{}, err
	}
	clock := r.Clock
	if clock == nil {
		clock = RealClock{}
	}
	jitter := r.Jitter
	if jitter == nil {
		jitter = func() float64 { return 0 }
	}
	note := r.Note
	if note == nil {
		note = func(string) {}
	}
	var rep Report
	seen := NewSeen()
	sched := Schedule{Every: r.Spec.Every}
	start := clock.Now()
	deadline := start.Add(r.Until)
	for {
		if ctx.Err() != nil {
			return rep, nil
		}
		res, err := r.Search.SearchChoice(ctx, inventory.Choice{
			Country: r.Spec.Country, Types: r.Spec.Types, Fresh: true, Floor: Floor,
		})
		if ctx.Err() != nil {
			return rep, nil
		}
		rep.Searches++
		now := clock.Now()
		var wait time.Duration
		if err != nil {
			var lasting bool
			wait, lasting = sched.Failed(now, err, jitter())
			if lasting {
				return rep, fmt.Errorf("%w: %w", ErrLasting, err)
			}
			note(fmt.Sprintf("search failed: %s — trying again in %s (the watch goes on)", describe(err), Human(wait)))
		} else {
			wait = sched.Succeeded(jitter())
			for _, f := range res.Failed {
				note(fmt.Sprintf("%s numbers could not be searched: %s", f.Type, describe(f.Err)))
			}
			if res.Result != nil {
				set := results.NewSet(res.Numbers)
				if idx := seen.Fresh(set, r.Spec.Filter); len(idx) > 0 {
					rep.Found += len(idx)
					if r.Found != nil {
						if err := r.Found(set, idx); err != nil {
							return rep, err
						}
					}
					if r.ExitOnMatch {
						rep.Outcome = Matched
						return rep, nil
					}
				}
			}
		}
		if r.Until > 0 && !now.Add(wait).Before(deadline) {
			if err := clock.Sleep(ctx, deadline.Sub(now)); err != nil {
				return rep, nil
			}
			rep.Outcome = Expired
			return rep, nil
		}
		if err := clock.Sleep(ctx, wait); err != nil {
			return rep, nil
		}
	}
}

// describe is a failed search in words, on one line.
func describe(err error) string {
	if x, ok := api.Explain(err); ok {
		return x.Sentence
	}
	return api.Printable(err.Error())
}

// Human is a duration as people write it: "45s", "10m", "1h30m", "24h".
func Human(d time.Duration) string {
	switch {
	case d < time.Minute:
		return d.Round(time.Second).String()
	case d < time.Hour:
		d = d.Round(time.Second)
		if d%time.Minute == 0 {
			return fmt.Sprintf("%dm", int(d/time.Minute))
		}
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	}
	d = d.Round(time.Minute)
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", int(d/time.Hour))
	}
	return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
}
