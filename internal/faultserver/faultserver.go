// Package faultserver is a misbehaving IdentityCall API for tests: an
// httptest server whose answers are named Behaviours, one per way a real
// upstream, proxy or network can fail (a slow first byte, a stall or a
// connection reset mid-body, truncated or hostile JSON, HTML error pages,
// 429 with Retry-After, a 100 MB body, a redirect to another host...).
//
// Behaviours compose: delivery faults wrap a response (StallAfter(100,
// OK()) sends 100 bytes of a good body, then stalls), Sequence answers
// request n with its nth step ("429, then success"), and a Switch is changed
// by the test between searches. The server records every request it got,
// with its Authorization header, so a test can prove where the API key went.
//
// The package is not a _test file so that the api, ui, serve and CLI tests
// can all use it. It never imports numbrowse packages, so even the api
// package's internal tests may import it.
package faultserver

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// Behaviour is one named way of answering a request. Build one with the
// constructors of this package (OK, RateLimited, StallAfter, ...) or with
// Func. A Behaviour is safe for concurrent use.
type Behaviour struct {
	name  string
	serve func(w http.ResponseWriter, r *http.Request)
}

// Func returns a Behaviour named name that answers with fn. fn should
// return when the request's context ends (the client went away or the
// server is closing) so that the server can close.
func Func(name string, fn func(w http.ResponseWriter, r *http.Request)) Behaviour {
	return Behaviour{name: name, serve: fn}
}

// Name describes the behaviour, e.g. "stall after 100 bytes of ok(3)".
func (b Behaviour) Name() string { return b.name }

// String returns Name, so a Behaviour prints well in test names.
func (b Behaviour) String() string { return b.name }

// ServeHTTP answers r as the behaviour says.
func (b Behaviour) ServeHTTP(w http.ResponseWriter, r *http.Request) { b.serve(w, r) }

// Request is what the server recorded of one request.
type Request struct {
	Method string
	// Host is the Host header, e.g. "127.0.0.1:38211".
	Host string
	// Path is the URL path, e.g. "/virtual_numbers/available".
	Path string
	// Query holds the URL's query parameters.
	Query url.Values
	// Authorization is the Authorization header ("" when absent).
	Authorization string
	// UserAgent is the User-Agent header.
	UserAgent string
}

// Server is a running fault server. Its URL serves every path: a client
// may use it (or URL + "/api/v1/public") as its base URL.
type Server struct {
	// URL is the base URL, http://127.0.0.1:port.
	URL string

	srv  *httptest.Server
	quit chan struct{}
	b    Behaviour

	mu   sync.Mutex
	reqs []Request
}

// New starts a server that answers request n with steps[n] (the last step
// repeats, as in Sequence; no step means OK()). It is closed when t's test
// ends: stalled handlers are released first, so closing never hangs.
func New(t testing.TB, steps ...Behaviour) *Server {
	t.Helper()
	s := &Server{quit: make(chan struct{}), b: Sequence(steps...)}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	t.Cleanup(s.Close)
	return s
}

// Close releases every waiting handler, cuts the open connections and
// stops the server. It is safe to call more than once.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.quit:
		s.mu.Unlock()
		return
	default:
		close(s.quit)
	}
	s.mu.Unlock()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// URLWithHost returns the server's URL with its host name replaced by
// host (the port is kept), e.g. URLWithHost("localhost"): the same server
// seen by a client as another host, for redirect tests.
func (s *Server) URLWithHost(host string) string {
	u, _ := url.Parse(s.URL)
	u.Host = net.JoinHostPort(host, u.Port())
	return u.String()
}

// Requests returns a copy of the requests received so far, in arrival
// order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Count returns how many requests the server has received.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{Method: r.Method, Host: r.Host, Path: r.URL.Path,
		Query: r.URL.Query(), Authorization: r.Header.Get("Authorization"), UserAgent: r.UserAgent()})
	s.mu.Unlock()
	s.b.ServeHTTP(w, r.WithContext(withQuit(r.Context(), s.quit)))
}

// Sequence answers the nth request it sees (counting from 0) with
// steps[n]; once the steps run out the last one repeats. Sequence() is OK().
// Sequence(RateLimited(Seconds(1)), OK()) is "429 with Retry-After: 1, then
// success"; Sequence(RateLimited(Seconds(1))) is "429 forever".
func Sequence(steps ...Behaviour) Behaviour {
	switch len(steps) {
	case 0:
		return OK()
	case 1:
		return steps[0]
	}
	var mu sync.Mutex
	n := 0
	name := "sequence("
	for i, st := range steps {
		if i > 0 {
			name += ", then "
		}
		name += st.name
	}
	name += ")"
	return Func(name, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		step := steps[min(n, len(steps)-1)]
		n++
		mu.Unlock()
		step.ServeHTTP(w, r)
	})
}

// Switch is a Behaviour the test changes while the server runs, e.g. to
// make searches fail or succeed at random. The zero Switch answers OK().
type Switch struct {
	mu sync.Mutex
	b  Behaviour
	ok bool
}

// NewSwitch returns a Switch answering with b until Set.
func NewSwitch(b Behaviour) *Switch { return &Switch{b: b, ok: true} }

// Set makes the following requests answered by b.
func (s *Switch) Set(b Behaviour) {
	s.mu.Lock()
	s.b, s.ok = b, true
	s.mu.Unlock()
}

// Current returns the behaviour requests are answered with now.
func (s *Switch) Current() Behaviour {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.ok {
		return OK()
	}
	return s.b
}

// Behaviour returns the Switch as a Behaviour, for New or Sequence.
func (s *Switch) Behaviour() Behaviour {
	return Func("switch", func(w http.ResponseWriter, r *http.Request) { s.Current().ServeHTTP(w, r) })
}

// withQuit returns ctx, also cancelled when quit is closed, so a handler
// that waits for its request's context also ends when the server closes.
// The helper goroutine ends with the request (the server cancels a
// request's context when its handler returns).
func withQuit(ctx context.Context, quit <-chan struct{}) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		defer cancel()
		select {
		case <-quit:
		case <-ctx.Done():
		}
	}()
	return ctx
}
