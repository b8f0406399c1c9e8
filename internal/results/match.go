package results

import (
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// compiled is a term prepared for one Set.
type compiled struct {
	term
	typ int // kindType: index into Set.types, or -1 when absent
	// regions: kindText, kindRegion: per Set.regions entry, whether its
	// text matches; nil: test directly.
	regions []bool
	lists   []bool // kindFeatureName: per Set.featLists entry, whether it has the feature
	cur     int    // kindCurrency: index into Set.currencies, or -1 when absent
	// pat is a wildcard pattern, split once. trunkRest: a wildcard
	// pattern with ^, per Set.trunks entry: the pattern after that trunk
	// prefix when the pattern starts with it ("^07*00" with trunk 0:
	// "7?00"), or noTrunk; trunkPat: the same, split.
	pat       pattern
	trunkRest []string
	trunkPat  []pattern
}

// noTrunk marks a trunk prefix the pattern does not start with.
const noTrunk = "\x00"

// compile prepares f's terms for matching against s. With perRegion, text
// and region terms precompute their match against every distinct region
// list, so the per-row test is a lookup.
func (s *Set) compile(f Filter, perRegion bool) []compiled {
	out := make([]compiled, len(f.terms))
	for i, t := range f.terms {
		c := compiled{term: t, typ: -1, cur: -1}
		switch t.kind {
		case kindType:
			c.typ = slices.Index(s.types, t.typ)
		case kindText, kindRegion:
			if perRegion {
				c.regions = make([]bool, len(s.regions))
				for j := range s.regions {
					c.regions[j] = regionMatch(&s.regions[j], &t)
				}
			}
		case kindFeatureName:
			c.lists = make([]bool, len(s.featLists))
			for j, list := range s.featLists {
				c.lists[j] = hasFeature(list, t.text)
			}
		case kindCurrency:
			c.cur = slices.Index(s.currencies, t.text)
		case kindDigits:
			if t.wild {
				c.pat = compilePattern(t.digits)
			}
			if t.wild && t.start == anchorNational {
				c.trunkRest = make([]string, len(s.trunks))
				c.trunkPat = make([]pattern, len(s.trunks))
				for j, tr := range s.trunks {
					c.trunkRest[j] = noTrunk
					if tr != "" && strings.HasPrefix(t.digits, tr) {
						c.trunkRest[j] = t.digits[len(tr):]
						c.trunkPat[j] = compilePattern(c.trunkRest[j])
					}
				}
			}
		}
		out[i] = c
	}
	return out
}

// regionMatch reports whether a text or region term matches a region
// entry: text at the start of a word of the folded names and summary
// ("york" finds New York, "hi" HI and Hilo but not Chicago); a region
// term's value at the start of one of the parts it tests.
func regionMatch(e *regionEntry, t *term) bool {
	if t.kind == kindText {
		return hasWordPrefix(e.text, t.text)
	}
	for _, p := range e.parts {
		if p.keys&t.keys != 0 && strings.HasPrefix(p.text, t.text) {
			return true
		}
	}
	return false
}

// hasWordPrefix reports whether p occurs in s at the start of a word:
// at the start of s or after a character that is not a letter or digit.
func hasWordPrefix(s, p string) bool {
	for i := 0; i <= len(s); {
		j := strings.Index(s[i:], p)
		if j < 0 {
			return false
		}
		j += i
		if r, _ := utf8.DecodeLastRuneInString(s[:j]); j == 0 || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[j:])
		i = j + max(size, 1)
	}
	return false
}

// hasFeature reports whether a feature list has the feature name (folded
// comparison: "hd-voice" is "hd_voice").
func hasFeature(list []string, name string) bool {
	want := foldFeature(name)
	for _, f := range list {
		if foldFeature(f) == want {
			return true
		}
	}
	return false
}

// Match reports whether the i-th number matches every valid term of f.
func (s *Set) Match(i int, f Filter) bool {
	return s.matchAll(i, s.compile(f, false))
}

