package api

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

const ownedPath = "/virtual_numbers"

// OwnedNumber is a number on the account, as GET /virtual_numbers lists
// it and a purchase returns it. Fields the API left out or sent in an
// unexpected shape are zero. Every string is safe to print (Printable)
// except Operators and the values of Extra, which are raw JSON.
type OwnedNumber struct {
	// ID is the number's id on the account, as the API sent it (a JSON
	// number's digits, or a string); "" when it sent none.
	ID string
	// PhoneNumber is the number, normally in E.164 form.
	PhoneNumber string
	// Name is the display name.
	Name string
	// CountryCode is the ISO 3166-1 alpha-2 code.
	CountryCode string
	// Active reports whether the number is in service; ActiveKnown is
	// false when the API said neither (then Active is false and means
	// nothing).
	Active      bool
	ActiveKnown bool
	// Status is the provider's own word for the state when it sent one
	// ("active", "suspended"), else "".
	Status string
	// AIReceptionistEnabled reports whether the AI receptionist answers it.
	AIReceptionistEnabled bool
	// OperatorsCount is how many operators the number has.
	OperatorsCount int
	// Operators is the operators list as the API sent it (raw JSON; pass
	// it through Printable before showing it), nil when absent.
	Operators json.RawMessage
	// Extra holds every field of the entry numbrowse did not understand,
	// in the API's order, for the detail pane and the exports.
	Extra []Field
}

