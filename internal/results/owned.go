package results

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"numbrowse/api"
)

// The numbers the account owns (api.OwnedNumber) have their own, short
// table: the number, its name, country, whether it is in service and its
// operators. OwnedView filters and sorts them as View does search
// results; an account has hundreds of numbers, not a hundred thousand, so
// nothing is indexed ahead.

// OwnedColumn is one column of the owned-numbers table.
type OwnedColumn int

// The owned-number columns, in table order.
const (
	OwnedNumber    OwnedColumn = iota // the phone number
	OwnedName                         // the display name
	OwnedCountry                      // the ISO country code
	OwnedActive                       // in service or not
	OwnedOperators                    // how many operators answer it
	numOwnedColumns
)

var ownedColumnNames = [numOwnedColumns]string{"number", "name", "country", "active", "operators"}

// String returns the column's name as ParseOwnedSort accepts it.
func (c OwnedColumn) String() string {
	if c < 0 || c >= numOwnedColumns {
		return fmt.Sprintf("OwnedColumn(%d)", int(c))
	}
	return ownedColumnNames[c]
}

// OwnedColumns returns every owned-number column in table order.
func OwnedColumns() []OwnedColumn {
	out := make([]OwnedColumn, numOwnedColumns)
	for i := range out {
		out[i] = OwnedColumn(i)
	}
	return out
}

// OwnedSort orders the owned numbers by one column, ascending unless
// Desc: the number by its digits, the name and country as text (case and
// accents ignored), active with the numbers in service first (unknown
// last in both directions), operators by how many. Ties go by number,
// then by the API's order. The zero OwnedSort is by number.
type OwnedSort struct {
	Col  OwnedColumn
	Desc bool
}

// ParseOwnedSort accepts "column", "column:asc" or "column:desc" with a
// column of number, name, country, active or operators (any case; phone,
// cc, status are aliases).
func ParseOwnedSort(s string) (OwnedSort, error) {
	name, dir, hasDir := strings.Cut(strings.TrimSpace(s), ":")
	norm := strings.ToLower(strings.TrimSpace(name))
	alias := map[string]string{"phone": "number", "e164": "number", "cc": "country", "status": "active", "operator": "operators"}
	if a, ok := alias[norm]; ok {
		norm = a
	}
	i := slices.Index(ownedColumnNames[:], norm)
	if i < 0 {
		return OwnedSort{}, fmt.Errorf("unknown sort column %q: use one of %s (add :desc to reverse)",
			s, strings.Join(ownedColumnNames[:], ", "))
	}
	desc, err := parseSortDir(dir, hasDir, s)
	if err != nil {
		return OwnedSort{}, err
	}
	return OwnedSort{Col: OwnedColumn(i), Desc: desc}, nil
}

// String returns the sort as ParseOwnedSort accepts it.
func (s OwnedSort) String() string {
	if s.Desc {
		return s.Col.String() + ":desc"
	}
	return s.Col.String()
}

// Next is the sort by the following column (wrapping around), ascending.
func (s OwnedSort) Next() OwnedSort {
	c := s.Col + 1
	if c < 0 || c >= numOwnedColumns {
		c = 0
	}
	return OwnedSort{Col: c}
}

// Reverse is the same column in the other direction.
func (s OwnedSort) Reverse() OwnedSort { return OwnedSort{Col: s.Col, Desc: !s.Desc} }

// OwnedFilter is a parsed filter over owned numbers: space-separated terms
// that must all match. The zero OwnedFilter matches everything.
type OwnedFilter struct {
	raw     string
	terms   []ownedTerm
	invalid []string
	words   []Word
}

// ownedTerm is a search filter term, or a state keyword.
type ownedTerm struct {
	term
	state int8    // 1: active, -1: inactive, 0: not a state term
	pat   pattern // kindDigits: the digits, split once
}

