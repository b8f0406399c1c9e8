package ui

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/charmbracelet/colorprofile"

	"numbrowse/api"
	"numbrowse/api/demo"
	"numbrowse/internal/results"
)

// BenchmarkFirstResults is what happens between the demo server's answer
// of 100,000 US local numbers and the first frame that shows them: decode
// the body (streamed without a length, as the demo and the API send it),
// index the numbers, order them as the browser does at first (by monthly
// cost), lay out and draw the table. (The browser's
// figure, with the terminal and the network, is scripts/bench.sh's "first
// results after the server answers".)
func BenchmarkFirstResults(b *testing.B) {
	req := httptest.NewRequest(http.MethodGet, demo.BasePath+"/virtual_numbers/available?country=US&number_type=local", nil)
	req.Header.Set("Authorization", "Bearer "+demo.APIKey)
	w := httptest.NewRecorder()
	demo.NewHandler(demo.WithSize(100_000)).ServeHTTP(w, req)
	body := w.Body.Bytes()
	st := NewStyles(true, colorprofile.ANSI256, false)
	q := api.Query{Country: "US", Type: api.Local}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := api.DecodeSearch(struct{ io.Reader }{bytes.NewReader(body)}, q)
		if err != nil || len(res.Numbers) != 100_000 {
			b.Fatalf("%v, %d numbers", err, len(res.Numbers))
		}
		set := results.NewSet(res.Numbers)
		t := newResultsTable(&st, pkKeys())
		t.SetSize(120, 38)
		t.SetData(set, set.View(results.Filter{}, results.Sort{Col: results.Monthly}), false)
		_ = t.View()
	}
}
