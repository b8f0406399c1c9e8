package ui

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
	"numbrowse/internal/inventory"
	"numbrowse/internal/results"
)

// memStore is an inventory.Store in memory.
type memStore struct {
	mu sync.Mutex
	m  map[api.Query]*api.Result
}

func (s *memStore) Load(q api.Query) (*api.Result, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.m[q]
	return r, ok
}

func (s *memStore) Save(q api.Query, r *api.Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[q] = r
}

// startAndCollect starts the browser's first search and returns the
// messages of its commands as they come, each command on its own
// goroutine (the search may wait on a gate).
func startAndCollect(m Model) (Model, <-chan tea.Msg) {
	next, cmd := m.Update(startSearchMsg{})
	return next.(Model), runAndCollect(cmd)
}

// runAndCollect runs cmd and returns its messages as they come, each
// command of a batch on its own goroutine.
func runAndCollect(cmd tea.Cmd) <-chan tea.Msg {
	out := make(chan tea.Msg, 16)
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		msg := c()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				if c != nil {
					go run(c)
				}
			}
			return
		}
		if msg != nil {
			out <- msg
		}
	}
	go run(cmd)
	return out
}

// signalStore is a memStore that says when it is first read.
type signalStore struct {
	memStore
	once sync.Once
	read chan struct{}
}

func (s *signalStore) Load(q api.Query) (*api.Result, bool) {
	s.once.Do(func() { close(s.read) })
	return s.memStore.Load(q)
}

// TestKeptResultsReadAtNew: the first search's kept results are looked up
// as soon as New starts it, while Bubble Tea sets the terminal up, not
// when Bubble Tea gets round to running Init's commands.
func TestKeptResultsReadAtNew(t *testing.T) {
	q := api.Query{Country: "GB", Type: api.Mobile}
	store := &signalStore{memStore: memStore{m: map[api.Query]*api.Result{q: {Query: q, Numbers: rtNumbers("GB", api.Mobile, 3), FetchedAt: rtNow.Add(-time.Hour)}}},
		read: make(chan struct{})}
	f := newFakeSearcher()
	f.set(q, rtNumbers("GB", api.Mobile, 20), nil)
	inv := inventory.New(f, inventory.WithClock(func() time.Time { return rtNow }), inventory.WithStore(store))
	m := New(Options{Inventory: inv, Country: mustCountry("GB"), Type: api.OneType(api.Mobile),
		Keys: rtKeyMap(), Now: func() time.Time { return rtNow }})
	select {
	case <-store.read:
	case <-time.After(time.Minute): // a failure guard, not a measurement
		t.Fatal("the kept results are not read until Init's commands run")
	}
	// Init's command still brings them.
	msgs := runAndCollect(m.Init())
	if got := waitFor[staleResultsMsg](t, msgs); got.result == nil || len(got.result.Numbers) != 3 {
		t.Errorf("Init's kept results: %+v", got.result)
	}
}

// keptGBModel is a browser of GB mobile numbers whose 12 results from two
// hours ago are kept, and whose fresh search (20 numbers) waits until the
// test ends.
func keptGBModel(t *testing.T) Model {
	t.Helper()
	q := api.Query{Country: "GB", Type: api.Mobile}
	store := &memStore{m: map[api.Query]*api.Result{q: {Query: q, Numbers: rtNumbers("GB", api.Mobile, 12), FetchedAt: rtNow.Add(-2 * time.Hour)}}}
	f := newFakeSearcher()
	f.gate = make(chan struct{})
	t.Cleanup(func() { close(f.gate) })
	f.set(q, rtNumbers("GB", api.Mobile, 20), nil)
	inv := inventory.New(f, inventory.WithClock(func() time.Time { return rtNow }), inventory.WithStore(store))
	return New(Options{Inventory: inv, Country: mustCountry("GB"), Type: api.OneType(api.Mobile),
		Keys: rtKeyMap(), Now: func() time.Time { return rtNow }})
}

// TestKeptResultsInTheFirstFrame: once the early lookup has ended, the
// next Update shows the kept results (the terminal's first messages, such
// as its size), without waiting for Bubble Tea to deliver the lookup's
// message; that message, when it comes, changes nothing.
func TestKeptResultsInTheFirstFrame(t *testing.T) {
	m := keptGBModel(t)
	if m.search.pending == nil {
		t.Fatal("New started no early lookup of the kept results")
	}
	select {
	case <-m.search.pending.done:
	case <-time.After(time.Minute): // a failure guard, not a measurement
		t.Fatal("the early lookup did not end")
	}
	msgs := runAndCollect(m.Init())
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	m = next.(Model)
	screen := ansi.Strip(m.View().Content)
	if !strings.Contains(screen, "from 2 h ago · refreshing…") || !strings.Contains(screen, "12 numbers") {
		t.Fatalf("the first frame after the lookup ended does not show the kept results:\n%s", screen)
	}
	set := m.res.set
	next, _ = m.Update(waitFor[staleResultsMsg](t, msgs))
	if next.(Model).res.set != set {
		t.Error("the lookup's message showed the kept results a second time")
	}
}

