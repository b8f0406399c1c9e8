// Package inventory sits between the api client and its users (the browser,
// `numbrowse search`, the SSH server): it caches search results per country
// and type, makes concurrent identical searches share one upstream request,
// runs the four searches of "all types" at once and merges them
// (SearchChoice, the one place that tells one type from all), and can
// hold searches to a rate so many users cannot exhaust the plan's limit.
package inventory

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"numbrowse/api"
)

// DefaultTTL is how long a search result is served from the cache.
const DefaultTTL = 10 * time.Minute

// Searcher performs one upstream search; *api.Client is one.
type Searcher interface {
	Search(ctx context.Context, q api.Query) (*api.Result, error)
}

// Limiter paces upstream searches. Wait blocks until a search may start or
// ctx ends; it calls notify with the expected wait first when it has to
// wait, so the user can be told why.
type Limiter interface {
	Wait(ctx context.Context, notify func(time.Duration)) error
}

// Service is safe for concurrent use.
type Service struct {
	src     Searcher
	ttl     time.Duration
	now     func() time.Time
	limiter Limiter

	mu      sync.Mutex
	cache   map[api.Query]*api.Result
	flights map[api.Query]*flight
}

// Option configures a Service.
type Option func(*Service)

// WithTTL sets how long results stay cached (DefaultTTL by default; 0
// disables the cache, single flight still applies).
func WithTTL(d time.Duration) Option { return func(s *Service) { s.ttl = d } }

// WithLimiter paces upstream searches.
func WithLimiter(l Limiter) Option { return func(s *Service) { s.limiter = l } }

