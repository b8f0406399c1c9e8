package results

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"numbrowse/api"
	"numbrowse/internal/phone"
)

// A row's feature bits: the known feature at badge position i (see
// api.KnownFeatures) is bit 1<<(3-i), so sorting by features compares the
// bits as a number and sms weighs most.

// featureBit returns the bit of a known feature name, or 0.
func featureBit(name string) uint8 {
	if i := api.FeatureIndex(name); i >= 0 && i < 8 {
		return 1 << (3 - i)
	}
	return 0
}

// bitFeature returns the name of a single feature bit.
func bitFeature(bit uint8) string {
	for i, name := range api.KnownFeatures() {
		if bit == 1<<(3-i) {
			return name
		}
	}
	return ""
}

// featureBits returns the bits of the known features a number has.
func featureBits(n *api.Number) uint8 {
	var b uint8
	for _, f := range n.Features {
		b |= featureBit(f)
	}
	return b
}

// Cost flags of a row.
const (
	hasMonthly uint8 = 1 << iota
	exactMonthly
	hasUpfront
	exactUpfront
)

// row holds the precomputed keys of one number, 48 bytes.
type row struct {
	num      uint64 // sorts like the E.164 digits (see numberKeys)
	monthly  int64  // monthly cost at costScale, when exactMonthly
	upfront  int64  // upfront cost at costScale, when exactUpfront
	dig      uint32 // offset of the E.164 digits in Set.digits
	region   uint32 // index into Set.regions
	digLen   uint16 // number of E.164 digits
	nsn      uint16 // offset of the national significant number in the digits
	country  uint16 // index into Set.countries
	featList uint16 // index into Set.featLists, or manyLists
	trunk    uint8  // index into Set.trunks
	typ      uint8  // index into Set.types
	feat     uint8  // feature bits
	costs    uint8  // hasMonthly, exactMonthly...
	flags    uint8  // number of set flags
	flagBits uint8  // bit 1<<f for each api.Flag f that is set
	upCur    uint8  // upfront currency: index into Set.currencies, or manyCurrencies
	moCur    uint8  // monthly currency, likewise
}

// Overflow markers: a hostile provider can send more distinct currencies
// or feature lists than an index holds; such rows are tested against
// their api.Number instead.
const (
	manyCurrencies = 1<<8 - 1
	manyLists      = 1<<16 - 1
)

// regionEntry is one distinct region list (with its country), shared by
// every number that has it.
type regionEntry struct {
	summary string       // RegionSummary
	text    string       // folded region names and summary, for filtering
	parts   []regionPart // the parts the typed region terms (state:...) test
	first   int32        // index of the first number with this list
}

// regionPart is one region entry's name, folded, and the keys that test it.
type regionPart struct {
	keys partKeys
	text string
}

// Set is an indexed, read-only view over the numbers of one search. NewSet
// precomputes the keys filtering and sorting need; View filters and sorts.
//
// A Set is its index, which never changes once built (the numbers, their
// keys, and the caches filled on first use: each sort order, the cost and
// region ranks, formatted numbers), and the state of one user's filtering
// (the last view, which the next one may narrow). The index is safe for
// concurrent use; the state is not, so use each Set from one goroutine at
// a time (the TUI uses it from Update). Sets made by one Sharer for the
// same result share their index: the SSH sessions of numbrowse serve keep
// one copy of the rows and orders between them, and each only its own
// views. The numbers a Set was built from must not be modified while it
// is in use.
type Set struct {
	*index
	last   lastView
	values map[Key][]string // completion values by key, built on first use
}

// index is the part of a Set that Sets of the same numbers share.
type index struct {
	nums       []api.Number
	rows       []row
	digits     string // every row's E.164 digits, concatenated
	regions    []regionEntry
	trunks     []string         // national (trunk) prefixes: "", "0", "1"...
	types      []api.NumberType // distinct canonical types
	countries  []string         // distinct country codes
	currencies []string         // distinct cost currencies, upper case; [0] is ""
	featLists  [][]string       // distinct feature lists

	// Caches, each built once on first use, by whichever user needs it
	// first; the others wait for it rather than build their own.
	ordersMu    sync.Mutex
	orders      map[Sort]*orderEntry // row order of every Sort used so far
	regionRank  onceRanks            // per regions entry: rank of its folded summary
	monthlyRank onceRanks            // per row: Cmp rank, when some cost is not exact
	upfrontRank onceRanks
	monthlyCur  onceCurrencies // the monthly costs' currencies, when a sort needed them
	upfrontCur  onceCurrencies
	intlOnce    sync.Once
	intl        []atomic.Pointer[string] // International per row; nil until formatted
}

