package demo

import (
	"sync"

	"numbrowse/api"
)

// arrivalSalt changes the seed of an offer's arrivals, so they are other
// numbers than its stock.
const arrivalSalt = 0x61727269766573

// reserve is an offer's arrivals in the order they arrive, generated once:
// numbers of the offer that its stock does not hold.
type reserve struct {
	once    sync.Once
	entries []entry
	index   map[string]int32
}

// arrived is how many numbers have arrived in each offer by now.
func (inv *inventory) arrived() int {
	every := inv.cfg.arrivals
	if every <= 0 {
		return 0
	}
	elapsed := inv.cfg.now().Sub(inv.start)
	if elapsed < every {
		return 0
	}
	return int(min(elapsed/every, MaxArrivals))
}

// arrivals returns the numbers that have arrived in offer o of country c
// so far (sold ones included: the caller skips them), oldest first.
func (inv *inventory) arrivals(c *country, o *offer) []entry {
	k := inv.arrived()
	if k == 0 {
		return nil
	}
	r := inv.reserveOf(c, o)
	return r.entries[:min(k, len(r.entries))]
}

// reserveOf returns the arrivals of offer o of country c, generating them
// on first use.
func (inv *inventory) reserveOf(c *country, o *offer) *reserve {
	q := api.Query{Country: c.code, Type: o.typ}
	inv.mu.Lock()
	r := inv.reserves[q]
	if r == nil {
		r = &reserve{}
		inv.reserves[q] = r
	}
	inv.mu.Unlock()
	r.once.Do(func() {
		st, _ := inv.stock(c, o)
		gen := generate(c, o, MaxArrivals, inv.cfg.seed^arrivalSalt)
		r.index = make(map[string]int32, len(gen.entries))
		for _, e := range gen.entries {
			if _, inStock := st.index[e.e164]; inStock {
				continue
			}
			e.hash = numberHash(inv.cfg.seed, e.e164)
			r.index[e.e164] = int32(len(r.entries))
			r.entries = append(r.entries, e)
		}
	})
	return r
}

// hasArrived reports whether e164 is one of the numbers that have arrived
// in offer o of country c by now.
func (inv *inventory) hasArrived(c *country, o *offer, e164 string) bool {
	k := inv.arrived()
	if k == 0 {
		return false
	}
	i, ok := inv.reserveOf(c, o).index[e164]
	return ok && int(i) < k
}