// Filtered appends to dst the indices of the numbers that match f, in the
// order given to NewSet (no sort), and returns it: what a writer that
// streams its output filters each batch with (RowsOf makes it Rows).
func (s *Set) Filtered(f Filter, dst []int32) []int32 {
	if f.Empty() {
		for i := range s.rows {
			dst = append(dst, int32(i))
		}
		return dst
	}
	terms := s.compile(f, true)
	for i := range s.rows {
		if s.matchAll(i, terms) {
			dst = append(dst, int32(i))
		}
	}
	return dst
}

// matchAll reports whether row i matches every term; it does not allocate.
func (s *Set) matchAll(i int, terms []compiled) bool {
	for k := range terms {
		if s.matchTerm(i, &terms[k]) == terms[k].neg {
			return false
		}
	}
	return true
}

// matchTerm reports whether row i matches t, ignoring t.neg. The rules:
//
//   - feature: the number has the feature (a known one by its bit, any
//     other by name);
//   - type: the number's type (canonical spelling) is that type;
//   - flag: the number has one of the term's flags;
//   - cost bound: the number has that cost and it compares so, exactly;
//   - currency: one of the number's costs is in that currency;
//   - region: a part of a kind the key tests starts with the value;
//   - digits: unanchored, the pattern matches in the E.164 digits; with a
//     leading +, at their start; with ^, at the start of the national
//     significant number, or of the trunk prefix followed by it ("^07700"
//     finds +44 7700…, as the UK dials it; the trunk prefix must be typed
//     as digits); with $, at the end;
//   - text: at the start of a word of the folded region names and region
//     summary, or
//     (for 3 letters or more alone) its keypad digits a substring of the
//     E.164 digits.
func (s *Set) matchTerm(i int, t *compiled) bool {
	r := &s.rows[i]
	switch t.kind {
	case kindFeature:
		return r.feat&t.feat != 0
	case kindFeatureName:
		if r.featList == manyLists {
			return hasFeature(s.nums[i].Features, t.text)
		}
		return t.lists[r.featList]
	case kindType:
		return int(r.typ) == t.typ
	case kindFlag:
		return r.flagBits&t.flags != 0
	case kindBound:
		return s.matchBound(i, &t.term)
	case kindCurrency:
		return s.matchCurrency(i, t)
	case kindRegion:
		if t.regions != nil {
			return t.regions[r.region]
		}
		return regionMatch(&s.regions[r.region], &t.term)
	case kindDigits:
		if t.wild {
			return s.matchWild(i, t)
		}
		d := s.rowDigits(i)
		switch t.start {
		case anchorE164:
			return anchored(d, t.digits, t.end)
		case anchorNational:
			nsn := d[r.nsn:]
			if anchored(nsn, t.digits, t.end) {
				return true
			}
			trunk := s.trunks[r.trunk]
			return trunk != "" && strings.HasPrefix(t.digits, trunk) && anchored(nsn, t.digits[len(trunk):], t.end)
		}
		if t.end {
			return strings.HasSuffix(d, t.digits)
		}
		return strings.Contains(d, t.digits)
	case kindText:
		return s.textByRegion(i, t) || s.textByKeypad(i, t)
	}
	return false
}

// textByRegion reports whether a text term matches row i's region text.
func (s *Set) textByRegion(i int, t *compiled) bool {
	r := &s.rows[i]
	if t.regions != nil {
		return t.regions[r.region]
	}
	return hasWordPrefix(s.regions[r.region].text, t.text)
}

// textByKeypad reports whether a text term's keypad digits are in row i's
// number.
func (s *Set) textByKeypad(i int, t *compiled) bool {
	return t.digits != "" && strings.Contains(s.rowDigits(i), t.digits)
}

// anchored reports whether s starts with p, or equals it when whole.
func anchored(s, p string, whole bool) bool {
	if whole {
		return s == p
	}
	return strings.HasPrefix(s, p)
}

// matchWild matches a digits term with wildcards against row i.
func (s *Set) matchWild(i int, t *compiled) bool {
	r := &s.rows[i]
	d := s.rowDigits(i)
	switch t.start {
	case anchorE164:
		return t.pat.match(d, true, t.end)
	case anchorNational:
		nsn := d[r.nsn:]
		if t.pat.match(nsn, true, t.end) {
			return true
		}
		return t.trunkRest[r.trunk] != noTrunk && t.trunkPat[r.trunk].match(nsn, true, t.end)
	}
	return t.pat.match(d, false, t.end)
}