// orderEntry is one cached order, computed once.
type orderEntry struct {
	once  sync.Once
	order []int32
}

// onceCurrencies is a cost column's currency ranks, computed once.
type onceCurrencies struct {
	once sync.Once
	g    *currencyRanks // nil: at most one currency
}

// onceRanks is a rank table computed once.
type onceRanks struct {
	once  sync.Once
	ranks []uint32
}

// lastView is the previous View, the start of an incremental narrowing.
type lastView struct {
	ok       bool
	terms    []term
	sort     Sort
	view     []int32
	matched  []uint64  // bit set of the matching rows; nil: every row
	readings []Reading // per term: how its matches were found
}

// NewSet indexes nums. The Set keeps nums (it does not copy them); At
// returns pointers into it.
//
// A number's national significant number, which ^ terms anchor on, is its
// E.164 digits after the calling code of its country when they start with
// it (+1 serves both US and CA), else after the calling code libphonenumber
// finds at their start, else all of them.
func NewSet(nums []api.Number) *Set {
	return &Set{index: newIndex(nums)}
}

// newIndex indexes nums (see NewSet).
func newIndex(nums []api.Number) *index {
	s := &index{nums: nums, rows: make([]row, len(nums))}
	b := newSetBuilder(s)
	arena := make([]byte, 0, 12*len(nums))
	longest := 0
	for i := range nums {
		n := &nums[i]
		r := &s.rows[i]
		start := len(arena)
		arena = appendDigits(arena, n.E164)
		r.dig, r.digLen = uint32(start), uint16(len(arena)-start)
		longest = max(longest, int(r.digLen))
		r.nsn, r.trunk = b.national(n.Country, arena[start:])
		r.region = b.region(n, i)
		r.country = b.country(n.Country)
		r.typ = b.numberType(n.Type)
		r.flags, r.flagBits = flagKeys(n.Flags)
		r.featList, r.feat = b.featureList(n)
		if n.Monthly.Valid() {
			r.costs |= hasMonthly
			if u, ok := n.Monthly.Units(costScale); ok {
				r.monthly, r.costs = u, r.costs|exactMonthly
			}
			r.moCur = b.currency(n.MonthlyCurrency)
		}
		if n.Upfront.Valid() {
			r.costs |= hasUpfront
			if u, ok := n.Upfront.Units(costScale); ok {
				r.upfront, r.costs = u, r.costs|exactUpfront
			}
			r.upCur = b.currency(n.UpfrontCurrency)
		}
	}
	s.digits = string(arena)
	s.numberKeys(longest)
	return s
}

// Len returns the number of numbers in the set.
func (s *Set) Len() int { return len(s.nums) }

// SpansCountries reports whether the rows are of more than one country.
// It stops at the second country it sees.
func (s *Set) SpansCountries(rows Rows) bool {
	idx := rows.idx
	if len(s.countries) < 2 || len(idx) < 2 {
		return false
	}
	first := s.rows[idx[0]].country
	for _, i := range idx[1:] {
		if s.rows[i].country != first {
			return true
		}
	}
	return false
}

// At returns the i-th number of the set (in the order given to NewSet).
func (s *Set) At(i int) *api.Number { return &s.nums[i] }

// rowDigits returns row i's E.164 digits.
func (s *index) rowDigits(i int) string {
	r := &s.rows[i]
	return s.digits[r.dig : r.dig+uint32(r.digLen)]
}

// appendDigits appends the ASCII digits of e164 to dst.
func appendDigits(dst []byte, e164 string) []byte {
	for i := 0; i < len(e164) && i < 1<<15; i++ {
		if c := e164[i]; c >= '0' && c <= '9' {
			dst = append(dst, c)
		}
	}
	return dst
}

