package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"
)

// fakeClock replaces the client's sleep, jitter and now: sleeping records
// the wait and moves the clock, without really sleeping.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waits   []time.Duration
	jitter  float64
	onSleep func() // called before a sleep returns (e.g. to cancel)
}

func (f *fakeClock) install(c *Client) {
	c.sleep = f.sleep
	c.jitter = func() float64 { return f.jitter }
	c.now = f.Now
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.waits = append(f.waits, d)
	f.now = f.now.Add(d)
	hook := f.onSleep
	f.mu.Unlock()
	if hook != nil {
		hook()
	}
	return ctx.Err()
}

func (f *fakeClock) Waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// testClient returns a client for srv with the test key and a fake clock.
func testClient(t *testing.T, srv *httptest.Server, opts ...Option) (*Client, *fakeClock) {
	t.Helper()
	base := []Option{WithBaseURL(srv.URL + "/api/v1/public/"), WithAPIKey(testKey), WithVersion("1.2.3")}
	c, err := NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Now(), jitter: 0.5}
	clock.install(c)
	return c, clock
}

// script is a handler that answers request n with steps[n] (the last step
// repeats) and counts requests.
type script struct {
	mu    sync.Mutex
	steps []http.HandlerFunc
	n     int
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	step := s.steps[min(s.n, len(s.steps)-1)]
	s.n++
	s.mu.Unlock()
	step(w, r)
}

func (s *script) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func serve(t *testing.T, steps ...http.HandlerFunc) (*httptest.Server, *script) {
	t.Helper()
	s := &script{steps: steps}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv, s
}

// reply answers with status, a JSON body and optional header pairs.
func reply(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func fileBody(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var gbMobile = Query{Country: "GB", Type: Mobile}
