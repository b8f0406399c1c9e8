package api

import (
	"cmp"
	"context"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	fs "numbrowse/internal/faultserver"
)

// faultClient returns a client for the fault server s with the test key, a
// long per-attempt timeout (a loaded machine under -race must not turn a
// slow decode into a timeout; the timeout cases pass a short one) and a
// fake clock (retry waits are recorded, never slept).
func faultClient(t *testing.T, s *fs.Server, opts ...Option) (*Client, *fakeClock) {
	t.Helper()
	base := []Option{WithBaseURL(s.URL), WithAPIKey(testKey), WithTimeout(time.Minute)}
	c, err := NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Now(), jitter: 0.5}
	clock.install(c)
	return c, clock
}

// htmlTag matches an HTML tag such as <p>, </title> or <!DOCTYPE html>.
var htmlTag = regexp.MustCompile(`<[!/]?[a-zA-Z][^<>]*>`)

// assertCleanMessage checks what a user is shown of err: one line, nothing
// a terminal acts on, no HTML markup or script, never the key.
func assertCleanMessage(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	assertPrintable(t, "Error()", msg, false)
	if strings.Contains(msg, testKey) || strings.Contains(msg, testKey[4:]) {
		t.Errorf("the API key is in %q", msg)
	}
	if htmlTag.MatchString(msg) || strings.Contains(msg, fs.HTMLScriptText) {
		t.Errorf("HTML in %q", msg)
	}
	for _, bad := range []string{"pwned", "52;", "evil.example"} {
		if strings.Contains(msg, bad) {
			t.Errorf("escape-sequence payload %q in %q", bad, msg)
		}
	}
	var e *Error
	if errors.As(err, &e) {
		for _, m := range e.Messages {
			assertPrintable(t, "message", m, false)
		}
		assertPrintable(t, "snippet", e.Snippet, false)
	}
}

