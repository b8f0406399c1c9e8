package inventory

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"numbrowse/api"
	fs "numbrowse/internal/faultserver"
)

// fakeSearcher answers from a function, counting calls; when gate is not
// nil every call waits for it (or for its context).
type fakeSearcher struct {
	calls atomic.Int32
	gate  chan struct{}
	fn    func(ctx context.Context, q api.Query) (*api.Result, error)
	ctxs  chan context.Context
}

func (f *fakeSearcher) Search(ctx context.Context, q api.Query) (*api.Result, error) {
	f.calls.Add(1)
	if f.ctxs != nil {
		f.ctxs <- ctx
	}
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			return nil, &api.Error{Kind: api.KindCanceled, Err: ctx.Err()}
		}
	}
	if f.fn != nil {
		return f.fn(ctx, q)
	}
	return result(q, "+15550000001", "+15550000002"), nil
}

func result(q api.Query, numbers ...string) *api.Result {
	r := &api.Result{Query: q, FetchedAt: time.Unix(1000, 0)}
	for _, n := range numbers {
		r.Numbers = append(r.Numbers, api.Number{E164: n, Country: q.Country, Type: q.Type})
	}
	return r
}

var gbMobile = api.Query{Country: "gb", Type: "mobile"}

func TestCacheTTLAndFresh(t *testing.T) {
	now := time.Unix(1000, 0)
	src := &fakeSearcher{}
	s := New(src, WithClock(func() time.Time { return now }))
	ctx := context.Background()

	r, err := s.Search(ctx, Request{Query: gbMobile})
	if err != nil || r.Cached || len(r.Numbers) != 2 || r.Query.Country != "GB" {
		t.Fatalf("first search: %+v %v", r, err)
	}
	now = now.Add(DefaultTTL - time.Second)
	if r, _ = s.Search(ctx, Request{Query: api.Query{Country: "GB", Type: "Mobile"}}); !r.Cached || src.calls.Load() != 1 {
		t.Fatalf("second search within the TTL was not cached (calls %d)", src.calls.Load())
	}
	if r, _ = s.Search(ctx, Request{Query: gbMobile, Fresh: true}); r.Cached || src.calls.Load() != 2 {
		t.Fatalf("Fresh did not bypass the cache (calls %d)", src.calls.Load())
	}
	now = now.Add(DefaultTTL + time.Second)
	if r, _ = s.Search(ctx, Request{Query: gbMobile}); r.Cached || src.calls.Load() != 3 {
		t.Fatalf("expired entry served from the cache (calls %d)", src.calls.Load())
	}
}

func TestValidationBeforeAnyRequest(t *testing.T) {
	src := &fakeSearcher{}
	s := New(src)
	_, err := s.Search(context.Background(), Request{Query: api.Query{Country: "XX", Type: api.Mobile}})
	var ve *api.ValidationError
	if !errors.As(err, &ve) || src.calls.Load() != 0 {
		t.Fatalf("err %v, calls %d", err, src.calls.Load())
	}
}

func TestErrorsAreNotCached(t *testing.T) {
	fail := true
	src := &fakeSearcher{fn: func(_ context.Context, q api.Query) (*api.Result, error) {
		if fail {
			return nil, &api.Error{Kind: api.KindServer, Status: 503}
		}
		return result(q, "+441234"), nil
	}}
	s := New(src)
	if _, err := s.Search(context.Background(), Request{Query: gbMobile}); !api.IsServer(err) {
		t.Fatalf("err = %v", err)
	}
	fail = false
	if r, err := s.Search(context.Background(), Request{Query: gbMobile}); err != nil || r.Cached {
		t.Fatalf("after a failure: %+v %v", r, err)
	}
}

func TestSingleFlight(t *testing.T) {
	src := &fakeSearcher{gate: make(chan struct{})}
	s := New(src)
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	started := make(chan struct{}, n)
	for range n {
		wg.Go(func() {
			started <- struct{}{}
			r, err := s.Search(context.Background(), Request{Query: gbMobile})
			if err == nil && len(r.Numbers) != 2 {
				err = errors.New("wrong result")
			}
			errs <- err
		})
	}
	for range n {
		<-started
	}
	// Every caller has joined once the flight has n waiters.
	waitFor(t, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		f := s.flights[api.Query{Country: "GB", Type: api.Mobile}]
		return f != nil && f.waiters == n
	})
	close(src.gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if c := src.calls.Load(); c != 1 {
		t.Fatalf("%d upstream calls for %d identical searches, want 1", c, n)
	}
}

