package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"numbrowse/internal/leakcheck"
)

// TestDecodeSearchUnsizedNotJSONAtOnce: a body without a length that is
// not a JSON object is told at once, not after the rest of it arrives
// (here, never).
func TestDecodeSearchUnsizedNotJSONAtOnce(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() { _, _ = pw.Write([]byte("<html><body>Bad gateway")) }()
	done := make(chan error, 1)
	go func() {
		_, err := DecodeSearch(pr, usLocal)
		done <- err
	}()
	select {
	case err := <-done:
		if KindOf(err) != KindBadResponse || !strings.Contains(err.Error(), "not JSON") {
			t.Errorf("err = %v, want a response that is not JSON", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the decoder waited for the rest of a body that is not JSON")
	}
}

// TestSearchBodyNotEnded: a server that sends a whole answer without a
// length and then neither ends nor closes it: the numbers are returned
// once the JSON is complete, not when the request times out (the client
// drains what is left of a body to reuse its connection, but not for
// longer than drainWait).
func TestSearchBodyNotEnded(t *testing.T) {
	snap := leakcheck.Take()
	body := benchBody(5_000)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
		w.(http.Flusher).Flush()
		select { // the body is never ended
		case <-release:
		case <-r.Context().Done():
		}
	}))
	tr := &http.Transport{}
	c, err := NewClient(WithBaseURL(srv.URL), WithAPIKey(testKey), WithTimeout(time.Minute),
		WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	var res *Result
	go func() {
		var err error
		res, err = c.Search(context.Background(), usLocal)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil || len(res.Numbers) != 5_000 {
			t.Fatalf("%v, %d numbers; want 5,000", err, len(res.Numbers))
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no result until the request times out, though the JSON was complete")
	}
	close(release)
	srv.Close()
	tr.CloseIdleConnections()
	snap.Check(t)
}
