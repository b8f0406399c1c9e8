package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// request is one API call, independent of its attempts.
type request struct {
	method string
	path   string     // below the base URL, e.g. "/virtual_numbers/available"
	query  url.Values // may be nil
	body   []byte     // JSON, for POST (nil for GET)
	stay   bool       // follow no redirect: a 3xx is the answer
	q      Query      // for the observer
	// rawURL, when set, is the whole URL (a next-page link the API sent),
	// instead of the base URL and path; query is still added.
	rawURL string
	// header, when set, is given a 2xx answer's headers before its body is
	// read.
	header func(http.Header)
	// committed, when not nil, reports whether the caller has already used
	// part of a response: then a failure is final, never retried.
	committed func() bool
}

// backoffBase is the first backoff wait; attempt n waits backoffBase·2^(n-1)
// ±50%.
const backoffBase = 250 * time.Millisecond

// do sends req, retrying when retry is true (only for idempotent requests),
// and hands a 2xx body to handle within the attempt, so a connection that
// breaks mid-body is retried too. handle reads through the size cap; it
// returns an *Error (KindBadResponse, its messages already cleaned and
// redacted) or a read error. do returns an *Error, or nil.
func (c *Client) do(ctx context.Context, req *request, retry bool, handle func(io.Reader) error) error {
	if c.key == "" {
		return &Error{Kind: KindAuth, Err: ErrNoAPIKey}
	}
	attempts := 1
	if retry {
		attempts = c.attempts
	}
	for n := 1; ; n++ {
		if ctx.Err() != nil {
			return contextError(ctx, n-1)
		}
		start := c.now()
		status, e := c.attempt(ctx, req, handle)
		latency := c.now().Sub(start)
		if e != nil {
			e.Attempts = n
		}
		wait, again := c.nextAttempt(ctx, n, attempts, e)
		if again && req.committed != nil && req.committed() {
			wait, again = 0, false // the caller has used part of the answer: final
		}
		c.observe(ctx, req, status, latency, n, attempts, e, wait)
		if !again || ctx.Err() != nil { // (the observer may have cancelled)
			if e == nil {
				return nil
			}
			return e
		}
		if err := c.sleep(ctx, wait); err != nil {
			return contextError(ctx, n)
		}
	}
}

// nextAttempt decides, after attempt n of at most attempts ended in e,
// whether to try again and after how long: never after a success, the
// last attempt, the caller's context ending or a failure that is not
// worth repeating, nor when the wait would pass the cap or the caller's
// deadline.
func (c *Client) nextAttempt(ctx context.Context, n, attempts int, e *Error) (time.Duration, bool) {
	if e == nil || n >= attempts || ctx.Err() != nil || !retryable(e) {
		return 0, false
	}
	wait, ok := c.backoff(n, e)
	if !ok {
		return 0, false
	}
	if dl, has := ctx.Deadline(); has && !c.now().Add(wait).Before(dl) {
		return 0, false // the wait would outlast the caller's deadline
	}
	return max(wait, time.Nanosecond), true
}

// observe tells the client's observer (WithObserver) and the request's
// own (ObserveRequests) about one attempt; wait is the time before the
// next one, 0 when there is none.
func (c *Client) observe(ctx context.Context, req *request, status int, latency time.Duration, n, attempts int, e *Error, wait time.Duration) {
	own := requestObserver(ctx)
	if c.observer == nil && own == nil {
		return
	}
	ev := RequestEvent{Method: req.method, Path: req.path, Query: req.q,
		Status: status, Latency: latency, Attempt: n, Attempts: attempts, RetryIn: wait}
	if e != nil {
		ev.Err = e
	}
	if c.observer != nil {
		c.observer(ev)
	}
	if own != nil {
		own(ev)
	}
}

// observerKey is the context key of ObserveRequests.
type observerKey struct{}

// ObserveRequests returns a context under which every request a Client
// makes also reports each of its attempts to fn, from the goroutine that
// makes it, as WithObserver does for all of the client's requests: how a
// caller learns that its own request is being retried, and why, while it
// waits (net/http/httptrace works the same way). The innermost fn of a
// context wins.
func ObserveRequests(ctx context.Context, fn func(RequestEvent)) context.Context {
	return context.WithValue(ctx, observerKey{}, fn)
}

// requestObserver is the fn of ObserveRequests for ctx, or nil.
func requestObserver(ctx context.Context) func(RequestEvent) {
	fn, _ := ctx.Value(observerKey{}).(func(RequestEvent))
	return fn
}

// attempt makes one HTTP request under the per-attempt timeout.
// drainWait is how long a successful attempt waits for the rest of a
// body it has decoded, so that its connection can be reused.
const drainWait = 100 * time.Millisecond

