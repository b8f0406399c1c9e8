package results

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"

	"numbrowse/api"
)

// order returns every row index ordered by so (see Sort for the rules),
// computing it on first use and caching it (4 bytes per row per Sort).
//
// The number order is a stable LSD radix sort of the rows by their number
// key (radix passes over key bytes that are the same in every row are
// skipped). The number descending is that order backwards. Any other
// order starts from the number order and sorts the rows by their column
// key with their place in it as the last tie-break, so ties stay in number
// order, with the rows missing a cost at the end: packed into one integer
// a row when the keys allow, which costs no scratch beyond the order
// itself (sortPacked), else by the radix sort (radixBy).
func (s *index) order(so Sort) []int32 {
	s.ordersMu.Lock()
	e, ok := s.orders[so]
	if !ok {
		if s.orders == nil {
			s.orders = map[Sort]*orderEntry{}
		}
		e = &orderEntry{}
		s.orders[so] = e
	}
	s.ordersMu.Unlock()
	e.once.Do(func() { e.order = s.sortRows(so) })
	return e.order
}

// sortRows computes the order of so (see order).
func (s *index) sortRows(so Sort) []int32 {
	switch {
	case so == (Sort{}):
		return s.numberOrder()
	case so.Col == Number:
		return s.reverseNumbers()
	}
	if o, ok := s.sortPacked(so); ok {
		return o
	}
	return s.radixBy(so)
}

// numberOrder is the zero Sort's order: a stable radix sort of the rows by
// their number key.
func (s *index) numberOrder() []int32 {
	n := len(s.rows)
	o := make([]int32, 0, n)
	keys := make([]uint64, 0, n)
	for i := range s.rows {
		o = append(o, int32(i))
		keys = append(keys, s.rows[i].num)
	}
	radixSort(keys, o)
	return o
}

// reverseNumbers is the order by number, descending: the number order
// backwards, rows of the same number (a provider that repeats one) kept
// in the number order's sequence, as every order keeps its ties.
func (s *index) reverseNumbers() []int32 {
	base := s.order(Sort{})
	n := len(base)
	o := make([]int32, n)
	for j, i := range base {
		o[n-1-j] = i
	}
	for j := 0; j < n; {
		k := j + 1
		for k < n && s.rows[o[k]].num == s.rows[o[j]].num {
			k++
		}
		slices.Reverse(o[j:k])
		j = k
	}
	return o
}

