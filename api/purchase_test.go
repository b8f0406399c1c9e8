package api

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func int64p(v int64) *int64 { return &v }

// recorded is what a purchase handler saw.
type recorded struct {
	method, path, contentType, auth, body string
}

// recorder answers every request with h after recording it.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
	h    http.HandlerFunc
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.reqs = append(rc.reqs, recorded{r.Method, r.URL.Path, r.Header.Get("Content-Type"),
		r.Header.Get("Authorization"), string(b)})
	rc.mu.Unlock()
	rc.h(w, r)
}

func (rc *recorder) Requests() []recorded {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]recorded(nil), rc.reqs...)
}

func recordServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *recorder) {
	t.Helper()
	rc := &recorder{h: h}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	return srv, rc
}

var salesLine = PurchaseRequest{
	PhoneNumber: "+1 (555) 123-4567", CountryCode: "us", NumberType: "Local", Name: "  Sales  ",
	RequirementGroupID: int64p(42), UpfrontCost: "1.10", MonthlyCost: "0.5000",
}

const salesBody = `{"phone_number":"+15551234567","country_code":"US","number_type":"local","name":"Sales",` +
	`"requirement_group_id":42,"upfront_cost":"1.10","monthly_cost":"0.5000"}`

func TestPurchaseCreated(t *testing.T) {
	srv, rc := recordServer(t, reply(201, `{"data":{"id":123,"phone_number":"+15551234567","name":"Sales",`+
		`"country_code":"US","active":true,"ai_receptionist_enabled":false,"operators":[{"id":7}],"operators_count":1}}`))
	c, clock := testClient(t, srv)
	got, err := c.Purchase(context.Background(), salesLine)
	if err != nil {
		t.Fatal(err)
	}
	want := OwnedNumber{ID: "123", PhoneNumber: "+15551234567", Name: "Sales", CountryCode: "US",
		Active: true, OperatorsCount: 1, Operators: []byte(`[{"id":7}]`)}
	if got.ID != want.ID || got.PhoneNumber != want.PhoneNumber || got.Name != want.Name ||
		got.CountryCode != want.CountryCode || got.Active != want.Active || got.AIReceptionistEnabled ||
		got.OperatorsCount != want.OperatorsCount || string(got.Operators) != string(want.Operators) {
		t.Errorf("got %+v, want %+v", *got, want)
	}
	reqs := rc.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.method != http.MethodPost || r.path != "/api/v1/public/virtual_numbers/purchase" ||
		r.contentType != "application/json" || r.auth != "Bearer "+testKey {
		t.Errorf("request %s %s content-type %q auth %q", r.method, r.path, r.contentType, r.auth)
	}
	if r.body != salesBody {
		t.Errorf("body\n%s\nwant\n%s", r.body, salesBody)
	}
	if len(clock.Waits()) != 0 {
		t.Errorf("slept %v", clock.Waits())
	}
}

// TestPurchaseBody checks what is sent: only the fields given, costs as
// received (never reformatted), the number in E.164.
func TestPurchaseBody(t *testing.T) {
	tests := []struct {
		name string
		req  PurchaseRequest
		want string
	}{
		{"number only", PurchaseRequest{PhoneNumber: "+442079460123"}, `{"phone_number":"+442079460123"}`},
		{"costs kept as text", PurchaseRequest{PhoneNumber: "+442079460123", UpfrontCost: "0", MonthlyCost: "1.1"},
			`{"phone_number":"+442079460123","upfront_cost":"0","monthly_cost":"1.1"}`},
		{"provider type sent back", PurchaseRequest{PhoneNumber: "+442079460123", NumberType: "shared_cost"},
			`{"phone_number":"+442079460123","number_type":"shared_cost"}`},
		{"toll free alias", PurchaseRequest{PhoneNumber: "+18005550100", NumberType: "tollfree"},
			`{"phone_number":"+18005550100","number_type":"toll-free"}`},
		{"name escaped", PurchaseRequest{PhoneNumber: "+442079460123", Name: `Ops "A" <b>`},
			`{"phone_number":"+442079460123","name":"Ops \"A\" \u003cb\u003e"}`},
		{"sales", salesLine, salesBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rc := recordServer(t, reply(201, `{"data":{"id":1,"phone_number":"+442079460123"}}`))
			c, _ := testClient(t, srv)
			if _, err := c.Purchase(context.Background(), tt.req); err != nil {
				t.Fatal(err)
			}
			if reqs := rc.Requests(); len(reqs) != 1 || reqs[0].body != tt.want {
				t.Errorf("sent %+v, want body %s", reqs, tt.want)
			}
		})
	}
}