// ParseOwnedFilter parses a filter over owned numbers. It takes the
// search filter's number terms (555, +44, ^415, 00$, ^415***0100$, vanity
// letters, all as in ParseFilter) and text terms, which match the name,
// the country (code or name) and the operators' names, case and accents
// ignored (letters also match as keypad digits in the number, as in
// ParseFilter); a quoted term ("sales team") is text with its spaces;
// active and inactive match the numbers in service or not; any term may
// be negated with !. Features, number types, flags, prices, currencies and
// region parts are not known for owned numbers: such a term (sms, mobile,
// docs, <2, cur:EUR, state:IL) is invalid, as is anything ParseFilter
// finds invalid.
func ParseOwnedFilter(q string) OwnedFilter {
	f := OwnedFilter{raw: q}
	for _, sp := range splitQuery(q) {
		word := q[sp.start:sp.end]
		w := Word{Text: word, Start: sp.start, End: sp.end, idx: -1}
		body, neg := strings.CutPrefix(word, "!")
		if st := ownedStates[strings.ToLower(body)]; st != 0 && !strings.HasPrefix(body, "!") {
			w.idx, w.about = len(f.terms), ownedStateMeaning[st > 0]
			w.t.neg = neg
			f.terms = append(f.terms, ownedTerm{term: term{neg: neg}, state: st})
			f.words = append(f.words, w)
			continue
		}
		t, problem := parseTerm(word)
		if problem == "" {
			problem = ownedUnknown[t.kind]
		}
		if problem != "" {
			w.Problem = problem
			f.invalid = append(f.invalid, fmt.Sprintf("%q: %s", word, problem))
			f.words = append(f.words, w)
			continue
		}
		ot := ownedTerm{term: t}
		switch t.kind {
		case kindDigits:
			ot.pat = compilePattern(t.digits)
			w.about = t.digitsMeaning()
		case kindText:
			w.about = "the name, country or an operator contains " + api.Printable(typedValue(word))
			if t.digits != "" {
				w.about += ", or its keypad digits " + t.digits + " are in the number"
			}
		}
		w.t, w.idx = t, len(f.terms)
		f.terms = append(f.terms, ot)
		f.words = append(f.words, w)
	}
	return f
}

// ownedStates are the owned filter's own keywords.
var ownedStates = map[string]int8{"active": 1, "inactive": -1}

// ownedStateMeaning describes active (true) and inactive.
var ownedStateMeaning = map[bool]string{true: "the number is in service", false: "the number is not in service"}

// ownedUnknown is why a valid search term is no use on owned numbers.
var ownedUnknown = map[termKind]string{
	kindFeature:     "owned numbers are listed without their features",
	kindFeatureName: "owned numbers are listed without their features",
	kindType:        "owned numbers are listed without their type",
	kindFlag:        "owned numbers are listed without the provider's flags",
	kindBound:       "owned numbers are listed without their price",
	kindCurrency:    "owned numbers are listed without their price",
	kindRegion:      "owned numbers are listed without their region: type a name or a number",
}

// Words returns every term of the query as typed, valid or not, in order,
// described for the owned numbers (Word.Meaning). The slice is shared: do
// not modify it.
func (f OwnedFilter) Words() []Word { return f.words }

// Invalid describes each ignored term, as Filter.Invalid does.
func (f OwnedFilter) Invalid() []string { return f.invalid }

// Empty reports whether the filter has no valid term.
func (f OwnedFilter) Empty() bool { return len(f.terms) == 0 }

// Query returns the text the filter was parsed from.
func (f OwnedFilter) Query() string { return f.raw }

// ownedRow is what filtering and sorting need of one owned number.
type ownedRow struct {
	digits string // the number's digits
	nsn    int    // offset of the national significant number in digits
	trunk  string // the country's trunk prefix
	text   string // folded name, country code and name, operators
	name   string // folded name
}