func TestOneCallerGivingUpDoesNotFailTheOthers(t *testing.T) {
	src := &fakeSearcher{gate: make(chan struct{}), ctxs: make(chan context.Context, 1)}
	s := New(src)
	ctxA, cancelA := context.WithCancel(context.Background())
	doneA := make(chan error, 1)
	go func() {
		_, err := s.Search(ctxA, Request{Query: gbMobile})
		doneA <- err
	}()
	upstream := <-src.ctxs
	doneB := make(chan error, 1)
	go func() {
		_, err := s.Search(context.Background(), Request{Query: gbMobile})
		doneB <- err
	}()
	waitFor(t, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.flights[api.Query{Country: "GB", Type: api.Mobile}].waiters == 2
	})
	cancelA()
	if err := <-doneA; !api.IsCanceled(err) || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller got %v", err)
	}
	if upstream.Err() != nil {
		t.Fatal("the upstream request was cancelled while another caller waited for it")
	}
	close(src.gate)
	if err := <-doneB; err != nil {
		t.Fatalf("the remaining caller failed: %v", err)
	}
}

func TestLastCallerGivingUpCancelsUpstream(t *testing.T) {
	src := &fakeSearcher{gate: make(chan struct{}), ctxs: make(chan context.Context, 1)}
	s := New(src)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := s.Search(ctx, Request{Query: gbMobile})
		done <- err
	}()
	upstream := <-src.ctxs
	cancel()
	<-done
	<-upstream.Done() // the upstream request's context ends: no quota spent on nobody
	waitFor(t, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.flights) == 0
	})
}

func TestForget(t *testing.T) {
	s := New(&fakeSearcher{}, WithClock(func() time.Time { return time.Unix(1000, 0) }))
	first, _ := s.Search(context.Background(), Request{Query: gbMobile})
	s.Forget(gbMobile, "+15550000001")
	r, _ := s.Search(context.Background(), Request{Query: gbMobile})
	if !r.Cached || len(r.Numbers) != 1 || r.Numbers[0].E164 != "+15550000002" {
		t.Fatalf("after Forget: %+v", r.Numbers)
	}
	if len(first.Numbers) != 2 {
		t.Fatal("Forget changed a result a caller already holds")
	}
}

// A number bought while a search of its query is in flight is left out of
// that search's answer, for its callers and in the cache: the answer may
// have been made before the purchase, and other sessions (serve) would
// be offered a number that is gone.
func TestForgetDuringASearch(t *testing.T) {
	src := &fakeSearcher{gate: make(chan struct{})}
	s := New(src, WithClock(func() time.Time { return time.Unix(1000, 0) }))
	got := make(chan Response, 1)
	go func() {
		r, err := s.Search(context.Background(), Request{Query: gbMobile})
		if err != nil {
			t.Error(err)
		}
		got <- r
	}()
	waitFor(t, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.flights) == 1
	})
	s.Forget(gbMobile, "+15550000001")
	close(src.gate)
	r := <-got
	if len(r.Numbers) != 1 || r.Numbers[0].E164 != "+15550000002" {
		t.Fatalf("the search in flight answered %+v", r.Numbers)
	}
	again, _ := s.Search(context.Background(), Request{Query: gbMobile})
	if !again.Cached || len(again.Numbers) != 1 || again.Numbers[0].E164 != "+15550000002" {
		t.Fatalf("cached after the purchase: %+v", again.Numbers)
	}
	// Another search that starts afterwards is not filtered: the API
	// answers for itself.
	s.Forget(gbMobile, "+15550000002")
	fresh, _ := s.Search(context.Background(), Request{Query: gbMobile, Fresh: true})
	if len(fresh.Numbers) != 2 {
		t.Fatalf("a later search lost numbers: %+v", fresh.Numbers)
	}
}

// gb is the country of the choices below.
var gb, _ = api.LookupCountry("GB")

