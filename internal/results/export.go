package results

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"unicode/utf8"

	"numbrowse/api"
)

// Entry is one number as `numbrowse search --format json` and the
// browser's JSON export write it: the documented entry shape, normalised,
// plus the provider's flags and requirements and every field numbrowse did
// not understand.
type Entry struct {
	PhoneNumber       string             `json:"phone_number"`
	CountryCode       string             `json:"country_code"`
	NumberType        string             `json:"number_type"`
	ProviderType      string             `json:"provider_type,omitempty"`
	UpfrontCost       api.Decimal        `json:"upfront_cost"`
	UpfrontCurrency   *string            `json:"upfront_currency"`
	MonthlyCost       api.Decimal        `json:"monthly_cost"`
	MonthlyCurrency   *string            `json:"monthly_currency"`
	Currency          *string            `json:"currency"`
	Features          []string           `json:"features"`
	RegionInformation []api.Region       `json:"region_information"`
	Flags             EntryFlags         `json:"flags"`
	Requirements      []EntryRequirement `json:"requirements,omitempty"`
	ProviderFields    ProviderFields     `json:"provider_fields"`
}

// EntryFlags are the provider's flags of an Entry; the JSON names are
// api.Flag's Name.
type EntryFlags struct {
	BestEffort         bool   `json:"best_effort"`
	Quickship          bool   `json:"quickship"`
	Reservable         bool   `json:"reservable"`
	DocumentsRequired  bool   `json:"documents_required"`
	AddressRequired    bool   `json:"address_required"`
	AddressRequirement string `json:"address_requirement,omitempty"`
}

// EntryRequirement is one regulatory requirement of an Entry, with every
// other sub-field the provider gave for it.
type EntryRequirement struct {
	Label  string         `json:"label"`
	Detail string         `json:"detail,omitempty"`
	Fields ProviderFields `json:"fields,omitempty"`
}

// ProviderFields marshals as a JSON object that keeps the provider's order.
type ProviderFields []api.Field

// MarshalJSON writes the fields as one object, in order.
func (p ProviderFields) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range p {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(f.Key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v := f.Value
		if len(bytes.TrimSpace(v)) == 0 {
			v = json.RawMessage("null")
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads the object back in order (for round trips).
func (p *ProviderFields) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	*p = nil
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		k, _ := t.(string) // object keys are always strings
		*p = append(*p, api.Field{Key: k, Value: v})
	}
	_, err := dec.Token() // }
	return err
}

// newEntry converts a number to its JSON form.
func newEntry(n *api.Number) Entry {
	e := Entry{
		PhoneNumber: n.E164, CountryCode: n.Country, NumberType: string(n.Type), ProviderType: n.TypeWord,
		UpfrontCost: n.Upfront, MonthlyCost: n.Monthly,
		UpfrontCurrency: optional(n.UpfrontCurrency), MonthlyCurrency: optional(n.MonthlyCurrency),
		Currency: optional(n.Currency()),
		Features: n.Features, RegionInformation: n.Regions,
		Flags: EntryFlags{BestEffort: n.Flags.BestEffort, Quickship: n.Flags.Quickship,
			Reservable: n.Flags.Reservable, DocumentsRequired: n.Flags.DocumentsRequired,
			AddressRequired: n.Flags.Has(api.FlagAddress), AddressRequirement: n.Flags.AddressRequirement},
		ProviderFields: ProviderFields(n.Extra),
	}
	if e.Features == nil {
		e.Features = []string{}
	}
	if e.RegionInformation == nil {
		e.RegionInformation = []api.Region{}
	}
	for _, r := range n.Requirements {
		e.Requirements = append(e.Requirements, EntryRequirement{Label: r.Label, Detail: r.Detail, Fields: r.Fields})
	}
	return e
}

// optional is s, or nil (JSON null) for "".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// WriteJSON writes the rows of set as an indented JSON array of
// Entry. Characters a terminal would act on are escaped, and invalid UTF-8
// (which provider_fields can carry raw) becomes U+FFFD (see SafeJSON).
func WriteJSON(w io.Writer, set *Set, rows Rows) error {
	return WriteRows(NewJSONWriter(w, nil), set, rows)
}

// WriteRows writes the rows of set with rw, in that order, and closes
// it: a whole output at once, for a result already in hand.
func WriteRows(rw RowWriter, set *Set, rows Rows) error {
	for _, j := range rows.idx {
		if err := rw.Row(set, int(j)); err != nil {
			return err
		}
	}
	return rw.Close()
}

// SafeJSON makes JSON text safe to print: the characters that
// encoding/json leaves literal but a terminal would act on (DEL, the C1
// controls, the bidirectional controls) become \u escapes, which mean the
// same character, and bytes that are not UTF-8 become U+FFFD. A raw
// json.RawMessage (the provider's own fields) passes through encoding/json
// unchecked, so an invalid byte such as 0x9b, which some terminals take
// as a one-byte CSI, would otherwise reach the output as it came.
func SafeJSON(b []byte) []byte {
	if utf8.Valid(b) && !bytes.ContainsFunc(b, isLiteralControl) {
		return b
	}
	const hex = "0123456789abcdef"
	var out bytes.Buffer
	out.Grow(len(b))
	for _, r := range string(b) { // an invalid byte ranges as U+FFFD
		if isLiteralControl(r) {
			out.Write([]byte{'\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf]})
			continue
		}
		out.WriteRune(r)
	}
	return out.Bytes()
}

// isLiteralControl is a control character that encoding/json writes
// literally (it escapes the C0 controls itself, and json.RawMessage cannot
// hold them unescaped).
func isLiteralControl(r rune) bool { return r >= 0x20 && api.IsControl(r) }

// CSVHeader is the header row WriteCSV writes: every field's key.
var CSVHeader = fieldKeys(AllFields())

// fieldKeys are the keys of fields, in order.
func fieldKeys(fields []Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Key()
	}
	return out
}

// WriteCSV writes the rows of set as CSV with a header row. Every
// cell a spreadsheet would run as a formula is defused with a quote
// (csvCell): whatever column it is in, so a column added later is covered
// too.
func WriteCSV(w io.Writer, set *Set, rows Rows) error {
	return WriteRows(NewCSVWriter(w, nil, true), set, rows)
}

// csvCell defuses a cell that a spreadsheet would run as a formula (OWASP's
// "CSV injection"): text that starts with =, +, -, @, a tab or a carriage
// return, also after leading spaces, gets a leading quote. Plain numbers
// are left as they are: a phone number ("+14155550100") or a cost
// ("-0.50", "1e3") is read as a number, and holds nothing a formula could
// call.
func csvCell(s string) string {
	if s == "" || isPlainNumber(s) {
		return s
	}
	if t := strings.TrimLeft(s, " "); t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return "'" + s
	}
	return s
}

// isPlainNumber reports whether s is a decimal number and nothing else: an
// optional sign, digits with at most one point, and an optional exponent.
func isPlainNumber(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	mant, exp, hasExp := strings.Cut(strings.ToLower(s), "e")
	ip, fp, _ := strings.Cut(mant, ".")
	if ip+fp == "" || !digitsOnly(ip) || !digitsOnly(fp) {
		return false
	}
	if hasExp {
		if exp != "" && (exp[0] == '+' || exp[0] == '-') {
			exp = exp[1:]
		}
		return exp != "" && digitsOnly(exp)
	}
	return true
}

func digitsOnly(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}
