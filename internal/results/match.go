package results

import (
	"math/bits"
	"slices"
	"strings"
)

// compiled is a term prepared for one Set.
type compiled struct {
	term
	typ     int    // kindType: index into Set.types, or -1 when absent
	regions []bool // kindText: per Set.regions entry, whether its text matches; nil: test directly
}

// compile prepares f's terms for matching against s. With perRegion, text
// terms precompute their match against every distinct region list, so the
// per-row test is a lookup.
func (s *Set) compile(f Filter, perRegion bool) []compiled {
	out := make([]compiled, len(f.terms))
	for i, t := range f.terms {
		c := compiled{term: t, typ: -1}
		switch t.kind {
		case kindType:
			c.typ = slices.Index(s.types, t.typ)
		case kindText:
			if perRegion {
				c.regions = make([]bool, len(s.regions))
				for j := range s.regions {
					c.regions[j] = strings.Contains(s.regions[j].text, t.text)
				}
			}
		}
		out[i] = c
	}
	return out
}

// Match reports whether the i-th number matches every valid term of f.
func (s *Set) Match(i int, f Filter) bool {
	return s.matchAll(i, s.compile(f, false))
}

// Filtered appends to dst the indices of the numbers that match f, in the
// order given to NewSet (no sort), and returns it: what a writer that
// streams its output filters each batch with.
func (s *Set) Filtered(f Filter, dst []int) []int {
	if f.Empty() {
		for i := range s.rows {
			dst = append(dst, i)
		}
		return dst
	}
	terms := s.compile(f, true)
	for i := range s.rows {
		if s.matchAll(i, terms) {
			dst = append(dst, i)
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
//   - feature keyword: the number has the feature;
//   - type keyword: the number's type (canonical spelling) is that type;
//   - cost bound: the number has a monthly cost and it compares so, exactly;
//   - digits: unanchored, a substring of the E.164 digits; with a leading +,
//     a prefix of the E.164 digits; with ^, a prefix of the national
//     significant number, or of the trunk prefix followed by it ("^07700"
//     finds +44 7700…, as the UK dials it); with $, a suffix;
//   - text: a substring of the folded region names and region summary, or
//     (for letters only) its keypad digits a substring of the E.164 digits.
func (s *Set) matchTerm(i int, t *compiled) bool {
	r := &s.rows[i]
	switch t.kind {
	case kindFeature:
		return r.feat&t.feat != 0
	case kindType:
		return int(r.typ) == t.typ
	case kindBound:
		return s.matchBound(i, &t.term)
	case kindDigits:
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
		if t.regions != nil {
			if t.regions[r.region] {
				return true
			}
		} else if strings.Contains(s.regions[r.region].text, t.text) {
			return true
		}
		return t.digits != "" && strings.Contains(s.rowDigits(i), t.digits)
	}
	return false
}

// anchored reports whether s starts with p, or equals it when whole.
func anchored(s, p string, whole bool) bool {
	if whole {
		return s == p
	}
	return strings.HasPrefix(s, p)
}

// matchBound compares row i's monthly cost with a bound.
func (s *Set) matchBound(i int, t *term) bool {
	r := &s.rows[i]
	if r.costs&hasMonthly == 0 {
		return false
	}
	var c int
	if r.costs&exactMonthly != 0 && t.exact {
		switch {
		case r.monthly < t.units:
			c = -1
		case r.monthly > t.units:
			c = 1
		}
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

// View returns the indices (into the Set) of the numbers that match f,
// ordered by so. The slice is the caller's.
//
// Filtering tests the rows in index order (sequential memory) into a bit
// set, then walks the Sort's cached order to pick the matches, so a view
// never sorts once the order is known. When f only narrows the previous
// View's filter (every previous term is implied by a new one: "chic" →
// "chicago", "^41" → "^415", an added term), only the previous matches are
// tested.
func (s *Set) View(f Filter, so Sort) []int {
	order := s.order(so)
	var matched []uint64 // bit i: row i matches; nil: every row
	var view []int32
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
	}
	s.last = lastView{ok: true, terms: f.terms, sort: so, view: view, matched: matched}
	out := make([]int, len(view))
	for k, i := range view {
		out[k] = int(i)
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
		switch {
		case n.start == anchorNone && !n.end:
			return strings.Contains(n.digits, p.digits)
		case n.start == anchorNone:
			return strings.HasSuffix(n.digits, p.digits)
		case n.end:
			return false // whole-number terms imply only themselves
		case n.start == anchorNational:
			// With the trunk-prefix rule, a shorter prefix is implied only
			// when it is at least as long as every trunk prefix.
			for _, tr := range s.trunks {
				if len(p.digits) < len(tr) {
					return false
				}
			}
		}
		return strings.HasPrefix(n.digits, p.digits)
	case kindText:
		if !strings.Contains(n.text, p.text) {
			return false
		}
		// n may match by keypad digits alone; p must then too.
		return n.digits == "" || (p.digits != "" && strings.Contains(n.digits, p.digits))
	case kindBound:
		if n.op != p.op {
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
