package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
)

const ownedPath = "/virtual_numbers"

// OwnedNumber is a number on the account, as GET /virtual_numbers lists
// it and a purchase returns it. Fields the API left out or sent in an
// unexpected shape are zero. Every string is safe to print (Printable)
// except Operators, which is raw JSON.
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
	// Active reports whether the number is in service.
	Active bool
	// AIReceptionistEnabled reports whether the AI receptionist answers it.
	AIReceptionistEnabled bool
	// OperatorsCount is how many operators the number has.
	OperatorsCount int
	// Operators is the operators list as the API sent it (raw JSON; pass
	// it through Printable before showing it), nil when absent.
	Operators json.RawMessage
}

// Owned returns the numbers the account owns: GET /virtual_numbers. It is
// idempotent, so it is retried like Search. Use it to learn whether a
// purchase whose outcome is unknown went through (see FindOwned).
// Entries that are not objects are skipped.
func (c *Client) Owned(ctx context.Context) ([]OwnedNumber, error) {
	req := &request{method: http.MethodGet, path: ownedPath}
	var out []OwnedNumber
	err := c.do(ctx, req, true, func(r io.Reader) error {
		b, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		list, ok := decodeOwnedList(b)
		if !ok {
			return badResponse("the list of owned numbers is not the expected JSON")
		}
		out = list
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
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

// decodeOwnedList reads {"data": [...]} or a bare array of owned numbers.
func decodeOwnedList(b []byte) ([]OwnedNumber, bool) {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var top map[string]json.RawMessage
		if json.Unmarshal(b, &top) != nil {
			return nil, false
		}
		b = bytes.TrimSpace(top["data"])
	}
	var items []json.RawMessage
	if len(b) == 0 || b[0] != '[' || json.Unmarshal(b, &items) != nil {
		return nil, false
	}
	out := make([]OwnedNumber, 0, len(items))
	for _, it := range items {
		if n, ok := decodeOwned(it); ok {
			out = append(out, n)
		}
	}
	return out, true
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

// decodeOwned reads one owned-number object tolerantly: a field of an
// unexpected type is left zero.
func decodeOwned(raw json.RawMessage) (OwnedNumber, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return OwnedNumber{}, false
	}
	n := OwnedNumber{
		ID:                    Printable(strings.TrimSpace(scalar(m["id"]))),
		PhoneNumber:           Printable(strings.TrimSpace(scalar(m["phone_number"]))),
		Name:                  Printable(scalar(m["name"])),
		CountryCode:           Printable(strings.TrimSpace(scalar(m["country_code"]))),
		Active:                boolean(m["active"]),
		AIReceptionistEnabled: boolean(m["ai_receptionist_enabled"]),
	}
	if n.PhoneNumber == "" {
		n.PhoneNumber = Printable(strings.TrimSpace(scalar(m["number"])))
	}
	if ops := bytes.TrimSpace(m["operators"]); len(ops) > 0 && !isNull(ops) {
		n.Operators = json.RawMessage(bytes.Clone(ops))
	}
	if c, err := strconv.Atoi(scalar(m["operators_count"])); err == nil && c >= 0 {
		n.OperatorsCount = c
	} else if n.Operators != nil {
		var list []json.RawMessage
		if json.Unmarshal(n.Operators, &list) == nil {
			n.OperatorsCount = len(list)
		}
	}
	return n, true
}

// scalar returns a JSON string's value or a number's text, else "".
func scalar(v json.RawMessage) string {
	s, _ := scalarText(bytes.TrimSpace(v))
	return s
}

// boolean reads true/false, "true"/"false" or 1/0; anything else is false.
func boolean(v json.RawMessage) bool {
	switch strings.ToLower(scalar(v)) {
	case "1", "true", "yes":
		return true
	}
	return string(bytes.TrimSpace(v)) == "true"
}
