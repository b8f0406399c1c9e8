package faultserver

import (
	"cmp"
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
)

// hugeEntrySize is the size of each entry of a Huge body (a good entry
// padded with white space), without the comma between entries.
const hugeEntrySize = 4 << 10

// Huge is a 200 response of n bytes (100 MB, say), streamed: its entries
// are made one at a time from a 4 KiB buffer, never held whole, and it
// announces no Content-Length, so only a client that counts what it reads
// can stop it. Sent reports how many body bytes the server managed to
// write, to prove the client hung up early.
type Huge struct {
	n        int64
	announce bool
	status   int
	sent     atomic.Int64
}

// NewHuge returns a Huge body of about n bytes (at least the envelope).
func NewHuge(n int64) *Huge { return &Huge{n: n} }

// Announced makes the response announce its size in Content-Length,
// which a client can refuse before reading a byte. It returns h.
func (h *Huge) Announced() *Huge { h.announce = true; return h }

// Status makes the response an error with this status (the body is the
// same), to test the cap on error bodies. It returns h.
func (h *Huge) Status(code int) *Huge { h.status = code; return h }

// Sent returns the number of body bytes written so far (over every
// request).
func (h *Huge) Sent() int64 { return h.sent.Load() }

// Behaviour returns the behaviour that sends the body.
func (h *Huge) Behaviour() Behaviour {
	name := fmt.Sprintf("a %d-byte body", h.n)
	if h.status != 0 {
		name = fmt.Sprintf("%d with %s", h.status, name)
	}
	if h.announce {
		name += " with its Content-Length"
	}
	return Func(name, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if h.announce {
			w.Header().Set("Content-Length", strconv.FormatInt(h.size(), 10))
		}
		w.WriteHeader(cmp.Or(h.status, http.StatusOK))
		write := func(b []byte) bool {
			if r.Context().Err() != nil {
				return false
			}
			n, err := w.Write(b)
			h.sent.Add(int64(n))
			return err == nil
		}
		if !write([]byte(hugeHead)) {
			return
		}
		buf := make([]byte, 0, hugeEntrySize)
		for i := range h.entries() {
			buf = buf[:0]
			if i > 0 {
				buf = append(buf, ',')
			}
			start := len(buf)
			// Unique numbers: +1 (201..) then 7 digits.
			buf = append(buf, `{"phone_number":"+1`...)
			buf = strconv.AppendInt(buf, 2010000000+i%7990000000, 10)
			buf = append(buf, `","monthly_cost":"1.00"`...)
			for len(buf)-start < hugeEntrySize-1 {
				buf = append(buf, ' ')
			}
			buf = append(buf, '}')
			if !write(buf) {
				return
			}
		}
		write([]byte(hugeTail))
	})
}

const hugeHead, hugeTail = `{"data":[`, `]}`

// entries is how many entries fit in n bytes.
func (h *Huge) entries() int64 {
	return max(0, (h.n-int64(len(hugeHead)+len(hugeTail))+1)/(hugeEntrySize+1))
}

// size is the exact body size: the envelope, the entries and the commas
// between them.
func (h *Huge) size() int64 {
	k := h.entries()
	return int64(len(hugeHead)+len(hugeTail)) + k*hugeEntrySize + max(0, k-1)
}
