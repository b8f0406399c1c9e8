// Package inventory sits between the api client and its users (the browser,
// `numbrowse search`, the SSH server): it caches search results per country
// and type, makes concurrent identical searches share one upstream request,
// runs the four searches of "all types" at once and merges them
// (SearchChoice, the one place that tells one type from all), and can
// hold searches to a rate so many users cannot exhaust the plan's limit.
package inventory

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
	"weak"

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
	store   Store // nil: results are kept in memory only
	saving  sync.WaitGroup

	mu      sync.Mutex
	cache   map[api.Query]*api.Result
	flights map[api.Query]*flight
	asked   map[api.Query]time.Time // when the last upstream search of each query started
	owned   ownedState
	// merges remembers the last all-types merge per country, so everyone
	// who asks for the same parts gets the same *api.Result (and can
	// share what they build on it) instead of a copy each.
	merges map[string]mergeMemo
}

// mergeMemo is one merged result and the parts it was made of.
type mergeMemo struct {
	parts  [4]weak.Pointer[api.Result] // compared, never kept alive
	merged weak.Pointer[api.Result]    // not kept alive once nobody uses it
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
		cache: map[api.Query]*api.Result{}, flights: map[api.Query]*flight{}, asked: map[api.Query]time.Time{},
		merges: map[string]mergeMemo{}}
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
	// Floor, with Fresh, is the shortest time between two upstream
	// searches of the query (whoever asked for them): a Fresh search less
	// than Floor after the last one started gets the cached result
	// instead. A watch asks with a floor of a minute.
	Floor time.Duration
	// OnWait, when not nil, is called if the search has to wait for the
	// rate limiter, with the expected wait.
	OnWait func(time.Duration)
	// OnRetry, when not nil, is called whenever an attempt of the upstream
	// request failed and the client will try again (the event's RetryIn
	// says when, its Err why). A caller that joins a request being
	// retried hears of the latest retry at once.
	OnRetry func(api.RequestEvent)
	// OnPreview, when not nil, is told the first numbers of a large
	// answer while the rest is still being decoded (api.ObservePreview):
	// at most once per attempt, from the goroutine decoding it, which
	// waits for it (it must return at once). A caller that joins after
	// the preview hears of it at once. A preview is never cached nor
	// kept: only the answer Search returns is. Only a request whose
	// upstream search starts while a caller with OnPreview waits for it
	// previews.
	OnPreview func(*api.Result)
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
	// onPreview are the callers' preview notifiers; preview is the
	// current attempt's preview (nil before it, and once an attempt
	// failed), so late joiners hear it too.
	onPreview []func(*api.Result)
	preview   *api.Result
	// bought are the numbers Forget was told of while the flight ran:
	// the answer may have been decoded before the purchase, so they are
	// taken out of it before anyone gets it or it is cached.
	bought []string
}

