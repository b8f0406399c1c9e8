package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
)

// previewBody is a documented body of n entries in which every 1000th
// entry (from the 500th) has no phone number and is skipped: the entries
// sent are n plus n/1000 or so, the numbers kept n.
func previewBody(n int) (body []byte, skippedBefore func(kept int) int) {
	var b bytes.Buffer
	b.WriteString(`{"data":[`)
	kept, sent := 0, 0
	var skipAt []int // numbers kept when each skipped entry came
	for kept < n {
		if sent > 0 {
			b.WriteByte(',')
		}
		if sent%1000 == 500 {
			b.WriteString(`{"country_code":"US","number_type":"local"}`)
			skipAt = append(skipAt, kept)
		} else {
			fmt.Fprintf(&b, `{"phone_number":"+1555%07d","country_code":"US","number_type":"local",`+
				`"upfront_cost":"1.00","monthly_cost":"1.%02d","features":["sms","voice"]}`, kept, kept%100)
			kept++
		}
		sent++
	}
	b.WriteString(`]}`)
	return b.Bytes(), func(k int) int {
		c := 0
		for _, at := range skipAt {
			if at <= k {
				c++
			}
		}
		return c
	}
}

// TestDecodePreview: a large answer's decoder hands its first
// previewAfter numbers over once, as a copy, with the entries skipped so
// far, whether or not the body's length is known; the answer itself is
// the whole list, unchanged.
func TestDecodePreview(t *testing.T) {
	body, skippedBefore := previewBody(3 * previewAfter)
	for _, sized := range []bool{true, false} {
		t.Run(fmt.Sprintf("sized=%v", sized), func(t *testing.T) {
			var r io.Reader = bytes.NewReader(body)
			if !sized {
				r = struct{ io.Reader }{r}
			}
			var previews []*Result
			res, err := decodeSearch(r, usLocal, redactor{}, nil, func(p *Result) { previews = append(previews, p) })
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Numbers) != 3*previewAfter {
				t.Fatalf("%d numbers, want %d", len(res.Numbers), 3*previewAfter)
			}
			if len(previews) != 1 {
				t.Fatalf("%d previews, want 1", len(previews))
			}
			p := previews[0]
			if len(p.Numbers) != previewAfter {
				t.Fatalf("preview of %d numbers, want %d", len(p.Numbers), previewAfter)
			}
			for i := range p.Numbers {
				if p.Numbers[i].E164 != res.Numbers[i].E164 || p.Numbers[i].Monthly != res.Numbers[i].Monthly {
					t.Fatalf("preview number %d = %s %v, the answer's %s %v", i,
						p.Numbers[i].E164, p.Numbers[i].Monthly, res.Numbers[i].E164, res.Numbers[i].Monthly)
				}
			}
			if &p.Numbers[0] == &res.Numbers[0] {
				t.Error("the preview shares the answer's numbers: the decoder writes on into them")
			}
			if got, want := p.Skipped.Count(SkipNoNumber), skippedBefore(previewAfter); got != want || p.Skipped.Total() != want {
				t.Errorf("preview skipped %d (%s), want %d", got, p.Skipped.String(), want)
			}
			if res.Skipped.Total() <= p.Skipped.Total() {
				t.Errorf("the answer's skips (%d) are not the whole list's", res.Skipped.Total())
			}
			if p.Query != usLocal {
				t.Errorf("preview query %+v", p.Query)
			}
		})
	}
}

// TestDecodePreviewNotForSmallAnswers: an answer that ends at previewAfter
// numbers or before gives no preview (the whole answer is as near); one
// more number gives one.
func TestDecodePreviewNotForSmallAnswers(t *testing.T) {
	for _, n := range []int{0, 1, 100, previewAfter - 1, previewAfter, previewAfter + 1} {
		body, _ := previewBody(n)
		calls := 0
		res, err := decodeSearch(struct{ io.Reader }{bytes.NewReader(body)}, usLocal, redactor{}, nil, func(*Result) { calls++ })
		if err != nil || len(res.Numbers) != n {
			t.Fatalf("%d: %v, %d numbers", n, err, len(res.Numbers))
		}
		if want := map[bool]int{true: 1, false: 0}[n > previewAfter]; calls != want {
			t.Errorf("%d numbers: %d previews, want %d", n, calls, want)
		}
	}
}

// TestObservePreview: Client.Search tells the context's observer of the
// preview of each attempt (a retried attempt may give another), with the
// time it was made; without an observer, or for SearchEach, none is made.
func TestObservePreview(t *testing.T) {
	body, _ := previewBody(previewAfter + 2000)
	cut := bytes.Index(body, []byte(fmt.Sprintf("+1555%07d", previewAfter+1500)))
	broken := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body[:cut])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler) // the connection breaks mid-answer
	}
	srv, script := serve(t, broken, reply(200, string(body)))
	c, _ := testClient(t, srv)
	var mu sync.Mutex
	var previews []*Result
	var events []RequestEvent
	ctx := ObservePreview(context.Background(), func(p *Result) {
		mu.Lock()
		previews = append(previews, p)
		mu.Unlock()
	})
	ctx = ObserveRequests(ctx, func(ev RequestEvent) { events = append(events, ev) })
	res, err := c.Search(ctx, usLocal)
	if err != nil {
		t.Fatal(err)
	}
	if script.Count() != 2 || len(events) != 2 || events[0].RetryIn <= 0 {
		t.Fatalf("%d requests, events %+v: want a broken attempt retried", script.Count(), events)
	}
	if len(previews) != 2 {
		t.Fatalf("%d previews, want one per attempt (2)", len(previews))
	}
	for i, p := range previews {
		if len(p.Numbers) != previewAfter || p.FetchedAt.IsZero() || p.Numbers[0].E164 != res.Numbers[0].E164 {
			t.Errorf("preview %d: %d numbers, fetched %v, first %s", i, len(p.Numbers), p.FetchedAt, p.Numbers[0].E164)
		}
	}
	if len(res.Numbers) != previewAfter+2000 {
		t.Errorf("answer of %d numbers", len(res.Numbers))
	}

	// No observer: no preview, the same answer.
	previews = nil
	srv2, _ := serve(t, reply(200, string(body)))
	c2, _ := testClient(t, srv2)
	if res, err := c2.Search(context.Background(), usLocal); err != nil || len(res.Numbers) != previewAfter+2000 {
		t.Fatalf("%v, %+v", err, res)
	}
	// SearchEach hands every number over as it comes: no preview.
	n := 0
	if _, err := c2.SearchEach(ctx, usLocal, func(b []Number) error { n += len(b); return nil }); err != nil || n != previewAfter+2000 {
		t.Fatalf("SearchEach: %v, %d numbers", err, n)
	}
	if len(previews) != 0 {
		t.Errorf("%d previews from SearchEach", len(previews))
	}
}