func TestSearchChoiceAllTypesMergesAndReportsRejectedTypes(t *testing.T) {
	src := &fakeSearcher{fn: func(_ context.Context, q api.Query) (*api.Result, error) {
		switch q.Type {
		case api.TollFree:
			return nil, &api.Error{Kind: api.KindRejected, Status: 422, Messages: []string{"no toll-free in GB"}}
		case api.National:
			return nil, &api.Error{Kind: api.KindServer, Status: 502}
		}
		return result(q, "+44"+string(q.Type)), nil
	}}
	s := New(src)
	all, err := s.SearchChoice(context.Background(), Choice{Country: gb, Types: api.AllTypes})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Numbers) != 2 || all.Numbers[0].Type != api.Mobile || all.Numbers[1].Type != api.Local {
		t.Fatalf("merged numbers: %+v", all.Numbers)
	}
	if len(all.Rejected) != 1 || all.Rejected[0] != api.TollFree || len(all.Failed) != 1 || all.Failed[0].Type != api.National {
		t.Fatalf("rejected %v failed %v", all.Rejected, all.Failed)
	}

	src.fn = func(context.Context, api.Query) (*api.Result, error) {
		return nil, &api.Error{Kind: api.KindAuth, Status: 401}
	}
	if _, err := New(src).SearchChoice(context.Background(), Choice{Country: gb, Types: api.AllTypes, Fresh: true}); !api.IsAuth(err) {
		t.Fatalf("all types failing: err = %v", err)
	}

	// Every type rejected: the country offers nothing, which is said of
	// the country, not of the first type.
	src.fn = func(_ context.Context, q api.Query) (*api.Result, error) {
		return nil, &api.Error{Kind: api.KindRejected, Status: 422, Messages: []string{"No " + string(q.Type) + " numbers in GB"}}
	}
	_, err = New(src).SearchChoice(context.Background(), Choice{Country: gb, Types: api.AllTypes})
	var none *NotOfferedError
	if !errors.As(err, &none) || none.Country.Code != "GB" || !api.IsRejected(err) ||
		err.Error() != "no numbers of any type are offered in United Kingdom (GB)" {
		t.Fatalf("every type rejected: err = %v", err)
	}
}

// TestSearchChoiceOneType: a choice of one type is that one search, from
// the cache when it can be; its failure, a rejection included, is the
// error, with no per-type lists.
func TestSearchChoiceOneType(t *testing.T) {
	var calls atomic.Int32
	src := &fakeSearcher{fn: func(_ context.Context, q api.Query) (*api.Result, error) {
		calls.Add(1)
		if q.Type == api.TollFree {
			return nil, &api.Error{Kind: api.KindRejected, Status: 422}
		}
		return result(q, "+44"+string(q.Type)), nil
	}}
	s := New(src, WithClock(func() time.Time { return time.Unix(1000, 0) }))
	ctx := context.Background()
	for i, wantCached := range []bool{false, true} {
		got, err := s.SearchChoice(ctx, Choice{Country: gb, Types: api.OneType(api.Local)})
		if err != nil || got.Cached != wantCached || len(got.Numbers) != 1 || got.Numbers[0].Type != api.Local ||
			got.Query != (api.Query{Country: "GB", Type: api.Local}) || len(got.Failed)+len(got.Rejected) != 0 {
			t.Fatalf("search %d: %+v, %v", i, got, err)
		}
	}
	if got, err := s.SearchChoice(ctx, Choice{Country: gb, Types: api.OneType(api.Local), Fresh: true}); err != nil || got.Cached {
		t.Fatalf("fresh: %+v, %v", got, err)
	}
	if calls.Load() != 2 {
		t.Errorf("%d upstream searches, want 2 (the second came from the cache)", calls.Load())
	}
	got, err := s.SearchChoice(ctx, Choice{Country: gb, Types: api.OneType(api.TollFree)})
	if !api.IsRejected(err) || len(got.Rejected) != 0 {
		t.Fatalf("a rejected type: %+v, %v; want the rejection as the error", got, err)
	}
	var ve *api.ValidationError
	if _, err := s.SearchChoice(ctx, Choice{Country: gb}); !errors.As(err, &ve) {
		t.Fatalf("no type chosen: %v, want a *api.ValidationError", err)
	}
}

// stepLimiter makes every search wait d and tells the notifier.
type stepLimiter struct{ d time.Duration }