// sortPacked computes the order of a column other than the number without
// scratch the size of the rows, when it can. The keys are taken less the
// smallest, in steps of their greatest common step (costs in cents step
// by 10,000 millionths), reversed for a descending sort, after their
// currency group (cost columns priced in several currencies). When there
// are few such values (at most maxBuckets: features, flags, regions, most
// costs), a counting sort places the rows from the number order, stably.
// Otherwise each row becomes one integer packing its group, its key and
// its position in the number order: every packed value is distinct and
// orders as the rules of Sort say (group, key, then number order), so an
// in-place sort of them is the order. Up to 31 bits they are sorted in
// the order's own slice; up to 64 in one slice of uint64 (8 bytes a row,
// garbage once done); wider keys (ok false) take the radix sort. The rows
// with a missing cost follow, in number order.
func (s *index) sortPacked(so Sort) (order []int32, ok bool) {
	base := s.order(Sort{})
	n := len(base)
	key := s.keyFunc(so.Col)
	groups := s.currencyGroups(so.Col)
	// One pass, in the rows' own order (sequential memory), finds the
	// keys' range and their step: the greatest common divisor of their
	// differences from the first key is that of their differences from
	// the smallest.
	present := 0
	lo, hi, maxGroup, first, step := uint64(math.MaxUint64), uint64(0), uint64(0), uint64(0), uint64(0)
	for i := range s.rows {
		k, ok := key(i)
		if !ok {
			continue
		}
		if present == 0 {
			first = k
		}
		present++
		lo, hi = min(lo, k), max(hi, k)
		if d := max(k, first) - min(k, first); step != 1 && (step == 0 || d%step != 0) {
			step = gcd(step, d)
		}
		if groups != nil {
			maxGroup = max(maxGroup, uint64(groups.rank[i]))
		}
	}
	step = max(step, 1)
	span := uint64(0)
	if present > 0 {
		span = (hi - lo) / step
	}
	posBits := bits.Len(uint(n))
	keyBits := bits.Len64(span)
	total := posBits + keyBits + bits.Len64(maxGroup)
	if total > 64 {
		return nil, false
	}
	// rel is a key's place among the keys, in steps from the smallest
	// (from the largest when descending).
	rel := func(k uint64) uint64 {
		v := (k - lo) / step
		if so.Desc {
			v = span - v
		}
		return v
	}
	pack := func(k uint64, i int32, pos int) uint64 {
		p := rel(k)<<posBits | uint64(pos)
		if groups != nil {
			p |= uint64(groups.rank[i]) << (keyBits + posBits)
		}
		return p
	}
	o := make([]int32, n)
	if ng := maxGroup + 1; span < maxBuckets && ng < maxBuckets && ng*(span+1) <= maxBuckets {
		// Few distinct keys (features, flags, regions, the demo's
		// costs): a counting sort, stable, from the number order.
		bucket := func(k uint64, i int) uint64 {
			v := rel(k)
			if groups != nil {
				v += uint64(groups.rank[i]) * (span + 1)
			}
			return v
		}
		next := make([]int32, ng*(span+1))
		for i := range s.rows {
			if k, ok := key(i); ok {
				next[bucket(k, i)]++
			}
		}
		at := int32(0)
		for b, c := range next {
			next[b] = at
			at += c
		}
		m := present
		for _, i := range base {
			if k, ok := key(int(i)); ok {
				b := bucket(k, int(i))
				o[next[b]] = i
				next[b]++
			} else {
				o[m] = i
				m++
			}
		}
		return o, true
	}
	mask := uint64(1)<<posBits - 1
	if total <= 31 {
		j, m := 0, present
		for pos, i := range base {
			if k, ok := key(int(i)); ok {
				o[j] = int32(pack(k, i, pos))
				j++
			} else {
				o[m] = i
				m++
			}
		}
		flagSort(o[:present], topShift(total))
		for j, p := range o[:present] {
			o[j] = base[uint64(p)&mask]
		}
		return o, true
	}
	packed := make([]uint64, 0, present)
	m := present
	for pos, i := range base {
		if k, ok := key(int(i)); ok {
			packed = append(packed, pack(k, i, pos))
		} else {
			o[m] = i
			m++
		}
	}
	flagSort(packed, topShift(total))
	for j, p := range packed {
		o[j] = base[p&mask]
	}
	return o, true
}

// topShift is the shift of the highest byte of values of width bits.
func topShift(width int) uint {
	return uint(max(width-8, 0))
}

// flagSort sorts v in place: an MSD radix sort (American flag sort) by
// the byte at shift, then each bucket by the byte below. The values must
// be distinct, non-negative and below 1<<(shift+8): the sort is not
// stable, which distinct values do not need.
func flagSort[T int32 | uint64](v []T, shift uint) {
	if len(v) <= 48 {
		slices.Sort(v)
		return
	}
	var count [256]int
	for _, x := range v {
		count[byte(x>>shift)]++
	}
	var next, end [256]int
	pos := 0
	for d, c := range count {
		next[d] = pos
		pos += c
		end[d] = pos
	}
	for d := range 256 {
		for next[d] < end[d] {
			x := v[next[d]]
			for dx := byte(x >> shift); int(dx) != d; dx = byte(x >> shift) {
				v[next[dx]], x = x, v[next[dx]]
				next[dx]++
			}
			v[next[d]] = x
			next[d]++
		}
	}
	if shift == 0 {
		return
	}
	lower := uint(0)
	if shift > 8 {
		lower = shift - 8
	}
	start := 0
	for _, c := range count {
		if c > 1 {
			flagSort(v[start:start+c], lower)
		}
		start += c
	}
}

// maxBuckets bounds the counting sort's table (4 bytes a bucket).
const maxBuckets = 1 << 14

// gcd is the greatest common divisor of a and b (gcd(0, b) is b).
func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// radixBy computes the order of a column other than the number with a
// stable LSD radix sort: from the number order, the rows with a missing
// cost at the end, the others radix-sorted by the column key, then by
// currency group. It needs scratch of 20 bytes a row; sortPacked takes
// every key that fits in 64 bits with its group and position.
func (s *index) radixBy(so Sort) []int32 {
	n := len(s.rows)
	o := make([]int32, 0, n)
	keys := make([]uint64, 0, n)
	key := s.keyFunc(so.Col)
	var missing []int32
	for _, i := range s.order(Sort{}) {
		k, ok := key(int(i))
		if !ok {
			missing = append(missing, i)
			continue
		}
		if so.Desc {
			k = ^k
		}
		o = append(o, i)
		keys = append(keys, k)
	}
	radixSort(keys, o)
	if groups := s.currencyGroups(so.Col); groups != nil {
		// Amounts in different currencies cannot be compared: a
		// stable pass by currency keeps each currency's rows
		// together, in amount order.
		keys = keys[:0]
		for _, i := range o {
			keys = append(keys, uint64(groups.rank[i]))
		}
		radixSort(keys, o)
	}
	return append(o, missing...)
}