// newOwnedRows prepares list for filtering and sorting.
func newOwnedRows(list []api.OwnedNumber) []ownedRow {
	b := newSetBuilder(&index{})
	rows := make([]ownedRow, len(list))
	for i := range list {
		o := &list[i]
		d := string(appendDigits(nil, o.PhoneNumber))
		nsn, trunk := b.national(strings.ToUpper(o.CountryCode), []byte(d))
		country := o.CountryCode
		if c, ok := api.LookupCountry(o.CountryCode); ok {
			country += " " + c.Name
		}
		rows[i] = ownedRow{
			digits: d, nsn: int(nsn), trunk: b.s.trunks[trunk],
			name: fold(o.Name),
			text: fold(strings.Join(append([]string{o.Name, country}, o.OperatorNames()...), "\x1f")),
		}
	}
	return rows
}

// OwnedView returns the indices of the numbers of list that match f,
// ordered by so. The slice is the caller's.
func OwnedView(list []api.OwnedNumber, f OwnedFilter, so OwnedSort) []int {
	rows := newOwnedRows(list)
	var idx []int
	for i := range list {
		if matchOwned(&list[i], &rows[i], f.terms) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return compareOwned(list, rows, so, a, b) })
	return idx
}

// MatchOwned reports whether o matches every valid term of f.
func MatchOwned(o api.OwnedNumber, f OwnedFilter) bool {
	rows := newOwnedRows([]api.OwnedNumber{o})
	return matchOwned(&o, &rows[0], f.terms)
}

func matchOwned(o *api.OwnedNumber, r *ownedRow, terms []ownedTerm) bool {
	for i := range terms {
		if matchOwnedTerm(o, r, &terms[i]) == terms[i].neg {
			return false
		}
	}
	return true
}

// matchOwnedTerm tests one term, ignoring its negation: a state keyword
// needs a known state; digits follow the search filter's rules; text is
// found in the name, country or operators, or as keypad digits in the
// number.
func matchOwnedTerm(o *api.OwnedNumber, r *ownedRow, t *ownedTerm) bool {
	switch {
	case t.state != 0:
		return o.ActiveKnown && o.Active == (t.state > 0)
	case t.kind == kindDigits:
		d := r.digits
		switch t.start {
		case anchorE164:
			return t.pat.match(d, true, t.end)
		case anchorNational:
			nsn := d[min(r.nsn, len(d)):]
			if t.pat.match(nsn, true, t.end) {
				return true
			}
			return r.trunk != "" && strings.HasPrefix(t.digits, r.trunk) &&
				compilePattern(t.digits[len(r.trunk):]).match(nsn, true, t.end)
		}
		return t.pat.match(d, false, t.end)
	case t.kind == kindText:
		return strings.Contains(r.text, t.text) || (t.digits != "" && strings.Contains(r.digits, t.digits))
	}
	return false
}

// compareOwned orders two owned numbers by so, then by number, then by
// their place in the list.
func compareOwned(list []api.OwnedNumber, rows []ownedRow, so OwnedSort, a, b int) int {
	x, y := &list[a], &list[b]
	c := 0
	switch so.Col {
	case OwnedNumber:
		c = strings.Compare(rows[a].digits, rows[b].digits)
	case OwnedName:
		c = strings.Compare(rows[a].name, rows[b].name)
	case OwnedCountry:
		c = strings.Compare(strings.ToUpper(x.CountryCode), strings.ToUpper(y.CountryCode))
	case OwnedActive:
		// Unknown last whatever the direction.
		if x.ActiveKnown != y.ActiveKnown {
			if x.ActiveKnown {
				return -1
			}
			return 1
		}
		c = cmp.Compare(activeRank(x), activeRank(y))
	case OwnedOperators:
		c = cmp.Compare(x.OperatorsCount, y.OperatorsCount)
	}
	if so.Desc {
		c = -c
	}
	if c != 0 {
		return c
	}
	if c = strings.Compare(rows[a].digits, rows[b].digits); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

// activeRank puts the numbers in service first.
func activeRank(o *api.OwnedNumber) int {
	if o.Active {
		return 0
	}
	return 1
}