func (l stepLimiter) Wait(ctx context.Context, notify func(time.Duration)) error {
	notify(l.d)
	return ctx.Err()
}

func TestLimiterWaitIsReported(t *testing.T) {
	s := New(&fakeSearcher{}, WithLimiter(stepLimiter{d: 3 * time.Second}))
	var told time.Duration
	if _, err := s.Search(context.Background(), Request{Query: gbMobile, OnWait: func(d time.Duration) { told = d }}); err != nil {
		t.Fatal(err)
	}
	if told != 3*time.Second {
		t.Fatalf("OnWait got %v", told)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 5000 {
		if cond() {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("condition never became true")
}

// TestRetriesReachEveryCaller: the client's retries of the one upstream
// request reach each caller that asked to hear them, and a caller that
// joins while the request is being retried hears the latest retry at once.
func TestRetriesReachEveryCaller(t *testing.T) {
	release := make(chan struct{})
	srv := fs.New(t, fs.ServiceUnavailable(), fs.Func("held ok", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		fs.OK().ServeHTTP(w, r)
	}))
	c, err := api.NewClient(api.WithBaseURL(srv.URL), api.WithAPIKey("idc_test"))
	if err != nil {
		t.Fatal(err)
	}
	s := New(c)
	heard := func() (func(api.RequestEvent), chan api.RequestEvent) {
		ch := make(chan api.RequestEvent, 4)
		return func(ev api.RequestEvent) { ch <- ev }, ch
	}
	onA, a := heard()
	onB, b := heard()
	var wg sync.WaitGroup
	search := func(on func(api.RequestEvent)) {
		defer wg.Done()
		if _, err := s.Search(context.Background(), Request{Query: gbMobile, OnRetry: on}); err != nil {
			t.Error(err)
		}
	}
	wg.Add(2)
	go search(onA)
	ev := <-a
	if ev.Attempt != 1 || ev.Attempts != 3 || ev.RetryIn <= 0 || ev.Status != 503 || !api.IsServer(ev.Err) {
		t.Fatalf("first caller heard %+v", ev)
	}
	go search(onB)
	if late := <-b; late.Attempt != 1 || late.Status != 503 {
		t.Fatalf("the late caller heard %+v", late)
	}
	close(release)
	wg.Wait()
	if n := srv.Count(); n != 2 {
		t.Fatalf("%d upstream requests, want 2 (one attempt that failed, one that answered both callers)", n)
	}
	if len(a) != 0 || len(b) != 0 {
		t.Fatalf("more events: %d, %d", len(a), len(b))
	}
}

// TestSearchChoiceSeveralCountriesRetries: a search of several countries
// sends each country's retries to the choice's OnRetry (the event's Query
// names the country) as well as telling OnCountry of each country that
// answered, so the browser can say both "retrying (2 of 3)" and "1 of 2
// countries".
func TestSearchChoiceSeveralCountriesRetries(t *testing.T) {
	srv := fs.New(t, fs.ServiceUnavailable(), fs.OK())
	c, err := api.NewClient(api.WithBaseURL(srv.URL), api.WithAPIKey("idc_test"))
	if err != nil {
		t.Fatal(err)
	}
	list, _, err := api.ParseCountries("GB,DE")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu      sync.Mutex
		retries []api.RequestEvent
		done    []int
	)
	_, err = New(c).SearchChoice(context.Background(), Choice{Country: list[0], Countries: list, Types: api.OneType(api.Mobile),
		OnRetry: func(ev api.RequestEvent) {
			mu.Lock()
			retries = append(retries, ev)
			mu.Unlock()
		},
		OnCountry: func(n, total int) {
			mu.Lock()
			done = append(done, n)
			mu.Unlock()
			if total != 2 {
				t.Errorf("OnCountry total %d, want 2", total)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(retries) != 1 || retries[0].Attempt != 1 || retries[0].Status != 503 ||
		!list.Contains(strings.ToUpper(retries[0].Query.Country)) {
		t.Fatalf("retries heard: %+v, want the one 503 of GB or DE", retries)
	}
	if len(done) != 2 || done[0] != 1 || done[1] != 2 {
		t.Fatalf("OnCountry heard %v, want [1 2]", done)
	}
}
