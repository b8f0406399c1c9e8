package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

const purchasePath = "/virtual_numbers/purchase"

// maxNameLen bounds a display name, in runes. The API documents no limit;
// this only keeps a pasted page from being sent as a name.
const maxNameLen = 255

// PurchaseRequest is one number to rent, as POST /virtual_numbers/purchase
// takes it. Only PhoneNumber is required; empty fields are not sent.
type PurchaseRequest struct {
	// PhoneNumber is the number to buy in E.164 form, as a recent search
	// returned it. Spaces, dots, dashes and brackets are ignored.
	PhoneNumber string
	// CountryCode is the ISO 3166-1 alpha-2 code (any case).
	CountryCode string
	// NumberType is the type the search returned it under (mobile, local,
	// toll-free, national, or a provider's own type name).
	NumberType string
	// Name is the number's display name on the account.
	Name string
	// RequirementGroupID is an approved regulatory requirement group, for
	// countries that need documents; nil sends none.
	RequirementGroupID *int64
	// UpfrontCost and MonthlyCost are the costs exactly as the search
	// returned them (Decimal.String()); the API treats them as
	// informational.
	UpfrontCost, MonthlyCost string
}

// purchaseBody is the JSON body, in the documented field order.
type purchaseBody struct {
	PhoneNumber        string `json:"phone_number"`
	CountryCode        string `json:"country_code,omitempty"`
	NumberType         string `json:"number_type,omitempty"`
	Name               string `json:"name,omitempty"`
	RequirementGroupID *int64 `json:"requirement_group_id,omitempty"`
	UpfrontCost        string `json:"upfront_cost,omitempty"`
	MonthlyCost        string `json:"monthly_cost,omitempty"`
}

// Purchased is the number a purchase created: an owned number.
type Purchased = OwnedNumber

// ErrOutcomeUnknown is in the chain of a Purchase error (see
// IsOutcomeUnknown) when the request may have reached the server, so the
// number may or may not have been bought: a timeout, a lost connection or
// a cancellation after the connection was made, any 5xx (a server or proxy
// that failed while handling it), a redirect other than 307 and 308 (which
// is not followed), or a 2xx answer that could not be read.
// Check Owned before trying again. Errors without it were refused before
// anything was bought: nothing was sent (a validation error, no API key, a
// failed dial) or the API answered 4xx, 307 or 308.
var ErrOutcomeUnknown = errors.New("the purchase may have gone through")

// IsOutcomeUnknown reports whether err is a Purchase failure after which
// the number may have been bought all the same.
func IsOutcomeUnknown(err error) bool { return errors.Is(err, ErrOutcomeUnknown) }

// outcomeUnknown wraps an *Error's cause to add ErrOutcomeUnknown to its
// chain; its text is the cause's, or ErrOutcomeUnknown's when there is no
// cause (a 5xx).
type outcomeUnknown struct{ cause error }

func (o *outcomeUnknown) Error() string {
	if o.cause == nil {
		return ErrOutcomeUnknown.Error()
	}
	return o.cause.Error()
}

func (o *outcomeUnknown) Unwrap() []error {
	if o.cause == nil {
		return []error{ErrOutcomeUnknown}
	}
	return []error{ErrOutcomeUnknown, o.cause}
}

// Purchase rents one number: POST /virtual_numbers/purchase with pr as a
// JSON body. It spends money, so it is sent at most once: never retried,
// whatever happens (the transport does not replay a POST either), and
// never sent on where a redirect points (a 3xx answer is a KindUnknown
// *Error naming the Location's host).
//
// pr is validated first (a *ValidationError, nothing sent). A 2xx answer
// returns the new number. Every failure is an *Error: KindPermission for
// 403 (the key lacks write permission), KindRejected for 422 with the
// provider's messages, KindServer for 5xx... When the number may have been
// bought all the same, IsOutcomeUnknown(err) is true; see
// ErrOutcomeUnknown.
func (c *Client) Purchase(ctx context.Context, pr PurchaseRequest) (*Purchased, error) {
	body, err := pr.body()
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	// The trace tells a request that never got a connection (so was
	// certainly not sent) from one that may have reached the server.
	var started, connected atomic.Bool
	tctx := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) { started.Store(true) },
		GotConn: func(httptrace.GotConnInfo) { connected.Store(true) },
	})
	req := &request{method: http.MethodPost, path: purchasePath, body: raw, stay: true}
	var out *Purchased
	err = c.do(tctx, req, false, func(r io.Reader) error {
		b, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		p, ok := decodeOwnedBody(b, body.PhoneNumber)
		if !ok {
			return badResponse("the purchase was answered without the new number")
		}
		out = &p
		return nil
	})
	if err != nil {
		return nil, markOutcome(redirected(err), started.Load(), connected.Load())
	}
	return out, nil
}

