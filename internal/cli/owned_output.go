package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"numbrowse/api"
	"numbrowse/internal/results"
)

// ownedJSON is the JSON form of a bought number, the API's field names.
type ownedJSON struct {
	ID                    any             `json:"id"`
	PhoneNumber           string          `json:"phone_number"`
	Name                  string          `json:"name"`
	CountryCode           string          `json:"country_code"`
	Active                bool            `json:"active"`
	AIReceptionistEnabled bool            `json:"ai_receptionist_enabled"`
	OperatorsCount        int             `json:"operators_count"`
	Operators             json.RawMessage `json:"operators,omitempty"`
}

// writeOwned prints a number on the account as a table (as numbrowse
// owned prints it) or JSON.
func writeOwned(w io.Writer, format string, o api.OwnedNumber) error {
	if format == "json" {
		j := ownedJSON{ID: o.ID, PhoneNumber: o.PhoneNumber, Name: o.Name, CountryCode: o.CountryCode,
			Active: o.Active, AIReceptionistEnabled: o.AIReceptionistEnabled, OperatorsCount: o.OperatorsCount}
		if id, err := strconv.ParseInt(o.ID, 10, 64); err == nil {
			j.ID = id
		} else if o.ID == "" {
			j.ID = nil
		}
		if json.Valid(o.Operators) {
			j.Operators = o.Operators
		}
		b, err := json.MarshalIndent(j, "", "  ")
		if err != nil {
			return err
		}
		// Operators is the API's JSON as it came: SafeJSON escapes its
		// C1 controls and replaces bytes that are not UTF-8.
		_, err = fmt.Fprintf(w, "%s\n", results.SafeJSON(b))
		return err
	}
	// The table of numbrowse owned: the number as people write it, the
	// provider's word for its state, the operators by name.
	return writeOwnedTable(w, []api.OwnedNumber{o}, []int{0}, false, false, 0)
}

// buyDash is s, or "-" when it is empty.
func buyDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
