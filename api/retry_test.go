package api

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"
)

const okBody = `{"data":[{"phone_number":"+447700900000"}]}`

func TestRetryAfterSecondsThenSuccess(t *testing.T) {
	srv, s := serve(t, reply(429, `{"error":"Rate limit exceeded"}`, "Retry-After", "2"), reply(200, okBody))
	var events []RequestEvent
	c, clock := testClient(t, srv, WithObserver(func(ev RequestEvent) { events = append(events, ev) }))
	res, err := c.Search(context.Background(), gbMobile)
	if err != nil || len(res.Numbers) != 1 {
		t.Fatalf("Search: %v", err)
	}
	if got := clock.Waits(); !reflect.DeepEqual(got, []time.Duration{2 * time.Second}) {
		t.Errorf("waits = %v, want [2s]", got)
	}
	if s.Count() != 2 || len(events) != 2 {
		t.Fatalf("%d requests, %d events", s.Count(), len(events))
	}
	first, second := events[0], events[1]
	if first.Attempt != 1 || first.Status != 429 || !IsRateLimited(first.Err) ||
		first.Method != "GET" || first.Path != "/virtual_numbers/available" || first.Query != gbMobile {
		t.Errorf("first event %+v", first)
	}
	var e *Error
	if errors.As(first.Err, &e); e == nil || e.RetryAfter != 2*time.Second || e.Attempts != 1 {
		t.Errorf("first event error %+v", e)
	}
	if second.Attempt != 2 || second.Status != 200 || second.Err != nil {
		t.Errorf("second event %+v", second)
	}
}

func TestRetryAfterHTTPDate(t *testing.T) {
	srv, s := serve(t, func(w http.ResponseWriter, r *http.Request) {}, reply(200, okBody))
	c, clock := testClient(t, srv)
	clock.now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	s.steps[0] = reply(429, ``, "Retry-After", clock.now.Add(7*time.Second).Format(http.TimeFormat))
	if _, err := c.Search(context.Background(), gbMobile); err != nil {
		t.Fatal(err)
	}
	if got := clock.Waits(); !reflect.DeepEqual(got, []time.Duration{7 * time.Second}) {
		t.Errorf("waits = %v, want [7s]", got)
	}
}

func TestRetryAfterOverCap(t *testing.T) {
	srv, s := serve(t, reply(429, `{"error":"slow down"}`, "Retry-After", "45"), reply(200, okBody))
	c, clock := testClient(t, srv) // default cap 30s
	_, err := c.Search(context.Background(), gbMobile)
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindRateLimited || e.RetryAfter != 45*time.Second || e.Attempts != 1 {
		t.Fatalf("err = %#v", err)
	}
	if s.Count() != 1 || len(clock.Waits()) != 0 {
		t.Errorf("%d requests, waits %v: a Retry-After over the cap must not be waited out", s.Count(), clock.Waits())
	}
	// A larger cap waits it out.
	srv2, _ := serve(t, reply(429, ``, "Retry-After", "45"), reply(200, okBody))
	c2, clock2 := testClient(t, srv2, WithRetry(3, time.Minute))
	if _, err := c2.Search(context.Background(), gbMobile); err != nil ||
		!reflect.DeepEqual(clock2.Waits(), []time.Duration{45 * time.Second}) {
		t.Errorf("err = %v, waits %v", err, clock2.Waits())
	}
}

