package api

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestKindString(t *testing.T) {
	for k := KindUnknown; k <= KindCanceled; k++ {
		if s := k.String(); s == "" || strings.HasPrefix(s, "Kind(") {
			t.Errorf("Kind %d has no name", int(k))
		}
	}
	if s := Kind(99).String(); s != "Kind(99)" {
		t.Errorf("Kind(99).String() = %q", s)
	}
}

func TestKindForStatus(t *testing.T) {
	tests := map[int]Kind{
		400: KindBadRequest, 401: KindAuth, 403: KindPermission, 404: KindRejected, 409: KindRejected,
		422: KindRejected, 429: KindRateLimited, 500: KindServer, 502: KindServer, 503: KindServer,
		504: KindServer, 302: KindUnknown, 100: KindUnknown,
	}
	for status, want := range tests {
		if got := kindForStatus(status); got != want {
			t.Errorf("kindForStatus(%d) = %v, want %v", status, got, want)
		}
	}
}

func TestKindHelpers(t *testing.T) {
	helpers := map[Kind]func(error) bool{
		KindAuth: IsAuth, KindPermission: IsPermission, KindRejected: IsRejected, KindBadRequest: IsBadRequest,
		KindRateLimited: IsRateLimited, KindServer: IsServer, KindNetwork: IsNetwork, KindTimeout: IsTimeout,
		KindBadResponse: IsBadResponse, KindCanceled: IsCanceled,
	}
	for kind, is := range helpers {
		err := fmt.Errorf("search: %w", &Error{Kind: kind})
		if !is(err) || KindOf(err) != kind {
			t.Errorf("%v: helper or KindOf does not see a wrapped *Error", kind)
		}
		for other, isOther := range helpers {
			if other != kind && isOther(err) {
				t.Errorf("%v error passes the %v helper", kind, other)
			}
		}
	}
	if KindOf(errors.New("x")) != KindUnknown || KindOf(nil) != KindUnknown {
		t.Error("KindOf of a plain error should be KindUnknown")
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Kind: KindAuth, Status: 401, Messages: []string{"Invalid or expired API key"}},
			"identitycall: HTTP 401 Unauthorized: Invalid or expired API key"},
		{&Error{Kind: KindRejected, Status: 422, Messages: []string{"country is invalid", "type not offered"}},
			"identitycall: HTTP 422 Unprocessable Entity: country is invalid; type not offered"},
		{&Error{Kind: KindRateLimited, Status: 429, RetryAfter: 90 * time.Second, Attempts: 1},
			"identitycall: HTTP 429 Too Many Requests (retry after 1m30s)"},
		{&Error{Kind: KindServer, Status: 502, Snippet: "502 Bad Gateway nginx", Attempts: 3},
			"identitycall: HTTP 502 Bad Gateway: 502 Bad Gateway nginx (3 attempts)"},
		{&Error{Kind: KindServer, Status: 599}, "identitycall: HTTP 599"},
		{&Error{Kind: KindAuth, Err: ErrNoAPIKey}, "identitycall: auth: no API key (set IDENTITYCALL_API_KEY)"},
		{&Error{Kind: KindCanceled, Err: context.Canceled}, "identitycall: canceled: context canceled"},
		{&Error{Kind: KindBadResponse, Err: errors.New("line1\nline2\x1b[2J")}, "identitycall: bad response: line1 line2"},
		{&Error{Kind: KindRateLimited, Status: 429, RetryAfter: 1500 * time.Millisecond},
			"identitycall: HTTP 429 Too Many Requests (retry after 2s)"},
		{&Error{Kind: KindRateLimited, Status: 429, RetryAfter: 500 * time.Millisecond},
			"identitycall: HTTP 429 Too Many Requests (retry after 500ms)"},
		{&Error{}, "identitycall: unknown"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestErrorUnwrap(t *testing.T) {
	e := &Error{Kind: KindTimeout, Err: fmt.Errorf("slow: %w", context.DeadlineExceeded)}
	if !errors.Is(e, context.DeadlineExceeded) {
		t.Error("errors.Is(DeadlineExceeded) does not see through *Error")
	}
	var target *Error
	if !errors.As(fmt.Errorf("x: %w", e), &target) || target != e {
		t.Error("errors.As does not find the *Error")
	}
}

const testKey = "idc_abcdefghijklmnopqrstuvwxyz123456"

func TestParseErrorBody(t *testing.T) {
	red := redactor{key: testKey}
	tests := []struct {
		name, body string
		msgs       []string
		snippet    string
	}{
		{"error", `{"error":"Invalid or expired API key"}`, []string{"Invalid or expired API key"}, ""},
		{"errors", `{"errors":["country is invalid","number_type is invalid"]}`,
			[]string{"country is invalid", "number_type is invalid"}, ""},
		{"error objects", `{"errors":[{"code":"10007","title":"Bad","detail":"Country not served"},{"message":"m2"}]}`,
			[]string{"Bad: Country not served", "m2"}, ""},
		{"error object", `{"error":{"message":"nested","code":42}}`, []string{"nested"}, ""},
		{"rails", `{"errors":{"number_type":["is not included in the list"],"country":["is invalid"]}}`,
			[]string{"country: is invalid", "number_type: is not included in the list"}, ""},
		{"message", `{"message":"Not Found"}`, []string{"Not Found"}, ""},
		{"list", `["a","b"]`, []string{"a", "b"}, ""},
		{"both", `{"error":"e","errors":["f"]}`, []string{"e", "f"}, ""},
		{"empty", ``, nil, ""},
		{"spaces", " \n ", nil, ""},
		{"no message", `{"status":"fail",  "code":7}`, nil, `{"status":"fail","code":7}`},
		{"blank messages", `{"error":"  ","errors":[]}`, nil, `{"error":"  ","errors":[]}`},
		{"html", "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>body{color:red}</style>" +
			"<script>var x = '<b>';</script></head>\n<body>\n<center><h1>502   Bad Gateway</h1></center>" +
			"<hr><center>nginx &amp; friends</center></body></html>", nil,
			"502 Bad Gateway 502 Bad Gateway nginx & friends"},
		{"text", "upstream connect error\r\nor disconnect", nil, "upstream connect error or disconnect"},
		{"hostile", `{"error":"bad \u001b]52;c;Zm9v\u0007key \u009b31m` + testKey + `"}`,
			[]string{"bad key [redacted]"}, ""},
		{"hostile html", "<p>\x1b[2Jkey=" + testKey + "</p>", nil, "key=[redacted]"},
		{"invalid json", `{"error":`, nil, `{"error":`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, snippet := parseErrorBody([]byte(tt.body), red)
			if !reflect.DeepEqual(msgs, tt.msgs) || snippet != tt.snippet {
				t.Errorf("got %q, %q; want %q, %q", msgs, snippet, tt.msgs, tt.snippet)
			}
		})
	}
}

