// Package results is the client-side view over a search result: it parses
// the filter query the user types, filters and sorts the numbers, and
// formats them for display. `numbrowse search --filter/--sort` and the TUI
// table share it.
//
// A [Set] wraps the numbers of one search and precomputes, once, the keys
// that filtering and sorting need (digits, national-number offset, folded
// region text, feature bits, exact cost keys), so that [Set.View] can
// re-filter 100,000 numbers on every keystroke.
package results

import (
	"fmt"
	"slices"
	"strings"
)

// Column is one column of the results table; it names what a [Sort] orders
// by.
type Column int

// The columns, in table order.
const (
	Number   Column = iota // the phone number (E.164)
	Region                 // the region summary
	Upfront                // the one-time cost
	Monthly                // the monthly cost
	Features               // sms, voice, mms, fax
	Flags                  // the provider's flags
	Type                   // the number type
	Country                // the ISO country code
	numColumns
)

var columnNames = [numColumns]string{"number", "region", "upfront", "monthly", "features", "flags", "type", "country"}

// columnTitles are the columns' headers, as tables show them.
var columnTitles = [numColumns]string{"Number", "Region", "Upfront", "Monthly", "Features", "Flags", "Type", "Country"}

// columnAliases are the other spellings ParseColumn accepts.
var columnAliases = map[string]Column{
	"phone": Number, "e164": Number, "num": Number,
	"location": Region, "city": Region,
	"setup": Upfront, "upfront_cost": Upfront, "upfront-cost": Upfront,
	"cost": Monthly, "price": Monthly, "monthly_cost": Monthly, "monthly-cost": Monthly,
	"feature": Features, "capabilities": Features,
	"flag":        Flags,
	"number_type": Type, "kind": Type,
	"cc": Country,
}

// String returns the column's name as ParseColumn accepts it ("monthly").
func (c Column) String() string {
	if c < 0 || c >= numColumns {
		return fmt.Sprintf("Column(%d)", int(c))
	}
	return columnNames[c]
}

// Title returns the column's header as tables show it ("Monthly"; the
// command line's table writes it in capitals).
func (c Column) Title() string {
	if c < 0 || c >= numColumns {
		return c.String()
	}
	return columnTitles[c]
}

// TableColumns are the columns a table of the rows idx of s shows, left
// to right: Number, Country when the rows are of more than one country,
// Region, Upfront, Monthly, Features, Flags, and Type when mixedTypes (a
// search of all types). The browser and `numbrowse search` both lay out
// their tables from it; a narrow browser drops some (see the ui package).
func (s *Set) TableColumns(rows Rows, mixedTypes bool) []Column {
	cols := []Column{Number}
	if s.SpansCountries(rows) {
		cols = append(cols, Country)
	}
	cols = append(cols, Region, Upfront, Monthly, Features, Flags)
	if mixedTypes {
		cols = append(cols, Type)
	}
	return cols
}

// Columns returns every column in table order.
func Columns() []Column {
	out := make([]Column, numColumns)
	for i := range out {
		out[i] = Column(i)
	}
	return out
}

// columnList is "number, region, ..." for error messages.
func columnList() string { return strings.Join(columnNames[:], ", ") }

// ParseColumn accepts a column name in any case, or one of a few aliases:
// "cost" and "price" for monthly, "setup" for upfront, "phone" for number,
// "location" and "city" for region, "cc" for country.
func ParseColumn(s string) (Column, error) {
	norm := strings.ToLower(strings.TrimSpace(s))
	if i := slices.Index(columnNames[:], norm); i >= 0 {
		return Column(i), nil
	}
	if c, ok := columnAliases[norm]; ok {
		return c, nil
	}
	return 0, fmt.Errorf("unknown sort column %q: use one of %s (add :desc to reverse)", s, columnList())
}

// Sort says how to order a view: by one column, ascending unless Desc.
// The columns order by:
//
//   - number: the E.164 digits, as text;
//   - region: the region summary, case- and accent-insensitively;
//   - upfront, monthly: the exact amount ("1.10" = "1.1"), within each
//     currency: amounts in different currencies are never compared, so the
//     rows of each currency stay together, the currency most numbers are
//     priced in first (see Set.CurrencyOrder); :desc reverses the amounts,
//     not the currencies. Numbers without the cost sort last in both
//     directions;
//   - features: sms, voice, mms, fax weighing 8, 4, 2, 1, so descending
//     puts the best-equipped first;
//   - flags: how many flags are set;
//   - type, country: the canonical type and the country code, as text.
//
// Whatever the column and direction, ties are broken by the number
// ascending, then by position in the input: the order is stable. The zero
// Sort is by number, ascending.
type Sort struct {
	Col  Column
	Desc bool
}

// ParseSort accepts "column", "column:asc" or "column:desc" ("monthly",
// "monthly:desc", "Region:ASC"), with the column names and aliases of
// ParseColumn. The error lists the valid columns.
func ParseSort(s string) (Sort, error) {
	name, dir, hasDir := strings.Cut(strings.TrimSpace(s), ":")
	c, err := ParseColumn(name)
	if err != nil {
		return Sort{}, err
	}
	desc, err := parseSortDir(dir, hasDir, s)
	if err != nil {
		return Sort{}, err
	}
	return Sort{Col: c, Desc: desc}, nil
}

// parseSortDir reads the direction after a sort's column ("asc",
// "descending"...; none is ascending); s is the whole sort, for the error.
func parseSortDir(dir string, hasDir bool, s string) (desc bool, err error) {
	if !hasDir {
		return false, nil
	}
	switch strings.ToLower(strings.TrimSpace(dir)) {
	case "asc", "ascending":
		return false, nil
	case "desc", "descending":
		return true, nil
	}
	return false, fmt.Errorf("unknown sort direction %q in %q: use asc or desc", dir, s)
}

// String returns the sort as ParseSort accepts it: "monthly" when
// ascending, "monthly:desc" when descending.
func (s Sort) String() string {
	if s.Desc {
		return s.Col.String() + ":desc"
	}
	return s.Col.String()
}

// Next returns the sort by the following column (wrapping around),
// ascending: what the TUI's "cycle sort column" key does.
func (s Sort) Next() Sort {
	c := s.Col + 1
	if c < 0 || c >= numColumns {
		c = 0
	}
	return Sort{Col: c}
}

// Reverse returns the same column in the other direction.
func (s Sort) Reverse() Sort { return Sort{Col: s.Col, Desc: !s.Desc} }
