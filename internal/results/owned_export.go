package results

import (
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
// array of OwnedEntry, through search's JSON writer. Characters a
// terminal would act on are escaped.
func WriteOwnedJSON(w io.Writer, list []api.OwnedNumber, idx []int) error {
	return writeOwnedJSON(newJSONWriter(w, nil, false), list, idx)
}

// WriteOwnedJSONL writes the owned numbers idx of list as JSON Lines: one
// compact OwnedEntry object a line, through search's JSON Lines writer.
func WriteOwnedJSONL(w io.Writer, list []api.OwnedNumber, idx []int) error {
	return writeOwnedJSON(newJSONWriter(w, nil, true), list, idx)
}

func writeOwnedJSON(j *jsonWriter, list []api.OwnedNumber, idx []int) error {
	for _, k := range idx {
		if err := j.value(NewOwnedEntry(list[k])); err != nil {
			return err
		}
	}
	return j.Close()
}

// OwnedCSVHeader is the header row of WriteOwnedCSV and WriteOwnedTSV.
var OwnedCSVHeader = []string{"id", "phone_number", "name", "country_code", "active", "status",
	"ai_receptionist_enabled", "operators_count", "operators", "provider_fields"}

// WriteOwnedCSV writes the owned numbers idx of list as CSV with a header
// row, through search's CSV writer; operators are their names separated by
// ";". Text a spreadsheet would run as a formula is defused with a quote.
func WriteOwnedCSV(w io.Writer, list []api.OwnedNumber, idx []int) error {
	return writeOwnedRecords(newCSVRecords(w, OwnedCSVHeader), list, idx)
}

// WriteOwnedTSV writes the same columns as WriteOwnedCSV as search's TSV
// writer does, one number a line, for cut and awk: a tab, line break or
// backslash inside a value is written \t, \n, \r or \\.
func WriteOwnedTSV(w io.Writer, list []api.OwnedNumber, idx []int) error {
	return writeOwnedRecords(newTSVRecords(w, OwnedCSVHeader), list, idx)
}

func writeOwnedRecords(r *records, list []api.OwnedNumber, idx []int) error {
	for _, k := range idx {
		if err := r.record(ownedRecord(list[k])); err != nil {
			return err
		}
	}
	return r.Close()
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