func TestPurchaseErrors(t *testing.T) {
	tests := []struct {
		name     string
		h        http.HandlerFunc
		kind     Kind
		status   int
		messages []string
		unknown  bool
	}{
		{"403", reply(403, `{"error":"Write permission required"}`), KindPermission, 403,
			[]string{"Write permission required"}, false},
		{"422 error", reply(422, `{"error":"Number +15551234567 is no longer available"}`), KindRejected, 422,
			[]string{"Number +15551234567 is no longer available"}, false},
		{"422 errors list", reply(422, `{"errors":["phone_number is required","name is too long"]}`), KindRejected, 422,
			[]string{"phone_number is required", "name is too long"}, false},
		{"401", reply(401, `{"error":"Invalid or expired API key"}`), KindAuth, 401,
			[]string{"Invalid or expired API key"}, false},
		{"429 not retried", reply(429, `{"error":"slow down"}`, "Retry-After", "1"), KindRateLimited, 429,
			[]string{"slow down"}, false},
		{"500", reply(500, `{"error":"boom"}`), KindServer, 500, []string{"boom"}, true},
		{"502 html", reply(502, `<html><body>Bad gateway</body></html>`, "Content-Type", "text/html"),
			KindServer, 502, nil, true},
		{"503 not retried", reply(503, ``), KindServer, 503, nil, true},
		{"504 not retried", reply(504, ``), KindServer, 504, nil, true},
		{"201 not JSON", reply(201, `<html>welcome</html>`), KindBadResponse, 0, nil, true},
		{"201 without the number", reply(201, `{"data":{"ok":true}}`), KindBadResponse, 0, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, rc := recordServer(t, tt.h)
			c, clock := testClient(t, srv)
			got, err := c.Purchase(context.Background(), salesLine)
			var e *Error
			if got != nil || !errors.As(err, &e) {
				t.Fatalf("got %+v, %v", got, err)
			}
			if e.Kind != tt.kind || e.Status != tt.status || strings.Join(e.Messages, "|") != strings.Join(tt.messages, "|") {
				t.Errorf("error %+v (%v)", e, err)
			}
			if IsOutcomeUnknown(err) != tt.unknown {
				t.Errorf("IsOutcomeUnknown = %v, want %v (%v)", !tt.unknown, tt.unknown, err)
			}
			if n := len(rc.Requests()); n != 1 || len(clock.Waits()) != 0 {
				t.Errorf("%d requests and waits %v: a purchase must never be retried", n, clock.Waits())
			}
			if tt.status >= 500 && !strings.Contains(err.Error(), "may have gone through") {
				t.Errorf("text %q does not say the purchase may have gone through", err)
			}
		})
	}
}

// ownedState is a fake account: purchases that hang after (maybe)
// buying, and GET /virtual_numbers listing what was bought.
type ownedState struct {
	mu      sync.Mutex
	buy     bool // a purchase buys before it hangs
	owned   []string
	posts   int
	release chan struct{}
}

func (s *ownedState) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/api/v1/public/virtual_numbers/purchase":
		s.mu.Lock()
		s.posts++
		if s.buy {
			s.owned = append(s.owned, "+15551234567")
		}
		s.mu.Unlock()
		select { // hang until the client gives up or the test ends
		case <-r.Context().Done():
		case <-s.release:
		}
	case "/api/v1/public/virtual_numbers":
		s.mu.Lock()
		defer s.mu.Unlock()
		var items []string
		for i, n := range s.owned {
			items = append(items, `{"id":`+itoa(900+i)+`,"phone_number":"`+n+`","name":"x"}`)
		}
		reply(200, `{"data":[{"id":1,"phone_number":"+447700900001"},`+strings.Join(append(items, `"junk"`), ",")+`]}`)(w, r)
	}
}

// TestPurchaseTimeoutThenOwned: the request is sent, the server never
// answers, the client times out: the outcome is unknown, nothing is
// retried, and the ownership check tells what happened.
func TestPurchaseTimeoutThenOwned(t *testing.T) {
	for _, bought := range []bool{true, false} {
		t.Run(map[bool]string{true: "bought", false: "not bought"}[bought], func(t *testing.T) {
			st := &ownedState{buy: bought, release: make(chan struct{})}
			srv := httptest.NewServer(st)
			t.Cleanup(srv.Close)
			t.Cleanup(func() { close(st.release) })
			c, clock := testClient(t, srv, WithTimeout(50*time.Millisecond))
			_, err := c.Purchase(context.Background(), salesLine)
			if !IsTimeout(err) || !IsOutcomeUnknown(err) || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v; want a timeout with an unknown outcome", err)
			}
			st.mu.Lock()
			posts := st.posts
			st.mu.Unlock()
			if posts != 1 || len(clock.Waits()) != 0 {
				t.Fatalf("%d purchase requests, want exactly 1", posts)
			}
			list, err := c.Owned(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			n, found := FindOwned(list, "+15551234567")
			if found != bought || (bought && (n.ID != "900" || n.Name != "x")) {
				t.Errorf("FindOwned = %+v, %v; want found=%v (list %+v)", n, found, bought, list)
			}
		})
	}
}

