// Package api is the IdentityCall API client numbrowse uses: it searches
// the phone numbers offered for rent, decodes whatever shape the upstream
// provider sent into Number values, and reports failures as typed *Error
// values. It also holds the types shared by the rest of numbrowse (Number,
// Decimal, the country table) and Printable, the one helper that makes
// network text safe for a terminal.
package api

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// DefaultBaseURL is the IdentityCall public API.
const DefaultBaseURL = "https://api.identitycall.ai/api/v1/public"

const (
	defaultTimeout  = 15 * time.Second
	defaultMaxBody  = DefaultMaxResponse
	defaultAttempts = 3
	defaultMaxWait  = 30 * time.Second
	maxAttempts     = 10
	searchPath      = "/virtual_numbers/available"
)

// DefaultMaxResponse is the default cap on a search response's size
// (WithMaxBodyBytes): 128 MiB, which admits about 580,000 entries of the
// documented shape (about 230 bytes each) or 270,000 of Telnyx' richer
// ones (about 480 bytes). The cap bounds what a hostile or broken server
// can make numbrowse read; the decoded numbers, not the body, are what
// stay in memory.
const DefaultMaxResponse = 128 << 20

// Client talks to the IdentityCall API. It is immutable after NewClient
// and safe for concurrent use by many goroutines (and SSH sessions).
type Client struct {
	base      string // no trailing slash
	key       string
	hc        *http.Client
	hcStay    *http.Client // hc that does not follow redirects (purchases)
	timeout   time.Duration
	userAgent string
	maxBody   int64
	attempts  int
	maxWait   time.Duration
	observer  func(RequestEvent)

	// Injected for tests; never nil after NewClient.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func() float64 // in [0, 1)
	now    func() time.Time
}

// RequestEvent describes one HTTP attempt, for WithObserver. It never
// contains the API key.
type RequestEvent struct {
	// Method and Path are the request's, e.g. GET /virtual_numbers/available.
	Method, Path string
	// Query is the search the request was for.
	Query Query
	// Status is the HTTP status, or 0 when no response arrived.
	Status int
	// Latency is the attempt's duration, including reading the body.
	Latency time.Duration
	// Attempt counts from 1; Attempts is the most the client makes for
	// this request (1 for a request that is never retried).
	Attempt, Attempts int
	// Err is the attempt's *Error, or nil when it succeeded.
	Err error
	// RetryIn, when > 0, is how long the client waits before its next
	// attempt (the server's Retry-After, or the backoff): the attempt
	// failed and the request is not over. 0 means this attempt's outcome
	// is the request's.
	RetryIn time.Duration
}

// NewClient returns a client configured by opts. It fails with a
// *ValidationError when an option is invalid.
func NewClient(opts ...Option) (*Client, error) {
	c := &Client{
		base:      DefaultBaseURL,
		timeout:   defaultTimeout,
		userAgent: "numbrowse/dev",
		maxBody:   defaultMaxBody,
		attempts:  defaultAttempts,
		maxWait:   defaultMaxWait,
		sleep:     sleepContext,
		jitter:    rand.Float64,
		now:       time.Now,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	if c.hc == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		c.hc = &http.Client{Transport: t}
	}
	c.hc = guardRedirects(c.hc)
	c.hcStay = stopRedirects(c.hc)
	return c, nil
}

// Search returns the numbers the API offers for q. The query is validated
// first: an unknown country or type returns the *ValidationError from
// Query.Normalize, and nothing is sent. Every other failure is an *Error.
// Transport errors, 429 and 502/503/504 are retried with backoff (see
// WithRetry); the request is never retried after ctx ends.
func (c *Client) Search(ctx context.Context, q Query) (*Result, error) {
	nq, err := q.Normalize()
	if err != nil {
		return nil, err
	}
	req := &request{
		method: http.MethodGet,
		path:   searchPath,
		query:  url.Values{"country": {nq.Country}, "number_type": {string(nq.Type)}},
		q:      nq,
	}
	var preview func(*Result)
	if fn := previewObserver(ctx); fn != nil {
		preview = func(r *Result) {
			r.FetchedAt = c.now()
			fn(r)
		}
	}
	var res *Result
	err = c.do(ctx, req, true, func(body io.Reader) error {
		r, err := decodeSearch(body, nq, redactor{c.key}, nil, preview)
		if err != nil {
			return err
		}
		res = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.FetchedAt = c.now()
	return res, nil
}

// SearchEach is Search for a caller that uses the numbers as they arrive
// rather than all at once (numbrowse search writes them out as they come):
// the numbers are decoded in the order of the response and handed to emit
// in batches of up to a few hundred, as soon as the input decoded so far
// is used up, so the first ones reach emit long before the response ends.
// A batch is only valid during the call: emit must copy what it keeps.
//
// The returned Result has no Numbers: it counts the skipped entries and
// has the time the response ended. An error from emit stops the search and
// is returned as it is. A failure before the first batch is retried as in
// Search; once emit has been called it is not (the caller has used part
// of the answer, and a second answer could differ), and the *Error says
// how many numbers had been handed over in its Partial field.
func (c *Client) SearchEach(ctx context.Context, q Query, emit func([]Number) error) (*Result, error) {
	nq, err := q.Normalize()
	if err != nil {
		return nil, err
	}
	handed := 0
	var emitErr error
	req := &request{
		method:    http.MethodGet,
		path:      searchPath,
		query:     url.Values{"country": {nq.Country}, "number_type": {string(nq.Type)}},
		q:         nq,
		committed: func() bool { return handed > 0 },
	}
	var res *Result
	err = c.do(ctx, req, true, func(body io.Reader) error {
		r, err := decodeSearch(body, nq, redactor{c.key}, func(batch []Number) error {
			if err := emit(batch); err != nil {
				emitErr = err
				return err
			}
			handed += len(batch)
			return nil
		}, nil)
		if err != nil {
			return err
		}
		res = r
		return nil
	})
	if emitErr != nil {
		return nil, emitErr
	}
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Partial = handed
		}
		return nil, err
	}
	res.FetchedAt = c.now()
	return res, nil
}

// errInsecureRedirect is returned when a redirect would send the key over
// plain http.
var errInsecureRedirect = errors.New("refused a redirect to plain http")

// guardRedirects returns a copy of hc whose redirect policy refuses plain
// http to anything but loopback, then applies hc's own policy.
func guardRedirects(hc *http.Client) *http.Client {
	cp := *hc
	orig := hc.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme != "https" && !isLoopback(req.URL.Hostname()) {
			return errInsecureRedirect
		}
		if orig != nil {
			return orig(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &cp
}

// stopRedirects returns a copy of hc that follows no redirect: Do returns
// the 3xx answer itself. A purchase goes through it, so Go's client never
// re-sends the POST where a 307 or 308 points (nor turns it into a GET on
// 301, 302 or 303).
func stopRedirects(hc *http.Client) *http.Client {
	cp := *hc
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

func itoa(n int) string { return strconv.Itoa(n) }
