package demo

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"numbrowse/api"
)

// BenchmarkGenerate generates 100,000 numbers of a few offers, and MaxSize
// of US local numbers, each checked against libphonenumber's patterns.
func BenchmarkGenerate(b *testing.B) {
	for _, tc := range []struct {
		q api.Query
		n int
	}{
		{api.Query{Country: "US", Type: api.Local}, 100_000},
		{api.Query{Country: "GB", Type: api.Local}, 100_000},
		{api.Query{Country: "DE", Type: api.Mobile}, 100_000},
		{api.Query{Country: "US", Type: api.Local}, MaxSize},
	} {
		b.Run(fmt.Sprintf("%dk/%s/%s", tc.n/1000, tc.q.Country, tc.q.Type), func(b *testing.B) {
			c := catalogue()[tc.q.Country]
			o := c.offer(tc.q.Type)
			c.typer() // compile the patterns outside the timing
			b.ReportAllocs()
			for b.Loop() {
				if st := generate(c, o, tc.n, 1); len(st.entries) != tc.n {
					b.Fatalf("%d numbers", len(st.entries))
				}
			}
		})
	}
}

// discard is a ResponseWriter that counts and drops the body.
type discard struct {
	h http.Header
	n int64
}

func (d *discard) Header() http.Header { return d.h }
func (d *discard) WriteHeader(int)     {}
func (d *discard) Write(p []byte) (int, error) {
	d.n += int64(len(p))
	return len(p), nil
}

// BenchmarkSearch200k serves a search of MaxSize numbers: cold includes
// generating the stock, warm only writes the JSON.
func BenchmarkSearch200k(b *testing.B) {
	req := httptest.NewRequest(http.MethodGet, BasePath+"/virtual_numbers/available?country=US&number_type=local", nil)
	req.Header.Set("Authorization", "Bearer "+APIKey)
	serve := func(b *testing.B, h http.Handler) {
		w := &discard{h: http.Header{}}
		h.ServeHTTP(w, req)
		b.SetBytes(w.n)
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			serve(b, NewHandler(WithLatency(0, 0), WithSize(MaxSize)))
		}
	})
	b.Run("warm", func(b *testing.B) {
		h := NewHandler(WithLatency(0, 0), WithSize(MaxSize))
		serve(b, h)
		b.ResetTimer()
		for b.Loop() {
			serve(b, h)
		}
	})
}

var _ io.Writer = (*discard)(nil)
