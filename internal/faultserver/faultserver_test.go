package faultserver

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// get fetches the server's root with a fresh client and returns the
// response status, the body read so far and the read error.
func get(t *testing.T, s *Server, timeout time.Duration) (int, string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/virtual_numbers/available?country=US", nil)
	req.Header.Set("Authorization", "Bearer k")
	hc := &http.Client{Transport: &http.Transport{}}
	defer hc.CloseIdleConnections()
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func TestBodies(t *testing.T) {
	tests := []struct {
		b          Behaviour
		status     int
		validJSON  bool
		contains   string
		retryAfter bool
	}{
		{OK(), 200, true, DefaultNumbers()[2], false},
		{Hostile(), 200, true, `\u001b]52;c;`, false},
		{InvalidUTF8(), 200, true, "\xff", false}, // json.Valid does not check UTF-8
		{LongRegion(1_000_000), 200, true, strings.Repeat("Ab", 1000), false},
		{Duplicates(), 200, true, `"0.01"`, false},
		{NonObjectEntries(), 200, true, `,[{`, false},
		{DataNotArray(), 200, true, `{"data":{`, false},
		{Nested(100_000), 200, false, // past encoding/json's depth limit
			strings.Repeat("[", 1000), false},
		{TruncatedJSON(), 200, false, `{"data":[`, false},
		{HTML200(), 200, false, "<html>", false},
		{BadGateway(), 502, false, "502 Bad Gateway", false},
		{ServiceUnavailable(), 503, false, "503 Service", false},
		{EmptyError(500), 500, false, "", false},
		{RateLimited(Seconds(3)), 429, true, "Rate limit", true},
		{RateLimited(Date(time.Minute)), 429, true, "Rate limit", true},
	}
	for _, tt := range tests {
		t.Run(tt.b.Name(), func(t *testing.T) {
			s := New(t, tt.b)
			status, body, err := get(t, s, 10*time.Second)
			if err != nil || status != tt.status {
				t.Fatalf("status %d, err %v", status, err)
			}
			if json.Valid([]byte(body)) != tt.validJSON {
				t.Errorf("valid JSON = %v, want %v", !tt.validJSON, tt.validJSON)
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("body lacks %q", tt.contains)
			}
			if got := s.Requests(); len(got) != 1 || got[0].Authorization != "Bearer k" || got[0].Query.Get("country") != "US" {
				t.Errorf("recorded %+v", got)
			}
		})
	}
}

func TestRetryAfterHeaders(t *testing.T) {
	if v := Seconds(7).Value(time.Now()); v != "7" {
		t.Errorf("Seconds(7) = %q", v)
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 500, time.UTC)
	got, err := http.ParseTime(Date(3 * time.Second).Value(now))
	if err != nil || got.Sub(now) < 3*time.Second || got.Sub(now) > 4*time.Second {
		t.Errorf("Date(3s) at %v = %v, %v", now, got, err)
	}
}

func TestSequenceAndSwitch(t *testing.T) {
	s := New(t, RateLimited(Seconds(1)), EmptyError(500), OK())
	for i, want := range []int{429, 500, 200, 200} {
		if status, _, err := get(t, s, 10*time.Second); status != want || err != nil {
			t.Fatalf("request %d: %d %v, want %d", i, status, err, want)
		}
	}
	sw := NewSwitch(BadGateway())
	s = New(t, sw.Behaviour())
	if status, _, _ := get(t, s, 10*time.Second); status != 502 {
		t.Fatalf("switch: %d", status)
	}
	sw.Set(OK())
	if status, _, _ := get(t, s, 10*time.Second); status != 200 {
		t.Fatalf("switch after Set: %d", status)
	}
	var zero Switch
	if zero.Current().Name() != OK().Name() {
		t.Errorf("zero Switch answers %s", zero.Current().Name())
	}
}

func TestDeliveryFaults(t *testing.T) {
	body := Data(Entry(DefaultNumbers()[0]), Entry(DefaultNumbers()[1]))
	t.Run("stall", func(t *testing.T) {
		s := New(t, StallAfter(20, JSON(200, body)))
		status, got, err := get(t, s, 300*time.Millisecond)
		if status != 200 || got != body[:20] || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("status %d, body %q, err %v", status, got, err)
		}
	})
	t.Run("slow first byte", func(t *testing.T) {
		s := New(t, SlowFirstByte(Forever, OK()))
		if _, _, err := get(t, s, 200*time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("slow first byte, then answers", func(t *testing.T) {
		s := New(t, SlowFirstByte(time.Millisecond, OK()))
		if status, _, err := get(t, s, 10*time.Second); status != 200 || err != nil {
			t.Fatalf("%d %v", status, err)
		}
	})
	t.Run("reset mid-body", func(t *testing.T) {
		s := New(t, ResetAfter(20, JSON(200, body)))
		status, got, err := get(t, s, 10*time.Second)
		if status != 200 || got != body[:20] || !errors.Is(err, syscall.ECONNRESET) {
			t.Fatalf("status %d, body %q, err %v", status, got, err)
		}
	})
	t.Run("reset before anything", func(t *testing.T) {
		s := New(t, Reset())
		if _, _, err := get(t, s, 10*time.Second); err == nil {
			t.Fatal("no error")
		}
	})
	t.Run("truncate", func(t *testing.T) {
		s := New(t, TruncatedJSON())
		status, got, err := get(t, s, 10*time.Second)
		if status != 200 || err != nil || len(got) != len(body)*3/4 {
			t.Fatalf("status %d, %d bytes, err %v", status, len(got), err)
		}
	})
}

func TestHugeStreams(t *testing.T) {
	h := NewHuge(100 << 20)
	s := New(t, h.Behaviour())
	req, _ := http.NewRequest(http.MethodGet, s.URL, nil)
	hc := &http.Client{Transport: &http.Transport{}}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.ContentLength != -1 {
		t.Errorf("Content-Length %d announced", resp.ContentLength)
	}
	head := make([]byte, 1<<20)
	if _, err := io.ReadFull(resp.Body, head); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(head), `{"data":[{"phone_number":"+12010000000"`) {
		t.Errorf("head %q", head[:60])
	}
	resp.Body.Close()
	hc.CloseIdleConnections()
	s.Close() // returns once the handler gave up
	if sent := h.Sent(); sent >= 100<<20 {
		t.Errorf("the server sent the whole body (%d bytes) to a client that hung up", sent)
	}
}

func TestFullHugeBodyIsValidJSON(t *testing.T) {
	h := NewHuge(1 << 20)
	s := New(t, h.Behaviour())
	status, body, err := get(t, s, 10*time.Second)
	if status != 200 || err != nil || !json.Valid([]byte(body)) {
		t.Fatalf("%d %v valid=%v", status, err, json.Valid([]byte(body)))
	}
	if int64(len(body)) != h.size() || len(body) > 1<<20 || len(body) < 1<<20-2*hugeEntrySize {
		t.Errorf("%d bytes, size() %d", len(body), h.size())
	}
}

func TestHugeAnnounced(t *testing.T) {
	h := NewHuge(1 << 20).Announced()
	s := New(t, h.Behaviour())
	req, _ := http.NewRequest(http.MethodGet, s.URL, nil)
	hc := &http.Client{Transport: &http.Transport{}}
	defer hc.CloseIdleConnections()
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.ContentLength != h.size() || int64(len(b)) != h.size() || !json.Valid(b) {
		t.Fatalf("Content-Length %d, read %d bytes (%v), size %d", resp.ContentLength, len(b), err, h.size())
	}
}

func TestRedirectAndHosts(t *testing.T) {
	other := New(t)
	s := New(t, Redirect(other.URLWithHost("localhost")))
	if status, _, err := get(t, s, 10*time.Second); status != 200 || err != nil {
		t.Fatalf("%d %v", status, err)
	}
	got := other.Requests()
	if len(got) != 1 || !strings.HasPrefix(got[0].Host, "localhost:") || got[0].Path != "/virtual_numbers/available" {
		t.Fatalf("the other host got %+v", got)
	}
	// Go's client drops Authorization on a redirect to another host name.
	if got[0].Authorization != "" {
		t.Errorf("Authorization followed the redirect: %q", got[0].Authorization)
	}
}

func TestHostileTextCoversEveryControl(t *testing.T) {
	for c := rune(0); c <= 0x9f; c++ {
		if c >= 0x20 && c < 0x7f {
			continue
		}
		if !strings.ContainsRune(HostileText, c) {
			t.Errorf("HostileText lacks %U", c)
		}
	}
	for _, seq := range []string{"\x1b[", "\x1b]52;", "\x1b]0;", "\x1b]8;;", "\x1bP", "\u009b", "\u009d"} {
		if !strings.Contains(HostileText, seq) {
			t.Errorf("HostileText lacks %q", seq)
		}
	}
}

func TestOnRequest(t *testing.T) {
	var paths []string
	s := New(t, OnRequest(func(r *http.Request) { paths = append(paths, r.URL.Path) }, OK()))
	if status, _, err := get(t, s, 10*time.Second); status != 200 || err != nil {
		t.Fatalf("%d %v", status, err)
	}
	if len(paths) != 1 || paths[0] != "/virtual_numbers/available" {
		t.Fatalf("OnRequest saw %q", paths)
	}
}

func TestFormulaCells(t *testing.T) {
	csvText := "phone_number,upfront_cost,a,b,c,d,e,f,g,h\r\n" +
		"+14155550100,-0.50,1e3,'=1+1,=1+1,\" -1+2\",@x,\"\t=1\",+1-2,--1\r\n"
	bad, err := FormulaCells(csvText)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"=1+1", " -1+2", "@x", "\t=1", "+1-2", "--1"}
	if strings.Join(bad, "|") != strings.Join(want, "|") {
		t.Errorf("FormulaCells = %q, want %q", bad, want)
	}
}