// flagKeys counts the flags that are set and returns their bits.
func flagKeys(f api.Flags) (count, bits uint8) {
	for _, fl := range f.List() {
		count++
		bits |= 1 << fl
	}
	return count, bits
}

// numberKeys sets every row's num key. With at most 17 digits the key is
// the digits right-padded with zeros to 17, times 32, plus the length: it
// orders exactly like the digit strings. Longer numbers (never valid E.164)
// fall back to ranking the strings.
func (s *index) numberKeys(longest int) {
	if longest <= 17 {
		for i := range s.rows {
			d := s.rowDigits(i)
			var k uint64
			for j := 0; j < 17; j++ {
				k *= 10
				if j < len(d) {
					k += uint64(d[j] - '0')
				}
			}
			s.rows[i].num = k<<5 | uint64(len(d))
		}
		return
	}
	idx := make([]int, len(s.rows))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(s.rowDigits(a), s.rowDigits(b)) })
	var rank uint64
	for j, i := range idx {
		if j > 0 && s.rowDigits(i) != s.rowDigits(idx[j-1]) {
			rank++
		}
		s.rows[i].num = rank
	}
}

// setBuilder holds NewSet's lookup tables.
type setBuilder struct {
	s         *index
	nationals map[string]national // by country code
	regions   map[string]uint32   // by regionKey
	countries map[string]uint16
	types     map[api.NumberType]uint8
	trunks    map[string]uint8
	curs      map[string]uint8
	lists     map[string]uint16 // by the names joined with 0x1f
	listBits  []uint8           // per featLists entry: its feature bits
	key       []byte

	// The decoder shares one copy of each equal feature list between the
	// numbers that have it (api's intern pool): lastLists remembers the
	// lists seen last (by their first element's address) with their index
	// and bits, so most rows skip building a key, hashing it and looking
	// up each feature's bit.
	lastLists [64]listSeen
}

// listSeen is a feature list seen before.
type listSeen struct {
	first *string
	n     int
	i     uint16
	bits  uint8
}

// textSlot mixes a string's length and its first and last bytes into h:
// a cheap hash for picking a cache slot (a collision only costs a miss).
func textSlot(h int, t string) int {
	h = h*31 + len(t)
	if len(t) > 0 {
		h = h*31 + int(t[0])*7 + int(t[len(t)-1])
	}
	return h
}

// national is a country's calling code digits and trunk prefix index.
type national struct {
	cc    string
	trunk uint8
}

func newSetBuilder(s *index) *setBuilder {
	b := &setBuilder{s: s,
		nationals: map[string]national{},
		regions:   map[string]uint32{},
		countries: map[string]uint16{},
		types:     map[api.NumberType]uint8{},
		trunks:    map[string]uint8{},
		curs:      map[string]uint8{"": 0},
		lists:     map[string]uint16{},
	}
	s.currencies = []string{""}
	return b
}

// national returns the offset of the national significant number in the
// E.164 digits and the index of its trunk prefix. The calling code is the
// country's when the digits start with it (so +1 works for both US and
// CA), else the one libphonenumber knows the digits start with.
func (b *setBuilder) national(country string, digits []byte) (uint16, uint8) {
	nat, ok := b.nationals[country]
	if !ok {
		if c, found := api.LookupCountry(country); found && c.CallingCode != 0 {
			nat.cc = strconv.Itoa(c.CallingCode)
			nat.trunk = b.trunk(phone.GetNddPrefixForRegion(c.Code, true))
		}
		b.nationals[country] = nat
	}
	if nat.cc != "" && hasPrefix(digits, nat.cc) {
		return uint16(len(nat.cc)), nat.trunk
	}
	cc := 0
	for l := 1; l <= 3 && l <= len(digits); l++ {
		cc = cc*10 + int(digits[l-1]-'0')
		if phone.HasCallingCode(cc) {
			region := phone.GetRegionCodeForCountryCode(cc)
			return uint16(l), b.trunk(phone.GetNddPrefixForRegion(region, true))
		}
	}
	return 0, b.trunk("")
}

// hasPrefix is strings.HasPrefix for a byte slice, without converting it.
func hasPrefix(b []byte, prefix string) bool {
	if len(b) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if b[i] != prefix[i] {
			return false
		}
	}
	return true
}

