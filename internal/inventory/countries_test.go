package inventory

import (
	"context"
	"sync"
	"testing"
	"time"

	"numbrowse/api"
)

func countries(t *testing.T, s string) api.CountryList {
	t.Helper()
	l, _, err := api.ParseCountries(s)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestSeveralCountriesMergeInOrder: every country's numbers, in the
// choice's order; a country that fails is reported without hiding the
// others, one the provider has nothing for is not a failure, and each
// country's counts per type are there.
func TestSeveralCountriesMergeInOrder(t *testing.T) {
	src := &fakeSearcher{fn: func(_ context.Context, q api.Query) (*api.Result, error) {
		switch q.Country {
		case "FR":
			return nil, &api.Error{Kind: api.KindServer, Status: 503}
		case "NL":
			if q.Type == api.Local {
				return nil, &api.Error{Kind: api.KindRejected, Status: 422}
			}
		case "BE":
			return nil, &api.Error{Kind: api.KindRejected, Status: 422}
		}
		return result(q, "+1"+q.Country+"1", "+1"+q.Country+"2"), nil
	}}
	s := New(src)
	got, err := s.SearchChoice(context.Background(), Choice{Countries: countries(t, "DE,FR,NL,BE"), Types: api.OneType(api.Mobile)})
	if err != nil {
		t.Fatal(err)
	}
	var nums []string
	for _, n := range got.Numbers {
		nums = append(nums, n.E164)
	}
	if want := "+1DE1 +1DE2 +1NL1 +1NL2"; joinStr(nums) != want {
		t.Errorf("numbers %s, want %s", joinStr(nums), want)
	}
	if len(got.Countries) != 4 {
		t.Fatalf("%d outcomes", len(got.Countries))
	}
	de, fr, nl, be := got.Countries[0], got.Countries[1], got.Countries[2], got.Countries[3]
	if de.Country.Code != "DE" || de.Err != nil || len(de.Found) != 1 || de.Found[0] != (TypeCount{api.Mobile, 2}) {
		t.Errorf("DE: %+v", de)
	}
	if fr.Country.Code != "FR" || !fr.Failure() || len(fr.Found) != 0 {
		t.Errorf("FR: %+v", fr)
	}
	if nl.Err != nil || nl.Failure() || nl.Found[0].N != 2 {
		t.Errorf("NL: %+v", nl)
	}
	if be.Err == nil || be.Failure() || !api.IsRejected(be.Err) {
		t.Errorf("BE: %+v, want a rejection that is not a failure", be)
	}
	if got.Query.Country != "" || got.Query.Type != api.Mobile {
		t.Errorf("query %+v", got.Query)
	}

	// All types: each country says which types answered and how many.
	all, err := s.SearchChoice(context.Background(), Choice{Countries: countries(t, "NL,DE"), Types: api.AllTypes})
	if err != nil {
		t.Fatal(err)
	}
	if o := all.Countries[0]; o.Country.Code != "NL" || len(o.Rejected) != 1 || o.Rejected[0] != api.Local || len(o.Found) != 3 {
		t.Errorf("NL, all types: %+v", o)
	}
	if len(all.Numbers) != 14 {
		t.Errorf("%d numbers, want 3 types of NL and 4 of DE, two each", len(all.Numbers))
	}
}

func joinStr(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

// TestSeveralCountriesFailTogether: when no country answers, the search
// fails with the first real failure, or the first rejection when every
// country rejected it; the outcomes are still there.
func TestSeveralCountriesFailTogether(t *testing.T) {
	src := &fakeSearcher{fn: func(_ context.Context, q api.Query) (*api.Result, error) {
		if q.Country == "FR" {
			return nil, &api.Error{Kind: api.KindRejected, Status: 422}
		}
		return nil, &api.Error{Kind: api.KindAuth, Status: 401}
	}}
	got, err := New(src).SearchChoice(context.Background(), Choice{Countries: countries(t, "FR,DE"), Types: api.OneType(api.Mobile)})
	if !api.IsAuth(err) || len(got.Countries) != 2 {
		t.Fatalf("got %v (%d outcomes), want the 401", err, len(got.Countries))
	}
	src.fn = func(_ context.Context, q api.Query) (*api.Result, error) {
		return nil, &api.Error{Kind: api.KindRejected, Status: 422}
	}
	if _, err := New(src).SearchChoice(context.Background(), Choice{Countries: countries(t, "FR,DE"), Types: api.OneType(api.Mobile)}); !api.IsRejected(err) {
		t.Fatalf("got %v, want the rejection", err)
	}
}

// TestSeveralCountriesAreBounded: never more than MaxParallel upstream
// searches at once, however many countries and types.
func TestSeveralCountriesAreBounded(t *testing.T) {
	var mu sync.Mutex
	inFlight, most := 0, 0
	gate := make(chan struct{})
	src := &fakeSearcher{fn: func(_ context.Context, q api.Query) (*api.Result, error) {
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		mu.Unlock()
		<-gate
		mu.Lock()
		inFlight--
		mu.Unlock()
		return result(q, "+1"+q.Country+string(q.Type)), nil
	}}
	s := New(src)
	done := make(chan Merged)
	go func() {
		m, _ := s.SearchChoice(context.Background(), Choice{Countries: countries(t, "EU"), Types: api.AllTypes})
		done <- m
	}()
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return inFlight == MaxParallel })
	time.Sleep(20 * time.Millisecond) // room for a search over the bound to start (none must)
	close(gate)
	m := <-done
	if most != MaxParallel {
		t.Errorf("at most %d searches at once, want %d", most, MaxParallel)
	}
	if len(m.Numbers) != 27*4 || src.calls.Load() != 27*4 {
		t.Errorf("%d numbers from %d searches, want 108", len(m.Numbers), src.calls.Load())
	}
}