func TestRetryBackoff(t *testing.T) {
	tests := []struct {
		name   string
		status int
		jitter float64
		waits  []time.Duration
	}{
		{"429 no Retry-After, low jitter", 429, 0, []time.Duration{125 * time.Millisecond, 250 * time.Millisecond}},
		{"502 mid jitter", 502, 0.5, []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}},
		{"503 high jitter", 503, 0.999, []time.Duration{374750 * time.Microsecond, 749500 * time.Microsecond}},
		{"504", 504, 0.25, []time.Duration{187500 * time.Microsecond, 375 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, s := serve(t, reply(tt.status, ``))
			c, clock := testClient(t, srv)
			clock.jitter = tt.jitter
			_, err := c.Search(context.Background(), gbMobile)
			var e *Error
			if !errors.As(err, &e) || e.Status != tt.status || e.Attempts != 3 || s.Count() != 3 {
				t.Fatalf("err = %#v after %d requests", err, s.Count())
			}
			if got := clock.Waits(); !reflect.DeepEqual(got, tt.waits) {
				t.Errorf("waits = %v, want %v", got, tt.waits)
			}
		})
	}
}

func TestBackoffJitterBounds(t *testing.T) {
	c, err := NewClient()
	if err != nil {
		t.Fatal(err)
	}
	e := &Error{Kind: KindServer, Status: 503}
	for n := 1; n <= 4; n++ {
		base := backoffBase << (n - 1)
		for _, j := range []float64{0, 0.1, 0.5, 0.9, 0.999999, -1, 2} {
			c.jitter = func() float64 { return j }
			d, ok := c.backoff(n, e)
			if !ok || d < base/2 || d > base*3/2 {
				t.Errorf("attempt %d jitter %v: wait %v outside [%v, %v]", n, j, d, base/2, base*3/2)
			}
		}
	}
	// The real jitter source stays in bounds too.
	c2, _ := NewClient()
	for range 1000 {
		if d, _ := c2.backoff(1, e); d < backoffBase/2 || d >= backoffBase*3/2 {
			t.Fatalf("wait %v out of bounds", d)
		}
	}
}

func TestNoRetry(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 422, 500, 501} {
		srv, s := serve(t, reply(status, `{"error":"no"}`), reply(200, okBody))
		c, clock := testClient(t, srv)
		_, err := c.Search(context.Background(), gbMobile)
		var e *Error
		if !errors.As(err, &e) || e.Status != status || e.Attempts != 1 || s.Count() != 1 || len(clock.Waits()) != 0 {
			t.Errorf("%d: err = %v after %d requests, waits %v", status, err, s.Count(), clock.Waits())
		}
	}
}