// trunk interns a trunk prefix.
func (b *setBuilder) trunk(t string) uint8 {
	if i, ok := b.trunks[t]; ok {
		return i
	}
	if len(b.s.trunks) == 255 { // cannot happen: there are a handful
		return 0
	}
	i := uint8(len(b.s.trunks))
	b.s.trunks = append(b.s.trunks, t)
	b.trunks[t] = i
	return i
}

// region interns the number's region list.
func (b *setBuilder) region(n *api.Number, at int) uint32 {
	k := append(b.key[:0], n.Country...)
	k = append(k, 0x1e)
	for _, r := range n.Regions {
		k = append(k, r.Type...)
		k = append(k, 0x1f)
		k = append(k, r.Name...)
		k = append(k, 0x1e)
	}
	b.key = k
	if i, ok := b.regions[string(k)]; ok {
		return i
	}
	i := uint32(len(b.s.regions))
	e := newRegionEntry(n.Country, n.Regions)
	e.first = int32(at)
	b.s.regions = append(b.s.regions, e)
	b.regions[string(k)] = i
	return i
}

// country interns a country code.
func (b *setBuilder) country(c string) uint16 {
	if i, ok := b.countries[c]; ok {
		return i
	}
	if len(b.s.countries) == 1<<16-1 { // cannot happen: country codes are ISO codes
		return 0
	}
	i := uint16(len(b.s.countries))
	b.s.countries = append(b.s.countries, c)
	b.countries[c] = i
	return i
}

// numberType interns a number type in its canonical spelling ("toll_free"
// and "toll-free" are one type).
func (b *setBuilder) numberType(t api.NumberType) uint8 {
	if i, ok := b.types[t]; ok {
		return i
	}
	canon := t
	if c, err := api.ParseNumberType(string(t)); err == nil {
		canon = c
	}
	i := slices.Index(b.s.types, canon)
	switch {
	case i >= 0:
	case len(b.s.types) == 255: // cannot happen: providers send a handful of types
		i = 254
	default:
		i = len(b.s.types)
		b.s.types = append(b.s.types, canon)
	}
	b.types[t] = uint8(i)
	return uint8(i)
}

// currency interns a cost's currency in upper case (a provider's code
// that is not ISO 4217 may come in any case).
func (b *setBuilder) currency(c string) uint8 {
	if i, ok := b.curs[c]; ok {
		return i
	}
	up := strings.ToUpper(c)
	var i uint8
	if j := slices.Index(b.s.currencies, up); j >= 0 {
		i = uint8(j)
	} else if len(b.s.currencies) >= manyCurrencies {
		i = manyCurrencies
	} else {
		i = uint8(len(b.s.currencies))
		b.s.currencies = append(b.s.currencies, up)
	}
	b.curs[c] = i
	return i
}

// featureList interns a number's feature list and returns it with the
// list's feature bits.
func (b *setBuilder) featureList(n *api.Number) (uint16, uint8) {
	features := n.Features
	var seen *listSeen
	if len(features) > 0 {
		seen = &b.lastLists[textSlot(textSlot(len(features), features[0]), features[len(features)-1])&63]
		if seen.first == &features[0] && seen.n == len(features) {
			return seen.i, seen.bits
		}
	}
	i := b.featureListKeyed(features)
	var bits uint8
	if i == manyLists {
		bits = featureBits(n)
	} else {
		bits = b.listBits[i]
	}
	if seen != nil {
		*seen = listSeen{first: &features[0], n: len(features), i: i, bits: bits}
	}
	return i, bits
}

// featureListKeyed interns a feature list by its names.
func (b *setBuilder) featureListKeyed(features []string) uint16 {
	k := b.key[:0]
	for _, f := range features {
		k = append(k, f...)
		k = append(k, 0x1f)
	}
	b.key = k
	if i, ok := b.lists[string(k)]; ok {
		return i
	}
	if len(b.s.featLists) >= manyLists {
		return manyLists
	}
	i := uint16(len(b.s.featLists))
	b.s.featLists = append(b.s.featLists, features)
	b.listBits = append(b.listBits, featureBits(&api.Number{Features: features}))
	b.lists[string(k)] = i
	return i
}
