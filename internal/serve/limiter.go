package serve

import (
	"context"
	"time"

	"golang.org/x/time/rate"

	"numbrowse/api"
	"numbrowse/internal/inventory"
)

// DefaultBurst is how many upstream searches may start at once before the
// limiter spaces them out: enough for an "all types" search (four
// requests) and one more, not enough to spend a minute's quota at once.
const DefaultBurst = 5

// Limiter is a server-wide token bucket for upstream searches, shared by
// every session through inventory.WithLimiter: searches start at most
// perMinute a minute, after an initial burst of DefaultBurst. Waiters are
// served in arrival order. It implements inventory.Limiter and is safe for
// concurrent use.
type Limiter struct {
	lim   *rate.Limiter
	clock clock
}

var _ inventory.Limiter = (*Limiter)(nil)

// NewLimiter returns a limiter that lets perMinute searches start a minute
// with a burst of DefaultBurst (or perMinute, when smaller). perMinute <= 0
// means no limit.
func NewLimiter(perMinute int) *Limiter {
	return newLimiter(perMinute, DefaultBurst, realClock{})
}

func newLimiter(perMinute, burst int, c clock) *Limiter {
	if perMinute <= 0 {
		return &Limiter{lim: rate.NewLimiter(rate.Inf, 0), clock: c}
	}
	burst = max(1, min(burst, perMinute))
	return &Limiter{lim: rate.NewLimiter(rate.Limit(float64(perMinute)/60), burst), clock: c}
}

// Wait blocks until a search may start. When it has to wait it first calls
// notify (when not nil) with the expected wait, so the session can say
// why. When ctx ends first, the reserved slot is given back and Wait
// returns an *api.Error of kind KindCanceled.
func (l *Limiter) Wait(ctx context.Context, notify func(time.Duration)) error {
	if err := ctx.Err(); err != nil {
		return &api.Error{Kind: api.KindCanceled, Err: err}
	}
	now := l.clock.Now()
	r := l.lim.ReserveN(now, 1)
	if !r.OK() { // only with a zero burst, which newLimiter never makes
		return &api.Error{Kind: api.KindRateLimited, Messages: []string{"the server allows no searches"}}
	}
	d := r.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	if notify != nil {
		notify(d)
	}
	timer, stop := l.clock.After(d)
	defer stop()
	select {
	case <-timer:
		return nil
	case <-ctx.Done():
		r.CancelAt(l.clock.Now())
		return &api.Error{Kind: api.KindCanceled, Err: ctx.Err()}
	}
}

// clock is time, replaceable in tests.
type clock interface {
	Now() time.Time
	// After returns a channel that receives once d has passed, and a
	// function that releases the timer.
	After(d time.Duration) (<-chan time.Time, func())
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) After(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}