// OperatorNames returns a short name for each operator: its name, else
// its email, else its id, else the text of a plain string or number
// entry. Entries with none of these are left out. The names are safe to
// print.
func (o OwnedNumber) OperatorNames() []string {
	var list []json.RawMessage
	if json.Unmarshal(o.Operators, &list) != nil {
		return nil
	}
	var out []string
	for _, it := range list {
		it = bytes.TrimSpace(it)
		if s, ok := scalarText(it); ok {
			if s = Printable(strings.TrimSpace(s)); s != "" {
				out = append(out, s)
			}
			continue
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(it, &m) != nil {
			continue
		}
		for _, k := range []string{"name", "full_name", "display_name", "email", "id"} {
			if s := Printable(strings.TrimSpace(scalar(m[k]))); s != "" {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// OwnedList is every number on the account, read over as many pages as
// the API sent (see Client.OwnedList).
type OwnedList struct {
	// Numbers are the usable entries, in the API's order, without
	// repeats (a number listed on two pages is kept once).
	Numbers []OwnedNumber
	// Pages is how many pages were read.
	Pages int
	// Skipped counts the entries that were not objects or named neither
	// a number nor an id.
	Skipped int
	// Incomplete, when not "", says why the list may lack numbers: the
	// paging stopped at a safety limit, looped, or pointed elsewhere. It
	// is one sentence, safe to print.
	Incomplete string
	// FetchedAt is when the last page arrived.
	FetchedAt time.Time
}

// Owned returns the numbers the account owns: OwnedList's numbers. Use it
// to learn whether a purchase whose outcome is unknown went through (see
// FindOwned).
func (c *Client) Owned(ctx context.Context) ([]OwnedNumber, error) {
	l, err := c.OwnedList(ctx)
	if err != nil {
		return nil, err
	}
	return l.Numbers, nil
}

// FindOwned returns the entry of list whose phone number is e164, compared
// by digits only (so "+1 555-123-4567" matches "+15551234567").
func FindOwned(list []OwnedNumber, e164 string) (OwnedNumber, bool) {
	want := digits(e164)
	if want == "" {
		return OwnedNumber{}, false
	}
	for _, n := range list {
		if digits(n.PhoneNumber) == want {
			return n, true
		}
	}
	return OwnedNumber{}, false
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// decodeOwnedBody reads a purchase's answer, {"data": {...}} (or the bare
// object). It reports false unless the object names the number or its id,
// so a redirect to some other 2xx page is not taken for a purchase. A
// missing phone number is filled in with e164, the number bought.
func decodeOwnedBody(b []byte, e164 string) (OwnedNumber, bool) {
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) != nil {
		return OwnedNumber{}, false
	}
	obj := b
	if d := bytes.TrimSpace(top["data"]); len(d) > 0 && d[0] == '{' {
		obj = d
	}
	n, ok := decodeOwned(obj)
	if !ok || (n.ID == "" && n.PhoneNumber == "") {
		return OwnedNumber{}, false
	}
	if n.PhoneNumber == "" {
		n.PhoneNumber = e164
	}
	return n, true
}

// ownedFields are the keys an owned-number entry may carry each thing
// under, first found wins: the documented name first, then what other
// APIs call it (Twilio's friendly_name and iso_country, camelCase
// spellings).
var ownedFields = struct {
	id, phone, name, country, active, status, ai, operators, count []string
}{
	id:        []string{"id", "sid", "uuid"},
	phone:     []string{"phone_number", "phoneNumber", "number", "msisdn", "e164"},
	name:      []string{"name", "friendly_name", "friendlyName", "label"},
	country:   []string{"country_code", "countryCode", "iso_country", "country"},
	active:    []string{"active", "is_active", "isActive", "enabled"},
	status:    []string{"status", "state"},
	ai:        []string{"ai_receptionist_enabled", "aiReceptionistEnabled"},
	operators: []string{"operators"},
	count:     []string{"operators_count", "operatorsCount"},
}

// decodeOwned reads one owned-number object tolerantly: a field of an
// unexpected type is left zero, and every key not understood is kept in
// Extra.
func decodeOwned(raw json.RawMessage) (OwnedNumber, bool) {
	fields, ok := objectFields(raw)
	if !ok {
		return OwnedNumber{}, false
	}
	used := map[string]bool{}
	get := func(keys []string) json.RawMessage {
		for _, k := range keys {
			for _, f := range fields {
				if f.Key != k {
					continue
				}
				used[k] = true // a null is understood too: nothing to show
				if v := bytes.TrimSpace(f.Value); !isNull(v) {
					return v
				}
			}
		}
		return nil
	}
	n := OwnedNumber{
		ID:          Printable(strings.TrimSpace(scalar(get(ownedFields.id)))),
		PhoneNumber: Printable(strings.TrimSpace(scalar(get(ownedFields.phone)))),
		Name:        Printable(scalar(get(ownedFields.name))),
	}
	if c := Printable(strings.TrimSpace(scalar(get(ownedFields.country)))); c != "" {
		if code, ok := lookupCountryWord(c); ok {
			c = code
		}
		n.CountryCode = truncate(c, 40)
	}
	if v := get(ownedFields.active); v != nil {
		n.Active, n.ActiveKnown = boolean(v)
	}
	if s := Printable(strings.TrimSpace(scalar(get(ownedFields.status)))); s != "" {
		n.Status = truncate(s, 40)
		if !n.ActiveKnown {
			n.Active, n.ActiveKnown = statusActive(s)
		}
	}
	if v := get(ownedFields.ai); v != nil {
		n.AIReceptionistEnabled, _ = boolean(v)
	}
	if ops := get(ownedFields.operators); ops != nil {
		n.Operators = json.RawMessage(bytes.Clone(ops))
	}
	if c, err := strconv.Atoi(scalar(get(ownedFields.count))); err == nil && c >= 0 {
		n.OperatorsCount = c
	} else if n.Operators != nil {
		var list []json.RawMessage
		if json.Unmarshal(n.Operators, &list) == nil {
			n.OperatorsCount = len(list)
		}
	}
	for _, f := range fields {
		if !used[f.Key] {
			n.Extra = append(n.Extra, Field{Key: Printable(f.Key), Value: bytes.Clone(f.Value)})
		}
	}
	return n, true
}

// objectFields returns the members of a JSON object in order; ok is
// false when raw is not an object. A repeated key keeps its first value.
func objectFields(raw json.RawMessage) ([]Field, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, false
	}
	var out []Field
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, Field{Key: k, Value: v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, false
	}
	return out, true
}

// statusActive reads a provider's status word: in service or not, and
// whether the word says either.
func statusActive(s string) (active, known bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "active", "enabled", "in-use", "in_use", "assigned", "live", "ok":
		return true, true
	case "inactive", "disabled", "suspended", "released", "cancelled", "canceled", "deleted",
		"pending", "port-pending", "port_pending", "expired", "blocked":
		return false, true
	}
	return false, false
}

// scalar returns a JSON string's value or a number's text, else "".
func scalar(v json.RawMessage) string {
	s, _ := scalarText(bytes.TrimSpace(v))
	return s
}

// boolean reads true/false, "true"/"false", "yes"/"no" or 1/0, and
// whether v was one of them.
func boolean(v json.RawMessage) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(scalar(v))) {
	case "1", "true", "yes", "y", "on":
		return true, true
	case "0", "false", "no", "n", "off":
		return false, true
	}
	switch string(bytes.TrimSpace(v)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}
