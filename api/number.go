package api

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Query is one search: a country (ISO 3166-1 alpha-2) and a number type.
type Query struct {
	Country string
	Type    NumberType
}

// String renders the query as the UI shows it, e.g. "GB · mobile".
func (q Query) String() string { return q.Country + " · " + string(q.Type) }

// Normalize validates the query and returns it with the country upper-cased
// and the type in its canonical spelling. It returns a *ValidationError that
// names the wrong input and suggests close matches. The country must be an
// alpha-2 code, as the API takes it: names and calling codes are read at
// the edges (ParseCountry), never on the wire.
func (q Query) Normalize() (Query, error) {
	c, ok := LookupCountry(q.Country)
	if !ok {
		return q, &ValidationError{Field: "country", Value: q.Country,
			Suggestions: suggestCountries(q.Country, 3),
			Hint:        "use an ISO 3166-1 alpha-2 code such as US, GB or DE"}
	}
	t, err := ParseNumberType(string(q.Type))
	if err != nil {
		return q, err
	}
	return Query{Country: c.Code, Type: t}, nil
}

// Region is one entry of a provider's region information, in the provider's
// order (for example {state CA}, {rate_center LOS ANGELES}).
type Region struct {
	Type string `json:"region_type"`
	Name string `json:"region_name"`
}

// Flags are the provider's per-number flags, best effort.
type Flags struct {
	// BestEffort: the provider may not be able to deliver this exact number.
	BestEffort bool
	// Quickship: activates immediately, without a port-in or document review.
	Quickship bool
	// Reservable: the provider can hold the number before purchase.
	Reservable bool
	// DocumentsRequired: regulatory documents (proof of address, identity...)
	// are needed before the number can be activated.
	DocumentsRequired bool
	// AddressRequirement is Twilio's address_requirements value when it is
	// not "none" (any, local, foreign).
	AddressRequirement string
}

// Requirement is one regulatory requirement a provider lists for a number,
// such as a proof of address: Telnyx's regulatory_requirements, Plivo's
// prerequisites, MessageBird's conditions.
type Requirement struct {
	// Label is the human name ("Proof of address"): the provider's label or
	// name, else its requirement type, type or field type.
	Label string
	// Detail is the provider's description, when it gives one.
	Detail string
	// Fields are the requirement's other sub-fields as the provider sent
	// them, in its order (Telnyx's requirement_type and field_type, Plivo's
	// proof_required, proof_type and scope...). Print Value through
	// Printable.
	Fields []Field
}

// Field is one provider field the client did not understand, kept verbatim
// (as JSON) so the user can see it. Print Value through Printable.
type Field struct {
	Key   string
	Value json.RawMessage
}

// Number is one available phone number, normalised from whatever shape the
// provider sent. Every string in it is safe to print (see Printable), except
// the raw JSON in Extra, which callers must pass through Printable.
type Number struct {
	// E164 is the number in E.164 form: "+" and digits.
	E164 string
	// Display is the provider's display form (friendly_name, vanity_format)
	// when it sent one.
	Display string
	// Country is the ISO 3166-1 alpha-2 code, upper case.
	Country string
	// Type is one of NumberTypes: the provider's word for the type mapped
	// onto them (mobile-lvn is mobile, landline local...), else the type
	// that was searched for.
	Type NumberType
	// TypeWord is the provider's own word for the type when it is not
	// Type's own spelling ("mobile-lvn", "VIRTUAL_LONG_NUMBER"), else "".
	TypeWord string
	// Upfront and Monthly are the one-time and monthly costs; a zero Decimal
	// means the provider sent none.
	Upfront, Monthly Decimal
	// UpfrontCurrency and MonthlyCurrency are each cost's currency as the
	// provider gave it for that cost (upper-cased when that makes it an ISO
	// 4217 code; see IsISO4217 and CurrencyNote for a code that is not
	// one), or "" when it gave none: never a currency the provider did
	// not give for that cost. "" when the cost itself is missing.
	UpfrontCurrency, MonthlyCurrency string
	// Features are lower-case and de-duplicated, sorted ("fax", "mms", "sms", "voice").
	Features []string
	// Regions are the provider's region entries in order.
	Regions []Region
	// Flags are the provider's flags.
	Flags Flags
	// Requirements are the regulatory requirements the provider lists.
	Requirements []Requirement
	// Extra holds every field the decoder did not understand, in the order
	// the provider sent them.
	Extra []Field
}

// Currency is the currency both costs share: the one currency of the costs
// present, or "" when they have none, differ, or one has a currency and
// the other has not.
func (n *Number) Currency() string {
	switch {
	case n.Upfront.Valid() && n.Monthly.Valid():
		if n.UpfrontCurrency == n.MonthlyCurrency {
			return n.UpfrontCurrency
		}
		return ""
	case n.Upfront.Valid():
		return n.UpfrontCurrency
	case n.Monthly.Valid():
		return n.MonthlyCurrency
	}
	return ""
}

// Has reports whether the number has the named feature (lower case).
func (n *Number) Has(feature string) bool {
	_, ok := slices.BinarySearch(n.Features, feature)
	return ok
}

// Result is the outcome of one search.
type Result struct {
	// Query is the normalised query that was sent.
	Query Query
	// Numbers are the usable entries, in the order the API sent them.
	Numbers []Number
	// Skipped counts the entries that were left out, by reason.
	Skipped Skips
	// FetchedAt is when the response arrived.
	FetchedAt time.Time
}

// ValidationError reports an input the client refused before sending any
// request: an unknown country or number type, or a bad option.
type ValidationError struct {
	// Field is the input's name: "country", "type", "api-url"...
	Field string
	// Value is what was given.
	Value string
	// Suggestions are close valid values, best first.
	Suggestions []string
	// Hint says what to do.
	Hint string
	// Verb, when set, says what is wrong with Value instead of "unknown"
	// or "invalid" ("not one country").
	Verb string
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	verb := "unknown" // a country or type that does not exist
	if e.Field != "country" && e.Field != "type" {
		verb = "invalid" // an option such as api-url
	}
	if e.Verb != "" {
		verb = e.Verb
	}
	fmt.Fprintf(&b, "%s %s %q", verb, e.Field, Printable(e.Value))
	if len(e.Suggestions) > 0 {
		fmt.Fprintf(&b, " — did you mean %s?", strings.Join(e.Suggestions, ", "))
	} else if e.Hint != "" {
		fmt.Fprintf(&b, " — %s", e.Hint)
	}
	return b.String()
}
