package api

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSearchEachSameAsSearch: SearchEach hands over exactly the numbers
// Search returns, in the same order, and counts the same skipped entries.
func TestSearchEachSameAsSearch(t *testing.T) {
	body := string(benchBody(3000))
	body = strings.Replace(body, `{"data":[`, `{"data":[{"no_number":true},7,`, 1)
	srv, _ := serve(t, reply(200, body))
	c, _ := testClient(t, srv)
	want, err := c.Search(context.Background(), usLocal)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	batches := 0
	res, err := c.SearchEach(context.Background(), usLocal, func(b []Number) error {
		batches++
		if len(b) == 0 || len(b) > streamBatchSize {
			t.Errorf("a batch of %d numbers", len(b))
		}
		for i := range b {
			got = append(got, b[i].E164+" "+b[i].Monthly.String()+" "+strings.Join(b[i].Features, ","))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var wantList []string
	for _, n := range want.Numbers {
		wantList = append(wantList, n.E164+" "+n.Monthly.String()+" "+strings.Join(n.Features, ","))
	}
	if !slices.Equal(got, wantList) {
		t.Errorf("SearchEach gave %d numbers, Search %d, or in another order", len(got), len(wantList))
	}
	if res.Numbers != nil || res.Skipped != want.Skipped || res.FetchedAt.IsZero() {
		t.Errorf("result: %d numbers, skipped %v (want %v), fetched %v", len(res.Numbers), res.Skipped, want.Skipped, res.FetchedAt)
	}
	if batches < 3000/streamBatchSize {
		t.Errorf("%d batches for 3000 numbers", batches)
	}
}

// TestSearchEachBeforeTheEnd: the first numbers are handed over while the
// server still holds back the rest of the body.
func TestSearchEachBeforeTheEnd(t *testing.T) {
	first := make(chan struct{})
	srv, _ := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		body := benchBody(10)
		head, tail := body[:len(body)/2], body[len(body)/2:]
		_, _ = w.Write(head)
		w.(http.Flusher).Flush()
		select { // the rest only once the client has handed over numbers
		case <-first:
		case <-r.Context().Done():
			return
		case <-time.After(time.Minute): // a failure guard, not a measurement
			return
		}
		_, _ = w.Write(tail)
	})
	c, _ := testClient(t, srv)
	n, got := 0, false
	_, err := c.SearchEach(context.Background(), usLocal, func(b []Number) error {
		if !got {
			got = true
			close(first)
		}
		n += len(b)
		return nil
	})
	if err != nil || n != 10 {
		t.Fatalf("%d numbers, %v; want 10 (the first before the body ended)", n, err)
	}
}

// TestSearchEachStops: emit's error ends the search and comes back as it
// is, without a retry.
func TestSearchEachStops(t *testing.T) {
	srv, s := serve(t, reply(200, string(benchBody(2000))))
	c, _ := testClient(t, srv)
	stop := errors.New("enough")
	calls := 0
	_, err := c.SearchEach(context.Background(), usLocal, func([]Number) error { calls++; return stop })
	if err != stop || calls != 1 || s.Count() != 1 {
		t.Errorf("err %v after %d calls and %d requests; want %v after 1 and 1", err, calls, s.Count(), stop)
	}
}

// TestSearchEachRetries: a failure before any number was handed over is
// retried as Search's; one after is final and says how many numbers were
// handed over.
func TestSearchEachRetries(t *testing.T) {
	srv, s := serve(t, reply(503, `{"error":"busy"}`), reply(200, string(benchBody(5))))
	c, _ := testClient(t, srv)
	n := 0
	if _, err := c.SearchEach(context.Background(), usLocal, func(b []Number) error { n += len(b); return nil }); err != nil || n != 5 || s.Count() != 2 {
		t.Fatalf("after a 503: %d numbers, %v, %d requests", n, err, s.Count())
	}

	// A body cut after 600 entries: the connection breaks mid-answer.
	body := benchBody(2000)
	cut := bytes.Index(body, []byte(`"+1970`+"0000600"))
	srv, s = serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "99999999")
		w.WriteHeader(200)
		_, _ = w.Write(body[:cut])
	})
	c, _ = testClient(t, srv, WithMaxBodyBytes(100<<20))
	n = 0
	_, err := c.SearchEach(context.Background(), usLocal, func(b []Number) error { n += len(b); return nil })
	var e *Error
	if !errors.As(err, &e) || s.Count() != 1 || e.Partial != n || n == 0 {
		t.Fatalf("cut body: %v after %d requests, %d numbers handed over; want one request, a partial error", err, s.Count(), n)
	}
}
