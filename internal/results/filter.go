package results

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"numbrowse/api"
)

// Filter is a parsed filter query: terms separated by white space that
// must all match. Build one with [ParseFilter]; the zero Filter matches
// everything. A Filter is immutable and safe to copy and share.
type Filter struct {
	raw     string
	terms   []term   // the valid terms, in query order
	invalid []string // descriptions of the ignored terms
	words   []Word   // every term of the query, valid or not
}

// Word is one term of a query as it was typed, with where it is and what
// became of it.
type Word struct {
	// Text is the term as typed, quotes included.
	Text string
	// Start and End are its byte offsets in the query.
	Start, End int
	// Problem says why the term is ignored ("not a number after <"), or is
	// "" for a valid term.
	Problem string

	t   term // the parsed term, when valid
	idx int  // index into Filter.terms, or -1
	// about is what a valid term of another filter (the owned numbers')
	// matches, said instead of t's meaning; "" for the search filter.
	about string
}

// Valid reports whether the term is used for matching.
func (w Word) Valid() bool { return w.Problem == "" }

// termKind says what a term tests.
type termKind uint8

const (
	kindFeature     termKind = iota // a known feature: sms, voice, mms, fax
	kindFeatureName                 // any other feature, by name: feature:emergency
	kindType                        // a number type: mobile, type:local...
	kindFlag                        // flags: flag:quickship, docs (either of two)
	kindBound                       // a bound on the monthly or upfront cost
	kindCurrency                    // a cost's currency: cur:EUR
	kindRegion                      // a region part: state:IL, city:chicago...
	kindDigits                      // a digit pattern in the number
	kindText                        // region text, or vanity letters anywhere
)

// anchor says where a digits term must start.
type anchor uint8

const (
	anchorNone     anchor = iota // anywhere in the E.164 digits
	anchorNational               // at the start of the national number
	anchorE164                   // at the start of the E.164 digits (after +)
)

// boundOp is a cost comparison.
type boundOp uint8

const (
	opLT boundOp = iota
	opLE
	opGT
	opGE
	opEQ
)

var opText = [...]string{opLT: "<", opLE: "<=", opGT: ">", opGE: ">=", opEQ: "="}

// costField is the cost a bound compares.
type costField uint8

const (
	fieldMonthly costField = iota
	fieldUpfront
)

// costScale is the number of fraction digits of the int64 cost keys.
const costScale = 6

// Pattern characters of a digits term besides the digits.
const (
	wildOne = '?' // any one digit (typed * or ?)
	wildRun = '%' // any run of digits, also none
)

// term is one valid term of a query. Terms are comparable, which the
// incremental narrowing in Set.View relies on.
type term struct {
	kind termKind
	neg  bool

	feat  uint8          // kindFeature: one feature bit
	typ   api.NumberType // kindType
	flags uint8          // kindFlag: bits 1<<api.Flag, any of which matches
	keys  partKeys       // kindRegion: the region parts it tests

	field  costField   // kindBound
	op     boundOp     // kindBound
	amount api.Decimal // kindBound
	units  int64       // kindBound: amount at costScale, when exact
	exact  bool        // kindBound: units is exact

	start  anchor // kindDigits
	end    bool   // kindDigits: must end the number
	wild   bool   // kindDigits: digits holds wildOne or wildRun
	digits string // kindDigits: the pattern; kindText: keypad digits or ""
	// text is kindText's folded text to find in the region text,
	// kindRegion's folded value, kindFeatureName's folded name and
	// kindCurrency's upper-case code.
	text  string
	shown string // the canonical form, when the natural one would not parse back to this term
}