func TestParseErrorBodyBounds(t *testing.T) {
	long := strings.Repeat("é", 1000)
	_, snippet := parseErrorBody([]byte("<p>"+long+"</p>"), redactor{})
	if n := utf8.RuneCountInString(snippet); n > maxSnippetLen || !strings.HasSuffix(snippet, "…") {
		t.Errorf("snippet has %d runes: %q", n, snippet)
	}
	many := `{"errors":[` + strings.Repeat(`"`+long+`",`, 50) + `"x"]}`
	msgs, _ := parseErrorBody([]byte(many), redactor{})
	if len(msgs) != maxMessages {
		t.Errorf("got %d messages, want %d", len(msgs), maxMessages)
	}
	for _, m := range msgs {
		if utf8.RuneCountInString(m) > maxMessageLen {
			t.Errorf("message of %d runes", utf8.RuneCountInString(m))
		}
	}
	deep := strings.Repeat(`{"error":`, 50) + `"x"` + strings.Repeat(`}`, 50)
	if msgs, _ := parseErrorBody([]byte(deep), redactor{}); msgs != nil {
		t.Errorf("deep nesting gave %q", msgs)
	}
	if _, s := parseErrorBody([]byte("<script>never closed"), redactor{}); s != "" {
		t.Errorf("unclosed script gave %q", s)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"hello", 5, "hello"},
		{"hello world", 6, "hello…"},
		{"héllo wörld", 3, "hé…"},
		{"", 3, ""},
	}
	for _, tt := range tests {
		if got := truncate(tt.s, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestRedactor(t *testing.T) {
	red := redactor{key: testKey}
	err := red.err(fmt.Errorf("dial: %w with "+testKey, context.Canceled))
	if strings.Contains(err.Error(), testKey) || !errors.Is(err, context.Canceled) {
		t.Errorf("redacted error %q lost the chain or kept the key", err)
	}
	plain := errors.New("nothing secret")
	if red.err(plain) != plain {
		t.Error("an error without the key should pass unchanged")
	}
	if got := (redactor{key: "ab"}).clean("abc"); got != "abc" {
		t.Errorf("a too-short key should not be redacted: %q", got)
	}
}
