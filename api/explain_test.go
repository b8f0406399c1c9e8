package api

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"
)

func TestExplain(t *testing.T) {
	reset := &url.Error{Op: "Get", URL: "https://api.identitycall.ai/api/v1/public/virtual_numbers/available?country=US",
		Err: errors.New("read tcp 10.0.0.1:4242->10.0.0.2:443: read: connection reset by peer")}
	tests := []struct {
		err       error
		sentence  string
		hint      string
		transient bool
	}{
		{&Error{Kind: KindAuth, Err: ErrNoAPIKey}, "IDENTITYCALL_API_KEY is not set", "", false},
		{&Error{Kind: KindAuth, Status: 401, Messages: []string{"Invalid or expired API key"}},
			"API key rejected (401): Invalid or expired API key", "check IDENTITYCALL_API_KEY", false},
		{&Error{Kind: KindPermission, Status: 403, Messages: []string{"Read permission required"}},
			"API key lacks a permission (403): Read permission required", "use a key with read permission", false},
		{&Error{Kind: KindRejected, Status: 422, Messages: []string{"number_type is not offered", "try local"}},
			"search rejected (HTTP 422): number_type is not offered; try local", "try another number type or country", false},
		{&Error{Kind: KindRejected, Status: 404}, "search rejected (HTTP 404)", "try another number type or country", false},
		{&Error{Kind: KindBadRequest, Status: 400}, "the API refused the request (400)", "", false},
		{&Error{Kind: KindRateLimited, Status: 429, Messages: []string{"Rate limit exceeded"}, RetryAfter: 1500 * time.Millisecond},
			"rate limited: Rate limit exceeded", "try again in 2s", true},
		{&Error{Kind: KindRateLimited, Status: 429}, "rate limited", "wait a minute and try again", true},
		{&Error{Kind: KindServer, Status: 502, Snippet: "502 Bad Gateway nginx", Attempts: 3},
			"the IdentityCall server failed (HTTP 502 Bad Gateway): 502 Bad Gateway nginx (3 attempts)", "try again later", true},
		{&Error{Kind: KindServer, Status: 599}, "the IdentityCall server failed (HTTP 599)", "try again later", true},
		{&Error{Kind: KindTimeout, Err: context.DeadlineExceeded, Attempts: 3}, "the API did not answer in time (3 attempts)", "", true},
		{&Error{Kind: KindTimeout, Err: context.DeadlineExceeded, Attempts: 1, Timeout: 3 * time.Second}, "the API did not answer within 3s", "", true},
		{&Error{Kind: KindTimeout, Err: context.DeadlineExceeded, Attempts: 3, Timeout: 1500 * time.Millisecond},
			"the API did not answer within 1.5s (3 attempts)", "", true},
		{&Error{Kind: KindRateLimited, Status: 429, Attempts: 3, RetryAfter: 7 * time.Second}, "rate limited (3 attempts)", "try again in 7s", true},
		{&Error{Kind: KindNetwork, Err: reset, Attempts: 3},
			"cannot reach the IdentityCall API: read tcp 10.0.0.1:4242->10.0.0.2:443: read: connection reset by peer (3 attempts)", "", true},
		{&Error{Kind: KindNetwork}, "cannot reach the IdentityCall API", "", true},
		{badResponse("response is not JSON"), "the API sent a response numbrowse cannot read: response is not JSON", "try again later", true},
		{&Error{Kind: KindCanceled, Err: context.Canceled}, "interrupted", "", true},
		{&Error{Kind: KindUnknown, Status: 307, Err: errors.New("redirected elsewhere")},
			"the request failed: HTTP 307 Temporary Redirect: redirected elsewhere", "", true},
		// Provider text cannot drive the terminal.
		{&Error{Kind: KindRejected, Status: 422, Messages: []string{"bad\x1b]0;pwned\a type"}},
			"search rejected (HTTP 422): bad type", "try another number type or country", false},
	}
	for _, tt := range tests {
		x, ok := Explain(tt.err)
		if !ok || x.Sentence != tt.sentence || x.Hint != tt.hint || x.Transient != tt.transient {
			t.Errorf("Explain(%v) = %+v, %v\nwant {Sentence:%s Hint:%s Transient:%v}", tt.err, x, ok, tt.sentence, tt.hint, tt.transient)
		}
		// Wrapped, it reads the same.
		if y, ok := Explain(&outcomeUnknown{cause: tt.err}); !ok || y != x {
			t.Errorf("Explain of a wrapped %v = %+v", tt.err, y)
		}
	}
	if _, ok := Explain(errors.New("plain")); ok {
		t.Error("Explain explained an error without an *Error")
	}
}

