package serve

import (
	"strings"
	"testing"
	"time"

	"numbrowse/api"
)

func TestRequestLogger(t *testing.T) {
	q := api.Query{Country: "GB", Type: api.Mobile}
	for _, tc := range []struct {
		name  string
		ev    api.RequestEvent
		want  []string
		avoid []string
	}{
		{"ok", api.RequestEvent{Method: "GET", Path: "/virtual_numbers/available", Query: q, Status: 200, Latency: 1234567 * time.Nanosecond, Attempt: 1},
			[]string{"INFO", "upstream search", "country=GB", "type=mobile", "status=200", "latency=1ms"}, []string{"attempt=", "err="}},
		{"rate limited, retried", api.RequestEvent{Method: "GET", Path: "/virtual_numbers/available", Query: q, Status: 429, Latency: time.Second, Attempt: 2,
			Err: &api.Error{Kind: api.KindRateLimited, Status: 429, Messages: []string{"slow \x1b[31mdown"}}},
			[]string{"WARN", "status=429", "attempt=2", "err="}, []string{"\x1b[31m"}},
		{"network", api.RequestEvent{Method: "GET", Path: "/virtual_numbers/available", Query: q, Attempt: 1,
			Err: &api.Error{Kind: api.KindNetwork}},
			[]string{"WARN", "status=0", "err="}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			buf := &syncBuffer{}
			RequestLogger(NewLogger(buf))(tc.ev)
			line := buf.String()
			if strings.Count(line, "\n") != 1 {
				t.Errorf("want one line, got %q", line)
			}
			for _, w := range tc.want {
				if !strings.Contains(line, w) {
					t.Errorf("%q lacks %q", line, w)
				}
			}
			for _, a := range tc.avoid {
				if strings.Contains(line, a) {
					t.Errorf("%q contains %q", line, a)
				}
			}
		})
	}
}

func TestFarewellAndDurations(t *testing.T) {
	for d, want := range map[time.Duration]string{
		15 * time.Minute: "15m", time.Hour: "1h", 90 * time.Second: "1m30s", 300 * time.Millisecond: "300ms",
		2*time.Hour + 30*time.Minute: "2h30m",
	} {
		if got := shortDuration(d); got != want {
			t.Errorf("shortDuration(%s) = %q, want %q", d, got, want)
		}
	}
	if got := farewell(endIdle, 15*time.Minute); !strings.Contains(got, "after 15m without a key press") {
		t.Errorf("idle farewell = %q", got)
	}
	for _, r := range []endReason{endQuit, endGone, endNoStart} {
		if got := farewell(r, time.Minute); got != "" {
			t.Errorf("farewell(%s) = %q, want none", r, got)
		}
	}
	for _, r := range []endReason{endIdle, endShutdown, endPanic, endError} {
		if got := farewell(r, time.Minute); got == "" || strings.Contains(got, "\n") {
			t.Errorf("farewell(%s) = %q, want one line", r, got)
		}
	}
}
