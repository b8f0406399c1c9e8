package api

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Explanation is what happened when a request failed, in words for a
// person: the command line and the browser print the same Sentence, and
// each adds its own hint where Hint is empty or does not fit (a flag on
// the command line, a key in the browser).
type Explanation struct {
	// Sentence says what happened, with what the API said, on one line.
	// It starts in lower case unless it starts with a name ("API key
	// rejected (401): Invalid or expired API key").
	Sentence string
	// Hint says what to do when that is the same wherever the user is
	// ("check IDENTITYCALL_API_KEY"), else "".
	Hint string
	// Transient is true when the same request may well succeed if tried
	// again: a server, network or response failure, a timeout, a rate
	// limit, an interruption.
	Transient bool
}

// Explain is the one table from a failed request to what a person reads:
// err's *Error by its Kind. ok is false when err holds no *Error.
func Explain(err error) (x Explanation, ok bool) {
	var e *Error
	if !errors.As(err, &e) {
		return Explanation{}, false
	}
	switch e.Kind {
	case KindAuth:
		if errors.Is(e, ErrNoAPIKey) {
			return Explanation{Sentence: "IDENTITYCALL_API_KEY is not set"}, true
		}
		return Explanation{Sentence: e.with("API key rejected (401)"), Hint: "check IDENTITYCALL_API_KEY"}, true
	case KindPermission:
		return Explanation{Sentence: e.with("API key lacks a permission (403)"), Hint: "use a key with read permission"}, true
	case KindRejected:
		return Explanation{Sentence: e.with(fmt.Sprintf("search rejected (HTTP %d)", e.Status)),
			Hint: "try another number type or country"}, true
	case KindBadRequest:
		return Explanation{Sentence: e.with("the API refused the request (400)")}, true
	case KindRateLimited:
		hint := "wait a minute and try again"
		if e.RetryAfter > 0 {
			hint = "try again in " + e.RetryAfter.Round(time.Second).String()
		}
		return Explanation{Sentence: e.with("rate limited") + e.attempts(), Hint: hint, Transient: true}, true
	case KindServer:
		return Explanation{Sentence: e.with("the IdentityCall server failed ("+httpStatus(e.Status)+")") + e.attempts(),
			Hint: "try again later", Transient: true}, true
	case KindTimeout:
		if e.Timeout > 0 {
			return Explanation{Sentence: "the API did not answer within " + durationText(e.Timeout) + e.attempts(), Transient: true}, true
		}
		return Explanation{Sentence: "the API did not answer in time" + e.attempts(), Transient: true}, true
	case KindNetwork:
		return Explanation{Sentence: withCause("cannot reach the IdentityCall API", e.cause()) + e.attempts(), Transient: true}, true
	case KindBadResponse:
		if limit, ok := IsTooLarge(e); ok {
			// Not transient: the same search will be as big next time.
			return Explanation{Sentence: "the API's answer is over the " + formatBytes(limit) +
				" size limit"}, true
		}
		return Explanation{Sentence: withCause("the API sent a response numbrowse cannot read", e.cause()) + e.attempts(),
			Hint: "try again later", Transient: true}, true
	case KindCanceled:
		return Explanation{Sentence: "interrupted", Transient: true}, true
	}
	return Explanation{Sentence: "the request failed: " + strings.TrimPrefix(e.Error(), "identitycall: "), Transient: true}, true
}

// ExplainPurchase is Explain for a purchase that certainly did not
// happen (IsOutcomeUnknown(err) is false): every sentence says whether the
// request was sent. err need not hold an *Error (a *ValidationError is
// "not sent").
func ExplainPurchase(err error) Explanation {
	var e *Error
	if !errors.As(err, &e) {
		var ve *ValidationError
		if errors.As(err, &ve) {
			return Explanation{Sentence: "not sent: " + Printable(err.Error())}
		}
		return Explanation{Sentence: "not bought: " + Printable(err.Error())}
	}
	x, _ := Explain(e)
	switch e.Kind {
	case KindAuth:
		if errors.Is(e, ErrNoAPIKey) {
			return Explanation{Sentence: "not sent: " + x.Sentence}
		}
	case KindPermission:
		return Explanation{Sentence: e.with("not bought: the API key lacks write permission (403)"), Hint: "use a key that may buy numbers"}
	case KindRejected:
		return Explanation{Sentence: e.with(fmt.Sprintf("not bought: the provider refused the purchase (HTTP %d)", e.Status))}
	case KindNetwork, KindTimeout, KindCanceled:
		x.Sentence = "not sent: " + x.Sentence + " — nothing was bought"
		return x
	}
	x.Sentence = "not bought: " + x.Sentence
	return x
}

// UnknownOutcomeReason says why the outcome of a purchase that failed
// with err is unknown (IsOutcomeUnknown(err)): "no answer came in time".
func UnknownOutcomeReason(err error) string {
	var e *Error
	switch {
	case errors.As(err, &e) && e.Status >= 500:
		return fmt.Sprintf("the server failed while handling it (HTTP %d)", e.Status)
	case errors.As(err, &e) && e.Status >= 300 && e.Status < 400:
		return fmt.Sprintf("the API answered with a redirect (HTTP %d), which is not followed", e.Status)
	case IsTimeout(err):
		return "no answer came in time"
	case IsNetwork(err):
		return "the connection was lost"
	case IsCanceled(err):
		return "it was interrupted"
	}
	return "the answer could not be read"
}

// UnknownOutcome is the sentence for a purchase whose outcome is unknown:
// "the purchase was sent but no answer came in time: it may have gone
// through".
func UnknownOutcome(err error) string {
	return "the purchase was sent but " + UnknownOutcomeReason(err) + ": it may have gone through"
}

// with is s followed by what the API said, if it said anything.
func (e *Error) with(s string) string { return withCause(s, e.said()) }

// said is what the API said: its messages, else an excerpt of its error
// page; "" when it said nothing.
func (e *Error) said() string {
	if len(e.Messages) > 0 {
		return Printable(strings.Join(e.Messages, "; "))
	}
	return Printable(e.Snippet)
}

// cause is the underlying error's text, without the request line a
// transport error starts with (`Get "https://…": `), else what the API
// said.
func (e *Error) cause() string {
	if e.Err == nil {
		return e.said()
	}
	s := e.Err.Error()
	var ue *url.Error
	if errors.As(e.Err, &ue) {
		s = strings.TrimPrefix(s, ue.Op+" "+strconv.Quote(ue.URL)+": ")
	}
	return Printable(s)
}

// attempts is " (3 attempts)" after retries, else "".
func (e *Error) attempts() string {
	if e.Attempts > 1 {
		return fmt.Sprintf(" (%d attempts)", e.Attempts)
	}
	return ""
}

// durationText is a duration as people write it: "3s", "1.5s", "200ms",
// "2m" (not "2m0s").
func durationText(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func withCause(s, cause string) string {
	if cause == "" {
		return s
	}
	return s + ": " + cause
}

// httpStatus is "HTTP 502 Bad Gateway", or "HTTP 599" for a status
// without a name.
func httpStatus(status int) string {
	if t := http.StatusText(status); t != "" {
		return fmt.Sprintf("HTTP %d %s", status, t)
	}
	return fmt.Sprintf("HTTP %d", status)
}
