package ui

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"unsafe"

	"numbrowse/api"
	"numbrowse/api/demo"
	"numbrowse/internal/results"
)

// demoNumbers decodes n of the demo inventory's US local numbers, as the
// browser gets them from the demo server.
func demoNumbers(tb testing.TB, n int) []api.Number {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, demo.BasePath+"/virtual_numbers/available?country=US&number_type=local", nil)
	req.Header.Set("Authorization", "Bearer "+demo.APIKey)
	w := httptest.NewRecorder()
	demo.NewHandler(demo.WithSize(n)).ServeHTTP(w, req)
	res, err := api.DecodeSearch(bytes.NewReader(w.Body.Bytes()), api.Query{Country: "US", Type: api.Local})
	if err != nil || len(res.Numbers) != n {
		tb.Fatalf("%v, %d numbers", err, len(res.Numbers))
	}
	return res.Numbers
}

// sessionFixture is what the sessions of numbrowse serve share: one
// inventory that holds a 100,000-number result, and one Sharer.
type sessionFixture struct {
	svc *fakeSearcher
	o   Options
}

func newSessionFixture(tb testing.TB, n int) sessionFixture {
	f := newFakeSearcher()
	f.set(api.Query{Country: "US", Type: api.Local}, demoNumbers(tb, n), nil)
	o := Options{Country: mustCountry("US"), Type: api.OneType(api.Local), Inventory: newService(f), Sharer: results.NewSharer()}
	return sessionFixture{svc: f, o: o}
}

// session opens one browser on the shared result and draws its first
// screen, as an SSH session of numbrowse serve does.
func (fx sessionFixture) session(tb testing.TB) *rtHarness {
	h := newHarness(tb, fx.o, nil, 120, 40)
	if h.m.res.set == nil || h.m.res.set.Len() == 0 {
		tb.Fatal("the session shows no results")
	}
	_ = h.m.View()
	return h
}

// BenchmarkNewSession is what a new session of numbrowse serve allocates
// up to its first screen over a result another session already shows
// (100,000 numbers, shared index): the garbage that grows the server's
// heap with each session.
func BenchmarkNewSession(b *testing.B) {
	fx := newSessionFixture(b, 100_000)
	first := fx.session(b) // builds the shared index and order, and keeps them
	b.ReportAllocs()
	for b.Loop() {
		fx.session(b)
	}
	runtime.KeepAlive(first)
}

// BenchmarkSessionHeap reports the live heap each session of a shared
// 100,000-number result keeps (20 sessions, after a collection).
func BenchmarkSessionHeap(b *testing.B) {
	fx := newSessionFixture(b, 100_000)
	keep := []*rtHarness{fx.session(b)}
	for b.Loop() {
		const n = 20
		before := liveHeap()
		for range n {
			keep = append(keep, fx.session(b))
		}
		after := liveHeap()
		b.ReportMetric(float64(after-before)/n/(1<<20), "MiB-live/session")
		clear(keep[1:])
		keep = keep[:1]
	}
	runtime.KeepAlive(keep)
}

func liveHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestModelCopyIsSmall: Bubble Tea copies the Model to the heap at every
// Update (a key, a tick, a search's answer), for every session of
// numbrowse serve: its large parts are kept by pointer so that the copy
// stays small (it was 30 KB, two thirds of it text inputs and styles).
func TestModelCopyIsSmall(t *testing.T) {
	if size := unsafe.Sizeof(Model{}); size > 12<<10 {
		t.Errorf("a Model is %d bytes, copied at every Update: keep its large parts by pointer", size)
	}
}
