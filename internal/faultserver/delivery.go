package faultserver

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Delivery faults wrap another Behaviour and break the way its response
// reaches the client. They compose: ResetAfter(10, SlowFirstByte(d, OK()))
// waits d, then sends 10 bytes and resets.

// Forever is a wait longer than any test: SlowFirstByte(Forever, b) never
// answers; the handler returns when the client gives up or the server
// closes.
const Forever = 24 * time.Hour

// errCut is what a cut writer returns once the fault has struck, so the
// wrapped behaviour stops writing.
var errCut = errors.New("faultserver: the response was cut on purpose")

// OnRequest calls fn with each request as it arrives (before next answers
// it), e.g. to let a test cancel a search once the server has it.
func OnRequest(fn func(r *http.Request), next Behaviour) Behaviour {
	return Func(next.name, func(w http.ResponseWriter, r *http.Request) {
		fn(r)
		next.ServeHTTP(w, r)
	})
}

// SlowFirstByte waits d before letting next answer: with d beyond the
// client's timeout, the client sees no byte at all (not even the status
// line) in time. The wait ends early, without answering, when the client
// goes away or the server closes.
func SlowFirstByte(d time.Duration, next Behaviour) Behaviour {
	return Func(fmt.Sprintf("first byte after %s, then %s", d, next.name),
		func(w http.ResponseWriter, r *http.Request) {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-r.Context().Done():
			case <-t.C:
				next.ServeHTTP(w, r)
			}
		})
}

// StallAfter sends the status, the headers and the first n bytes of
// next's body, then stops sending (the connection stays open) until the
// client gives up or the server closes: a response that stalls mid-body.
func StallAfter(n int, next Behaviour) Behaviour {
	return Func(fmt.Sprintf("stall after %d bytes of %s", n, next.name),
		func(w http.ResponseWriter, r *http.Request) {
			cw := &cutWriter{ResponseWriter: w, left: n, cut: func() {
				_ = http.NewResponseController(w).Flush()
				<-r.Context().Done()
			}}
			next.ServeHTTP(cw, r)
			cw.finish()
		})
}

// ResetAfter sends the status, the headers and the first n bytes of next's
// body, then resets the connection (TCP RST): a connection reset mid-body.
func ResetAfter(n int, next Behaviour) Behaviour {
	return Func(fmt.Sprintf("reset after %d bytes of %s", n, next.name),
		func(w http.ResponseWriter, r *http.Request) {
			cw := &cutWriter{ResponseWriter: w, left: n, cut: func() {
				_ = http.NewResponseController(w).Flush()
				resetConn(w)
			}}
			next.ServeHTTP(cw, r)
			cw.finish()
		})
}

// Truncate sends only the first n bytes of next's body and then ends the
// response normally: the client gets a complete HTTP response whose body
// is cut short (truncated JSON, for a JSON body).
func Truncate(n int, next Behaviour) Behaviour {
	return Func(fmt.Sprintf("%s truncated to %d bytes", next.name, n),
		func(w http.ResponseWriter, r *http.Request) {
			w.Header().Del("Content-Length")
			next.ServeHTTP(&cutWriter{ResponseWriter: w, left: n, cut: func() {}}, r)
		})
}

// cutWriter passes through the first left bytes of the body, then calls
// cut once and fails every later write with errCut.
type cutWriter struct {
	http.ResponseWriter
	left int
	cut  func()
	done bool
}

func (c *cutWriter) Write(p []byte) (int, error) {
	if c.done {
		return 0, errCut
	}
	if len(p) < c.left {
		n, err := c.ResponseWriter.Write(p)
		c.left -= n
		return n, err
	}
	n, err := c.ResponseWriter.Write(p[:c.left])
	c.left -= n
	if err != nil {
		return n, err
	}
	c.strike()
	return n, errCut
}

// strike runs the fault once.
func (c *cutWriter) strike() {
	if !c.done {
		c.done = true
		c.cut()
	}
}

// finish strikes when the wrapped behaviour wrote fewer bytes than the
// limit: the fault happens at the end of its body instead.
func (c *cutWriter) finish() { c.strike() }

// Flush passes a flush through until the fault has struck.
func (c *cutWriter) Flush() {
	if !c.done {
		_ = http.NewResponseController(c.ResponseWriter).Flush()
	}
}

// Unwrap lets http.ResponseController reach the real writer.
func (c *cutWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