// TestInitStartsTheFirstSearch: the first search is started by New and
// run by Init's commands, so the results kept from the last run come
// without waiting for Update to start the search (which it did only after
// the terminal's first messages and the first frame: 25–40 ms at launch).
func TestInitStartsTheFirstSearch(t *testing.T) {
	m := keptGBModel(t)
	msgs := runAndCollect(m.Init())
	timeout := time.After(time.Minute) // a failure guard, not a measurement
	var stale staleResultsMsg
wait:
	for {
		select {
		case msg := <-msgs:
			switch msg := msg.(type) {
			case startSearchMsg:
				t.Fatal("Init asks Update to start the first search instead of starting it")
			case staleResultsMsg:
				stale = msg
				break wait
			}
		case <-timeout:
			t.Fatal("Init's commands bring no kept results")
		}
	}
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	next, _ = next.(Model).Update(stale)
	if screen := ansi.Strip(next.(Model).View().Content); !strings.Contains(screen, "from 2 h ago · refreshing…") || !strings.Contains(screen, "12 numbers") {
		t.Errorf("the kept results are not shown:\n%s", screen)
	}
}

// waitFor returns the first message of type T from msgs.
func waitFor[T tea.Msg](t *testing.T, msgs <-chan tea.Msg) T {
	t.Helper()
	timeout := time.After(time.Minute) // a failure guard, not a measurement
	for {
		select {
		case msg := <-msgs:
			if m, ok := msg.(T); ok {
				return m
			}
		case <-timeout:
			var zero T
			t.Fatalf("no %T came", zero)
			return zero
		}
	}
}

// TestStaleResultsWhileRefreshing: the results kept from an earlier run
// show at once, saying how old they are and that a fresh search runs;
// they cannot be bought from; the fresh results replace them.
func TestStaleResultsWhileRefreshing(t *testing.T) {
	const w, h = 120, 30
	q := api.Query{Country: "GB", Type: api.Mobile}
	old := rtNumbers("GB", api.Mobile, 12)
	store := &memStore{m: map[api.Query]*api.Result{q: {Query: q, Numbers: old, FetchedAt: rtNow.Add(-2 * time.Hour)}}}
	f := newFakeSearcher()
	f.gate = make(chan struct{})
	fresh := rtNumbers("GB", api.Mobile, 20)
	f.set(q, fresh, nil)
	inv := inventory.New(f, inventory.WithClock(func() time.Time { return rtNow }), inventory.WithStore(store))
	m := New(Options{Inventory: inv, Country: mustCountry("GB"), Type: api.OneType(api.Mobile),
		Keys: rtKeyMap(), Now: func() time.Time { return rtNow }, Purchaser: &fakePurchaser{}})
	next, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m = next.(Model)
	m, msgs := startAndCollect(m)

	next, _ = m.Update(waitFor[staleResultsMsg](t, msgs))
	m = next.(Model)
	screen := ansi.Strip(m.View().Content)
	if !strings.Contains(screen, "from 2 h ago · refreshing…") || !strings.Contains(screen, "12 numbers") {
		t.Fatalf("the kept results are not shown with their age:\n%s", screen)
	}
	// A wait of the refresh says why, as a search's does (issue 12).
	done := make(chan tea.Msg)
	close(done)
	next, _ = m.Update(listenedMsg{events: done, msg: searchRetryMsg{seq: m.search.seq, ev: api.RequestEvent{
		Query: q, Attempt: 1, Attempts: 3, Err: &api.Error{Kind: api.KindTimeout}, RetryIn: time.Second}}})
	m = next.(Model)
	if screen := ansi.Strip(m.View().Content); !strings.Contains(screen, "from 2 h ago · refreshing… retrying (2 of 3) after a timeout") {
		t.Errorf("the refresh's retry is not said:\n%s", screen)
	}

	next, _ = m.Update(rtKey("b"))
	m = next.(Model)
	if screen := ansi.Strip(m.View().Content); !strings.Contains(screen, "Results from 2 h ago: wait for the fresh search to buy") {
		t.Errorf("b on kept results:\n%s", screen)
	}
	// Whole at 80x24 too: the status line cut the longer sentence to
	// "… wait for the fresh search before buy".
	next, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if screen := ansi.Strip(next.(Model).View().Content); !strings.Contains(screen, "Results from 2 h ago: wait for the fresh search to buy") {
		t.Errorf("b on kept results at 80x24:\n%s", screen)
	}
	if m.focus == focusBuy {
		t.Error("the purchase dialog opened on kept results")
	}

	close(f.gate)
	next, _ = m.Update(waitFor[searchDoneMsg](t, msgs))
	m = next.(Model)
	screen = ansi.Strip(m.View().Content)
	if strings.Contains(screen, "refreshing") || !strings.Contains(screen, "20 numbers") {
		t.Errorf("the fresh results did not replace the kept ones:\n%s", screen)
	}
	if m.res.stale {
		t.Error("fresh results marked stale")
	}
	inv.WaitSaved()
	if r, ok := store.Load(q); !ok || len(r.Numbers) != 20 {
		t.Errorf("the fresh results were not kept for the next run")
	}
}

