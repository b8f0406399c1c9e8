package api

import (
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Option configures a Client. Options validate their argument and make
// NewClient fail with a *ValidationError.
type Option func(*Client) error

// WithBaseURL sets the API's base URL (default DefaultBaseURL). It must be
// https, or plain http to a loopback host (localhost, 127.0.0.0/8, ::1) for
// local test servers. Trailing slashes are ignored.
func WithBaseURL(u string) Option {
	return func(c *Client) error {
		base, err := parseBaseURL(u)
		if err != nil {
			return err
		}
		c.base = base
		return nil
	}
}

// WithAPIKey sets the bearer key. It may be "": requests then fail with a
// KindAuth *Error wrapping ErrNoAPIKey. Surrounding white space is trimmed;
// a key with spaces or control characters inside is refused.
func WithAPIKey(key string) Option {
	return func(c *Client) error {
		key = strings.TrimSpace(key)
		if !isGraphicASCII(key) {
			// Never echo the key, not even in a validation error.
			return &ValidationError{Field: "api-key", Value: "(hidden)",
				Hint: "the API key contains spaces or control characters"}
		}
		c.key = key
		return nil
	}
}

// WithHTTPClient sets the HTTP client (default: a client with its own
// transport). The client's redirect policy is wrapped so that a redirect
// to plain http (other than loopback) is refused.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return &ValidationError{Field: "http-client", Value: "nil", Hint: "pass a non-nil *http.Client"}
		}
		c.hc = hc
		return nil
	}
}

// WithTimeout sets the time limit of each HTTP attempt, including reading
// the body (default 15s).
func WithTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d <= 0 {
			return &ValidationError{Field: "timeout", Value: d.String(), Hint: "use a positive duration"}
		}
		c.timeout = d
		return nil
	}
}

// WithVersion sets the version sent in the User-Agent: numbrowse/<v>
// (default "dev").
func WithVersion(v string) Option {
	return func(c *Client) error {
		if v == "" || !isGraphicASCII(v) {
			return &ValidationError{Field: "version", Value: v,
				Hint: "use a non-empty version without spaces or control characters"}
		}
		c.userAgent = "numbrowse/" + v
		return nil
	}
}

// WithMaxBodyBytes caps the size of a successful response body (default
// DefaultMaxResponse). A bigger response fails with a KindBadResponse
// *Error for which IsTooLarge reports the cap.
func WithMaxBodyBytes(n int64) Option {
	return func(c *Client) error {
		if n <= 0 {
			return &ValidationError{Field: "max-body-bytes", Value: formatBytes(n), Hint: "use a positive size"}
		}
		c.maxBody = n
		return nil
	}
}

// WithRetry sets the number of attempts of an idempotent request (1 means
// no retry; default 3, at most 10) and the longest Retry-After the client
// waits out itself (default 30s; 0 never waits for one). A longer
// Retry-After ends the retries and is returned in Error.RetryAfter.
func WithRetry(attempts int, maxWait time.Duration) Option {
	return func(c *Client) error {
		if attempts < 1 || attempts > maxAttempts {
			return &ValidationError{Field: "retry attempts", Value: itoa(attempts), Hint: "use 1 to 10"}
		}
		if maxWait < 0 {
			return &ValidationError{Field: "retry wait", Value: maxWait.String(), Hint: "use a duration of 0 or more"}
		}
		c.attempts, c.maxWait = attempts, maxWait
		return nil
	}
}

// WithObserver registers fn to be called after each HTTP attempt, from the
// goroutine that made the request, for logging. nil removes it.
func WithObserver(fn func(RequestEvent)) Option {
	return func(c *Client) error {
		c.observer = fn
		return nil
	}
}

// parseBaseURL validates a base URL and returns it without trailing slashes.
func parseBaseURL(s string) (string, error) {
	bad := func(shown, hint string) error {
		return &ValidationError{Field: "api-url", Value: shown, Hint: hint}
	}
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", bad(s, "use an absolute URL such as "+DefaultBaseURL)
	}
	shown := u.Redacted()
	if u.User != nil {
		return "", bad(shown, "the URL must not contain a user name or password")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", bad(shown, "the URL must not contain a query or fragment")
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return "", bad(shown, "plain http is only allowed to a loopback host (localhost, 127.0.0.0/8, ::1); use https")
		}
	default:
		return "", bad(shown, "use an https URL such as "+DefaultBaseURL)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	return strings.TrimRight(u.String(), "/"), nil
}

// isLoopback reports whether host is localhost or a loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// isGraphicASCII reports whether every byte of s is visible ASCII: no
// space, control character, DEL or non-ASCII byte.
func isGraphicASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
