package demo

import (
	"hash/fnv"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"

	"numbrowse/api"
	"numbrowse/internal/phone"
)

// stock is the generated inventory of one offer: the numbers in the order
// the API returns them, and an index by E.164 for purchases.
type stock struct {
	entries []entry
	index   map[string]int32
}

// entry is one generated number. Everything else about it (price, features,
// shape of its JSON) derives from its hash when it is written, so a given
// number always looks the same whatever the inventory size.
type entry struct {
	e164  string // "+" calling code and national significant number
	nsn   string // national significant number, a suffix of e164
	block uint16 // index into the offer's blocks
	hash  uint64 // stable per number and seed
}

// maxRejects bounds the candidates one block may reject before it is given
// up: blocks are chosen so that almost every candidate is valid, so this
// only stops a mis-specified block from spinning.
const maxRejects = 4096

// generate builds n distinct numbers for offer o of country c, valid for the
// country and of the offer's type by libphonenumber's metadata: the
// offer's showcased numbers (as many as fit in n) among random ones of its
// blocks. It returns fewer than n only if the offer's blocks cannot hold
// that many numbers. The result depends only on (seed, country, type, n).
func generate(c *country, o *offer, n int, seed int64) *stock {
	shown := showcased(c, o, min(n, len(o.showcased)), seed)
	st := generateRandom(c, o, n-len(shown), seed, shown)
	if len(shown) == 0 {
		return st
	}
	// Each showcased number goes where its hash puts it, so a search does
	// not start with them.
	for _, e := range shown {
		at := int(e.hash % uint64(len(st.entries)+1))
		st.entries = slices.Insert(st.entries, at, e)
	}
	for i, e := range st.entries {
		st.index[e.e164] = int32(i)
	}
	return st
}

// showcased are the first k showcased numbers of o as entries. A number
// that is not a valid number of the offer's type in one of its blocks is
// a mistake in the tables: it panics (the package's tests catch it).
func showcased(c *country, o *offer, k int, seed int64) []entry {
	out := make([]entry, 0, k)
	for _, nsn := range o.showcased[:k] {
		b := o.blockOf(nsn)
		if b < 0 || !o.accepts(c.typer().typeOf(nsn)) {
			panic("demo: showcased number " + c.code + " " + nsn + " is not a valid " + string(o.typ) + " number of a block")
		}
		e164 := "+" + c.cc + nsn
		out = append(out, entry{e164: e164, nsn: e164[1+len(c.cc):], block: uint16(b), hash: numberHash(seed, e164)})
	}
	return out
}

// generateRandom builds n distinct random numbers of o's blocks that are
// none of the numbers in skip.
func generateRandom(c *country, o *offer, n int, seed int64, skip []entry) *stock {
	rng := rand.New(rand.NewPCG(uint64(seed), queryHash(c.code, o.typ, n)))
	ty := c.typer()
	gens := make([]blockGen, len(o.blocks))
	weight := 0
	for i := range o.blocks {
		gens[i] = newBlockGen(&o.blocks[i], rng)
		weight += gens[i].weight
	}
	st := &stock{
		entries: make([]entry, 0, n+len(skip)),
		index:   make(map[string]int32, n+len(skip)),
	}
	taken := make(map[string]bool, len(skip))
	for _, e := range skip {
		taken[e.e164] = true
	}
	buf := make([]byte, 0, 24)
	for len(st.entries) < n && weight > 0 {
		i := pickBlock(gens, rng.IntN(weight))
		g := &gens[i]
		suffix, ok := g.next()
		if !ok {
			weight -= g.weight
			g.weight = 0
			continue
		}
		buf = append(buf[:0], '+')
		buf = append(buf, c.cc...)
		buf = append(buf, g.b.prefix...)
		buf = g.appendSuffix(buf, suffix)
		if g.free >= 4 && rng.IntN(40) == 0 {
			// A memorable variant of this slot's number; the slot itself
			// comes again later, so no number of the block is lost.
			vanitize(buf[len(buf)-4:], rng.Uint32())
			g.pos--
		}
		e164 := string(buf)
		nsn := e164[1+len(c.cc):]
		_, dup := st.index[e164]
		if dup || taken[e164] || (c.keep != nil && !c.keep(nsn)) || !o.accepts(ty.typeOf(nsn)) {
			if g.rejects++; g.rejects > maxRejects && g.rejects > 4*g.accepted {
				weight -= g.weight
				g.weight = 0
			}
			continue
		}
		g.accepted++
		st.index[e164] = int32(len(st.entries))
		st.entries = append(st.entries, entry{
			e164:  e164,
			nsn:   nsn,
			block: uint16(i),
			hash:  numberHash(seed, e164),
		})
	}
	return st
}