// TestStaleResultsComeLate: kept results that arrive after the fresh
// search answered are not shown over it.
func TestStaleResultsComeLate(t *testing.T) {
	f := newFakeSearcher()
	q := api.Query{Country: "GB", Type: api.Mobile}
	f.set(q, rtNumbers("GB", api.Mobile, 20), nil)
	hs := newHarness(t, Options{Type: api.OneType(api.Mobile)}, newService(f), 120, 30)
	seq := hs.m.search.seq
	hs.send(staleResultsMsg{seq: seq, countries: api.CountryList{mustCountry("GB")}, typ: api.OneType(api.Mobile),
		result: &api.Result{Query: q, Numbers: rtNumbers("GB", api.Mobile, 3), FetchedAt: rtNow.Add(-time.Hour)}})
	if hs.m.res.stale || hs.m.res.set.Len() != 20 {
		t.Errorf("late kept results replaced the fresh ones:\n%s", hs.screen())
	}
}

// TestSessionsShareTheIndex: two browsers with one Sharer (two SSH
// sessions of numbrowse serve) showing the same result share its index,
// and their unfiltered views of one order are that order itself, not
// copies; each keeps its own filter, order and cursor, and never sees the
// other's; without a Sharer each builds its own.
func TestSessionsShareTheIndex(t *testing.T) {
	f := newFakeSearcher()
	f.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, 50), nil)
	svc := newService(f)
	sh := results.NewSharer()
	a := newHarness(t, Options{Type: api.OneType(api.Mobile), Inventory: svc, Sharer: sh}, nil, 120, 30)
	b := newHarness(t, Options{Type: api.OneType(api.Mobile), Inventory: svc, Sharer: sh}, nil, 120, 30)
	c := newHarness(t, Options{Type: api.OneType(api.Mobile), Inventory: svc}, nil, 120, 30)
	if !results.Shares(a.m.res.set, b.m.res.set) {
		t.Fatal("two sessions of one result each built an index")
	}
	if results.Shares(a.m.res.set, c.m.res.set) {
		t.Error("a browser without the Sharer shares")
	}
	if !results.SharesRows(a.m.res.view, b.m.res.view) {
		t.Error("two sessions' unfiltered views of one order are copies")
	}
	if results.SharesRows(a.m.res.view, c.m.res.view) {
		t.Error("a browser without the Sharer shares its view")
	}
	bTop := b.selected()
	a.keys("/")
	a.typeText("London")
	a.keys("enter", "j", "j")
	if a.m.res.view.Len() == b.m.res.view.Len() || b.m.res.view.Len() != 50 {
		t.Errorf("one session's filter changed the other's view: %d and %d rows", a.m.res.view.Len(), b.m.res.view.Len())
	}
	if b.selected() != bTop || b.m.table.Cursor() != 0 || b.m.filter.Query() != "" {
		t.Errorf("the other session's cursor or filter moved: row %d %s, filter %q", b.m.table.Cursor(), b.selected(), b.m.filter.Query())
	}
	if s := b.statusLine(); strings.Contains(s, "London") || !strings.Contains(s, "50") {
		t.Errorf("the other session's status line shows the first one's filter: %q", s)
	}
	aSel, aSort := a.selected(), a.m.sort
	for _, i := range a.m.res.view.All() {
		if results.RegionSummary(a.m.res.set.At(i)) != "London" {
			t.Fatalf("the filtered session shows a row outside London: %s", a.m.res.set.At(i).E164)
		}
	}

	// The other session sorts and moves: the first keeps its order,
	// filter and row; with the filter cleared, each sees every number in
	// its own order.
	b.keys("s", "j", "j", "j")
	if b.m.sort == aSort || a.m.sort != aSort || a.selected() != aSel || a.m.res.view.Len() != 50/7+1 {
		t.Errorf("the second session's sort reached the first: sorts %v and %v, first on %s (was %s), %d rows",
			a.m.sort, b.m.sort, a.selected(), aSel, a.m.res.view.Len())
	}
	a.keys("/", "ctrl+u", "enter")
	if a.m.res.view.Len() != 50 || b.m.res.view.Len() != 50 || a.m.res.view.Equal(b.m.res.view) {
		t.Errorf("unfiltered: %d and %d rows, equal %v (sorted differently)", a.m.res.view.Len(), b.m.res.view.Len(), a.m.res.view.Equal(b.m.res.view))
	}
	if b.m.table.Cursor() != 3 {
		t.Errorf("the first session's filter moved the second's cursor to %d", b.m.table.Cursor())
	}
}