func TestPurchaseOutcome(t *testing.T) {
	hangUp := func(w http.ResponseWriter, r *http.Request) {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close() // the request arrived; no answer
		}
	}
	t.Run("connection lost after sending", func(t *testing.T) {
		srv, rc := recordServer(t, hangUp)
		c, _ := testClient(t, srv)
		_, err := c.Purchase(context.Background(), salesLine)
		if !IsNetwork(err) || !IsOutcomeUnknown(err) || len(rc.Requests()) != 1 {
			t.Errorf("err = %v after %d requests", err, len(rc.Requests()))
		}
	})
	t.Run("canceled in flight", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		srv, _ := recordServer(t, func(w http.ResponseWriter, r *http.Request) {
			cancel()
			<-r.Context().Done()
		})
		c, _ := testClient(t, srv)
		_, err := c.Purchase(ctx, salesLine)
		if !IsCanceled(err) || !IsOutcomeUnknown(err) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("connection refused: not sent", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		c, err := NewClient(WithBaseURL("http://"+addr), WithAPIKey(testKey))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Purchase(context.Background(), salesLine)
		if !IsNetwork(err) || IsOutcomeUnknown(err) {
			t.Errorf("err = %v; want a network error, certainly not sent", err)
		}
	})
	t.Run("custom transport, dial error: not sent", func(t *testing.T) {
		hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
		})}
		c, _ := NewClient(WithBaseURL("https://api.example.com"), WithAPIKey(testKey), WithHTTPClient(hc))
		_, err := c.Purchase(context.Background(), salesLine)
		if !IsNetwork(err) || IsOutcomeUnknown(err) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("custom transport, reset: unknown", func(t *testing.T) {
		hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
			return nil, &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
		})}
		c, _ := NewClient(WithBaseURL("https://api.example.com"), WithAPIKey(testKey), WithHTTPClient(hc))
		_, err := c.Purchase(context.Background(), salesLine)
		if !IsNetwork(err) || !IsOutcomeUnknown(err) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("canceled before: not sent", func(t *testing.T) {
		srv, rc := recordServer(t, reply(201, `{}`))
		c, _ := testClient(t, srv)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.Purchase(ctx, salesLine)
		if !IsCanceled(err) || IsOutcomeUnknown(err) || len(rc.Requests()) != 0 {
			t.Errorf("err = %v after %d requests", err, len(rc.Requests()))
		}
	})
	t.Run("no key: not sent", func(t *testing.T) {
		c, _ := NewClient(WithBaseURL("https://api.example.com"))
		_, err := c.Purchase(context.Background(), salesLine)
		if !IsAuth(err) || IsOutcomeUnknown(err) || !errors.Is(err, ErrNoAPIKey) {
			t.Errorf("err = %v", err)
		}
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestPurchaseValidation(t *testing.T) {
	tests := []struct {
		name  string
		req   PurchaseRequest
		field string
	}{
		{"no number", PurchaseRequest{}, "phone number"},
		{"national form", PurchaseRequest{PhoneNumber: "020 7946 0123"}, "phone number"},
		{"letters", PurchaseRequest{PhoneNumber: "+1555FLOWERS"}, "phone number"},
		{"too short", PurchaseRequest{PhoneNumber: "+12345"}, "phone number"},
		{"too long", PurchaseRequest{PhoneNumber: "+1234567890123456"}, "phone number"},
		{"leading zero", PurchaseRequest{PhoneNumber: "+0441234567"}, "phone number"},
		{"country", PurchaseRequest{PhoneNumber: "+442079460123", CountryCode: "UK"}, "country"},
		{"type", PurchaseRequest{PhoneNumber: "+442079460123", NumberType: "land line!"}, "type"},
		{"name control", PurchaseRequest{PhoneNumber: "+442079460123", Name: "a\x1b]52;c;x\x07"}, "name"},
		{"name long", PurchaseRequest{PhoneNumber: "+442079460123", Name: strings.Repeat("n", 256)}, "name"},
		{"group zero", PurchaseRequest{PhoneNumber: "+442079460123", RequirementGroupID: int64p(0)}, "requirement group"},
		{"group negative", PurchaseRequest{PhoneNumber: "+442079460123", RequirementGroupID: int64p(-4)}, "requirement group"},
		{"cost", PurchaseRequest{PhoneNumber: "+442079460123", MonthlyCost: "1,00"}, "monthly cost"},
	}
	srv, rc := recordServer(t, reply(201, `{"data":{"id":1}}`))
	c, _ := testClient(t, srv)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Purchase(context.Background(), tt.req)
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tt.field || IsOutcomeUnknown(err) {
				t.Errorf("err = %v, want a validation error on %s", err, tt.field)
			}
		})
	}
	if n := len(rc.Requests()); n != 0 {
		t.Errorf("%d requests sent for invalid purchases", n)
	}
}

func TestParseE164(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+15551234567", "+15551234567"},
		{" +1 (555) 123-4567 ", "+15551234567"},
		{"+44.20.7946.0123", "+442079460123"},
		{"+2901234", "+2901234"},
		{"15551234567", ""},
		{"+1555123456a", ""},
		{"+", ""},
		{"++15551234567", ""},
		{"+123456789012345", "+123456789012345"},
		{"+1234567890123456", ""},
	}
	for _, tt := range tests {
		got, err := ParseE164(tt.in)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("ParseE164(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
