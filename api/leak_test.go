package api

import (
	"context"
	"net/http"
	"testing"
	"time"

	fs "numbrowse/internal/faultserver"
	"numbrowse/internal/leakcheck"
)

// TestCancelledSearchLeavesNoGoroutine cancels a search at each stage it
// can be waiting in (for the first byte, mid-body, between retries) and
// checks that it returns KindCanceled and leaves no goroutine behind once
// the server is closed and the idle connections dropped.
func TestCancelledSearchLeavesNoGoroutine(t *testing.T) {
	tests := []struct {
		name string
		b    fs.Behaviour
		// inSleep: cancel while waiting to retry (on the fake clock)
		// instead of when the request arrives.
		inSleep bool
	}{
		{"waiting for the first byte", fs.SlowFirstByte(fs.Forever, fs.OK()), false},
		{"mid-body", fs.StallAfter(40, fs.OK()), false},
		{"waiting to retry", fs.RateLimited(fs.Seconds(1)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := leakcheck.Take()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			b := tt.b
			if !tt.inSleep {
				b = fs.OnRequest(func(*http.Request) { cancel() }, b)
			}
			s := fs.New(t, b)
			tr := &http.Transport{}
			opts := []Option{WithBaseURL(s.URL), WithAPIKey(testKey), WithTimeout(time.Minute),
				WithHTTPClient(&http.Client{Transport: tr})}
			c, err := NewClient(opts...)
			if err != nil {
				t.Fatal(err)
			}
			if tt.inSleep {
				clock := &fakeClock{now: time.Now(), onSleep: cancel}
				clock.install(c)
			}
			if _, err := c.Search(ctx, usLocal); !IsCanceled(err) {
				t.Fatalf("got %v, want KindCanceled", err)
			}
			s.Close()
			tr.CloseIdleConnections()
			snap.Check(t)
		})
	}
}
