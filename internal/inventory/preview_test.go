package inventory

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"numbrowse/api"
)

// bigBody is a documented search answer of n numbers, cut after the
// first k entries (the rest is the second part).
func bigBody(n, k int) (first, rest []byte) {
	var b bytes.Buffer
	b.WriteString(`{"data":[`)
	cut := 0
	for i := range n {
		if i == k {
			cut = b.Len()
		}
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"phone_number":"+4477009%05d","country_code":"GB","number_type":"mobile","monthly_cost":"1.00"}`, i)
	}
	b.WriteString(`]}`)
	return b.Bytes()[:cut], b.Bytes()[cut:]
}

// recordingStore is a Store that remembers what was saved.
type recordingStore struct {
	mu    sync.Mutex
	saved []*api.Result
}

func (s *recordingStore) Load(api.Query) (*api.Result, bool) { return nil, false }
func (s *recordingStore) Save(_ api.Query, r *api.Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saved = append(s.saved, r)
}

func (s *recordingStore) all() []*api.Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*api.Result(nil), s.saved...)
}

// heldServer answers every search with first, then waits for release
// (or the request's end) before it writes rest; with abort, it breaks
// the connection instead.
func heldServer(t *testing.T, first, rest []byte, release chan struct{}, abort bool) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(first)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		if abort {
			panic(http.ErrAbortHandler)
		}
		_, _ = w.Write(rest)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestPreviewReachesEveryCaller: the first numbers of a large answer
// reach every caller of the one upstream request that asked for them,
// a caller that joins later at once; the preview is neither cached nor
// stored, and the answer replaces it.
func TestPreviewReachesEveryCaller(t *testing.T) {
	const n = 12_000
	first, rest := bigBody(n, 11_000)
	release := make(chan struct{})
	srv := heldServer(t, first, rest, release, false)
	c, err := api.NewClient(api.WithBaseURL(srv.URL), api.WithAPIKey("idc_test"))
	if err != nil {
		t.Fatal(err)
	}
	store := &recordingStore{}
	s := New(c, WithStore(store))
	heard := func() (func(*api.Result), chan *api.Result) {
		ch := make(chan *api.Result, 4)
		return func(r *api.Result) { ch <- r }, ch
	}
	onA, a := heard()
	onB, b := heard()
	var wg sync.WaitGroup
	answers := make(chan Response, 3)
	search := func(on func(*api.Result)) {
		wg.Go(func() {
			r, err := s.Search(context.Background(), Request{Query: gbMobile, OnPreview: on})
			if err != nil {
				t.Error(err)
			}
			answers <- r
		})
	}
	search(onA)
	pa := <-a
	if len(pa.Numbers) != 10_000 || pa.Numbers[0].E164 != "+447700900000" {
		t.Fatalf("first caller's preview: %d numbers", len(pa.Numbers))
	}
	search(onB)
	search(nil) // a caller that wants none
	if pb := <-b; pb != pa {
		t.Fatalf("the late caller heard another preview (%d numbers)", len(pb.Numbers))
	}
	s.mu.Lock()
	_, cached := s.cache[gbMobile]
	s.mu.Unlock()
	if cached || len(store.all()) != 0 {
		t.Fatalf("the preview was cached (%v) or stored (%d)", cached, len(store.all()))
	}
	close(release)
	wg.Wait()
	close(answers)
	for r := range answers {
		if r.Result == nil || len(r.Numbers) != n {
			t.Fatalf("an answer of %+v", r.Result)
		}
	}
	s.WaitSaved()
	if saved := store.all(); len(saved) != 1 || len(saved[0].Numbers) != n {
		t.Fatalf("stored %d results (want the one answer of %d numbers)", len(saved), n)
	}
	if got, err := s.Search(context.Background(), Request{Query: gbMobile}); err != nil || !got.Cached || len(got.Numbers) != n {
		t.Fatalf("the cache holds %+v (%v), want the answer", got, err)
	}
	if len(a) != 0 || len(b) != 0 {
		t.Fatalf("more previews: %d, %d", len(a), len(b))
	}
}

// TestPreviewOfAFailedSearchIsNotKept: an answer that breaks after its
// preview fails the search; nothing of it is cached or stored.
func TestPreviewOfAFailedSearchIsNotKept(t *testing.T) {
	first, rest := bigBody(12_000, 11_000)
	release := make(chan struct{})
	srv := heldServer(t, first, rest, release, true)
	c, err := api.NewClient(api.WithBaseURL(srv.URL), api.WithAPIKey("idc_test"), api.WithRetry(1, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	store := &recordingStore{}
	s := New(c, WithStore(store))
	previews := make(chan *api.Result, 2)
	done := make(chan error, 1)
	go func() {
		_, err := s.Search(context.Background(), Request{Query: gbMobile, OnPreview: func(r *api.Result) { previews <- r }})
		done <- err
	}()
	<-previews
	close(release)
	if err := <-done; err == nil {
		t.Fatal("a broken answer succeeded")
	}
	s.WaitSaved()
	s.mu.Lock()
	_, cached := s.cache[gbMobile]
	s.mu.Unlock()
	if cached || len(store.all()) != 0 {
		t.Fatalf("a failed search's preview was cached (%v) or stored (%d)", cached, len(store.all()))
	}
}

// TestPreviewOnlyForOneCountryAndType: SearchChoice hands a preview on
// for a search of one country and one type, never for an all-types merge
// or several countries (whose first numbers are not the list's).
func TestPreviewOnlyForOneCountryAndType(t *testing.T) {
	first, rest := bigBody(11_000, 0)
	body := append(first, rest...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	c, err := api.NewClient(api.WithBaseURL(srv.URL), api.WithAPIKey("idc_test"))
	if err != nil {
		t.Fatal(err)
	}
	gb, _, err := api.ParseCountries("GB")
	if err != nil {
		t.Fatal(err)
	}
	several, _, err := api.ParseCountries("GB,DE")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		c     Choice
		wants int
	}{
		{"one country, one type", Choice{Country: gb[0], Types: api.OneType(api.Mobile)}, 1},
		{"all types", Choice{Country: gb[0], Types: api.AllTypes}, 0},
		{"several countries", Choice{Country: several[0], Countries: several, Types: api.OneType(api.Mobile)}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			n := 0
			tc.c.Fresh = true
			tc.c.OnPreview = func(*api.Result) {
				mu.Lock()
				n++
				mu.Unlock()
			}
			if _, err := New(c).SearchChoice(context.Background(), tc.c); err != nil {
				t.Fatal(err)
			}
			if n != tc.wants {
				t.Errorf("%d previews, want %d", n, tc.wants)
			}
		})
	}
}