// radixSort sorts keys ascending, stably, moving idx along with them.
func radixSort(keys []uint64, idx []int32) {
	n := len(keys)
	if n < 2 {
		return
	}
	origK, origI := keys, idx
	bufK, bufI := make([]uint64, n), make([]int32, n)
	for shift := uint(0); shift < 64; shift += 8 {
		var count [256]int
		for _, k := range keys {
			count[byte(k>>shift)]++
		}
		if count[byte(keys[0]>>shift)] == n {
			continue // every key has this byte: nothing to do
		}
		pos := 0
		for b, c := range count {
			count[b] = pos
			pos += c
		}
		for j, k := range keys {
			d := byte(k >> shift)
			bufK[count[d]], bufI[count[d]] = k, idx[j]
			count[d]++
		}
		keys, bufK = bufK, keys
		idx, bufI = bufI, idx
	}
	if &keys[0] != &origK[0] { // an odd number of passes: the result is in the buffers
		copy(origK, keys)
		copy(origI, idx)
	}
}

// currencyRanks is how a cost column's currencies order: rank[i] is row
// i's currency's place in order (the currencies with their most common
// first).
type currencyRanks struct {
	order []string
	rank  []uint16
}

// currencyGroups returns the ranks of cost column c's currencies, computed
// once, or nil when c is not a cost or its costs have at most one currency
// between them (then nothing needs grouping).
func (s *index) currencyGroups(c Column) *currencyRanks {
	var has uint8
	var cur func(n *api.Number) string
	var slot *onceCurrencies
	switch c {
	case Upfront:
		has, cur, slot = hasUpfront, func(n *api.Number) string { return n.UpfrontCurrency }, &s.upfrontCur
	case Monthly:
		has, cur, slot = hasMonthly, func(n *api.Number) string { return n.MonthlyCurrency }, &s.monthlyCur
	default:
		return nil
	}
	slot.once.Do(func() { slot.g = s.currencyRanks(has, cur) })
	return slot.g
}

// currencyRanks computes currencyGroups' ranks, or nil for at most one
// currency.
func (s *index) currencyRanks(has uint8, cur func(n *api.Number) string) *currencyRanks {
	g := &currencyRanks{}
	// Most searches have one currency: a first pass compares the strings
	// as they are (the decoder pools them, so this is cheap) and stops
	// there when they are all the same.
	first, seen, differ := "", false, false
	for i := range s.rows {
		if s.rows[i].costs&has == 0 {
			continue
		}
		c := cur(&s.nums[i])
		if !seen {
			first, seen = c, true
		} else if c != first {
			differ = true
			break
		}
	}
	if !differ {
		return nil
	}
	count := map[string]int{}
	for i := range s.rows {
		if s.rows[i].costs&has != 0 {
			count[currencyKey(cur(&s.nums[i]))]++
		}
	}
	for c := range count {
		g.order = append(g.order, c)
	}
	if len(g.order) < 2 {
		return nil // "eur" and "EUR": one currency
	}
	// The currency most numbers are priced in first, then by code; costs
	// without a currency, which compare with nothing, last.
	slices.SortFunc(g.order, func(a, b string) int {
		return cmp.Or(boolLast(a == "", b == ""), cmp.Compare(count[b], count[a]), strings.Compare(a, b))
	})
	index := make(map[string]uint16, len(g.order))
	for k, c := range g.order {
		index[c] = uint16(min(k, 1<<16-1))
	}
	g.rank = make([]uint16, len(s.rows))
	for i := range s.rows {
		if s.rows[i].costs&has != 0 {
			g.rank[i] = index[currencyKey(cur(&s.nums[i]))]
		}
	}
	return g
}