// matchCurrency reports whether one of row i's costs is in t's currency.
func (s *Set) matchCurrency(i int, t *compiled) bool {
	r := &s.rows[i]
	if r.upCur == manyCurrencies || r.moCur == manyCurrencies {
		n := &s.nums[i]
		return (n.Upfront.Valid() && strings.EqualFold(n.UpfrontCurrency, t.text)) ||
			(n.Monthly.Valid() && strings.EqualFold(n.MonthlyCurrency, t.text))
	}
	if t.cur <= 0 { // absent, or "": no cost has it
		return false
	}
	return (r.costs&hasUpfront != 0 && int(r.upCur) == t.cur) || (r.costs&hasMonthly != 0 && int(r.moCur) == t.cur)
}

// matchBound compares row i's monthly or upfront cost with a bound.
func (s *Set) matchBound(i int, t *term) bool {
	r := &s.rows[i]
	has, exact, units := hasMonthly, exactMonthly, r.monthly
	if t.field == fieldUpfront {
		has, exact, units = hasUpfront, exactUpfront, r.upfront
	}
	if r.costs&has == 0 {
		return false
	}
	var c int
	if r.costs&exact != 0 && t.exact {
		switch {
		case units < t.units:
			c = -1
		case units > t.units:
			c = 1
		}
	} else if t.field == fieldUpfront {
		c = s.nums[i].Upfront.Cmp(t.amount)
	} else {
		c = s.nums[i].Monthly.Cmp(t.amount)
	}
	return compare(c, t.op)
}

// compare applies op to the result of a three-way comparison.
func compare(c int, op boundOp) bool {
	switch op {
	case opLT:
		return c < 0
	case opLE:
		return c <= 0
	case opGT:
		return c > 0
	case opGE:
		return c >= 0
	}
	return c == 0
}

// View returns the rows (indices into the Set) of the numbers that match
// f, ordered by so. The Rows are read-only: without a filter they are the
// sort's cached order itself, shared with every other View of that order
// (and, through a Sharer, with the other Sets of the index), so a new
// session's view costs nothing; a filtered view is the Set's own, four
// bytes a match. A later View never changes Rows returned before.
//
// Filtering tests the rows in index order (sequential memory) into a bit
// set, then walks the Sort's cached order to pick the matches, so a view
// never sorts once the order is known. When f only narrows the previous
// View's filter (every previous term is implied by a new one: "chic" →
// "chicago", "^41" → "^415", an added term), only the previous matches are
// tested.
func (s *Set) View(f Filter, so Sort) Rows {
	order := s.order(so)
	var matched []uint64 // bit i: row i matches; nil: every row
	var view []int32
	var readings []Reading
	if f.Empty() {
		view = order
	} else {
		terms := s.compile(f, true)
		matched = make([]uint64, (len(s.rows)+63)/64)
		narrowing := s.last.ok && s.narrows(f.terms, s.last.terms)
		if narrowing && s.last.matched != nil {
			for w, word := range s.last.matched {
				for word != 0 {
					i := w*64 + bits.TrailingZeros64(word)
					word &= word - 1
					if s.matchAll(i, terms) {
						matched[w] |= 1 << (i % 64)
					}
				}
			}
		} else {
			for i := range s.rows {
				if s.matchAll(i, terms) {
					matched[i/64] |= 1 << (i % 64)
				}
			}
		}
		from := order
		if narrowing && s.last.sort == so {
			from = s.last.view // shorter, and in the same order
		}
		for _, i := range from {
			if matched[i/64]&(1<<(i%64)) != 0 {
				view = append(view, i)
			}
		}
		readings = s.readings(terms, view)
	}
	s.last = lastView{ok: true, terms: f.terms, sort: so, view: view, matched: matched, readings: readings}
	return RowsOf(view)
}

// Reading says how a term of letters alone found the numbers it matched:
// by the region text, by its keypad digits in the number, or both.
type Reading uint8

// The readings of a term.
const (
	ReadRegion Reading = 1 << iota // the region names contain the letters
	ReadKeypad                     // the number holds their keypad digits
)

