package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
	"numbrowse/internal/inventory"
)

// recordingService is a searchService that records each search's context
// and holds it until the test releases it (or the context ends).
type recordingService struct {
	mu      sync.Mutex
	ctxs    []context.Context
	started chan int // receives the search's ordinal when it starts
	release chan struct{}
}

func newRecordingService() *recordingService {
	return &recordingService{started: make(chan int, 16), release: make(chan struct{})}
}

// SearchChoice answers with three numbers of the chosen type (mobile for
// all types).
func (s *recordingService) SearchChoice(ctx context.Context, c inventory.Choice) (inventory.Merged, error) {
	s.mu.Lock()
	s.ctxs = append(s.ctxs, ctx)
	n := len(s.ctxs)
	s.mu.Unlock()
	s.started <- n
	q := api.Query{Country: c.Country.Code, Type: api.Mobile}
	if t, ok := c.Types.One(); ok {
		q.Type = t
	}
	select {
	case <-s.release:
		nums := rtNumbers(q.Country, q.Type, 3)
		return inventory.Merged{Result: &api.Result{Query: q, Numbers: nums, FetchedAt: rtNow}}, nil
	case <-ctx.Done():
		return inventory.Merged{}, &api.Error{Kind: api.KindCanceled, Err: ctx.Err()}
	}
}

func (s *recordingService) ctx(i int) context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ctxs[i]
}

// waitDone fails the test unless ctx ends; the long timeout only guards
// against a hang, it measures nothing.
func waitDone(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: context not cancelled", what)
	}
}

// update is one Update call on a Model value.
func update(m Model, msg tea.Msg) (Model, tea.Cmd) {
	next, cmd := m.Update(msg)
	return next.(Model), cmd
}

// runSearch runs a search's batch of commands on another goroutine and
// delivers the searchDoneMsg it ends with (the zero message if none).
func runSearch(cmd tea.Cmd) <-chan searchDoneMsg {
	ch := make(chan searchDoneMsg, 1)
	go func() {
		var done searchDoneMsg
		for _, msg := range collect(cmd) {
			if d, ok := msg.(searchDoneMsg); ok {
				done = d
			}
		}
		ch <- done
	}()
	return ch
}

func TestNewSearchCancelsTheOldOnesContext(t *testing.T) {
	svc := newRecordingService()
	sessionCtx, endSession := context.WithCancel(context.Background())
	defer endSession()
	m := New(Options{Country: mustCountry("GB"), Type: api.OneType(api.Mobile), Keys: rtKeyMap(), Context: sessionCtx,
		Now: func() time.Time { return rtNow }})
	m.svc = svc
	m, _ = update(m, tea.WindowSizeMsg{Width: 80, Height: 24})

	m, first := update(m, startSearchMsg{})
	firstDone := runSearch(first)
	<-svc.started

	m, second := update(m, countryChosenMsg{Country: mustCountry("DE")})
	secondDone := runSearch(second)
	<-svc.started

	waitDone(t, svc.ctx(0), "first search")
	if err := svc.ctx(1).Err(); err != nil {
		t.Fatalf("second search's context ended too: %v", err)
	}
	stale := <-firstDone
	m, _ = update(m, stale)
	if !m.search.loading || m.issue != nil {
		t.Fatalf("the cancelled search changed the state: loading=%v issue=%v", m.search.loading, m.issue)
	}

	close(svc.release)
	m, _ = update(m, <-secondDone)
	if m.search.loading || m.res.countries.Key() != "DE" || m.res.set.Len() != 3 {
		t.Fatalf("second search not shown: loading=%v country=%q", m.search.loading, m.res.countries.Key())
	}

	// Every search's context derives from the session's.
	m, third := update(m, rtKey("r"))
	thirdDone := runSearch(third)
	<-svc.started
	endSession()
	waitDone(t, svc.ctx(2), "search after the session ended")
	m, _ = update(m, <-thirdDone)
	if m.issue != nil {
		t.Fatalf("a search cancelled by the session's end is reported: %v", m.issue)
	}
}