// currencyKey is a currency as it groups: the code as the provider gave
// it, trimmed and upper-cased ("eur" is EUR).
func currencyKey(c string) string {
	c = strings.TrimSpace(c)
	for i := 0; i < len(c); i++ {
		if b := c[i]; b >= 'a' && b <= 'z' {
			return strings.ToUpper(c)
		}
	}
	return c
}

// boolLast orders false before true.
func boolLast(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// CurrencyOrder returns the currencies a sort by c groups its rows by, in
// the order it shows them (as CurrencyText shows them), or nil when c is
// not a cost or all its costs are in one currency. Costs in different
// currencies are never compared: a sort by a cost keeps each currency's
// rows together, ordered by amount within it, the currency most numbers of
// the set are priced in first, and costs without a currency last (shown as
// "no currency").
func (s *Set) CurrencyOrder(c Column) []string {
	g := s.currencyGroups(c)
	if g == nil {
		return nil
	}
	out := make([]string, len(g.order))
	for i, cur := range g.order {
		out[i] = CurrencyText(cur)
		if cur == "" {
			out[i] = "no currency"
		}
	}
	return out
}

// keyFunc returns the per-row key of a column: ok is false for a missing
// cost.
func (s *index) keyFunc(c Column) func(i int) (uint64, bool) {
	switch c {
	case Region:
		ranks := s.regionRanks()
		return func(i int) (uint64, bool) { return uint64(ranks[s.rows[i].region]), true }
	case Upfront:
		return s.costKey(hasUpfront, exactUpfront, &s.upfrontRank, func(r *row) int64 { return r.upfront },
			func(n *api.Number) api.Decimal { return n.Upfront })
	case Monthly:
		return s.costKey(hasMonthly, exactMonthly, &s.monthlyRank, func(r *row) int64 { return r.monthly },
			func(n *api.Number) api.Decimal { return n.Monthly })
	case Features:
		return func(i int) (uint64, bool) { return uint64(s.rows[i].feat), true }
	case Flags:
		return func(i int) (uint64, bool) { return uint64(s.rows[i].flags), true }
	case Type:
		ranks := denseRanks(len(s.types), func(a, b int) int { return cmp.Compare(s.types[a], s.types[b]) })
		return func(i int) (uint64, bool) { return uint64(ranks[s.rows[i].typ]), true }
	case Country:
		ranks := denseRanks(len(s.countries), func(a, b int) int { return strings.Compare(s.countries[a], s.countries[b]) })
		return func(i int) (uint64, bool) { return uint64(ranks[s.rows[i].country]), true }
	}
	return func(i int) (uint64, bool) { return s.rows[i].num, true }
}

// costKey returns the key of a cost column: the int64 amount (sign bit
// flipped so it orders as unsigned) when every amount is exact at
// costScale, else a rank by Decimal.Cmp, computed once.
func (s *index) costKey(has, exact uint8, rank *onceRanks, units func(*row) int64, amount func(*api.Number) api.Decimal) func(int) (uint64, bool) {
	allExact := true
	for i := range s.rows {
		if c := s.rows[i].costs; c&has != 0 && c&exact == 0 {
			allExact = false
			break
		}
	}
	if allExact {
		return func(i int) (uint64, bool) {
			r := &s.rows[i]
			return uint64(units(r)) ^ 1<<63, r.costs&has != 0 // sign flipped: orders as unsigned
		}
	}
	rank.once.Do(func() {
		rank.ranks = denseRanks(len(s.rows), func(a, b int) int { return amount(&s.nums[a]).Cmp(amount(&s.nums[b])) })
	})
	ranks := rank.ranks
	return func(i int) (uint64, bool) { return uint64(ranks[i]), s.rows[i].costs&has != 0 }
}

// regionRanks returns, per distinct region list, the rank of its folded
// summary, computed once.
func (s *index) regionRanks() []uint32 {
	s.regionRank.once.Do(func() {
		keys := make([]string, len(s.regions))
		for j, e := range s.regions {
			keys[j] = fold(e.summary)
		}
		s.regionRank.ranks = denseRanks(len(keys), func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	})
	return s.regionRank.ranks
}

// denseRanks ranks 0..n-1 by cmp: equal items share a rank, and ranks
// order like the items.
func denseRanks(n int, cmp func(a, b int) int) []uint32 {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, cmp)
	ranks := make([]uint32, n)
	var r uint32
	for j, i := range idx {
		if j > 0 && cmp(idx[j-1], i) != 0 {
			r++
		}
		ranks[i] = r
	}
	return ranks
}