// Readings returns how each word of f found the numbers of the last View,
// when that View was of f: for a term that can be read both ways (3
// letters or more alone, not negated), ReadRegion, ReadKeypad, both, or 0
// when it matched nothing; 0 for every other word. It returns nil when
// the last View was of another filter.
func (s *Set) Readings(f Filter) []Reading {
	if !s.last.ok || !slices.Equal(s.last.terms, f.terms) {
		return nil
	}
	out := make([]Reading, len(f.words))
	for k, w := range f.words {
		if w.idx >= 0 && s.last.readings != nil {
			out[k] = s.last.readings[w.idx]
		}
	}
	return out
}

// ReadingsOf is Readings for the rows of f, as Filtered returned them:
// what a streamed search, which never makes a View, reports.
func (s *Set) ReadingsOf(f Filter, rows Rows) []Reading {
	if f.Empty() {
		return nil
	}
	byTerm := s.readings(s.compile(f, true), rows.idx)
	if byTerm == nil {
		return nil
	}
	out := make([]Reading, len(f.words))
	for k, w := range f.words {
		if w.idx >= 0 {
			out[k] = byTerm[w.idx]
		}
	}
	return out
}

// readings finds how each ambiguous text term matched the rows of view.
func (s *Set) readings(terms []compiled, view []int32) []Reading {
	var amb []int
	for k := range terms {
		if t := &terms[k]; t.kind == kindText && t.digits != "" && !t.neg {
			amb = append(amb, k)
		}
	}
	if len(amb) == 0 {
		return nil
	}
	out := make([]Reading, len(terms))
	both := 0
	for _, i := range view {
		for _, k := range amb {
			rd := ReadKeypad
			if s.textByRegion(int(i), &terms[k]) {
				rd = ReadRegion
			}
			if out[k]&rd == 0 {
				out[k] |= rd
				if out[k] == ReadRegion|ReadKeypad {
					both++
				}
			}
		}
		if both == len(amb) {
			break
		}
	}
	return out
}

// narrows reports whether every number matching next also matches prev:
// each term of prev is implied by some term of next.
func (s *Set) narrows(next, prev []term) bool {
	for _, p := range prev {
		found := false
		for _, n := range next {
			if s.implies(n, p) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// implies reports whether every number matching n also matches p. It is
// conservative: false means "not known".
func (s *Set) implies(n, p term) bool {
	if n == p {
		return true
	}
	if n.neg || p.neg || n.kind != p.kind {
		return false
	}
	switch n.kind {
	case kindDigits:
		if n.start != p.start || n.end != p.end {
			return false
		}
		if strings.IndexByte(n.digits, wildRun) >= 0 || strings.IndexByte(p.digits, wildRun) >= 0 {
			return false // equal patterns were found above
		}
		switch {
		case n.start == anchorNone && !n.end:
			for k := 0; k+len(p.digits) <= len(n.digits); k++ {
				if generalises(p.digits, n.digits[k:]) {
					return true
				}
			}
			return false
		case n.start == anchorNone:
			return len(p.digits) <= len(n.digits) && generalises(p.digits, n.digits[len(n.digits)-len(p.digits):])
		case n.end:
			return false // whole-number terms imply only themselves
		case n.start == anchorNational:
			// With the trunk-prefix rule, a shorter prefix is implied only
			// when it is at least as long as every trunk prefix, and has
			// digits where a trunk prefix may be.
			for _, tr := range s.trunks {
				if len(p.digits) < len(tr) || strings.IndexByte(p.digits[:len(tr)], wildOne) >= 0 {
					return false
				}
			}
		}
		return generalises(p.digits, n.digits)
	case kindText:
		if !strings.HasPrefix(n.text, p.text) {
			return false
		}
		// n may match by keypad digits alone; p must then too.
		return n.digits == "" || (p.digits != "" && strings.Contains(n.digits, p.digits))
	case kindRegion:
		return n.keys == p.keys && strings.HasPrefix(n.text, p.text)
	case kindBound:
		if n.op != p.op || n.field != p.field {
			return false
		}
		c := n.amount.Cmp(p.amount)
		switch n.op {
		case opLT, opLE:
			return c <= 0
		case opGT, opGE:
			return c >= 0
		}
		return c == 0
	}
	return false
}