func TestExplainPurchase(t *testing.T) {
	tests := []struct {
		err            error
		sentence, hint string
	}{
		{&Error{Kind: KindPermission, Status: 403, Messages: []string{"Write permission required"}},
			"not bought: the API key lacks write permission (403): Write permission required", "use a key that may buy numbers"},
		{&Error{Kind: KindRejected, Status: 422, Messages: []string{"phone_number is required"}},
			"not bought: the provider refused the purchase (HTTP 422): phone_number is required", ""},
		{&Error{Kind: KindRejected, Status: 409}, "not bought: the provider refused the purchase (HTTP 409)", ""},
		{&Error{Kind: KindAuth, Err: ErrNoAPIKey}, "not sent: IDENTITYCALL_API_KEY is not set", ""},
		{&Error{Kind: KindAuth, Status: 401}, "not bought: API key rejected (401)", "check IDENTITYCALL_API_KEY"},
		{&Error{Kind: KindRateLimited, Status: 429, RetryAfter: 12 * time.Second}, "not bought: rate limited", "try again in 12s"},
		{&Error{Kind: KindNetwork, Err: errors.New("dial tcp: connection refused")},
			"not sent: cannot reach the IdentityCall API: dial tcp: connection refused — nothing was bought", ""},
		{&Error{Kind: KindCanceled, Err: context.Canceled}, "not sent: interrupted — nothing was bought", ""},
		{&ValidationError{Field: "name", Value: "x", Hint: "too long"}, `not sent: invalid name "x" — too long`, ""},
		{errors.New("boom"), "not bought: boom", ""},
	}
	for _, tt := range tests {
		if x := ExplainPurchase(tt.err); x.Sentence != tt.sentence || x.Hint != tt.hint {
			t.Errorf("ExplainPurchase(%v) = %+v, want %q, %q", tt.err, x, tt.sentence, tt.hint)
		}
	}
}

func TestUnknownOutcome(t *testing.T) {
	unknown := func(e *Error) error { e.Err = &outcomeUnknown{cause: e.Err}; return e }
	tests := []struct {
		err  error
		want string
	}{
		{unknown(&Error{Kind: KindServer, Status: 500}), "the server failed while handling it (HTTP 500)"},
		{unknown(&Error{Kind: KindUnknown, Status: 303}), "the API answered with a redirect (HTTP 303), which is not followed"},
		{unknown(&Error{Kind: KindTimeout, Err: context.DeadlineExceeded}), "no answer came in time"},
		{unknown(&Error{Kind: KindNetwork, Err: errors.New("EOF")}), "the connection was lost"},
		{unknown(&Error{Kind: KindCanceled, Err: context.Canceled}), "it was interrupted"},
		{unknown(badResponse("the purchase was answered without the new number")), "the answer could not be read"},
	}
	for _, tt := range tests {
		if got := UnknownOutcomeReason(tt.err); got != tt.want {
			t.Errorf("UnknownOutcomeReason(%v) = %q, want %q", tt.err, got, tt.want)
		}
		if got, want := UnknownOutcome(tt.err), "the purchase was sent but "+tt.want+": it may have gone through"; got != want {
			t.Errorf("UnknownOutcome = %q, want %q", got, want)
		}
	}
}
