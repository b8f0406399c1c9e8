package inventory

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"numbrowse/api"
)

// TestNewCallerDoesNotJoinAnAbandonedFlight: once every caller of a flight
// has given up, its upstream request is being cancelled; a caller that
// comes now (the user went back to the same country) must get a fresh
// request, not the dying one's "canceled" (found by the goroutine-leak
// test in leak_test.go).
func TestNewCallerDoesNotJoinAnAbandonedFlight(t *testing.T) {
	upstreamSaw := make(chan struct{}) // the first request has seen its cancellation
	hold := make(chan struct{})        // keeps the dying request from finishing
	var calls atomic.Int32
	src := &fakeSearcher{fn: func(ctx context.Context, q api.Query) (*api.Result, error) {
		if calls.Add(1) == 1 {
			<-ctx.Done()
			close(upstreamSaw)
			<-hold
			return nil, &api.Error{Kind: api.KindCanceled, Err: ctx.Err()}
		}
		return result(q, "+15550000001"), nil
	}}
	s := New(src)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := s.Search(ctx, Request{Query: gbMobile})
		done <- err
	}()
	waitFor(t, func() bool { return calls.Load() > 0 })
	cancel()
	if err := <-done; !api.IsCanceled(err) {
		t.Fatalf("first caller: %v", err)
	}
	<-upstreamSaw
	defer close(hold)
	// The deadline is a failure guard: joining the dying flight would
	// wait for it, and it finishes only when the test does.
	guard, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	r, err := s.Search(guard, Request{Query: gbMobile})
	if err != nil || len(r.Numbers) != 1 {
		t.Fatalf("a new caller got %v, %v; want a fresh search", r.Result, err)
	}
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d upstream calls, want 2", n)
	}
}
