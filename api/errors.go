package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrNoAPIKey is wrapped by the KindAuth *Error a request returns when the
// client has no API key, before anything is sent.
var ErrNoAPIKey = errors.New("no API key (set IDENTITYCALL_API_KEY)")

// Kind classifies an *Error so callers can react without matching text.
type Kind int

// The kinds of failure a request can end in.
const (
	KindUnknown     Kind = iota // anything not listed below
	KindAuth                    // 401, or no API key: the key is missing, wrong, revoked or expired
	KindPermission              // 403: the key lacks the permission
	KindRejected                // 404, 422 and other 4xx: the API refused this search
	KindBadRequest              // 400: the API says the parameters are invalid
	KindRateLimited             // 429: too many requests; see Error.RetryAfter
	KindServer                  // 5xx: server or proxy trouble
	KindNetwork                 // no HTTP response: DNS, connect, TLS, connection reset
	KindTimeout                 // the per-attempt timeout or the caller's deadline passed
	KindBadResponse             // a 2xx response that is not the expected JSON, or too big
	KindCanceled                // the caller cancelled the context
)

var kindNames = [...]string{
	KindUnknown:     "unknown",
	KindAuth:        "auth",
	KindPermission:  "permission",
	KindRejected:    "rejected",
	KindBadRequest:  "bad request",
	KindRateLimited: "rate limited",
	KindServer:      "server error",
	KindNetwork:     "network error",
	KindTimeout:     "timed out",
	KindBadResponse: "bad response",
	KindCanceled:    "canceled",
}

// String returns a short lower-case name for the kind ("rate limited").
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// Error is the error every Client call returns for a failed request. Use
// errors.As to get it, or KindOf and the Is* helpers. Its text is one line,
// safe to print, and never contains the API key.
type Error struct {
	// Kind classifies the failure.
	Kind Kind
	// Status is the HTTP status code, or 0 when no response arrived.
	Status int
	// Messages are the server's error messages, cleaned with Printable.
	Messages []string
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
	// Snippet is a short cleaned excerpt of a non-JSON error body (such as
	// a proxy's HTML page), at most 120 characters.
	Snippet string
	// Attempts is how many HTTP attempts were made.
	Attempts int
	// Timeout, for a KindTimeout error, is the time limit of each attempt
	// (WithTimeout) when that is what ran out; 0 when it was the caller's
	// deadline.
	Timeout time.Duration
	// Partial is how many numbers Client.SearchEach had handed over before
	// the failure (0 for every other call).
	Partial int
	// Err is the underlying cause, if any (a transport error,
	// context.Canceled, context.DeadlineExceeded, ErrNoAPIKey...).
	Err error
}

// Error returns a one-line description such as
// "identitycall: HTTP 401 Unauthorized: Invalid or expired API key".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("identitycall: ")
	if e.Status != 0 {
		fmt.Fprintf(&b, "HTTP %d", e.Status)
		if t := http.StatusText(e.Status); t != "" {
			b.WriteString(" " + t)
		}
	} else {
		b.WriteString(e.Kind.String())
		if e.Err != nil {
			b.WriteString(": " + e.Err.Error())
		}
	}
	switch {
	case len(e.Messages) > 0:
		b.WriteString(": " + strings.Join(e.Messages, "; "))
	case e.Snippet != "":
		b.WriteString(": " + e.Snippet)
	}
	if e.Status != 0 && e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", formatWait(e.RetryAfter))
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (%d attempts)", e.Attempts)
	}
	return Printable(b.String())
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

func formatWait(d time.Duration) string {
	if d < time.Second {
		return d.String()
	}
	return d.Round(time.Second).String()
}

// KindOf returns the Kind of the first *Error in err's chain, or
// KindUnknown.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindUnknown
}

// IsAuth reports whether err is a KindAuth *Error (401 or no API key).
func IsAuth(err error) bool { return KindOf(err) == KindAuth }

// IsPermission reports whether err is a KindPermission *Error (403).
func IsPermission(err error) bool { return KindOf(err) == KindPermission }

// IsRejected reports whether err is a KindRejected *Error (404, 422).
func IsRejected(err error) bool { return KindOf(err) == KindRejected }

// IsBadRequest reports whether err is a KindBadRequest *Error (400).
func IsBadRequest(err error) bool { return KindOf(err) == KindBadRequest }

// IsRateLimited reports whether err is a KindRateLimited *Error (429).
func IsRateLimited(err error) bool { return KindOf(err) == KindRateLimited }

// IsServer reports whether err is a KindServer *Error (5xx).
func IsServer(err error) bool { return KindOf(err) == KindServer }

// IsNetwork reports whether err is a KindNetwork *Error.
func IsNetwork(err error) bool { return KindOf(err) == KindNetwork }

// IsTimeout reports whether err is a KindTimeout *Error.
func IsTimeout(err error) bool { return KindOf(err) == KindTimeout }

// IsBadResponse reports whether err is a KindBadResponse *Error.
func IsBadResponse(err error) bool { return KindOf(err) == KindBadResponse }

// IsCanceled reports whether err is a KindCanceled *Error.
func IsCanceled(err error) bool { return KindOf(err) == KindCanceled }

// kindForStatus maps an HTTP status that is not 2xx to a Kind.
func kindForStatus(status int) Kind {
	switch {
	case status == http.StatusBadRequest:
		return KindBadRequest
	case status == http.StatusUnauthorized:
		return KindAuth
	case status == http.StatusForbidden:
		return KindPermission
	case status == http.StatusTooManyRequests:
		return KindRateLimited
	case status >= 400 && status < 500:
		return KindRejected
	case status >= 500 && status < 600:
		return KindServer
	}
	return KindUnknown
}

// badResponse returns a KindBadResponse error with a plain-words reason.
func badResponse(format string, args ...any) *Error {
	return &Error{Kind: KindBadResponse, Err: fmt.Errorf(format, args...)}
}

// truncate shortens s to at most n runes, ending in "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n-1 {
			break
		}
		count++
	}
	return strings.TrimSpace(s[:i]) + "…"
}