// accepts reports whether a libphonenumber type is what this offer sells.
func (o *offer) accepts(t phone.PhoneNumberType) bool { return slices.Contains(o.want, t) }

func pickBlock(gens []blockGen, r int) int {
	for i := range gens {
		if r < gens[i].weight {
			return i
		}
		r -= gens[i].weight
	}
	return len(gens) - 1
}

// blockGen walks the numbers of one block in a scrambled order without
// repeating any: a Feistel network permutes [0, 2^bits) and cycle-walking
// keeps it within the block's size.
type blockGen struct {
	b                 *block
	weight            int
	size, pos         uint64
	half              uint // bits per Feistel half
	keys              [4]uint64
	rejects, accepted int
	free              int    // digits after the prefix and lead
	tail              uint64 // 10^free
}

func newBlockGen(b *block, rng *rand.Rand) blockGen {
	free := b.length - len(b.prefix) - len(b.lead[0])
	tail := uint64(1)
	for range free {
		tail *= 10
	}
	g := blockGen{b: b, weight: b.weight, free: free, tail: tail}
	g.size = uint64(len(b.lead)) * tail
	g.half = uint(bits.Len64(g.size-1)+1) / 2
	if g.half == 0 {
		g.half = 1
	}
	for i := range g.keys {
		g.keys[i] = rng.Uint64()
	}
	return g
}

// next returns the next suffix index of the block, or false when every
// number of the block has been produced.
func (g *blockGen) next() (uint64, bool) {
	if g.pos >= g.size {
		return 0, false
	}
	x := g.permute(g.pos)
	for x >= g.size {
		x = g.permute(x)
	}
	g.pos++
	return x, true
}

func (g *blockGen) permute(x uint64) uint64 {
	mask := uint64(1)<<g.half - 1
	l, r := x>>g.half, x&mask
	for _, k := range g.keys {
		l, r = r, l^(mix(r^k)&mask)
	}
	return l<<g.half | r
}

// appendSuffix appends the digits of suffix index x: a lead from the
// block's allowed set, then free digits.
func (g *blockGen) appendSuffix(buf []byte, x uint64) []byte {
	buf = append(buf, g.b.lead[x/g.tail]...)
	rest := x % g.tail
	start := len(buf)
	for range g.free {
		buf = append(buf, '0')
	}
	for i := len(buf) - 1; i >= start; i-- {
		buf[i] = byte('0' + rest%10)
		rest /= 10
	}
	return buf
}

// vanityTails are the endings that make a number memorable (and dearer).
var vanityTails = []string{
	"0000", "1111", "2222", "3333", "4444", "5555", "6666", "7777", "8888", "9999",
	"1234", "2345", "3456", "4567", "5678", "6789", "9876", "4321",
	"1000", "2000", "3000", "5000", "7000", "8000", "9000", "1212", "2323", "6868",
}

// vanitize overwrites the last four digits with a memorable ending.
func vanitize(tail []byte, r uint32) {
	copy(tail, vanityTails[r%uint32(len(vanityTails))])
}

// mix is splitmix64's finaliser: a fast, well-spread 64-bit hash.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// queryHash seeds a query's generator from its country, type and size.
func queryHash(country string, t api.NumberType, n int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(country))
	h.Write([]byte{0})
	h.Write([]byte(t))
	h.Write([]byte{0})
	h.Write(strconv.AppendInt(nil, int64(n), 10))
	return h.Sum64()
}

// numberHash is the per-number hash that picks its price, features and
// shape.
func numberHash(seed int64, e164 string) uint64 {
	h := uint64(seed)
	for i := 1; i < len(e164); i++ {
		h = mix(h ^ uint64(e164[i]))
	}
	return h
}