func TestNewSearchCancelsTheUpstreamRequest(t *testing.T) {
	up := newFakeSearcher()
	up.gate = make(chan struct{})
	up.started = make(chan struct{}, 4)
	m := New(Options{Inventory: newService(up), Country: mustCountry("GB"), Keys: rtKeyMap(), Now: func() time.Time { return rtNow }})
	m, first := update(m, startSearchMsg{})
	done := make(chan []tea.Msg, 1)
	go func() { done <- collect(first) }()
	<-up.started
	m, _ = update(m, typeChosenMsg{Type: mustType("local")})
	waitDone(t, up.contexts()[0], "upstream request of the first search")
	<-done
	_ = m
}

func TestStaleResultsAreDropped(t *testing.T) {
	up := newFakeSearcher()
	up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, 5), nil)
	h := newHarness(t, Options{Inventory: newService(up)}, nil, 80, 24)
	if h.m.res.set == nil || h.m.res.set.Len() != 5 {
		t.Fatalf("first search not shown")
	}
	seq := h.m.search.seq
	old := &api.Result{Numbers: rtNumbers("GB", api.Local, 9), FetchedAt: rtNow}
	h.send(searchDoneMsg{seq: seq - 1, countries: api.CountryList{mustCountry("GB")}, typ: mustType("local"), result: old})
	if h.m.res.set.Len() != 5 || h.m.res.typ != api.OneType(api.Mobile) {
		t.Fatalf("stale result replaced the newer one: %d numbers of %s", h.m.res.set.Len(), h.m.res.typ)
	}
	h.send(searchDoneMsg{seq: seq - 1, countries: api.CountryList{mustCountry("GB")}, typ: mustType("local"), err: errors.New("boom")})
	if h.m.issue != nil {
		t.Fatalf("stale error shown: %v", h.m.issue)
	}
	// A search started later wins even when an earlier one answers last.
	h.m.search.seq += 2
	h.send(searchDoneMsg{seq: h.m.search.seq - 1, countries: api.CountryList{mustCountry("GB")}, typ: mustType("local"), result: old})
	if h.m.res.typ != api.OneType(api.Mobile) {
		t.Fatalf("an older search's late answer was shown")
	}
}

func TestRateLimitCountsDownThenRetries(t *testing.T) {
	up := newFakeSearcher()
	q := api.Query{Country: "GB", Type: api.Mobile}
	up.set(q, nil, &api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: 3 * time.Second})
	h := newHarness(t, Options{Inventory: newService(up)}, nil, 80, 24)
	if !strings.Contains(h.screen(), "Rate limited — retrying in 3 s") {
		t.Fatalf("no countdown:\n%s", h.screen())
	}
	isRetry := func(m tea.Msg) bool { _, ok := m.(retryTickMsg); return ok }
	for _, want := range []string{"retrying in 2 s", "retrying in 1 s"} {
		if h.fire(isRetry) != 1 {
			t.Fatal("no countdown timer pending")
		}
		if !strings.Contains(h.screen(), want) {
			t.Fatalf("want %q:\n%s", want, h.screen())
		}
	}
	up.set(q, rtNumbers("GB", api.Mobile, 4), nil)
	calls := up.calls
	h.fire(isRetry)
	if up.calls != calls+1 {
		t.Fatalf("no automatic retry: %d calls", up.calls)
	}
	if h.m.res.set == nil || h.m.res.set.Len() != 4 || h.m.issue != nil || h.m.retry != nil {
		t.Fatalf("retry's result not shown:\n%s", h.screen())
	}
}

func TestRateLimitCountdownStopsOnNewSearch(t *testing.T) {
	up := newFakeSearcher()
	up.set(api.Query{Country: "GB", Type: api.Mobile}, nil, &api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: 2 * time.Second})
	up.set(api.Query{Country: "DE", Type: api.Mobile}, rtNumbers("DE", api.Mobile, 2), nil)
	h := newHarness(t, Options{Inventory: newService(up)}, nil, 80, 24)
	if h.m.retry == nil {
		t.Fatal("no countdown")
	}
	h.send(countryChosenMsg{Country: mustCountry("DE")})
	calls := up.calls
	h.fire(func(m tea.Msg) bool { _, ok := m.(retryTickMsg); return ok })
	h.fire(func(m tea.Msg) bool { _, ok := m.(retryTickMsg); return ok })
	if up.calls != calls || h.m.res.countries.Key() != "DE" || strings.Contains(h.screen(), "Rate limited") {
		t.Fatalf("the old countdown went on: calls %d→%d\n%s", calls, up.calls, h.screen())
	}
}