// TestSeveralCountriesShareTheCache: a country searched alone before is
// answered from the cache within a search of several, and vice versa.
func TestSeveralCountriesShareTheCache(t *testing.T) {
	src := &fakeSearcher{}
	s := New(src, WithClock(func() time.Time { return time.Unix(1000, 0) }))
	ctx := context.Background()
	de := countries(t, "DE")[0]
	if _, err := s.SearchChoice(ctx, Choice{Country: de, Types: api.OneType(api.Mobile)}); err != nil {
		t.Fatal(err)
	}
	m, err := s.SearchChoice(ctx, Choice{Countries: countries(t, "DE,FR"), Types: api.OneType(api.Mobile)})
	if err != nil || m.Cached || src.calls.Load() != 2 {
		t.Fatalf("DE,FR: cached %v, %d calls, %v; want DE from the cache", m.Cached, src.calls.Load(), err)
	}
	m, err = s.SearchChoice(ctx, Choice{Countries: countries(t, "FR,DE"), Types: api.OneType(api.Mobile)})
	if err != nil || !m.Cached || src.calls.Load() != 2 {
		t.Fatalf("FR,DE again: cached %v, %d calls, %v", m.Cached, src.calls.Load(), err)
	}
}

// TestSeveralCountriesCancelled: the end of the context ends the whole
// search with KindCanceled.
func TestSeveralCountriesCancelled(t *testing.T) {
	src := &fakeSearcher{gate: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for src.calls.Load() < MaxParallel {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, err := New(src).SearchChoice(ctx, Choice{Countries: countries(t, "DE,FR,NL,BE,IT,ES"), Types: api.OneType(api.Mobile)})
	if !api.IsCanceled(err) {
		t.Fatalf("got %v, want KindCanceled", err)
	}
}

// TestSeveralCountriesProgress: OnCountry hears of each country once it
// has answered or failed, done rising to the total, one call at a time.
func TestSeveralCountriesProgress(t *testing.T) {
	src := &fakeSearcher{fn: func(_ context.Context, q api.Query) (*api.Result, error) {
		if q.Country == "FR" {
			return nil, &api.Error{Kind: api.KindServer, Status: 503}
		}
		return result(q, "+1"+q.Country+"1"), nil
	}}
	s := New(src)
	var calls [][2]int
	var inCall sync.Mutex
	_, err := s.SearchChoice(context.Background(), Choice{Countries: countries(t, "DE,FR,NL,BE,IT,ES"), Types: api.AllTypes,
		OnCountry: func(done, total int) {
			if !inCall.TryLock() {
				t.Error("OnCountry called while another call runs")
				return
			}
			defer inCall.Unlock()
			calls = append(calls, [2]int{done, total})
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 6 {
		t.Fatalf("%d calls: %v", len(calls), calls)
	}
	for i, c := range calls {
		if c != [2]int{i + 1, 6} {
			t.Errorf("call %d: %v", i, c)
		}
	}
	// One country: no progress to tell.
	calls = nil
	if _, err := s.SearchChoice(context.Background(), Choice{Countries: countries(t, "DE"), Types: api.OneType(api.Mobile),
		OnCountry: func(done, total int) { calls = append(calls, [2]int{done, total}) }}); err != nil || len(calls) != 0 {
		t.Errorf("one country: %v, %v", err, calls)
	}
}
