package demo

import (
	"maps"
	"strings"
	"sync"
	"time"

	"numbrowse/api"
)

// inventory is one handler's state: the stock generated per query, and the
// numbers bought from it. Safe for concurrent use.
type inventory struct {
	cfg   config
	start time.Time // arrivals count from here

	mu       sync.Mutex
	stocks   map[api.Query]*slot
	reserves map[api.Query]*reserve
	sold     map[string]bool
	owned    []ownedNumber
	nextID   int
	seed     sync.Once // the numbers owned from the start (seedOwned)
}

// slot holds one query's stock, generated once even when several requests
// ask at the same time.
type slot struct {
	once  sync.Once
	stock *stock
	r     *renderer
	ready bool // guarded by inventory.mu
}

// ownedNumber is a bought number, as GET /virtual_numbers lists it.
type ownedNumber struct {
	ID                    int        `json:"id"`
	PhoneNumber           string     `json:"phone_number"`
	Name                  string     `json:"name"`
	CountryCode           string     `json:"country_code"`
	Active                bool       `json:"active"`
	AIReceptionistEnabled bool       `json:"ai_receptionist_enabled"`
	Operators             []operator `json:"operators"`
	OperatorsCount        int        `json:"operators_count"`
}

// operator is someone who answers an owned number.
type operator struct {
	ID    int    `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

func newInventory(cfg config) *inventory {
	return &inventory{
		cfg:      cfg,
		start:    cfg.now(),
		stocks:   make(map[api.Query]*slot),
		reserves: make(map[api.Query]*reserve),
		sold:     make(map[string]bool),
		nextID:   4201,
	}
}

// size is how many numbers a search of offer o in country c returns.
func (inv *inventory) size(c *country, o *offer) int {
	if inv.cfg.size > 0 {
		return inv.cfg.size
	}
	span := uint64(o.max - o.min + 1)
	return o.min + int(mix(uint64(inv.cfg.seed)^queryHash(c.code, o.typ, 0))%span)
}

// stock returns the generated stock of offer o in country c.
func (inv *inventory) stock(c *country, o *offer) (*stock, *renderer) {
	q := api.Query{Country: c.code, Type: o.typ}
	inv.mu.Lock()
	s := inv.stocks[q]
	if s == nil {
		s = &slot{}
		inv.stocks[q] = s
	}
	inv.mu.Unlock()
	s.once.Do(func() {
		s.stock = generate(c, o, inv.size(c, o), inv.cfg.seed)
		s.r = newRenderer(c, o)
		inv.mu.Lock()
		s.ready = true
		inv.mu.Unlock()
	})
	return s.stock, s.r
}

// generated reports whether the stock of offer o in country c exists.
func (inv *inventory) generated(c *country, o *offer) bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	s := inv.stocks[api.Query{Country: c.code, Type: o.typ}]
	return s != nil && s.ready
}

// soldSnapshot returns a copy of the sold set, nil when nothing was sold.
func (inv *inventory) soldSnapshot() map[string]bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if len(inv.sold) == 0 {
		return nil
	}
	return maps.Clone(inv.sold)
}

// locate finds the country a number in E.164 form was offered in: it
// looks in stocks already generated first, then generates the others whose
// calling code matches. countryHint and typeHint narrow the search when
// they name an offer.
func (inv *inventory) locate(e164, countryHint, typeHint string) (*country, bool) {
	var cands []struct {
		c *country
		o *offer
	}
	hint := catalogue()[strings.ToUpper(strings.TrimSpace(countryHint))]
	typ, typeErr := api.ParseNumberType(typeHint)
	for _, code := range countryCodes() {
		c := catalogue()[code]
		if !strings.HasPrefix(e164[1:], c.cc) || (hint != nil && hint != c) {
			continue
		}
		for i := range c.offers {
			o := &c.offers[i]
			if typeErr == nil && c.offer(typ) != nil && typ != o.typ {
				continue
			}
			cands = append(cands, struct {
				c *country
				o *offer
			}{c, o})
		}
	}
	for _, pass := range []bool{true, false} {
		for _, k := range cands {
			if pass != inv.generated(k.c, k.o) {
				continue
			}
			st, _ := inv.stock(k.c, k.o)
			if _, ok := st.index[e164]; ok || inv.hasArrived(k.c, k.o, e164) {
				return k.c, true
			}
		}
	}
	return nil, false
}

// buy marks e164 sold and records it as owned; it fails when the number
// was sold already.
func (inv *inventory) buy(e164, name string, c *country) (ownedNumber, bool) {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.sold[e164] {
		return ownedNumber{}, false
	}
	inv.sold[e164] = true
	if name == "" {
		name = e164
	}
	n := ownedNumber{
		ID:          inv.nextID,
		PhoneNumber: e164,
		Name:        name,
		CountryCode: c.code,
		Active:      true,
		Operators:   []operator{},
	}
	inv.nextID++
	inv.owned = append(inv.owned, n)
	return n, true
}

// ownedNumbers returns the numbers bought so far, oldest first.
func (inv *inventory) ownedNumbers() []ownedNumber {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	return append([]ownedNumber{}, inv.owned...)
}