// TestFaultErrors drives the client against each failing behaviour and
// checks the error a user gets: its kind, how many attempts were made, the
// words that explain it, and that its text is clean.
func TestFaultErrors(t *testing.T) {
	tests := []struct {
		b        fs.Behaviour
		kind     Kind
		status   int
		requests int    // attempts the server saw
		contains string // in Error()
	}{
		{fs.SlowFirstByte(fs.Forever, fs.OK()), KindTimeout, 0, 3, "no complete response within 200ms"},
		{fs.StallAfter(40, fs.OK()), KindTimeout, 0, 3, "no complete response within 200ms"},
		{fs.Reset(), KindNetwork, 0, 3, "network error"},
		{fs.ResetAfter(40, fs.OK()), KindNetwork, 0, 3, "connection reset"},
		{fs.TruncatedJSON(), KindBadResponse, 0, 1, "truncated JSON"},
		{fs.HTML200(), KindBadResponse, 0, 1, "not JSON"},
		{fs.BadGateway(), KindServer, 502, 3, "HTTP 502 Bad Gateway: 502 Bad Gateway"},
		{fs.ServiceUnavailable(), KindServer, 503, 3, "We are down for maintenance"},
		{fs.EmptyError(500), KindServer, 500, 1, "HTTP 500 Internal Server Error"},
		{fs.RateLimited(fs.NoRetryAfter), KindRateLimited, 429, 3, "Rate limit exceeded (3 attempts)"},
		{fs.RateLimited(fs.Seconds(1)), KindRateLimited, 429, 3, "(retry after 1s) (3 attempts)"},
		{fs.RateLimited(fs.Seconds(120)), KindRateLimited, 429, 1, "(retry after 2m0s)"},
		{fs.DataNotArray(), KindBadResponse, 0, 1, `"data" is not a list (it is an object)`},
		{fs.Nested(100_000), KindBadResponse, 0, 1, "exceeded max depth"},
		{fs.EchoAuthorization(401), KindAuth, 401, 1, "invalid key: Bearer [redacted]; [redacted]"},
		{fs.EchoAuthorization(502), KindServer, 502, 3, "[redacted]"},
	}
	for _, tt := range tests {
		t.Run(tt.b.Name(), func(t *testing.T) {
			t.Parallel()
			s := fs.New(t, tt.b)
			var opts []Option
			if tt.kind == KindTimeout {
				opts = append(opts, WithTimeout(200*time.Millisecond))
			}
			c, _ := faultClient(t, s, opts...)
			res, err := c.Search(context.Background(), usLocal)
			if err == nil {
				t.Fatalf("no error; %d numbers", len(res.Numbers))
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != tt.kind || e.Status != tt.status {
				t.Fatalf("got %T %v (kind %v), want kind %v status %d", err, err, KindOf(err), tt.kind, tt.status)
			}
			if s.Count() != tt.requests || e.Attempts != tt.requests {
				t.Errorf("%d requests, %d attempts; want %d", s.Count(), e.Attempts, tt.requests)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("Error() = %q, want it to contain %q", err, tt.contains)
			}
			assertCleanMessage(t, err)
		})
	}
}

// TestFaultRecovers checks the transient faults a retry gets past: the
// search succeeds with every number, after the waits the server asked for
// (on the fake clock).
func TestFaultRecovers(t *testing.T) {
	tests := []struct {
		first    fs.Behaviour
		minWait  time.Duration
		maxWait  time.Duration
		requests int
		timeout  time.Duration // per attempt; short only for the stall, which it ends
	}{
		{fs.RateLimited(fs.Seconds(2)), 2 * time.Second, 2 * time.Second, 2, 0},
		{fs.RateLimited(fs.Date(5 * time.Second)), 4 * time.Second, 7 * time.Second, 2, 0},
		{fs.ResetAfter(40, fs.OK()), backoffBase / 2, backoffBase * 3 / 2, 2, 0},
		{fs.StallAfter(40, fs.OK()), backoffBase / 2, backoffBase * 3 / 2, 2, 200 * time.Millisecond},
		{fs.BadGateway(), backoffBase / 2, backoffBase * 3 / 2, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.first.Name()+", then ok", func(t *testing.T) {
			t.Parallel()
			s := fs.New(t, tt.first, fs.OK())
			c, clock := faultClient(t, s, WithTimeout(cmp.Or(tt.timeout, time.Minute)))
			res, err := c.Search(context.Background(), usLocal)
			if err != nil {
				t.Fatal(err)
			}
			if got := e164List(res); got != strings.Join(fs.DefaultNumbers(), ",") {
				t.Errorf("numbers %s", got)
			}
			waits := clock.Waits()
			if s.Count() != tt.requests || len(waits) != 1 || waits[0] < tt.minWait || waits[0] > tt.maxWait {
				t.Errorf("%d requests, waits %v; want %d requests and one wait in [%v, %v]",
					s.Count(), waits, tt.requests, tt.minWait, tt.maxWait)
			}
		})
	}
}

// TestFaultOddBodies checks the bodies that decode, with some entries
// skipped: what the user gets and that every string is safe to print.
func TestFaultOddBodies(t *testing.T) {
	all := strings.Join(fs.DefaultNumbers(), ",")
	tests := []struct {
		b       fs.Behaviour
		numbers string
		skipped int
		check   func(t *testing.T, res *Result)
	}{
		{fs.NonObjectEntries(), fs.DefaultNumbers()[2], 6, nil},
		{fs.Duplicates(), all, 2, func(t *testing.T, res *Result) {
			if m := res.Numbers[0].Monthly.String(); m != "1.00" {
				t.Errorf("the first of the duplicates should win: monthly %s", m)
			}
		}},
		{fs.LongRegion(1_000_000), all, 0, func(t *testing.T, res *Result) {
			r := res.Numbers[0].Regions
			if len(r) != 1 || len(r[0].Name) > maxTextBytes+len("…") ||
				!strings.HasPrefix(r[0].Name, "AbAb") || !strings.HasSuffix(r[0].Name, "…") {
				t.Errorf("the long region name was not cut to %d bytes with an ellipsis: %d bytes", maxTextBytes, len(r[0].Name))
			}
		}},
		{fs.InvalidUTF8(), all, 0, func(t *testing.T, res *Result) {
			n := res.Numbers[0]
			if !strings.Contains(n.Regions[0].Name, "\uFFFD") || !strings.HasPrefix(n.Regions[0].Name, "Z") {
				t.Errorf("region name %q: want the bad bytes as U+FFFD", n.Regions[0].Name)
			}
		}},
		{fs.Hostile(), all, 1, func(t *testing.T, res *Result) {
			for _, n := range res.Numbers {
				for _, s := range hostileStrings(n) {
					for _, bad := range []string{"pwned", "cm0g", "evil", "544e", "52;", "2J"} {
						if strings.Contains(s, bad) {
							t.Errorf("%q survived in %q", bad, s)
						}
					}
				}
				for _, r := range n.Regions {
					if strings.ReplaceAll(r.Name, " ", "") != fs.HostileVisible {
						t.Errorf("region name %q: want only the visible letters %s", r.Name, fs.HostileVisible)
					}
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.b.Name(), func(t *testing.T) {
			t.Parallel()
			s := fs.New(t, tt.b)
			c, _ := faultClient(t, s)
			res, err := c.Search(context.Background(), usLocal)
			if err != nil {
				t.Fatal(err)
			}
			if got := e164List(res); got != tt.numbers || res.Skipped.Total() != tt.skipped {
				t.Errorf("numbers %s (%d skipped), want %s (%d skipped)", got, res.Skipped, tt.numbers, tt.skipped)
			}
			assertResultPrintable(t, res)
			if tt.check != nil {
				tt.check(t, res)
			}
		})
	}
}

// hostileStrings lists every string of n that is shown as text.
func hostileStrings(n Number) []string {
	out := []string{n.Display, n.Country, string(n.Type), n.Currency(), n.Flags.AddressRequirement,
		n.Upfront.String(), n.Monthly.String()}
	out = append(out, n.Features...)
	for _, r := range n.Regions {
		out = append(out, r.Type, r.Name)
	}
	for _, r := range n.Requirements {
		out = append(out, r.Label, r.Detail)
	}
	for _, x := range n.Extra {
		out = append(out, x.Key)
	}
	return out
}

func e164List(res *Result) string {
	var out []string
	for _, n := range res.Numbers {
		out = append(out, n.E164)
	}
	return strings.Join(out, ",")
}

// TestFaultHugeBodyStopsAtTheCap sends a 100 MB body without a
// Content-Length: the client stops reading at its cap (32 MiB here) and
// says so, and the server never gets to send the rest.
func TestFaultHugeBodyStopsAtTheCap(t *testing.T) {
	t.Parallel() // decoding 32 MiB takes a few seconds under -race
	h := fs.NewHuge(100 << 20)
	s := fs.New(t, h.Behaviour())
	c, _ := faultClient(t, s, WithTimeout(time.Minute), WithMaxBodyBytes(32<<20)) // the timeout is a failure guard, not a measurement
	_, err := c.Search(context.Background(), usLocal)
	if limit, ok := IsTooLarge(err); !ok || limit != 32<<20 {
		t.Errorf("IsTooLarge(%v) = %d, %v", err, limit, ok)
	}
	if KindOf(err) != KindBadResponse || !strings.Contains(err.Error(), "over the 32 MiB limit") {
		t.Fatalf("got %v, want a bad response over the 32 MiB limit", err)
	}
	assertCleanMessage(t, err)
	s.Close() // waits for the handler, which gives up once the client hung up
	if sent := h.Sent(); sent >= 100<<20 {
		t.Errorf("the server sent all %d bytes", sent)
	}
	if s.Count() != 1 {
		t.Errorf("%d requests: an oversize body must not be retried", s.Count())
	}
}

// TestFaultHugeErrorBody: a 502 whose body is 100 MB is read only up to
// the 64 KiB error-body cap, on each of the 3 attempts; the message
// carries a short snippet.
func TestFaultHugeErrorBody(t *testing.T) {
	h := fs.NewHuge(100 << 20).Status(502)
	s := fs.New(t, h.Behaviour())
	ct := &countingTransport{base: &http.Transport{}}
	c, _ := faultClient(t, s, WithTimeout(time.Minute), WithHTTPClient(&http.Client{Transport: ct}))
	_, err := c.Search(context.Background(), usLocal)
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindServer || e.Status != 502 || e.Attempts != 3 {
		t.Fatalf("got %v, want a 502 after 3 attempts", err)
	}
	if n := len([]rune(e.Snippet)); n == 0 || n > maxSnippetLen {
		t.Errorf("snippet of %d runes: %q", n, e.Snippet)
	}
	assertCleanMessage(t, err)
	if got := ct.read.Load(); got > 3*maxErrorBodyBytes {
		t.Errorf("read %d body bytes, want at most 3 × %d", got, maxErrorBodyBytes)
	}
}

// countingTransport counts the response body bytes its client reads.
type countingTransport struct {
	base http.RoundTripper
	read atomic.Int64
}

func (ct *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := ct.base.RoundTrip(r)
	if resp != nil {
		resp.Body = &countingBody{ReadCloser: resp.Body, n: &ct.read}
	}
	return resp, err
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// TestFaultHugeAnnouncedBody: a 200 MB body that says so in its
// Content-Length is refused before a byte is read, at the default cap.
func TestFaultHugeAnnouncedBody(t *testing.T) {
	h := fs.NewHuge(200 << 20).Announced()
	s := fs.New(t, h.Behaviour())
	c, _ := faultClient(t, s)
	_, err := c.Search(context.Background(), usLocal)
	if KindOf(err) != KindBadResponse || !strings.Contains(err.Error(), "over the 128 MiB limit") {
		t.Fatalf("got %v, want a bad response over the 128 MiB limit", err)
	}
	if x, _ := Explain(err); x.Transient || !strings.Contains(x.Sentence, "over the 128 MiB size limit") {
		t.Errorf("Explain = %+v: it must say the limit and not suggest trying again", x)
	}
	s.Close()
	if sent := h.Sent(); sent >= 32<<20 {
		t.Errorf("the server sent %d bytes", sent)
	}
}

// TestFaultRedirectToAnotherHost checks that the key does not follow a
// redirect to another host name: the other host records no Authorization,
// and its 401 reaches the user as an auth error.
func TestFaultRedirectToAnotherHost(t *testing.T) {
	other := fs.New(t, fs.JSON(401, `{"error":"Unauthorized"}`))
	s := fs.New(t, fs.Redirect(other.URLWithHost("localhost")))
	c, _ := faultClient(t, s)
	_, err := c.Search(context.Background(), usLocal)
	if !IsAuth(err) {
		t.Fatalf("got %v, want the other host's 401", err)
	}
	assertCleanMessage(t, err)
	if got := s.Requests(); len(got) != 1 || got[0].Authorization != "Bearer "+testKey {
		t.Fatalf("the API host got %+v", got)
	}
	got := other.Requests()
	if len(got) != 1 {
		t.Fatalf("the other host got %d requests", len(got))
	}
	if got[0].Authorization != "" {
		t.Errorf("the API key followed the redirect to %s: %q", got[0].Host, got[0].Authorization)
	}
	if got[0].Query.Get("country") != "US" || got[0].Query.Get("number_type") != "local" {
		t.Errorf("the redirect lost the query: %v", got[0].Query)
	}
}

// TestFaultRedirectSameHostOtherPort pins down the limit of the rule above,
// which is Go's (net/http drops Authorization only when the host name
// changes and is not a subdomain): a redirect to another port of the same
// host keeps the key. SECURITY.md says so; change it if this changes.
func TestFaultRedirectSameHostOtherPort(t *testing.T) {
	other := fs.New(t)
	s := fs.New(t, fs.Redirect(other.URL))
	c, _ := faultClient(t, s)
	if _, err := c.Search(context.Background(), usLocal); err != nil {
		t.Fatal(err)
	}
	if got := other.Requests(); len(got) != 1 || got[0].Authorization != "Bearer "+testKey {
		t.Errorf("the same host on another port got %+v", got)
	}
}