// Search returns the result for req.Query, from the cache when it is fresh
// enough, else from the single upstream request for that query.
func (s *Service) Search(ctx context.Context, req Request) (Response, error) {
	q, err := req.Query.Normalize()
	if err != nil {
		return Response{}, err
	}
	s.mu.Lock()
	if r, ok := s.cache[q]; ok {
		fresh := !req.Fresh && s.now().Sub(r.FetchedAt) < s.ttl
		floored := req.Fresh && req.Floor > 0 && s.now().Sub(s.asked[q]) < req.Floor
		if fresh || floored {
			s.mu.Unlock()
			return Response{Result: r, Cached: true}, nil
		}
	}
	f, ok := s.flights[q]
	if !ok {
		s.asked[q] = s.now()
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
	var previewed *api.Result
	if req.OnPreview != nil {
		f.onPreview = append(f.onPreview, req.OnPreview)
		previewed = f.preview
	}
	s.mu.Unlock()
	if alreadyWaiting > 0 {
		req.OnWait(alreadyWaiting)
	}
	if retrying != nil {
		req.OnRetry(*retrying)
	}
	if previewed != nil {
		req.OnPreview(previewed)
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
		sctx := api.ObserveRequests(ctx, func(ev api.RequestEvent) { s.retried(f, ev) })
		s.mu.Lock()
		wantPreview := len(f.onPreview) > 0
		s.mu.Unlock()
		if wantPreview {
			sctx = api.ObservePreview(sctx, func(r *api.Result) { s.previewed(f, r) })
		}
		res, err = s.src.Search(sctx, q)
	}
	s.mu.Lock()
	if s.flights[q] == f {
		delete(s.flights, q)
	}
	if err == nil && len(f.bought) > 0 {
		res = without(res, f.bought)
	}
	f.preview = nil // the answer, or the failure, replaces it
	if err == nil && s.ttl > 0 {
		s.cache[q] = res
	}
	f.res, f.err = res, err
	s.mu.Unlock()
	save := err == nil && s.store != nil
	if save {
		s.saving.Add(1) // before the callers go on, so WaitSaved sees it
	}
	close(f.done)
	if save {
		defer s.saving.Done()
		s.store.Save(q, res) // after the callers have their answer
	}
}

// retried tells f's callers that an attempt failed and will be repeated.
func (s *Service) retried(f *flight, ev api.RequestEvent) {
	if ev.RetryIn <= 0 {
		return
	}
	s.mu.Lock()
	f.retry = &ev
	f.preview = nil // of the attempt that failed
	notify := slices.Clone(f.onRetry)
	s.mu.Unlock()
	for _, fn := range notify {
		fn(ev)
	}
}

// previewed tells f's callers the first numbers of the answer being
// decoded. The preview is only handed on: never cached, never stored.
func (s *Service) previewed(f *flight, r *api.Result) {
	s.mu.Lock()
	f.preview = r
	notify := slices.Clone(f.onPreview)
	s.mu.Unlock()
	for _, fn := range notify {
		fn(r)
	}
}

// WaitSaved waits until the results being written to the Store are
// written (call it before the program ends).
func (s *Service) WaitSaved() { s.saving.Wait() }

// Forget removes one number from the cached result of q, after it was
// bought, so no user is offered it again from the cache; a search of q
// in flight leaves it out of its answer too (the answer may have been
// decoded before the purchase).
func (s *Service) Forget(q api.Query, e164 string) {
	q, err := q.Normalize()
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.flights[q]; ok {
		// A search of q is on its way: its answer may hold the number.
		f.bought = append(f.bought, e164)
	}
	r, ok := s.cache[q]
	if !ok {
		return
	}
	cp := without(r, []string{e164})
	if cp == r {
		return
	}
	s.cache[q] = cp
	if s.store != nil {
		s.saving.Go(func() { s.store.Save(q, cp) }) // the next launch must not offer it either
	}
}

// without returns r without the numbers e164s: r itself when it holds
// none of them, else a copy (results are shared and read without a
// lock: never mutated).
func without(r *api.Result, e164s []string) *api.Result {
	gone := func(n api.Number) bool { return slices.Contains(e164s, n.E164) }
	if !slices.ContainsFunc(r.Numbers, gone) {
		return r
	}
	cp := *r
	cp.Numbers = slices.DeleteFunc(slices.Clone(r.Numbers), gone)
	return &cp
}

// Stale returns the last results of c that are not fresh enough to be
// served from the cache (older than the TTL, or kept by the Store from an
// earlier run) without asking the API, for the browser to show, saying how
// old they are, while a fresh search runs. ok is false when there are none,
// or when the cache holds fresh ones (the search will answer from them at
// once). For all types every type's results are needed.
func (s *Service) Stale(c Choice) (Merged, bool) {
	var types []api.NumberType
	if t, ok := c.Types.One(); ok {
		types = []api.NumberType{t}
	} else if c.Types.All() {
		types = c.Types.Types()
	} else {
		return Merged{}, false
	}
	out := Merged{Result: &api.Result{Query: api.Query{Country: c.Country.Code}}, Cached: true}
	for _, t := range types {
		q, err := api.Query{Country: c.Country.Code, Type: t}.Normalize()
		if err != nil {
			return Merged{}, false
		}
		s.mu.Lock()
		r, ok := s.cache[q]
		s.mu.Unlock()
		if ok && s.now().Sub(r.FetchedAt) < s.ttl {
			return Merged{}, false // fresh: no need for stale ones
		}
		if !ok && s.store != nil {
			r, ok = s.store.Load(q)
		}
		if !ok {
			return Merged{}, false
		}
		if len(types) == 1 {
			return Merged{Result: r, Cached: true}, true
		}
		out.Numbers = append(out.Numbers, r.Numbers...)
		out.Skipped.Merge(r.Skipped)
		if out.FetchedAt.IsZero() || r.FetchedAt.Before(out.FetchedAt) {
			out.FetchedAt = r.FetchedAt
		}
	}
	return out, true
}

// TypeError is the failure of one number type within an all-types search.
type TypeError struct {
	Type api.NumberType
	Err  error
}

// Choice is a search as a person makes it: a country, or several, and one
// number type or all of them (api.AllTypes).
type Choice struct {
	Country api.Country
	// Countries, when it holds more than one country, are searched
	// instead of Country (see SearchChoice); one country in it is the
	// same as Country.
	Countries api.CountryList
	Types     api.TypeChoice
	// Fresh bypasses the cache (see Request.Fresh).
	Fresh bool
	// Floor is Request.Floor, for every type searched.
	Floor time.Duration
	// OnWait, when not nil, is told the expected wait whenever a search
	// has to wait for the rate limiter.
	OnWait func(time.Duration)
	// OnRetry, when not nil, is told of every failed attempt that the
	// client will repeat (see Request.OnRetry); for all types, of each
	// type's and, for several countries, of each country's (the event's
	// Query says which).
	OnRetry func(api.RequestEvent)
	// OnPreview, when not nil, is told the first numbers of a large
	// answer while the rest arrives (see Request.OnPreview): only for a
	// search of one country and one type, whose answer is the list; an
	// all-types merge or a search of several countries waits for every
	// part.
	OnPreview func(*api.Result)
	// OnCountry, when not nil, is told after each country of a search of
	// several has answered or failed: how many have, of how many. It is
	// called from the searches' goroutines, one call at a time, with done
	// rising.
	OnCountry func(done, total int)
}

// countries is what the choice searches: Countries, or Country.
func (c Choice) countries() api.CountryList {
	if len(c.Countries) > 0 {
		return c.Countries
	}
	return api.CountryList{c.Country}
}

// Merged is the outcome of a Choice.
type Merged struct {
	// Result holds the numbers of every country and type that answered,
	// in the choice's country order and the api's type order (mobile
	// first). Its Query.Type is "" for all types, and its Query.Country ""
	// for several countries.
	*api.Result
	// Failed lists the types of an all-types search of one country that
	// failed. Types the country does not offer (the provider rejected the
	// search) are in Rejected instead. Both are empty for a search of one
	// type, whose failure is the error, and for several countries, whose
	// outcomes are in Countries.
	Failed   []TypeError
	Rejected []api.NumberType
	// Countries says what each country answered, in the choice's order
	// (one entry for a search of one country).
	Countries []CountryOutcome
	// Cached is true when every part came from the cache.
	Cached bool
}

// CountryOutcome is what one country of a search answered.
type CountryOutcome struct {
	Country api.Country
	// Err is why the country gave no numbers at all: its search failed,
	// or the provider offers none of the types asked for (api.IsRejected
	// tells which). Nil when it answered, even with no numbers.
	Err error
	// Found counts the numbers of each type that answered, in the api's
	// type order (a type with none is there with 0).
	Found []TypeCount
	// Failed and Rejected are the types that failed, or that the country
	// does not offer, when others answered (all types).
	Failed   []TypeError
	Rejected []api.NumberType
}

// TypeCount is how many numbers of one type a country answered with.
type TypeCount struct {
	Type api.NumberType
	N    int
}

// Failure reports whether the country's search failed for a reason other
// than the provider not offering what was asked (a rejection is an
// answer: there is nothing of that type there).
func (o CountryOutcome) Failure() bool { return o.Err != nil && !api.IsRejected(o.Err) }

// MaxParallel bounds the upstream searches one search of several
// countries runs at once (each still waits for the rate limiter and
// shares the cache and the requests in flight with everyone).
const MaxParallel = 4

// SearchChoice runs c: the one search of its number type, or the searches
// of every type at once, merged; for several countries, each country's
// searches, at most MaxParallel at a time, merged in the choice's order.
// This is the one place that tells "one type" from "all types" and one
// country from several, for the browser and the command line alike.
//
// For one country, a search of one type fails as that search does, and an
// all-types search fails only when no type could be searched for a reason
// other than the country not offering it; it then returns the first
// error. For several countries, each country's outcome is in Countries,
// and the search fails only when none of them answered: it then returns
// the first failure (or, when every country rejected the search, the
// first rejection). A validation error or the end of ctx fails it at once.
func (s *Service) SearchChoice(ctx context.Context, c Choice) (Merged, error) {
	list := c.countries()
	if len(list) == 1 {
		return s.searchCountry(ctx, c, list[0], nil)
	}
	c.OnPreview = nil // one country's first numbers are not the list's
	if len(list) > api.MaxCountries {
		return Merged{}, &api.ValidationError{Field: "country list", Value: list.Label(3), Verb: "too long a",
			Hint: fmt.Sprintf("at most %d countries at once", api.MaxCountries)}
	}
	sem := make(chan struct{}, MaxParallel)
	parts := make([]Merged, len(list))
	errs := make([]error, len(list))
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex // serialises OnCountry
		done int
	)
	for i, country := range list {
		wg.Go(func() {
			parts[i], errs[i] = s.searchCountry(ctx, c, country, sem)
			if c.OnCountry != nil {
				mu.Lock()
				done++
				c.OnCountry(done, len(list))
				mu.Unlock()
			}
		})
	}
	wg.Wait()

	out := Merged{Result: &api.Result{}, Cached: true}
	answered := 0
	var failure, rejection error
	for i := range list {
		err := errs[i]
		var ve *api.ValidationError
		if errors.As(err, &ve) || api.IsCanceled(err) {
			return Merged{}, err
		}
		o := parts[i].Countries[0]
		out.Countries = append(out.Countries, o)
		switch {
		case o.Failure():
			failure = cmp.Or(failure, err)
			continue
		case err != nil:
			rejection = cmp.Or(rejection, err)
			continue
		}
		answered++
		r := parts[i]
		out.Cached = out.Cached && r.Cached
		out.Numbers = append(out.Numbers, r.Numbers...)
		out.Skipped.Merge(r.Skipped)
		if out.FetchedAt.IsZero() || r.FetchedAt.Before(out.FetchedAt) {
			out.FetchedAt = r.FetchedAt // the age of the oldest part
		}
	}
	one, _ := c.Types.One()
	out.Query = api.Query{Type: one}
	if answered == 0 {
		return out, cmp.Or(failure, rejection)
	}
	return out, nil
}