func TestRateLimitGivesUpAfterRepeatedRetries(t *testing.T) {
	up := newFakeSearcher()
	up.set(api.Query{Country: "GB", Type: api.Mobile}, nil, &api.Error{Kind: api.KindRateLimited, Status: 429, RetryAfter: time.Second})
	h := newHarness(t, Options{Inventory: newService(up)}, nil, 80, 24)
	for range maxAutoRetries + 2 {
		h.fire(func(m tea.Msg) bool { _, ok := m.(retryTickMsg); return ok })
	}
	if up.calls != maxAutoRetries+1 {
		t.Fatalf("%d searches, want %d", up.calls, maxAutoRetries+1)
	}
	if !strings.Contains(h.screen(), "Rate limited — press r to retry") {
		t.Fatalf("no final hint:\n%s", h.screen())
	}
}

func TestSearchKeepsTheLastGoodResults(t *testing.T) {
	up := newFakeSearcher()
	q := api.Query{Country: "GB", Type: api.Mobile}
	up.set(q, rtNumbers("GB", api.Mobile, 6), nil)
	h := newHarness(t, Options{Inventory: newService(up)}, nil, 80, 24)
	up.set(q, nil, &api.Error{Kind: api.KindAuth, Status: 401, Messages: []string{"Invalid or expired API key"}})
	h.keys("r")
	if h.m.res.set.Len() != 6 {
		t.Fatal("results lost on error")
	}
	// At 80 columns the banner says what failed and how old the rows
	// are, the server's message cut short so that both stay in sight; the
	// status line says what to do and counts the results kept.
	s := h.screen()
	if !strings.Contains(s, "⚠ Refresh failed: API key rejected (401): Invalid or e") ||
		!strings.Contains(s, "— rows fetched 2 min ago") ||
		!strings.Contains(s, "Check IDENTITYCALL_API_KEY · 6 numbers") {
		t.Fatalf("status:\n%s", s)
	}
}

func TestAllTypesSearchesEveryTypeAndShowsWhatFailed(t *testing.T) {
	up := newFakeSearcher()
	up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, 3), nil)
	up.set(api.Query{Country: "GB", Type: api.Local}, rtNumbers("GB", api.Local, 2), nil)
	up.set(api.Query{Country: "GB", Type: api.TollFree}, nil, &api.Error{Kind: api.KindRejected, Status: 422})
	up.set(api.Query{Country: "GB", Type: api.National}, nil, &api.Error{Kind: api.KindServer, Status: 502})
	h := newHarness(t, Options{Inventory: newService(up), Type: api.AllTypes}, nil, 120, 40)
	if up.calls != 4 || h.m.res.set.Len() != 5 || h.m.res.typ != api.AllTypes {
		t.Fatalf("calls %d, numbers %d, type %q", up.calls, h.m.res.set.Len(), h.m.res.typ)
	}
	if s := h.screen(); !strings.Contains(s, "failed: national; not offered: toll-free") {
		t.Fatalf("partial failure not shown:\n%s", s)
	}
}

func TestSpinnerTicksOnlyWhileLoading(t *testing.T) {
	up := newFakeSearcher()
	h := newHarness(t, Options{Inventory: newService(up)}, nil, 80, 24)
	if h.m.search.loading {
		t.Fatal("still loading")
	}
	_, cmd := h.m.Update(h.m.spin.Tick())
	if cmd != nil {
		t.Fatal("the spinner ticks on while idle")
	}
	h.m.search.loading = true
	if _, cmd := h.m.Update(h.m.spin.Tick()); cmd == nil {
		t.Fatal("the spinner does not tick while loading")
	}
}
