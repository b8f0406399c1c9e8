package inventory_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"numbrowse/api"
	fs "numbrowse/internal/faultserver"
	"numbrowse/internal/inventory"
	"numbrowse/internal/leakcheck"
)

// leakEnv is an inventory on a real client against a fault server, with
// the client's transport at hand so its idle connections can be dropped.
type leakEnv struct {
	srv *fs.Server
	tr  *http.Transport
	inv *inventory.Service
}

func newLeakEnv(t *testing.T, b fs.Behaviour) *leakEnv {
	t.Helper()
	e := &leakEnv{srv: fs.New(t, b), tr: &http.Transport{}}
	c, err := api.NewClient(api.WithBaseURL(e.srv.URL), api.WithAPIKey("idc_leaktest0123456789abcdefghijkl"),
		api.WithTimeout(time.Minute), api.WithHTTPClient(&http.Client{Transport: e.tr}))
	if err != nil {
		t.Fatal(err)
	}
	e.inv = inventory.New(c)
	return e
}

// check closes the server and the idle connections, then fails t if any
// goroutine started since snap is still running.
func (e *leakEnv) check(t *testing.T, snap leakcheck.Snapshot) {
	t.Helper()
	e.srv.Close()
	e.tr.CloseIdleConnections()
	snap.Check(t)
}

var usLocal = api.Query{Country: "US", Type: api.Local}

// TestCancelledSearchLeavesNoGoroutine: the caller gives up while the
// upstream request waits for its first byte; the shared flight is
// cancelled with it and nothing keeps running.
func TestCancelledSearchLeavesNoGoroutine(t *testing.T) {
	snap := leakcheck.Take()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := newLeakEnv(t, fs.OnRequest(func(*http.Request) { cancel() }, fs.SlowFirstByte(fs.Forever, fs.OK())))
	if _, err := e.inv.Search(ctx, inventory.Request{Query: usLocal}); !api.IsCanceled(err) {
		t.Fatalf("got %v, want KindCanceled", err)
	}
	e.check(t, snap)
}

// TestCancelledAllTypesSearchLeavesNoGoroutine: an all-types search is
// cancelled once its four requests are at the server.
func TestCancelledAllTypesSearchLeavesNoGoroutine(t *testing.T) {
	snap := leakcheck.Take()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var arrived atomic.Int32
	e := newLeakEnv(t, fs.OnRequest(func(*http.Request) {
		if arrived.Add(1) == int32(len(api.NumberTypes())) {
			cancel()
		}
	}, fs.SlowFirstByte(fs.Forever, fs.OK())))
	us, _ := api.LookupCountry("US")
	if _, err := e.inv.SearchChoice(ctx, inventory.Choice{Country: us, Types: api.AllTypes}); !api.IsCanceled(err) {
		t.Fatalf("got %v, want KindCanceled", err)
	}
	e.check(t, snap)
}

// TestCancelledSearchOfSeveralCountriesLeavesNoGoroutine: a search of
// several countries is cancelled while its first requests are at the
// server and the others wait their turn.
func TestCancelledSearchOfSeveralCountriesLeavesNoGoroutine(t *testing.T) {
	snap := leakcheck.Take()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var arrived atomic.Int32
	e := newLeakEnv(t, fs.OnRequest(func(*http.Request) {
		if arrived.Add(1) == inventory.MaxParallel {
			cancel()
		}
	}, fs.SlowFirstByte(fs.Forever, fs.OK())))
	eu, _, _ := api.ParseCountries("EU")
	if _, err := e.inv.SearchChoice(ctx, inventory.Choice{Countries: eu, Types: api.AllTypes}); !api.IsCanceled(err) {
		t.Fatalf("got %v, want KindCanceled", err)
	}
	e.check(t, snap)
}

// TestOneCallerCancelsTheOtherGetsResults: two callers ask at once; the
// first gives up, the second still gets the numbers (from the shared
// request, or from its own if it came after the first had left), and
// afterwards nothing keeps running.
func TestOneCallerCancelsTheOtherGetsResults(t *testing.T) {
	snap := leakcheck.Take()
	arrived, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	e := newLeakEnv(t, fs.Func("held", func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(arrived) })
		select {
		case <-release:
			fs.OK().ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	}))
	first, cancelFirst := context.WithCancel(context.Background())
	defer cancelFirst()
	firstErr := make(chan error, 1)
	go func() {
		_, err := e.inv.Search(first, inventory.Request{Query: usLocal})
		firstErr <- err
	}()
	<-arrived
	second := make(chan error, 1)
	var got inventory.Response
	go func() {
		var err error
		got, err = e.inv.Search(context.Background(), inventory.Request{Query: usLocal})
		second <- err
	}()
	cancelFirst()
	if err := <-firstErr; !api.IsCanceled(err) {
		t.Fatalf("first caller: %v", err)
	}
	close(release)
	if err := <-second; err != nil {
		t.Fatalf("second caller: %v", err)
	}
	if len(got.Numbers) != len(fs.DefaultNumbers()) {
		t.Fatalf("second caller got %d numbers", len(got.Numbers))
	}
	e.check(t, snap)
}