// searchCountry searches one country for c's types: the one search of a
// type, or all four at once, merged, with the country's outcome as
// Countries[0]. Each upstream search holds a place in sem while it runs,
// when sem is not nil.
func (s *Service) searchCountry(ctx context.Context, c Choice, country api.Country, sem chan struct{}) (Merged, error) {
	m, found, err := s.searchTypes(ctx, c, country, sem)
	m.Countries = []CountryOutcome{{Country: country, Err: err, Found: found, Failed: m.Failed, Rejected: m.Rejected}}
	if err != nil {
		m.Countries[0].Found = nil
	}
	return m, err
}

// searchTypes is searchCountry's search, and the count of each type that
// answered.
func (s *Service) searchTypes(ctx context.Context, c Choice, country api.Country, sem chan struct{}) (Merged, []TypeCount, error) {
	search := func(t api.NumberType) (Response, error) {
		if sem != nil {
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				return Response{}, &api.Error{Kind: api.KindCanceled, Err: ctx.Err()}
			}
		}
		return s.Search(ctx, Request{Query: api.Query{Country: country.Code, Type: t}, Fresh: c.Fresh, Floor: c.Floor, OnWait: c.OnWait, OnRetry: c.OnRetry,
			OnPreview: c.OnPreview})
	}
	if t, ok := c.Types.One(); ok {
		r, err := search(t)
		var found []TypeCount
		if r.Result != nil {
			found = []TypeCount{{Type: t, N: len(r.Numbers)}}
		}
		return Merged{Result: r.Result, Cached: r.Cached}, found, err
	}
	if !c.Types.All() {
		return Merged{}, nil, &api.ValidationError{Field: "type", Value: "", Hint: "choose a number type, or all"}
	}
	c.OnPreview = nil // one type's first numbers are not the merge's
	types := c.Types.Types()
	resps := make([]Response, len(types))
	errs := make([]error, len(types))
	var wg sync.WaitGroup
	for i, t := range types {
		wg.Go(func() { resps[i], errs[i] = search(t) })
	}
	wg.Wait()

	out := Merged{Result: &api.Result{Query: api.Query{Country: country.Code}}, Cached: true}
	var found []TypeCount
	var parts [4]*api.Result
	for i, t := range types {
		err := errs[i]
		var ve *api.ValidationError
		switch {
		case errors.As(err, &ve):
			return Merged{}, nil, err
		case api.IsCanceled(err):
			return Merged{}, nil, err
		case api.IsRejected(err):
			out.Rejected = append(out.Rejected, t)
			continue
		case err != nil:
			out.Failed = append(out.Failed, TypeError{Type: t, Err: err})
			continue
		}
		r := resps[i]
		found = append(found, TypeCount{Type: t, N: len(r.Numbers)})
		if i < len(parts) {
			parts[i] = r.Result
		}
		out.Cached = out.Cached && r.Cached
		out.Query = api.Query{Country: r.Query.Country}
		out.Numbers = append(out.Numbers, r.Numbers...)
		out.Skipped.Merge(r.Skipped)
		if out.FetchedAt.IsZero() || r.FetchedAt.Before(out.FetchedAt) {
			out.FetchedAt = r.FetchedAt // the age of the oldest part
		}
	}
	if len(out.Failed) > 0 && len(out.Failed)+len(out.Rejected) == len(types) {
		return out, found, out.Failed[0].Err
	}
	if len(out.Rejected) == len(types) {
		return out, found, &NotOfferedError{Country: country, Err: errs[0]}
	}
	out.Result = s.sameMerge(country.Code, parts, out.Result)
	return out, found, nil
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

// sameMerge returns the merge of parts made before, when it is still in
// use, else remembers merged as the merge of parts and returns it.
func (s *Service) sameMerge(country string, strong [4]*api.Result, merged *api.Result) *api.Result {
	var parts [4]weak.Pointer[api.Result]
	for i, p := range strong {
		if p != nil {
			parts[i] = weak.Make(p)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.merges[country]; ok && m.parts == parts {
		if r := m.merged.Value(); r != nil {
			return r
		}
	}
	s.merges[country] = mergeMemo{parts: parts, merged: weak.Make(merged)}
	return merged
}
