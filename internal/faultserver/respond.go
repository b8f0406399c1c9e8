package faultserver

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// OK answers 200 with {"data": [entries...]}; with no entries it sends
// three good numbers (DefaultNumbers, built by Entry).
func OK(entries ...string) Behaviour {
	if len(entries) == 0 {
		for _, n := range DefaultNumbers() {
			entries = append(entries, Entry(n))
		}
	}
	return JSON(http.StatusOK, Data(entries...)).named(fmt.Sprintf("ok(%d)", len(entries)))
}

// JSON answers status with body as application/json.
func JSON(status int, body string) Behaviour {
	return Body(status, "application/json", body).named(fmt.Sprintf("json %d", status))
}

// Body answers status with body and the given Content-Type ("" sends
// none).
func Body(status int, contentType, body string) Behaviour {
	return Func(fmt.Sprintf("%d %s (%d bytes)", status, contentType, len(body)),
		func(w http.ResponseWriter, r *http.Request) {
			if contentType != "" {
				w.Header().Set("Content-Type", contentType)
			}
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		})
}

// EmptyError answers status (such as 500) with an empty body and no
// Content-Type.
func EmptyError(status int) Behaviour {
	return Body(status, "", "").named(fmt.Sprintf("%d with an empty body", status))
}

// Tags and text the HTML pages carry; a client's message must show neither
// the markup nor the script.
const (
	// HTMLScriptText is inside a <script> of every page: it must never be
	// shown.
	HTMLScriptText = "window.location='https://evil.example/'"
)

// htmlPage is a proxy's error page with a title, a style sheet, a script
// and an escape sequence hidden in its text.
func htmlPage(title, text string) string {
	return "<!DOCTYPE html>\n<html><head><title>" + title + "</title>\n" +
		"<style>body{font-family:sans-serif;color:#333}</style>\n" +
		"<script>" + HTMLScriptText + "</script></head>\n" +
		"<body>\n<center><h1>" + title + "</h1></center>\n<p>" + text +
		"\x1b]0;pwned\x07</p>\n<hr><center>nginx</center>\n</body></html>\n"
}

// HTML200 answers 200 with an HTML page instead of JSON, as a captive
// portal or a misconfigured proxy does.
func HTML200() Behaviour {
	return Body(http.StatusOK, "text/html; charset=utf-8",
		htmlPage("Sign in to the network", "Accept the terms to continue.")).named("200 with an HTML page")
}

// BadGateway answers 502 with nginx's HTML error page.
func BadGateway() Behaviour {
	return Body(http.StatusBadGateway, "text/html",
		htmlPage("502 Bad Gateway", "The upstream server sent an invalid response.")).named("502 HTML page")
}

// ServiceUnavailable answers 503 with an HTML maintenance page.
func ServiceUnavailable() Behaviour {
	return Body(http.StatusServiceUnavailable, "text/html",
		htmlPage("503 Service Temporarily Unavailable", "We are down for maintenance.")).named("503 HTML page")
}

// RetryAfter is a Retry-After header, computed when a request arrives.
type RetryAfter struct {
	desc  string
	value func(now time.Time) string
}

// Value returns the header value for a request arriving at now.
func (ra RetryAfter) Value(now time.Time) string { return ra.value(now) }

// String describes the header, e.g. "Retry-After: 2" or "Retry-After: date
// in 1s".
func (ra RetryAfter) String() string { return "Retry-After: " + ra.desc }

// Seconds is a Retry-After of n seconds, e.g. "2".
func Seconds(n int) RetryAfter {
	v := strconv.Itoa(n)
	return RetryAfter{desc: v, value: func(time.Time) string { return v }}
}

// Date is a Retry-After given as an HTTP date d after the request arrives
// (rounded up to a whole second, as the format has no fractions).
func Date(d time.Duration) RetryAfter {
	return RetryAfter{desc: "date in " + d.String(), value: func(now time.Time) string {
		return now.Add(d + time.Second - 1).UTC().Format(http.TimeFormat)
	}}
}

// NoRetryAfter sends no Retry-After header.
var NoRetryAfter = RetryAfter{}

// RateLimited answers 429 {"error": "Rate limit exceeded"} with the
// Retry-After ra (NoRetryAfter sends none). Put it in a Sequence before OK
// for "429, then success"; alone it is "429 forever".
func RateLimited(ra RetryAfter) Behaviour {
	name := "429"
	if ra.value != nil {
		name += " " + ra.String()
	}
	return Func(name, func(w http.ResponseWriter, r *http.Request) {
		if ra.value != nil {
			w.Header().Set("Retry-After", ra.Value(time.Now()))
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"error":"Rate limit exceeded"}`))
	})
}

// Redirect answers 302 to base followed by the request's path and query,
// e.g. Redirect(other.URLWithHost("localhost")): a redirect to another
// host, where the API key must not follow.
func Redirect(base string) Behaviour {
	return Func("redirect to "+base, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, base+r.URL.RequestURI(), http.StatusFound)
	})
}

// EchoAuthorization answers status with the request's Authorization
// header copied into the body, twice: in a JSON error message with and
// without "Bearer ", as a careless or hostile server might. A client must
// never show it.
func EchoAuthorization(status int) Behaviour {
	return Func(fmt.Sprintf("%d echoing the Authorization header", status), func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"error":` + quote("invalid key: "+auth) + `,"errors":[` +
			quote(strings.TrimPrefix(auth, "Bearer ")) + `]}`))
	})
}

// Reset resets the connection (TCP RST, via SO_LINGER 0) before sending
// anything, as a crashing proxy or a middlebox does.
func Reset() Behaviour {
	return Func("connection reset", func(w http.ResponseWriter, r *http.Request) {
		resetConn(w)
	})
}

// resetConn hijacks the connection under w and closes it with SO_LINGER
// 0, so the peer gets a RST instead of an orderly end. It reports whether
// it could.
func resetConn(w http.ResponseWriter) bool {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return false
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
	return true
}

// named returns b under another name.
func (b Behaviour) named(name string) Behaviour { b.name = name; return b }