func (c *Client) attempt(ctx context.Context, req *request, handle func(io.Reader) error) (int, *Error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	red := redactor{c.key}
	u := c.requestURL(req)
	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	hreq, err := http.NewRequestWithContext(actx, req.method, u, body)
	if err != nil {
		return 0, &Error{Kind: KindUnknown, Err: red.err(err)}
	}
	hreq.Header.Set("Authorization", "Bearer "+c.key)
	hreq.Header.Set("Accept", "application/json")
	hreq.Header.Set("User-Agent", c.userAgent)
	if req.body != nil {
		hreq.Header.Set("Content-Type", "application/json")
	}
	hc := c.hc
	if req.stay {
		hc = c.hcStay
	}
	resp, err := hc.Do(hreq)
	if err != nil {
		return 0, c.transportError(ctx, actx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, c.statusError(ctx, actx, resp)
	}
	if resp.ContentLength > c.maxBody {
		return resp.StatusCode, overLimit(c.maxBody)
	}
	if req.header != nil {
		req.header(resp.Header)
	}
	br := &bodyReader{recordingReader: recordingReader{r: resp.Body}, left: c.maxBody, limit: c.maxBody, size: resp.ContentLength}
	if err := handle(br); err != nil {
		if br.err != nil {
			return resp.StatusCode, c.transportError(ctx, actx, br.err)
		}
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Kind: KindBadResponse, Err: err}
		}
		e.Status = 0 // a 2xx: the status is not the problem
		return resp.StatusCode, e
	}
	// Let the connection be reused when little is left: what is left of a
	// whole answer (a chunked body's last chunk) comes with it, so the
	// wait is short; a server that holds the body open after the JSON is
	// not waited for until the timeout (the attempt's context ends the
	// read, and the connection).
	stop := time.AfterFunc(drainWait, cancel)
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	stop.Stop()
	return resp.StatusCode, nil
}

// statusError builds the *Error for a non-2xx response.
func (c *Client) statusError(ctx, actx context.Context, resp *http.Response) *Error {
	e := &Error{Kind: kindForStatus(resp.StatusCode), Status: resp.StatusCode}
	e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), c.now())
	b, err := readErrorBody(resp.Body, redactor{c.key})
	if err != nil && actx.Err() != nil {
		return c.transportError(ctx, actx, err) // the timeout hit while reading
	}
	e.Messages, e.Snippet = parseErrorBody(b, redactor{c.key})
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		// A redirect that was not followed: where it pointed is the news,
		// not its body.
		e.Messages, e.Snippet = nil, ""
		e.Err = &redirectError{host: locationHost(resp)}
	}
	return e
}

// redirectError is the cause of an *Error for a redirect that was not
// followed.
type redirectError struct {
	host string // where the Location points; "" when it is missing or unreadable
}

func (r *redirectError) Error() string {
	if r.host == "" {
		return "redirected without a usable Location; not followed"
	}
	return "redirected to " + r.host + "; not followed"
}

// locationHost is the host a redirect's Location names (relative to the
// request), cut short; "" when there is none.
func locationHost(resp *http.Response) string {
	loc := resp.Header.Get("Location")
	if loc == "" || resp.Request == nil || resp.Request.URL == nil {
		return ""
	}
	u, err := resp.Request.URL.Parse(loc)
	if err != nil {
		return ""
	}
	return truncate(Printable(u.Hostname()), 100)
}

// transportError classifies an error without a usable response: the
// caller's cancellation or deadline, the per-attempt timeout, or a network
// failure.
func (c *Client) transportError(ctx, actx context.Context, err error) *Error {
	if ctx.Err() != nil {
		return contextError(ctx, 0)
	}
	err = redactor{c.key}.err(err)
	if errors.Is(err, errInsecureRedirect) {
		return &Error{Kind: KindBadResponse, Err: errInsecureRedirect}
	}
	if actx.Err() != nil {
		return &Error{Kind: KindTimeout, Timeout: c.timeout,
			Err: fmt.Errorf("no complete response within %s: %w", c.timeout, context.DeadlineExceeded)}
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return &Error{Kind: KindTimeout, Timeout: c.timeout, Err: err}
	}
	return &Error{Kind: KindNetwork, Err: err}
}

// contextError reports the caller's context ending: KindCanceled wrapping
// context.Canceled, or KindTimeout wrapping context.DeadlineExceeded.
func contextError(ctx context.Context, attempts int) *Error {
	err := ctx.Err()
	kind := KindCanceled
	if errors.Is(err, context.DeadlineExceeded) {
		kind = KindTimeout
	}
	return &Error{Kind: kind, Err: err, Attempts: attempts}
}

// retryable reports whether a failed attempt of an idempotent request may
// be repeated: transport errors, per-attempt timeouts, 429 and 502/503/504.
func retryable(e *Error) bool {
	switch e.Kind {
	case KindNetwork, KindTimeout, KindRateLimited:
		return true
	case KindServer:
		return e.Status == http.StatusBadGateway || e.Status == http.StatusServiceUnavailable ||
			e.Status == http.StatusGatewayTimeout
	}
	return false
}

// backoff returns how long to wait after failed attempt n: the server's
// Retry-After when it sent one (ok is false when that is over the cap), else
// backoffBase·2^(n-1) with ±50% jitter.
func (c *Client) backoff(n int, e *Error) (time.Duration, bool) {
	if e.RetryAfter > 0 {
		return e.RetryAfter, e.RetryAfter <= c.maxWait
	}
	d := backoffBase << (n - 1)
	j := min(max(c.jitter(), 0), 1)
	return d/2 + time.Duration(j*float64(d)), true
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP
// date. It returns 0 when the header is absent, invalid or in the past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, 1<<31)) * time.Second
	}
	t, err := http.ParseTime(v)
	if err != nil || !t.After(now) {
		return 0
	}
	return t.Sub(now).Round(time.Second)
}

// sleepContext waits for d or until ctx ends, whichever is first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