// WithClock replaces time.Now, for tests.
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// New returns a Service that searches through src.
func New(src Searcher, opts ...Option) *Service {
	s := &Service{src: src, ttl: DefaultTTL, now: time.Now,
		cache: map[api.Query]*api.Result{}, flights: map[api.Query]*flight{}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Request is one search as a user asks for it.
type Request struct {
	Query api.Query
	// Fresh bypasses the cache (the user pressed refresh). A search already
	// in flight is still shared: it is as fresh as a new one.
	Fresh bool
	// OnWait, when not nil, is called if the search has to wait for the
	// rate limiter, with the expected wait.
	OnWait func(time.Duration)
	// OnRetry, when not nil, is called whenever an attempt of the upstream
	// request failed and the client will try again (the event's RetryIn
	// says when, its Err why). A caller that joins a request being
	// retried hears of the latest retry at once.
	OnRetry func(api.RequestEvent)
}

// Response is the outcome of a Search.
type Response struct {
	*api.Result
	// Cached is true when the result came from the cache.
	Cached bool
}

// flight is one upstream request that several callers wait for. It is
// cancelled when every caller has given up, so a closed session or a newer
// search costs no quota, but one impatient user does not fail the others.
type flight struct {
	q       api.Query
	done    chan struct{}
	res     *api.Result
	err     error
	waiters int
	cancel  context.CancelFunc
	// onWait are the callers' rate-limit notifiers; waitUntil is when the
	// limiter said the search may start, so late joiners hear it too.
	onWait    []func(time.Duration)
	waitUntil time.Time
	// onRetry are the callers' retry notifiers; retry is the latest retry
	// (nil before the first), so late joiners hear it too.
	onRetry []func(api.RequestEvent)
	retry   *api.RequestEvent
}

// Search returns the result for req.Query, from the cache when it is fresh
// enough, else from the single upstream request for that query.
func (s *Service) Search(ctx context.Context, req Request) (Response, error) {
	q, err := req.Query.Normalize()
	if err != nil {
		return Response{}, err
	}
	s.mu.Lock()
	if !req.Fresh {
		if r, ok := s.cache[q]; ok && s.now().Sub(r.FetchedAt) < s.ttl {
			s.mu.Unlock()
			return Response{Result: r, Cached: true}, nil
		}
	}
	f, ok := s.flights[q]
	if !ok {
		fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		f = &flight{q: q, done: make(chan struct{}), cancel: cancel}
		s.flights[q] = f
		go s.run(fctx, f)
	}
	f.waiters++
	var alreadyWaiting time.Duration
	if req.OnWait != nil {
		f.onWait = append(f.onWait, req.OnWait)
		alreadyWaiting = f.waitUntil.Sub(s.now())
	}
	var retrying *api.RequestEvent
	if req.OnRetry != nil {
		f.onRetry = append(f.onRetry, req.OnRetry)
		retrying = f.retry
	}
	s.mu.Unlock()
	if alreadyWaiting > 0 {
		req.OnWait(alreadyWaiting)
	}
	if retrying != nil {
		req.OnRetry(*retrying)
	}

	select {
	case <-f.done:
		s.leave(f)
		return Response{Result: f.res}, f.err
	case <-ctx.Done():
		s.leave(f)
		return Response{}, &api.Error{Kind: api.KindCanceled, Err: ctx.Err()}
	}
}

// leave removes a caller from f. The last one out cancels the upstream
// request and takes the flight off the table, so a caller that comes
// while it is being cancelled starts a fresh one instead of sharing its
// "canceled".
func (s *Service) leave(f *flight) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f.waiters--
	if f.waiters == 0 {
		f.cancel()
		if s.flights[f.q] == f {
			delete(s.flights, f.q)
		}
	}
}

func (s *Service) run(ctx context.Context, f *flight) {
	defer f.cancel()
	q := f.q
	var res *api.Result
	var err error
	if s.limiter != nil {
		err = s.limiter.Wait(ctx, func(d time.Duration) {
			s.mu.Lock()
			f.waitUntil = s.now().Add(d)
			notify := slices.Clone(f.onWait)
			s.mu.Unlock()
			for _, fn := range notify {
				fn(d)
			}
		})
	}
	if err == nil {
		res, err = s.src.Search(api.ObserveRequests(ctx, func(ev api.RequestEvent) { s.retried(f, ev) }), q)
	}
	s.mu.Lock()
	if s.flights[q] == f {
		delete(s.flights, q)
	}
	if err == nil && s.ttl > 0 {
		s.cache[q] = res
	}
	f.res, f.err = res, err
	s.mu.Unlock()
	close(f.done)
}

// retried tells f's callers that an attempt failed and will be repeated.
func (s *Service) retried(f *flight, ev api.RequestEvent) {
	if ev.RetryIn <= 0 {
		return
	}
	s.mu.Lock()
	f.retry = &ev
	notify := slices.Clone(f.onRetry)
	s.mu.Unlock()
	for _, fn := range notify {
		fn(ev)
	}
}

// Forget removes one number from the cached result of q, after it was
// bought, so no user is offered it again from the cache.
func (s *Service) Forget(q api.Query, e164 string) {
	q, err := q.Normalize()
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.cache[q]
	if !ok {
		return
	}
	i := slices.IndexFunc(r.Numbers, func(n api.Number) bool { return n.E164 == e164 })
	if i < 0 {
		return
	}
	// Results are shared and read without a lock: copy, never mutate.
	cp := *r
	cp.Numbers = slices.Delete(slices.Clone(r.Numbers), i, i+1)
	s.cache[q] = &cp
}

// TypeError is the failure of one number type within an all-types search.
type TypeError struct {
	Type api.NumberType
	Err  error
}

// Choice is a search as a person makes it: a country and one number type
// or all of them (api.AllTypes).
type Choice struct {
	Country api.Country
	Types   api.TypeChoice
	// Fresh bypasses the cache (see Request.Fresh).
	Fresh bool
	// OnWait, when not nil, is told the expected wait whenever a search
	// has to wait for the rate limiter.
	OnWait func(time.Duration)
	// OnRetry, when not nil, is told of every failed attempt that the
	// client will repeat (see Request.OnRetry); for all types, of each
	// type's (the event's Query says which).
	OnRetry func(api.RequestEvent)
}

// Merged is the outcome of a Choice.
type Merged struct {
	// Result holds the numbers of every type that answered, in the api's
	// type order (mobile first). For all types its Query.Type is "".
	*api.Result
	// Failed lists the types of an all-types search that failed. Types the
	// country does not offer (the provider rejected the search) are in
	// Rejected instead. Both are empty for a search of one type, whose
	// failure is the error.
	Failed   []TypeError
	Rejected []api.NumberType
	// Cached is true when every part came from the cache.
	Cached bool
}

// SearchChoice runs c: the one search of its number type, or the searches
// of every type at once, merged. This is the one place that tells "one
// type" from "all types", for the browser and the command line alike.
//
// A search of one type fails as that search does. An all-types search
// fails only when no type could be searched for a reason other than the
// country not offering it; it then returns the first error.
func (s *Service) SearchChoice(ctx context.Context, c Choice) (Merged, error) {
	if t, ok := c.Types.One(); ok {
		r, err := s.Search(ctx, Request{Query: api.Query{Country: c.Country.Code, Type: t}, Fresh: c.Fresh, OnWait: c.OnWait, OnRetry: c.OnRetry})
		return Merged{Result: r.Result, Cached: r.Cached}, err
	}
	if !c.Types.All() {
		return Merged{}, &api.ValidationError{Field: "type", Value: "", Hint: "choose a number type, or all"}
	}
	types := c.Types.Types()
	resps := make([]Response, len(types))
	errs := make([]error, len(types))
	var wg sync.WaitGroup
	for i, t := range types {
		wg.Go(func() {
			resps[i], errs[i] = s.Search(ctx, Request{Query: api.Query{Country: c.Country.Code, Type: t}, Fresh: c.Fresh,
				OnWait: c.OnWait, OnRetry: c.OnRetry})
		})
	}
	wg.Wait()

	out := Merged{Result: &api.Result{}, Cached: true}
	for i, t := range types {
		err := errs[i]
		var ve *api.ValidationError
		switch {
		case errors.As(err, &ve):
			return Merged{}, err
		case api.IsCanceled(err):
			return Merged{}, err
		case api.IsRejected(err):
			out.Rejected = append(out.Rejected, t)
			continue
		case err != nil:
			out.Failed = append(out.Failed, TypeError{Type: t, Err: err})
			continue
		}
		r := resps[i]
		out.Cached = out.Cached && r.Cached
		out.Query = api.Query{Country: r.Query.Country}
		out.Numbers = append(out.Numbers, r.Numbers...)
		out.Skipped.Merge(r.Skipped)
		if out.FetchedAt.IsZero() || r.FetchedAt.Before(out.FetchedAt) {
			out.FetchedAt = r.FetchedAt // the age of the oldest part
		}
	}
	if len(out.Failed) > 0 && len(out.Failed)+len(out.Rejected) == len(types) {
		return out, out.Failed[0].Err
	}
	if len(out.Rejected) == len(types) {
		return out, &NotOfferedError{Country: c.Country, Err: errs[0]}
	}
	return out, nil
}

// NotOfferedError is an all-types search whose every type the provider
// rejected: the country offers no numbers at all. Err is the first
// type's rejection (an *api.Error), which says it of that type only.
type NotOfferedError struct {
	Country api.Country
	Err     error
}

// Error says it of the country, not of the first type.
func (e *NotOfferedError) Error() string {
	name := e.Country.Code
	if e.Country.Name != "" {
		name = e.Country.Name + " (" + e.Country.Code + ")"
	}
	return "no numbers of any type are offered in " + api.Printable(name)
}

// Unwrap returns the first type's rejection.
func (e *NotOfferedError) Unwrap() error { return e.Err }
