package faultserver

import (
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
)

// hugeEntrySize is the size of each entry of a Huge body: a good entry
// padded with white space, so the body is mostly cheap to parse.
const hugeEntrySize = 4 << 10

// Huge is a 200 response of n bytes (100 MB, say), streamed: its entries
// are made one at a time from a 4 KiB buffer, never held whole, and it
// announces no Content-Length, so only a client that counts what it reads
// can stop it. Sent reports how many body bytes the server managed to
// write, to prove the client hung up early.
type Huge struct {
	n    int64
	sent atomic.Int64
}

// NewHuge returns a Huge body of about n bytes (at least the envelope).
func NewHuge(n int64) *Huge { return &Huge{n: n} }

// Sent returns the number of body bytes written so far (over every
// request).
func (h *Huge) Sent() int64 { return h.sent.Load() }

// Behaviour returns the behaviour that sends the body.
func (h *Huge) Behaviour() Behaviour {
	return Func(fmt.Sprintf("a %d-byte body", h.n), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		write := func(b []byte) bool {
			if r.Context().Err() != nil {
				return false
			}
			n, err := w.Write(b)
			h.sent.Add(int64(n))
			return err == nil
		}
		const head, tail = `{"data":[`, `]}`
		if !write([]byte(head)) {
			return
		}
		buf := make([]byte, 0, hugeEntrySize)
		left := h.n - int64(len(head)+len(tail))
		for i := 0; left > hugeEntrySize; i++ {
			buf = buf[:0]
			if i > 0 {
				buf = append(buf, ',')
			}
			// Unique numbers: +1 (201..) then 7 digits.
			buf = append(buf, `{"phone_number":"+1`...)
			buf = strconv.AppendInt(buf, 2010000000+int64(i%7990000000), 10)
			buf = append(buf, `","monthly_cost":"1.00"`...)
			for len(buf) < hugeEntrySize-1 {
				buf = append(buf, ' ')
			}
			buf = append(buf, '}')
			if !write(buf) {
				return
			}
			left -= int64(len(buf))
		}
		write([]byte(tail))
	})
}
