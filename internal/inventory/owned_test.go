package inventory

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"numbrowse/api"
)

// fakeOwner is a fakeSearcher that also lists the account's numbers.
type fakeOwner struct {
	fakeSearcher
	listed atomic.Int32
	gate   chan struct{}
	err    error
}

func (f *fakeOwner) OwnedList(ctx context.Context) (*api.OwnedList, error) {
	n := f.listed.Add(1)
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return nil, &api.Error{Kind: api.KindCanceled, Err: ctx.Err()}
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	return &api.OwnedList{Numbers: []api.OwnedNumber{{ID: "1", PhoneNumber: "+15550000001"}}, Pages: int(n)}, nil
}

func TestOwnedCacheAndFresh(t *testing.T) {
	now := time.Unix(1000, 0)
	src := &fakeOwner{}
	s := New(src, WithClock(func() time.Time { return now }))
	ctx := context.Background()
	if s.CachedOwned() != nil {
		t.Fatal("a cached list before any listing")
	}
	l, err := s.Owned(ctx, OwnedRequest{})
	if err != nil || len(l.Numbers) != 1 || src.listed.Load() != 1 {
		t.Fatalf("%+v %v", l, err)
	}
	now = now.Add(DefaultTTL - time.Second)
	if l2, _ := s.Owned(ctx, OwnedRequest{}); l2 != l || src.listed.Load() != 1 {
		t.Errorf("not served from the cache within the TTL (%d listings)", src.listed.Load())
	}
	if s.CachedOwned() != l {
		t.Error("CachedOwned is not the cached list")
	}
	if _, _ = s.Owned(ctx, OwnedRequest{Fresh: true}); src.listed.Load() != 2 {
		t.Errorf("Fresh did not list again (%d listings)", src.listed.Load())
	}
	now = now.Add(DefaultTTL + time.Second)
	if s.CachedOwned() != nil {
		t.Error("an expired list is still offered")
	}
	if _, _ = s.Owned(ctx, OwnedRequest{}); src.listed.Load() != 3 {
		t.Errorf("an expired list was served (%d listings)", src.listed.Load())
	}
	src.err = &api.Error{Kind: api.KindPermission, Status: 403}
	if _, err := s.Owned(ctx, OwnedRequest{Fresh: true}); !api.IsPermission(err) {
		t.Errorf("err = %v", err)
	}
	if s.CachedOwned() == nil {
		t.Error("a failed listing dropped the cached list")
	}
}

// TestOwnedSingleFlightAndAdd: callers at once share one listing; a
// number bought while it runs is in its answer and in the cache.
func TestOwnedSingleFlightAndAdd(t *testing.T) {
	src := &fakeOwner{gate: make(chan struct{})}
	s := New(src)
	var wg sync.WaitGroup
	lists := make([]*api.OwnedList, 3)
	for i := range lists {
		wg.Go(func() {
			l, err := s.Owned(context.Background(), OwnedRequest{})
			if err != nil {
				t.Error(err)
			}
			lists[i] = l
		})
	}
	for src.listed.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	// Wait until every caller has joined the flight.
	for {
		s.mu.Lock()
		n := 0
		if s.owned.flight != nil {
			n = s.owned.flight.waiters
		}
		s.mu.Unlock()
		if n == 3 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	bought := api.OwnedNumber{ID: "9", PhoneNumber: "+15550000009"}
	s.AddOwned(bought)
	close(src.gate)
	wg.Wait()
	if src.listed.Load() != 1 {
		t.Errorf("%d listings for three callers at once", src.listed.Load())
	}
	for _, l := range lists {
		if l == nil || len(l.Numbers) != 2 || l.Numbers[1].ID != "9" {
			t.Fatalf("a caller got %+v", l)
		}
	}
	s.AddOwned(api.OwnedNumber{ID: "10", PhoneNumber: "+15550000010"})
	s.AddOwned(bought) // again: kept once
	if c := s.CachedOwned(); c == nil || len(c.Numbers) != 3 || len(lists[0].Numbers) != 2 {
		t.Errorf("cache %+v; the list handed out changed: %d", c, len(lists[0].Numbers))
	}
}

func TestOwnedWithoutOwner(t *testing.T) {
	s := New(&fakeSearcher{})
	if _, err := s.Owned(context.Background(), OwnedRequest{}); err == nil || !errors.Is(err, errNoOwner) {
		t.Errorf("err = %v", err)
	}
}

// TestOwnedCancelled: a caller that gives up gets canceled; the last one
// out cancels the listing.
func TestOwnedCancelled(t *testing.T) {
	src := &fakeOwner{gate: make(chan struct{})}
	s := New(src)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := s.Owned(ctx, OwnedRequest{})
		done <- err
	}()
	for src.listed.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !api.IsCanceled(err) {
		t.Errorf("err = %v", err)
	}
	close(src.gate)
}

// TestSearchFloor: a Fresh search with a floor asks the API at most once
// per floor for each query, whoever asks; the others get the cached
// result. Without Fresh or without a floor nothing changes.
func TestSearchFloor(t *testing.T) {
	now := time.Unix(5000, 0)
	src := &fakeSearcher{}
	s := New(src, WithClock(func() time.Time { return now }))
	ctx := context.Background()
	watch := Request{Query: gbMobile, Fresh: true, Floor: time.Minute}
	if r, _ := s.Search(ctx, watch); r.Cached || src.calls.Load() != 1 {
		t.Fatal("the first search did not ask")
	}
	now = now.Add(59 * time.Second)
	if r, _ := s.Search(ctx, watch); !r.Cached || src.calls.Load() != 1 {
		t.Errorf("a second search within the floor asked the API (%d calls)", src.calls.Load())
	}
	us := Request{Query: api.Query{Country: "US", Type: api.Local}, Fresh: true, Floor: time.Minute}
	if _, _ = s.Search(ctx, us); src.calls.Load() != 2 {
		t.Error("the floor is not per country and type")
	}
	if _, _ = s.Search(ctx, Request{Query: gbMobile, Fresh: true}); src.calls.Load() != 3 {
		t.Error("a Fresh search without a floor did not ask")
	}
	now = now.Add(30 * time.Second) // 30 s after the last search of GB mobile
	if r, _ := s.Search(ctx, watch); !r.Cached || src.calls.Load() != 3 {
		t.Error("the floor counts from the last search, whoever asked")
	}
	now = now.Add(30 * time.Second)
	if r, _ := s.Search(ctx, watch); r.Cached || src.calls.Load() != 4 {
		t.Error("a search after the floor did not ask")
	}
	all := Choice{Country: api.Country{Code: "GB"}, Types: api.AllTypes, Fresh: true, Floor: time.Minute}
	before := src.calls.Load()
	if _, err := s.SearchChoice(ctx, all); err != nil {
		t.Fatal(err)
	}
	if got := src.calls.Load() - before; got != 3 {
		t.Errorf("all types: %d searches, want 3 (mobile was searched under a minute ago)", got)
	}
}