// redirected rewords a purchase that was answered with a redirect, which
// is never followed (see stopRedirects). A 307 or 308 asks for the same
// request elsewhere, so the server did not act: nothing was bought. After
// any other 3xx (a 303 is how a server says "done, see over there") the
// outcome is unknown; markOutcome says so.
func redirected(err error) error {
	var e *Error
	var r *redirectError
	if !errors.As(err, &e) || e.Status < 300 || e.Status >= 400 || !errors.As(e.Err, &r) {
		return err
	}
	where := "to " + r.host
	if r.host == "" {
		where = "without a usable Location"
	}
	if e.Status == http.StatusTemporaryRedirect || e.Status == http.StatusPermanentRedirect {
		e.Err = errors.New("the API redirected the purchase " + where +
			"; a purchase is never sent on, so nothing was bought")
	} else {
		e.Err = errors.New("the API redirected the purchase " + where + " instead of answering; not followed")
	}
	return e
}

// markOutcome adds ErrOutcomeUnknown to a failed purchase's *Error unless
// the failure shows the number was not bought.
func markOutcome(err error, started, connected bool) error {
	var e *Error
	if !errors.As(err, &e) || !mayHaveBeenSent(e, started, connected) {
		return err
	}
	e.Err = &outcomeUnknown{cause: e.Err}
	return e
}

// mayHaveBeenSent reports whether the server may have acted on the
// request that failed with e.
func mayHaveBeenSent(e *Error, started, connected bool) bool {
	switch {
	case e.Status >= 400 && e.Status < 500:
		return false // the API answered: refused
	case e.Status == http.StatusTemporaryRedirect || e.Status == http.StatusPermanentRedirect:
		return false // "send it there instead": not acted on
	case e.Status >= 500:
		return true
	case e.Attempts == 0 || errors.Is(e, ErrNoAPIKey):
		return false // stopped before any attempt
	case started && !connected:
		return false // no connection was ever made
	case !started && neverConnected(e):
		return false // a transport without traces: judge by the error
	}
	return true
}

// neverConnected reports whether a transport error happened while
// connecting: DNS, dial or TLS handshake, before any request byte.
func neverConnected(err error) bool {
	var dns *net.DNSError
	var op *net.OpError
	return errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial")
}

// body validates pr and returns what is sent.
func (pr PurchaseRequest) body() (purchaseBody, error) {
	var b purchaseBody
	e164, err := ParseE164(pr.PhoneNumber)
	if err != nil {
		return b, err
	}
	b.PhoneNumber = e164
	if s := strings.TrimSpace(pr.CountryCode); s != "" {
		c, ok := LookupCountry(s)
		if !ok {
			return b, &ValidationError{Field: "country", Value: pr.CountryCode,
				Hint: "use an ISO 3166-1 alpha-2 code such as US, GB or DE"}
		}
		b.CountryCode = c.Code
	}
	if s := strings.TrimSpace(pr.NumberType); s != "" {
		if t, err := ParseNumberType(s); err == nil {
			b.NumberType = string(t)
		} else if isToken(s) {
			b.NumberType = s // a provider's own type, sent back as received
		} else {
			return b, err
		}
	}
	b.Name = strings.TrimSpace(pr.Name)
	if strings.ContainsFunc(b.Name, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }) {
		return b, &ValidationError{Field: "name", Value: b.Name, Hint: "the name contains control characters"}
	}
	if utf8.RuneCountInString(b.Name) > maxNameLen {
		return b, &ValidationError{Field: "name", Value: truncate(b.Name, 40),
			Hint: "use at most 255 characters"}
	}
	if id := pr.RequirementGroupID; id != nil {
		if *id <= 0 {
			return b, &ValidationError{Field: "requirement group", Value: strconv.FormatInt(*id, 10),
				Hint: "use the positive id of an approved requirement group"}
		}
		v := *id
		b.RequirementGroupID = &v
	}
	for _, c := range []struct {
		field, in string
		out       *string
	}{{"upfront cost", pr.UpfrontCost, &b.UpfrontCost}, {"monthly cost", pr.MonthlyCost, &b.MonthlyCost}} {
		if c.in == "" {
			continue
		}
		if _, err := ParseDecimal(c.in); err != nil {
			return b, &ValidationError{Field: c.field, Value: c.in, Hint: "send the cost exactly as the search returned it"}
		}
		*c.out = c.in
	}
	return b, nil
}

// isToken reports whether s is a plain identifier: letters, digits, '-'
// and '_', at most 32 of them.
func isToken(s string) bool {
	if len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) {
			return false
		}
	}
	return true
}

// ParseE164 returns s as an E.164 number: "+" then 7 to 15 digits, the
// first not 0. Spaces, dots, dashes and brackets between the digits are
// dropped ("+1 (555) 123-4567" is "+15551234567"). Anything else is a
// *ValidationError.
func ParseE164(s string) (string, error) {
	bad := func(hint string) (string, error) {
		return "", &ValidationError{Field: "phone number", Value: s, Hint: hint}
	}
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "+") {
		return bad("use the E.164 form: + then the country code and number, e.g. +15551234567")
	}
	out := make([]byte, 1, len(t))
	out[0] = '+'
	for _, r := range t[1:] {
		switch {
		case r >= '0' && r <= '9':
			out = append(out, byte(r))
		case strings.ContainsRune(" .-()", r):
		default:
			return bad("only digits may follow the +, e.g. +15551234567")
		}
	}
	if n := len(out) - 1; n < 7 || n > 15 || out[1] == '0' {
		return bad("an E.164 number has 7 to 15 digits after the + and does not start with 0")
	}
	return string(out), nil
}
