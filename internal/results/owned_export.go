package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"numbrowse/api"
)

// OwnedEntry is one number on the account as `numbrowse owned --format
// json` (and jsonl) writes it: the API's field names, normalised, with
// every field numbrowse did not understand under provider_fields.
type OwnedEntry struct {
	// ID is the id as a JSON number when it is one, else a string, or
	// null when the API sent none.
	ID                    any             `json:"id"`
	PhoneNumber           string          `json:"phone_number"`
	Name                  string          `json:"name"`
	CountryCode           string          `json:"country_code"`
	Active                *bool           `json:"active"` // null when the API did not say
	Status                string          `json:"status,omitempty"`
	AIReceptionistEnabled bool            `json:"ai_receptionist_enabled"`
	OperatorsCount        int             `json:"operators_count"`
	Operators             json.RawMessage `json:"operators"`
	ProviderFields        ProviderFields  `json:"provider_fields"`
}

// NewOwnedEntry converts an owned number to its JSON form.
func NewOwnedEntry(o api.OwnedNumber) OwnedEntry {
	e := OwnedEntry{PhoneNumber: o.PhoneNumber, Name: o.Name, CountryCode: o.CountryCode, Status: o.Status,
		AIReceptionistEnabled: o.AIReceptionistEnabled, OperatorsCount: o.OperatorsCount,
		Operators: json.RawMessage("[]"), ProviderFields: ProviderFields(o.Extra)}
	switch id, err := strconv.ParseInt(o.ID, 10, 64); {
	case err == nil:
		e.ID = id
	case o.ID != "":
		e.ID = o.ID
	}
	if o.ActiveKnown {
		a := o.Active
		e.Active = &a
	}
	if json.Valid(o.Operators) {
		e.Operators = o.Operators
	}
	return e
}

// WriteOwnedJSON writes the owned numbers idx of list as an indented JSON
// array of OwnedEntry. Characters a terminal would act on are escaped.
func WriteOwnedJSON(w io.Writer, list []api.OwnedNumber, idx []int) error {
	entries := make([]OwnedEntry, len(idx))
	for i, j := range idx {
		entries[i] = NewOwnedEntry(list[j])
	}
	return writeIndentedJSON(w, entries)
}

// WriteOwnedJSONL writes the owned numbers idx of list as JSON Lines: one
// compact OwnedEntry object a line.
func WriteOwnedJSONL(w io.Writer, list []api.OwnedNumber, idx []int) error {
	return writeJSONLines(w, len(idx), func(i int) any { return NewOwnedEntry(list[idx[i]]) })
}

// OwnedCSVHeader is the header row of WriteOwnedCSV and WriteOwnedTSV.
var OwnedCSVHeader = []string{"id", "phone_number", "name", "country_code", "active", "status",
	"ai_receptionist_enabled", "operators_count", "operators", "provider_fields"}

// WriteOwnedCSV writes the owned numbers idx of list as CSV with a header
// row; operators are their names separated by ";". Text a spreadsheet
// would run as a formula is defused with a quote.
func WriteOwnedCSV(w io.Writer, list []api.OwnedNumber, idx []int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(OwnedCSVHeader); err != nil {
		return err
	}
	for _, j := range idx {
		rec := ownedRecord(list[j])
		for i := range rec {
			rec[i] = csvCell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteOwnedTSV writes the same columns as WriteOwnedCSV separated by
// tabs, one number a line, for cut and awk: tabs and line breaks inside a
// value become spaces.
func WriteOwnedTSV(w io.Writer, list []api.OwnedNumber, idx []int) error {
	records := make([][]string, 0, len(idx)+1)
	records = append(records, OwnedCSVHeader)
	for _, j := range idx {
		records = append(records, ownedRecord(list[j]))
	}
	return writeTSV(w, records)
}

// ownedRecord is one CSV or TSV row, its cells as they are: the writers
// defuse them (csvCell).
func ownedRecord(o api.OwnedNumber) []string {
	active := ""
	if o.ActiveKnown {
		active = strconv.FormatBool(o.Active)
	}
	extra, _ := ProviderFields(o.Extra).MarshalJSON()
	if len(o.Extra) == 0 {
		extra = nil
	}
	return []string{
		o.ID, o.PhoneNumber, o.Name, o.CountryCode, active, o.Status,
		strconv.FormatBool(o.AIReceptionistEnabled), strconv.Itoa(o.OperatorsCount),
		strings.Join(o.OperatorNames(), ";"), api.Printable(string(SafeJSON(extra))),
	}
}

// OwnedCell is the text of column c for o, as tables show it: the
// number in its international form, the name ("" when none), the
// country code, "yes" or "no" (the provider's word when it gave one; ""
// when it said neither), and the number of operators with their names.
// The result is safe to print.
func OwnedCell(o api.OwnedNumber, c OwnedColumn) string {
	switch c {
	case OwnedNumber:
		return OwnedInternational(o)
	case OwnedName:
		return api.Printable(o.Name)
	case OwnedCountry:
		return api.Printable(o.CountryCode)
	case OwnedActive:
		return ActiveText(o)
	case OwnedOperators:
		s := strconv.Itoa(o.OperatorsCount)
		if names := o.OperatorNames(); len(names) > 0 {
			s += " (" + strings.Join(names, ", ") + ")"
		}
		return s
	}
	return ""
}

// ActiveText says whether o is in service: "yes", "no", the provider's
// word beside it when it is another ("no (suspended)"), or "" when the
// API said neither.
func ActiveText(o api.OwnedNumber) string {
	if !o.ActiveKnown {
		return api.Printable(o.Status)
	}
	s := "no"
	if o.Active {
		s = "yes"
	}
	if st := strings.ToLower(strings.TrimSpace(o.Status)); st != "" && st != "active" && st != "inactive" {
		s += " (" + api.Printable(o.Status) + ")"
	}
	return s
}

// OwnedInternational is the owned number in its international format
// ("+44 7700 900123"), or as the API sent it when it is not a number
// libphonenumber can read.
func OwnedInternational(o api.OwnedNumber) string {
	e164 := o.PhoneNumber
	if !strings.HasPrefix(strings.TrimSpace(e164), "+") {
		if d := string(appendDigits(nil, e164)); d != "" {
			e164 = "+" + d
		}
	}
	n := api.Number{E164: e164, Country: strings.ToUpper(o.CountryCode)}
	return International(&n)
}

// writeIndentedJSON writes v indented, with terminal controls escaped.
func writeIndentedJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(SafeJSON(buf.Bytes()))
	return err
}

// writeJSONLines writes n values, each the compact JSON of at(i) on its
// own line, with terminal controls escaped.
func writeJSONLines(w io.Writer, n int, at func(i int) any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := range n {
		if err := enc.Encode(at(i)); err != nil {
			return err
		}
		if buf.Len() >= 32<<10 || i == n-1 {
			if _, err := w.Write(SafeJSON(buf.Bytes())); err != nil {
				return err
			}
			buf.Reset()
		}
	}
	return nil
}

// writeTSV writes records as tab-separated lines; tabs and line breaks
// inside a value become spaces, and a cell a spreadsheet would run as a
// formula is defused as in CSV (csvCell).
func writeTSV(w io.Writer, records [][]string) error {
	var b strings.Builder
	clean := strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ")
	for _, rec := range records {
		for i, v := range rec {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(csvCell(clean.Replace(v)))
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
