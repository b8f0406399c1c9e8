package inventory

import (
	"context"
	"errors"
	"slices"
	"time"

	"numbrowse/api"
)

// Owner lists the numbers the account owns, every page of them;
// *api.Client is one.
type Owner interface {
	OwnedList(ctx context.Context) (*api.OwnedList, error)
}

// errNoOwner is the failure of Owned when the Searcher cannot list the
// account's numbers.
var errNoOwner = errors.New("this inventory cannot list the account's numbers")

// OwnedRequest is one look at the account's numbers.
type OwnedRequest struct {
	// Fresh bypasses the cache (the user pressed refresh); a listing in
	// flight is still shared.
	Fresh bool
	// OnWait, when not nil, is told the expected wait when the listing has
	// to wait for the rate limiter.
	OnWait func(time.Duration)
}

// ownedState is the cached list of the account's numbers and the listing
// in flight. Guarded by Service.mu.
type ownedState struct {
	list     *api.OwnedList // nil: none yet; never modified once stored
	cachedAt time.Time
	flight   *ownedFlight
}

// ownedFlight is one listing that several callers wait for; cancelled
// when every caller has given up.
type ownedFlight struct {
	done    chan struct{}
	res     *api.OwnedList
	err     error
	waiters int
	cancel  context.CancelFunc
	added   []api.OwnedNumber // bought while it ran: added to its answer
}

// Owned returns the account's numbers: from the cache while it is younger
// than the TTL (unless req.Fresh), else from one listing shared by every
// caller that asks meanwhile, paced by the limiter like a search. It fails
// when the Searcher is not an Owner.
func (s *Service) Owned(ctx context.Context, req OwnedRequest) (*api.OwnedList, error) {
	owner, ok := s.src.(Owner)
	if !ok {
		return nil, &api.Error{Kind: api.KindUnknown, Err: errNoOwner}
	}
	s.mu.Lock()
	if l := s.owned.list; l != nil && !req.Fresh && s.now().Sub(s.owned.cachedAt) < s.ttl {
		s.mu.Unlock()
		return l, nil
	}
	f := s.owned.flight
	if f == nil {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &ownedFlight{done: make(chan struct{}), cancel: cancel}
		s.owned.flight = f
		go s.runOwned(fctx, f, owner, req.OnWait)
	}
	f.waiters++
	s.mu.Unlock()

	select {
	case <-f.done:
		s.leaveOwned(f)
		return f.res, f.err
	case <-ctx.Done():
		s.leaveOwned(f)
		return nil, &api.Error{Kind: api.KindCanceled, Err: ctx.Err()}
	}
}

func (s *Service) leaveOwned(f *ownedFlight) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.waiters--
	if f.waiters == 0 {
		f.cancel()
		if s.owned.flight == f {
			s.owned.flight = nil
		}
	}
}

func (s *Service) runOwned(ctx context.Context, f *ownedFlight, owner Owner, onWait func(time.Duration)) {
	defer f.cancel()
	var res *api.OwnedList
	var err error
	if s.limiter != nil {
		err = s.limiter.Wait(ctx, func(d time.Duration) {
			if onWait != nil {
				onWait(d)
			}
		})
	}
	if err == nil {
		res, err = owner.OwnedList(ctx)
	}
	s.mu.Lock()
	if s.owned.flight == f {
		s.owned.flight = nil
	}
	if err == nil && res != nil {
		res = withOwned(res, f.added...)
		if s.ttl > 0 {
			s.owned.list, s.owned.cachedAt = res, s.now()
		}
	}
	f.res, f.err = res, err
	s.mu.Unlock()
	close(f.done)
}

// AddOwned records a number that was just bought: the cached list of the
// account's numbers (and a listing in flight, which may have missed it)
// gains it at once, for every user of the Service.
func (s *Service) AddOwned(o api.OwnedNumber) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.owned.list != nil {
		s.owned.list = withOwned(s.owned.list, o)
	}
	if f := s.owned.flight; f != nil {
		f.added = append(f.added, o)
	}
}

// CachedOwned returns the cached list of the account's numbers without
// asking the API, or nil when there is none (or it is older than the
// TTL).
func (s *Service) CachedOwned() *api.OwnedList {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.owned.list == nil || s.now().Sub(s.owned.cachedAt) >= s.ttl {
		return nil
	}
	return s.owned.list
}

// withOwned returns a copy of l with the numbers add that it does not
// hold yet (by id, else by digits) at the end. Lists are shared and read
// without a lock: copy, never mutate.
func withOwned(l *api.OwnedList, add ...api.OwnedNumber) *api.OwnedList {
	if len(add) == 0 {
		return l
	}
	cp := *l
	cp.Numbers = slices.Clone(l.Numbers)
	for _, o := range add {
		if !slices.ContainsFunc(cp.Numbers, func(n api.OwnedNumber) bool { return sameOwned(n, o) }) {
			cp.Numbers = append(cp.Numbers, o)
		}
	}
	return &cp
}

// sameOwned reports whether two entries are one number on the account.
func sameOwned(a, b api.OwnedNumber) bool {
	if a.ID != "" && b.ID != "" {
		return a.ID == b.ID
	}
	_, found := api.FindOwned([]api.OwnedNumber{a}, b.PhoneNumber)
	return found
}
