package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

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

// writeOwned prints a number on the account as a table or JSON.
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
	yesNo := map[bool]string{true: "yes", false: "no"}
	header := []string{"ID", "NUMBER", "NAME", "COUNTRY", "ACTIVE", "OPERATORS"}
	row := []string{buyDash(o.ID), o.PhoneNumber, buyDash(o.Name), buyDash(o.CountryCode), yesNo[o.Active],
		strconv.Itoa(o.OperatorsCount)}
	var b strings.Builder
	for _, cells := range [][]string{header, row} {
		var line strings.Builder
		for i, c := range cells {
			c = oneLine(c)
			if i < len(cells)-1 {
				width := max(ansi.StringWidth(header[i]), ansi.StringWidth(oneLine(row[i])))
				c += strings.Repeat(" ", width-ansi.StringWidth(c)+2)
			}
			line.WriteString(c)
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// buyDash is s, or "-" when it is empty.
func buyDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
