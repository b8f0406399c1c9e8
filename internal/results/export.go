package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

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

// WriteJSON writes the numbers idx of set as an indented JSON array of
// Entry. Characters a terminal would act on are escaped.
func WriteJSON(w io.Writer, set *Set, idx []int) error {
	entries := make([]Entry, len(idx))
	for i, j := range idx {
		entries[i] = newEntry(set.At(j))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(entries); err != nil {
		return err
	}
	_, err := w.Write(escapeJSONControls(buf.Bytes()))
	return err
}

// escapeJSONControls rewrites, inside JSON text, the characters that
// encoding/json leaves literal but a terminal would act on (DEL, C1 controls,
// bidirectional overrides) as \u escapes. They can only occur inside
// strings, where the escape means the same character.
func escapeJSONControls(b []byte) []byte {
	if !bytes.ContainsFunc(b, isLiteralControl) {
		return b
	}
	const hex = "0123456789abcdef"
	var out bytes.Buffer
	for _, r := range string(b) {
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

// CSVHeader is the header row WriteCSV writes.
var CSVHeader = []string{"phone_number", "country_code", "number_type", "upfront_cost", "monthly_cost",
	"currency", "upfront_currency", "monthly_currency", "provider_type",
	"features", "region", "region_information", "flags", "requirements", "provider_fields"}

// WriteCSV writes the numbers idx of set as CSV with a header row. Provider
// text that a spreadsheet would run as a formula is defused with a quote.
func WriteCSV(w io.Writer, set *Set, idx []int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, j := range idx {
		if err := cw.Write(csvRecord(set.At(j))); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvRecord(n *api.Number) []string {
	var regions, reqs []string
	for _, r := range n.Regions {
		regions = append(regions, r.Type+"="+r.Name)
	}
	for _, r := range n.Requirements {
		reqs = append(reqs, r.Label)
	}
	extra, _ := ProviderFields(n.Extra).MarshalJSON()
	if len(n.Extra) == 0 {
		extra = nil
	}
	return []string{
		n.E164, n.Country, string(n.Type), n.Upfront.String(), n.Monthly.String(), csvText(n.Currency()),
		csvText(n.UpfrontCurrency), csvText(n.MonthlyCurrency), csvText(n.TypeWord),
		strings.Join(n.Features, ";"),
		csvText(RegionSummary(n)), csvText(strings.Join(regions, ";")),
		csvText(strings.Join(n.Flags.Labels(), ";")), csvText(strings.Join(reqs, ";")),
		csvText(api.Printable(string(escapeJSONControls(extra)))),
	}
}

// csvText defuses provider text that a spreadsheet would run as a formula.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
