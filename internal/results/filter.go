package results

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"numbrowse/api"
)

// Filter is a parsed filter query: space-separated terms that must all
// match. Build one with [ParseFilter]; the zero Filter matches everything.
// A Filter is immutable and safe to copy and share.
type Filter struct {
	raw     string
	terms   []term   // the valid terms, in query order
	invalid []string // descriptions of the ignored terms
}

// termKind says what a term tests.
type termKind uint8

const (
	kindFeature termKind = iota // a feature keyword: sms, voice, mms, fax
	kindType                    // a number-type keyword: mobile, local...
	kindBound                   // a bound on the monthly cost
	kindDigits                  // digits (or vanity letters) in the number
	kindText                    // region text, or vanity letters anywhere
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

// costScale is the number of fraction digits of the int64 cost keys.
const costScale = 6

// term is one valid term of a query. Terms are comparable, which the
// incremental narrowing in Set.View relies on.
type term struct {
	kind termKind
	neg  bool

	feat uint8          // kindFeature: one feature bit
	typ  api.NumberType // kindType

	op     boundOp     // kindBound
	amount api.Decimal // kindBound
	units  int64       // kindBound: amount at costScale, when exact
	exact  bool        // kindBound: units is exact

	start  anchor // kindDigits
	end    bool   // kindDigits: must end the number
	digits string // kindDigits: digits to find; kindText: keypad digits or ""
	text   string // kindText: folded text to find in the region text
	shown  string // kindText: the canonical form, when text would not parse back to this term
}

// ParseFilter parses a filter query: terms separated by spaces, all of
// which must match. It never fails as a whole: a term it cannot understand
// is ignored for matching and described by [Filter.Invalid], so a UI can
// show it as invalid.
//
//	sms voice mms fax       the number has that feature (exact keyword, any case)
//	mobile local national   the number has that type;
//	toll-free tollfree      toll-free
//	<2 <=1.5 >0.5 >=1 =1    its monthly cost compares so, exactly ("=1.10"
//	                        matches 1.1); a number without a monthly cost
//	                        never matches; "<$2", "<€2": the symbol is decoration
//	555  (415)  555-0100    these digits appear anywhere in the E.164 number;
//	                        - ( ) . are ignored
//	+44  +1415              the E.164 number starts with these digits
//	^415  ^07700            the national number starts with them, with or
//	                        without the country's trunk prefix (0 in GB and
//	                        DE, 1 in the US: "^07700" finds +44 7700…)
//	00$  ^4155550100$       the number ends with them / is exactly them
//	FLOWERS  chicago        letters: the region names (or the region summary)
//	münchen                 contain them, ignoring case and accents, or their
//	                        keypad digits (FLOWERS → 3569377) appear in the number
//	1800FLOWERS  FLOWERS$   letters with digits, ^ or $: keypad digits only
//	!term                   negates any term: !fax, !^800, !chicago, !<2 (which
//	                        keeps numbers without a monthly cost)
//
// A term is invalid when it is only "!", "^", "$" or punctuation, when a
// comparison has no amount or a bad one ("<", "<abc", "<1,5"), when a
// number term holds a character that is neither a digit, a keypad letter
// nor - ( ) . ("^4*", "^münchen"), when + or ^ is not at its start or $ not
// at its end, when an amount has no comparison ("$2"), or when it holds a
// control character (api.IsControl: C0, DEL, C1, bidirectional controls).
func ParseFilter(q string) Filter {
	f := Filter{raw: q}
	for _, word := range strings.Fields(q) {
		t, problem := parseTerm(word)
		if problem != "" {
			f.invalid = append(f.invalid, fmt.Sprintf("%q: %s", word, problem))
			continue
		}
		f.terms = append(f.terms, t)
	}
	return f
}

// Invalid describes each term that was ignored, in query order, as
// `"<abc": not a number after <`. Descriptions quote the term with Go
// escapes, so they are safe to print.
func (f Filter) Invalid() []string { return f.invalid }

// Empty reports whether the filter has no valid term, so it matches every
// number (it may still have invalid terms).
func (f Filter) Empty() bool { return len(f.terms) == 0 }

// Query returns the text the filter was parsed from.
func (f Filter) Query() string { return f.raw }

// String returns the valid terms in a canonical form, separated by single
// spaces: keywords in lower case, amounts in their shortest form, numbers
// as the digits they match (vanity letters converted), text folded where
// that keeps its meaning ("Chicago  !FAX <=1.50 1-800-FLOWERS MÜNCHEN" →
// "chicago !fax <=1.5 18003569377 münchen"). ParseFilter(f.String()) has
// the same terms as f.
func (f Filter) String() string {
	parts := make([]string, len(f.terms))
	for i, t := range f.terms {
		parts[i] = t.String()
	}
	return strings.Join(parts, " ")
}

// String renders one term canonically.
func (t term) String() string {
	var b strings.Builder
	if t.neg {
		b.WriteByte('!')
	}
	switch t.kind {
	case kindFeature:
		b.WriteString(bitFeature(t.feat))
	case kindType:
		b.WriteString(string(t.typ))
	case kindBound:
		b.WriteString(opText[t.op])
		b.WriteString(t.amount.Canonical())
	case kindDigits:
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
	case kindText:
		if t.shown != "" {
			b.WriteString(t.shown)
		} else {
			b.WriteString(t.text)
		}
	}
	return b.String()
}

// keywords maps each keyword to its term.
var keywords = map[string]term{
	api.FeatureSMS:   {kind: kindFeature, feat: featureBit(api.FeatureSMS)},
	api.FeatureVoice: {kind: kindFeature, feat: featureBit(api.FeatureVoice)},
	api.FeatureMMS:   {kind: kindFeature, feat: featureBit(api.FeatureMMS)},
	api.FeatureFax:   {kind: kindFeature, feat: featureBit(api.FeatureFax)},
	"mobile":         {kind: kindType, typ: api.Mobile},
	"local":          {kind: kindType, typ: api.Local},
	"toll-free":      {kind: kindType, typ: api.TollFree},
	"tollfree":       {kind: kindType, typ: api.TollFree},
	"national":       {kind: kindType, typ: api.National},
}

// parseTerm parses one space-free word; a non-empty problem means the word
// is invalid. A text term's canonical form is its folded text unless
// folding changed what the word means ("MÜNCHEN" has no keypad digits but
// "munchen" has; "≮x" folds to "<x", a bound; "smś" to the keyword "sms"):
// then it is the word in lower case, or else the word as typed, so that
// String() always parses back to the same terms.
func parseTerm(word string) (t term, problem string) {
	t, problem = parseWord(word)
	if problem != "" || t.kind != kindText {
		return t, problem
	}
	plain := t
	plain.neg = false
	typed := strings.TrimPrefix(word, "!")
	for _, form := range []string{t.text, strings.ToLower(typed)} {
		if back, p := parseWord(form); p == "" && back == plain {
			if form != t.text {
				t.shown = form
			}
			return t, ""
		}
	}
	t.shown = typed
	return t, ""
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
	if kw, ok := keywords[strings.ToLower(body)]; ok {
		kw.neg = t.neg
		return kw, ""
	}
	if r, size := utf8.DecodeRuneInString(body); size < len(body) && strings.ContainsRune(currencySymbols, r) {
		return t, "an amount needs <, <=, >, >= or = before it (e.g. <$2)"
	}
	switch {
	case strings.ContainsAny(body[:1], "<>="):
		return parseBound(t, body)
	case strings.HasPrefix(body, "^") || strings.HasSuffix(body, "$"):
		return parseAnchored(t, body)
	case strings.ContainsAny(body, "0123456789") || body[0] == '+':
		return parseDigits(t, body)
	case strings.IndexFunc(body, unicode.IsLetter) >= 0:
		t.kind = kindText
		t.text = fold(body)
		t.digits, _ = keypad(body)
		return t, ""
	}
	return t, "nothing to match: no digits or letters"
}

// currencySymbols may prefix an amount in a cost bound; they do not filter
// by currency.
const currencySymbols = "$€£¥"

// parseBound parses "<2", "<=1.5", ">$0.5", "=1".
func parseBound(t term, body string) (term, string) {
	t.kind = kindBound
	opStr := body[:1]
	if len(body) > 1 && body[1] == '=' && body[0] != '=' {
		opStr = body[:2]
	}
	for i, s := range opText {
		if s == opStr {
			t.op = boundOp(i)
		}
	}
	rest := body[len(opStr):]
	if r, size := utf8.DecodeRuneInString(rest); size > 0 && strings.ContainsRune(currencySymbols, r) {
		rest = rest[size:]
	}
	if rest == "" {
		return t, "missing amount after " + opStr
	}
	d, err := api.ParseDecimal(rest)
	if err != nil {
		return t, "not a number after " + opStr
	}
	t.amount = d
	t.units, t.exact = d.Units(costScale)
	return t, ""
}

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

// parseDigits parses an unanchored digits term: "555", "+44", "(415)",
// "1-800-FLOWERS".
func parseDigits(t term, body string) (term, string) {
	t.kind = kindDigits
	return digitsTerm(t, body)
}

// digitsTerm converts a phone-number fragment to digits: separators
// - ( ) . are dropped, ASCII letters become keypad digits, and a leading +
// anchors the term at the start of the E.164 number.
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
		case isSeparator(r):
		case r == '+':
			return t, "+ may only start a number"
		case r == '^' || r == '$':
			return t, "^ may only start a term and $ only end it"
		default:
			d := keypadDigit(r)
			if d == 0 {
				return t, fmt.Sprintf("%q is not a digit or keypad letter", r)
			}
			b.WriteByte(d)
		}
	}
	if b.Len() == 0 {
		return t, "no digits"
	}
	t.digits = b.String()
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

// keypad converts letters (and separators) to keypad digits; ok is false
// when s holds anything else or no letter at all.
func keypad(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		if isSeparator(r) {
			continue
		}
		d := keypadDigit(r)
		if d == 0 {
			return "", false
		}
		b.WriteByte(d)
	}
	return b.String(), b.Len() > 0
}