// ParseFilter parses a filter query: terms separated by white space, all
// of which must match; a double quote groups words with spaces into one
// term ("new york", city:"san jose") up to the next quote or the end. It
// never fails as a whole: a term it cannot understand is ignored for
// matching and described by [Filter.Invalid], so a UI can show it as
// invalid. The terms (each negated by a leading !):
//
//	sms voice mms fax        the number has that feature (any case)
//	feature:emergency        ... any feature, by the provider's name
//	mobile local national    the number has that type;
//	toll-free tollfree       type:toll-free is the same
//	quickship reservable     the provider flags it so (flag:quickship...);
//	best-effort              flag:documents, flag:address too
//	docs                     documents or an address are required
//	<2 <=1.5 >0.5 >=1 =1     its monthly cost compares so, exactly ("=1.10"
//	mo<2  up<1  up=0         matches 1.1); up: the upfront cost; a number
//	                         without that cost never matches; "<$2", "<€2":
//	                         the symbol is decoration
//	cur:EUR                  a cost of the number is in that currency
//	state:IL  city:chicago   a region part starts with this (case and
//	rc:  zip:  postal:       accents ignored): state or region; place
//	lata:  region:           (locality, location or rate centre); rate
//	                         centre; postal code; LATA; any part
//	555  (415)  555-0100     these digits appear anywhere in the E.164 number;
//	                         - ( ) . are ignored
//	+44  +1415               the E.164 number starts with these digits
//	^415  ^07700             the national number starts with them, with or
//	                         without the country's trunk prefix (0 in GB and
//	                         DE, 1 in the US: "^07700" finds +44 7700…)
//	00$  ^4155550100$        the number ends with them / is exactly them
//	^415***0100$  555%00$    * or ? is any one digit, % any run of digits
//	chicago  münchen  HI     letters: the region names (or the region summary)
//	"new york"               contain them, ignoring case and accents; with 3
//	                         letters or more and nothing but letters and
//	                         - ( ) ., also their keypad digits anywhere in the
//	                         number (FLOWERS → 3569377); quoted: text only
//	1800FLOWERS  ^800flowers letters with digits, ^, $, + or a wildcard:
//	                         keypad digits only
//
// A term is invalid when it is only "!", "^", "$" or punctuation, when a
// comparison has no amount or a bad one ("<", "<abc", "<1,5"), when a
// number term holds a character that is neither a digit, a wildcard, a
// keypad letter nor - ( ) . ("^4#", "^münchen"), when + or ^ is not at its
// start or $ not at its end, when an amount has no comparison ("$2"), when
// a key is unknown ("foo:bar") or has no value or a wrong one ("type:car",
// "flag:cheap"), when a quote is not around a whole term or value, or when
// it holds a control character (api.IsControl: C0, DEL, C1, bidirectional
// controls).
func ParseFilter(q string) Filter {
	f := Filter{raw: q}
	for _, sp := range splitQuery(q) {
		w := Word{Text: q[sp.start:sp.end], Start: sp.start, End: sp.end, idx: -1}
		t, problem := parseTerm(w.Text)
		if problem != "" {
			w.Problem = problem
			f.invalid = append(f.invalid, fmt.Sprintf("%q: %s", w.Text, problem))
		} else {
			w.t, w.idx = t, len(f.terms)
			f.terms = append(f.terms, t)
		}
		f.words = append(f.words, w)
	}
	return f
}

// span is one term's byte range in a query.
type span struct{ start, end int }

// splitQuery splits a query into terms at white space; a double quote
// starts a quoted run, which white space does not split, up to the next
// double quote or the end of the query.
func splitQuery(q string) []span {
	var out []span
	start, quoted := -1, false
	for i, r := range q {
		switch {
		case r == '"':
			quoted = !quoted
		case unicode.IsSpace(r) && !quoted:
			if start >= 0 {
				out = append(out, span{start, i})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(q)})
	}
	return out
}

// Invalid describes each term that was ignored, in query order, as
// `"<abc": not a number after <`. Descriptions quote the term with Go
// escapes, so they are safe to print.
func (f Filter) Invalid() []string { return f.invalid }

// Words returns every term of the query as typed, valid or not, in order.
// The slice is shared: do not modify it.
func (f Filter) Words() []Word { return f.words }

// Empty reports whether the filter has no valid term, so it matches every
// number (it may still have invalid terms).
func (f Filter) Empty() bool { return len(f.terms) == 0 }

// Query returns the text the filter was parsed from.
func (f Filter) Query() string { return f.raw }

// String returns the valid terms in a canonical form, separated by single
// spaces: keywords in lower case, amounts in their shortest form, numbers
// as the digit patterns they match (vanity letters converted, * as ?),
// text folded where that keeps its meaning ("Chicago  !FAX <=1.50
// 1-800-FLOWERS MÜNCHEN State:IL" → "chicago !fax <=1.5 18003569377
// münchen state:il"). ParseFilter(f.String()) has the same terms as f.
func (f Filter) String() string {
	parts := make([]string, len(f.terms))
	for i, t := range f.terms {
		parts[i] = t.String()
	}
	return strings.Join(parts, " ")
}

// String renders one term canonically.
func (t term) String() string {
	if t.shown != "" {
		if t.neg {
			return "!" + t.shown
		}
		return t.shown
	}
	s := t.natural()
	if t.neg {
		return "!" + s
	}
	return s
}

