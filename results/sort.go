package results

import (
	"cmp"
	"slices"
	"strings"

	"numbrowse/api"
)

// sortEnt is one row's sort key: missing values last, then key, then the
// number, then the row index, so the order is total and stable.
type sortEnt struct {
	key  uint64
	num  uint64
	idx  int32
	miss bool
}

func cmpEnt(a, b sortEnt) int {
	if a.miss != b.miss {
		if a.miss {
			return 1
		}
		return -1
	}
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	if c := cmp.Compare(a.num, b.num); c != 0 {
		return c
	}
	return cmp.Compare(a.idx, b.idx)
}

// order returns every row index ordered by so, computing it on first use.
// The ordering per column:
//
//   - number: the E.164 digits, as text;
//   - region: the folded region summary;
//   - upfront, monthly: the exact amount; numbers without one are last in
//     both directions;
//   - features: the feature bits as a number (sms, voice, mms, fax weigh
//     8, 4, 2, 1), so descending puts the best-equipped first;
//   - flags: how many flags are set;
//   - type, country: the canonical type and the country code, as text.
//
// Ties are broken by the number ascending (whatever the direction), then by
// position in the set.
func (s *Set) order(so Sort) []int32 {
	if o, ok := s.orders[so]; ok {
		return o
	}
	key := s.keyFunc(so.Col)
	ents := make([]sortEnt, len(s.rows))
	for i := range s.rows {
		k, ok := key(i)
		if so.Desc {
			k = ^k
		}
		ents[i] = sortEnt{key: k, num: s.rows[i].num, idx: int32(i), miss: !ok}
	}
	slices.SortFunc(ents, cmpEnt)
	o := make([]int32, len(ents))
	for j, e := range ents {
		o[j] = e.idx
	}
	if s.orders == nil {
		s.orders = map[Sort][]int32{}
	}
	s.orders[so] = o
	return o
}

// keyFunc returns the per-row key of a column: ok is false for a missing
// cost.
func (s *Set) keyFunc(c Column) func(i int) (uint64, bool) {
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
		names := make([]string, len(s.types))
		for j, t := range s.types {
			names[j] = string(t)
		}
		ranks := denseRanks(len(names), func(a, b int) int { return strings.Compare(names[a], names[b]) })
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
func (s *Set) costKey(has, exact uint8, rank *[]uint32, units func(*row) int64, amount func(*api.Number) api.Decimal) func(int) (uint64, bool) {
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
			return uint64(units(r)) ^ 1<<63, r.costs&has != 0
		}
	}
	if *rank == nil {
		*rank = denseRanks(len(s.rows), func(a, b int) int { return amount(&s.nums[a]).Cmp(amount(&s.nums[b])) })
	}
	ranks := *rank
	return func(i int) (uint64, bool) { return uint64(ranks[i]), s.rows[i].costs&has != 0 }
}

// regionRanks returns, per distinct region list, the rank of its folded
// summary, computed once.
func (s *Set) regionRanks() []uint32 {
	if s.regionRank == nil {
		keys := make([]string, len(s.regions))
		for j, e := range s.regions {
			keys[j] = fold(e.summary)
		}
		s.regionRank = denseRanks(len(keys), func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
	}
	return s.regionRank
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