func TestRetryDisabled(t *testing.T) {
	srv, s := serve(t, reply(503, ``), reply(200, okBody))
	c, _ := testClient(t, srv, WithRetry(1, time.Minute))
	if _, err := c.Search(context.Background(), gbMobile); !IsServer(err) || s.Count() != 1 {
		t.Errorf("err = %v after %d requests", err, s.Count())
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	t.Run("cancelled while waiting", func(t *testing.T) {
		srv, s := serve(t, reply(503, ``), reply(200, okBody))
		c, clock := testClient(t, srv)
		ctx, cancel := context.WithCancel(context.Background())
		clock.onSleep = cancel
		_, err := c.Search(ctx, gbMobile)
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindCanceled || !errors.Is(err, context.Canceled) || e.Attempts != 1 {
			t.Errorf("err = %#v", err)
		}
		if s.Count() != 1 || len(clock.Waits()) != 1 {
			t.Errorf("%d requests, waits %v", s.Count(), clock.Waits())
		}
	})
	t.Run("wait would pass the deadline", func(t *testing.T) {
		srv, s := serve(t, reply(429, ``, "Retry-After", "20"), reply(200, okBody))
		c, clock := testClient(t, srv)
		ctx, cancel := context.WithDeadline(context.Background(), clock.Now().Add(10*time.Second))
		defer cancel()
		_, err := c.Search(ctx, gbMobile)
		var e *Error
		if !errors.As(err, &e) || e.Kind != KindRateLimited || e.RetryAfter != 20*time.Second {
			t.Errorf("err = %#v", err)
		}
		if s.Count() != 1 || len(clock.Waits()) != 0 {
			t.Errorf("%d requests, waits %v", s.Count(), clock.Waits())
		}
	})
	t.Run("cancelled by the observer", func(t *testing.T) {
		srv, s := serve(t, reply(502, ``), reply(200, okBody))
		ctx, cancel := context.WithCancel(context.Background())
		c, clock := testClient(t, srv, WithObserver(func(RequestEvent) { cancel() }))
		_, err := c.Search(ctx, gbMobile)
		if !IsServer(err) || s.Count() != 1 || len(clock.Waits()) != 0 {
			t.Errorf("err = %v after %d requests, waits %v", err, s.Count(), clock.Waits())
		}
	})
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                               0,
		"0":                              0,
		"-5":                             0,
		"12":                             12 * time.Second,
		" 3 ":                            3 * time.Second,
		"1.5":                            0,
		"soon":                           0,
		"99999999999999999999":           0,
		"99999999999":                    (1 << 31) * time.Second,
		"Fri, 27 Nov 2026 12:00:30 GMT":  30 * time.Second,
		"Friday, 27-Nov-26 12:01:00 GMT": time.Minute,
		"Fri Nov 27 12:00:05 2026":       5 * time.Second,
		"Fri, 27 Nov 2026 11:59:00 GMT":  0,
		"Fri, 27 Nov 2026 12:00:00 GMT":  0,
	}
	for in, want := range tests {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSleepContext(t *testing.T) {
	if err := sleepContext(context.Background(), 0); err != nil {
		t.Errorf("zero sleep: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepContext(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled sleep: %v", err)
	}
	if err := sleepContext(context.Background(), time.Millisecond); err != nil {
		t.Errorf("short sleep: %v", err)
	}
}

// TestObserveRequestsReportsRetries: the caller's own observer hears every
// attempt of its request, with the most attempts and the wait before the
// next one (the Retry-After of a 429, the backoff of a 503), as the
// client-wide observer does; a request under another context is not
// reported to it.
func TestObserveRequestsReportsRetries(t *testing.T) {
	srv, _ := serve(t, reply(429, `{"error":"slow down"}`, "Retry-After", "7"), reply(503, ``), reply(200, okBody))
	var all, own []RequestEvent
	c, clock := testClient(t, srv, WithObserver(func(ev RequestEvent) { all = append(all, ev) }))
	ctx := ObserveRequests(context.Background(), func(ev RequestEvent) { own = append(own, ev) })
	if _, err := c.Search(ctx, gbMobile); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(all, own) || len(own) != 3 {
		t.Fatalf("client-wide %+v\nown %+v", all, own)
	}
	waits := clock.Waits()
	want := []struct {
		status int
		kind   Kind
		wait   time.Duration
	}{{429, KindRateLimited, 7 * time.Second}, {503, KindServer, waits[1]}, {200, KindUnknown, 0}}
	for i, w := range want {
		ev := own[i]
		if ev.Attempt != i+1 || ev.Attempts != 3 || ev.Status != w.status || ev.RetryIn != w.wait {
			t.Errorf("event %d = %+v, want status %d, attempt %d of 3, retry in %v", i, ev, w.status, i+1, w.wait)
		}
		if (w.status == 200) != (ev.Err == nil) || (ev.Err != nil && KindOf(ev.Err) != w.kind) {
			t.Errorf("event %d error %v", i, ev.Err)
		}
	}
	if waits[0] != 7*time.Second || waits[1] <= 0 {
		t.Errorf("waits %v", waits)
	}

	// Another request, under a context without the observer, is not the
	// observer's business; a request that is never retried says so.
	own = nil
	srv2, _ := serve(t, reply(404, `{"error":"nope"}`))
	c2, _ := testClient(t, srv2)
	if _, err := c2.Search(context.Background(), gbMobile); err == nil || len(own) != 0 {
		t.Fatalf("err %v, events %+v", err, own)
	}
	if _, err := c2.Search(ctx, gbMobile); err == nil || len(own) != 1 || own[0].RetryIn != 0 || own[0].Attempts != 3 {
		t.Fatalf("a rejected search: err %v, events %+v", err, own)
	}
}