// natural is the term's usual spelling, without its negation.
func (t term) natural() string {
	switch t.kind {
	case kindFeature:
		return bitFeature(t.feat)
	case kindFeatureName:
		return "feature:" + quoteValue(t.text)
	case kindType:
		return string(t.typ)
	case kindFlag:
		return flagSpelling(t.flags)
	case kindBound:
		s := opText[t.op] + t.amount.Canonical()
		if t.field == fieldUpfront {
			return "up" + s
		}
		return s
	case kindCurrency:
		return "cur:" + quoteValue(t.text)
	case kindRegion:
		return regionKeyName(t.keys) + ":" + quoteValue(t.text)
	case kindDigits:
		var b strings.Builder
		switch t.start {
		case anchorNational:
			b.WriteByte('^')
		case anchorE164:
			b.WriteByte('+')
		}
		b.WriteString(t.digits)
		if t.end {
			b.WriteByte('$')
		}
		return b.String()
	}
	return t.text
}

// quoteValue quotes a value that holds white space or would otherwise not
// read back as one value.
func quoteValue(v string) string {
	if v == "" || strings.IndexFunc(v, unicode.IsSpace) >= 0 {
		return `"` + v + `"`
	}
	return v
}

// parseTerm parses one term; a non-empty problem means it is invalid. A
// term's canonical form is its natural spelling unless that would parse
// to another term ("MÜNCHEN" has no keypad digits but "munchen" has; "≮x"
// folds to "<x", a bound; "smś" to the keyword "sms"; "chicago" in quotes
// has no keypad reading): then it is the first of the term in lower case,
// the term as typed or the natural spelling quoted that parses back to the
// same term, so that String() always parses back to the same terms.
func parseTerm(word string) (t term, problem string) {
	t, problem = parseWord(word)
	if problem != "" {
		return t, problem
	}
	plain := t
	plain.neg = false
	typed := strings.TrimPrefix(word, "!")
	nat := t.natural()
	for _, form := range []string{nat, strings.ToLower(typed), typed, `"` + nat + `"`} {
		if back, ok := reparse(form); ok && back.same(plain) {
			if form != nat {
				t.shown = form
			}
			return t, ""
		}
	}
	// Unreachable in practice: the typed word parses to t. Keep it.
	t.shown = typed
	return t, ""
}

// same reports whether two terms match the same numbers and print alike:
// equal, with amounts compared by value and canonical form.
func (t term) same(o term) bool {
	if t.kind == kindBound && o.kind == kindBound {
		if t.amount.Cmp(o.amount) != 0 || t.amount.Canonical() != o.amount.Canonical() {
			return false
		}
		t.amount, o.amount = api.Decimal{}, api.Decimal{}
	}
	return t == o
}

// reparse parses form as a whole query of exactly one term.
func reparse(form string) (term, bool) {
	sp := splitQuery(form)
	if len(sp) != 1 || sp[0] != (span{0, len(form)}) || strings.HasPrefix(form, "!") {
		return term{}, false
	}
	t, problem := parseWord(form)
	return t, problem == ""
}

// parseWord is parseTerm without the canonical-form check.
func parseWord(word string) (t term, problem string) {
	// A control character matches nothing a person can see, and 0x1f is
	// the separator between region names in the text a term searches
	// (newRegionEntry): "\x1fo" would find names that start with o.
	if i := strings.IndexFunc(word, api.IsControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(word[i:])
		return t, fmt.Sprintf("%q is a control character", r)
	}
	body := word
	if strings.HasPrefix(body, "!") {
		t.neg = true
		body = body[1:]
		switch {
		case body == "":
			return t, "nothing after !"
		case strings.HasPrefix(body, "!"):
			return t, "use a single ! to negate"
		}
	}
	if strings.HasPrefix(body, `"`) {
		return parseQuoted(t, body)
	}
	if key, value, ok := splitKey(body); ok {
		return parseKeyed(t, key, value)
	}
	if strings.Contains(body, `"`) {
		return t, `a quote goes around a whole term or value ("new york", city:"san jose")`
	}
	if kw, ok := keywords[strings.ToLower(body)]; ok {
		kw.neg = t.neg
		return kw, ""
	}
	if field, rest, ok := splitBound(body); ok {
		return parseBound(t, field, rest)
	}
	if r := []rune(body); len(r) > 1 && strings.ContainsRune(currencySymbols, r[0]) {
		return t, "an amount needs <, <=, >, >= or = before it (e.g. <$2)"
	}
	switch {
	case strings.HasPrefix(body, "^") || strings.HasSuffix(body, "$"):
		return parseAnchored(t, body)
	case strings.ContainsAny(body, "0123456789*?%") || body[0] == '+':
		t.kind = kindDigits
		return digitsTerm(t, body)
	case strings.IndexFunc(body, unicode.IsLetter) >= 0:
		t.kind = kindText
		t.text = fold(body)
		t.digits = keypadReading(body)
		return t, ""
	}
	return t, "nothing to match: no digits or letters"
}

// parseQuoted parses a quoted term: region text, never keypad digits.
func parseQuoted(t term, body string) (term, string) {
	v, ok := unquote(body)
	if !ok {
		return t, `a quote goes around a whole term or value ("new york", city:"san jose")`
	}
	if strings.TrimSpace(v) == "" {
		return t, "nothing between the quotes"
	}
	t.kind = kindText
	t.text = fold(v)
	return t, ""
}

// unquote removes the quotes around a value: `"new york"`, or `"new yo`
// while it is typed. ok is false when another quote is inside.
func unquote(s string) (string, bool) {
	if !strings.HasPrefix(s, `"`) {
		return s, !strings.Contains(s, `"`)
	}
	s = s[1:]
	if i := strings.IndexByte(s, '"'); i >= 0 {
		if i != len(s)-1 {
			return "", false
		}
		s = s[:i]
	}
	return s, true
}

// currencySymbols may prefix an amount in a cost bound; they do not filter
// by currency.
const currencySymbols = "$€£¥"

// parseAnchored parses "^415", "^+44", "00$", "^415$", "FLOWERS$".
func parseAnchored(t term, body string) (term, string) {
	t.kind = kindDigits
	inner := body
	if strings.HasPrefix(inner, "^") {
		t.start = anchorNational
		inner = inner[1:]
	}
	if strings.HasSuffix(inner, "$") {
		t.end = true
		inner = inner[:len(inner)-1]
	}
	if inner == "" {
		switch {
		case t.start != anchorNone && t.end:
			return t, "no digits between ^ and $"
		case t.end:
			return t, "nothing before $"
		}
		return t, "nothing after ^"
	}
	return digitsTerm(t, inner)
}

// digitsTerm converts a phone-number fragment to a digit pattern:
// separators - ( ) . are dropped, ASCII letters become keypad digits, * and
// ? any one digit, % any run of digits, and a leading + anchors the term
// at the start of the E.164 number.
func digitsTerm(t term, s string) (term, string) {
	if strings.HasPrefix(s, "+") {
		t.start = anchorE164
		s = s[1:]
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '*' || r == '?':
			b.WriteByte(wildOne)
		case r == '%':
			if p := b.String(); !strings.HasSuffix(p, string(wildRun)) {
				b.WriteByte(wildRun)
			}
		case isSeparator(r):
		case r == '+':
			return t, "+ may only start a number"
		case r == '^' || r == '$':
			return t, "^ may only start a term and $ only end it"
		default:
			d := keypadDigit(r)
			if d == 0 {
				return t, fmt.Sprintf("%q is not a digit, wildcard (* ? %%) or keypad letter", r)
			}
			b.WriteByte(d)
		}
	}
	p := b.String()
	if p == "" {
		return t, "no digits"
	}
	// A run of any digits at an open end matches nothing more: drop it
	// (unless it is all there is), so "%555%" is "555".
	if t.start == anchorNone && len(p) > 1 && p[0] == wildRun {
		p = p[1:]
	}
	if !t.end && len(p) > 1 && p[len(p)-1] == wildRun {
		p = p[:len(p)-1]
	}
	t.digits = p
	t.wild = strings.ContainsAny(p, string([]byte{wildOne, wildRun}))
	return t, ""
}

// isSeparator reports whether r is punctuation people put in phone numbers.
func isSeparator(r rune) bool { return r == '-' || r == '(' || r == ')' || r == '.' }

// keypadDigit maps an ASCII letter to its phone-keypad digit (ITU E.161),
// or returns 0.
func keypadDigit(r rune) byte {
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	if r < 'a' || r > 'z' {
		return 0
	}
	return "22233344455566677778889999"[r-'a']
}

// keypadMinLetters is how many letters a word of letters alone needs to be
// read as keypad digits too: "HI" and "WA" are places, not 44 and 92.
const keypadMinLetters = 3

// keypadReading is the keypad digits of a word of letters (and separators)
// with at least keypadMinLetters letters, or "".
func keypadReading(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isSeparator(r) {
			continue
		}
		d := keypadDigit(r)
		if d == 0 {
			return ""
		}
		b.WriteByte(d)
	}
	if b.Len() < keypadMinLetters {
		return ""
	}
	return b.String()
}
