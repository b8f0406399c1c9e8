package demo

import (
	"fmt"
	"net/http"
	"strconv"

	"numbrowse/api"
)

// The demo account's numbers: what WithOwnedNumbers starts it with, and
// how GET /virtual_numbers pages them.
const (
	maxOwnedSeeds   = 100
	ownedPageSize   = 10  // per page when the request does not say
	ownedPageMax    = 100 // the most per_page may ask for
	ownedSeedSalt   = 0x6f776e6564
	ownedSeedsPerQ  = 4 // numbers taken from one offer before the next
	ownedFirstSeeID = 3101
)

// ownedPlan is where the demo account's numbers come from, in turn, and
// what they are called.
var ownedPlan = []struct {
	country string
	typ     api.NumberType
	name    string
}{
	{"US", api.Local, "Sales"}, {"GB", api.Mobile, "Support UK"}, {"DE", api.Local, "Berlin office"},
	{"US", api.TollFree, "Hotline"}, {"FR", api.Mobile, "Paris desk"}, {"CA", api.Local, "Toronto"},
	{"AU", api.Mobile, "Sydney on call"}, {"NL", api.Local, "Amsterdam"},
}

// ownedOperators are the people who answer the demo account's numbers.
var ownedOperators = []operator{
	{ID: 11, Name: "Ana Souza", Email: "ana@example.com"},
	{ID: 12, Name: "Bo Lindqvist", Email: "bo@example.com"},
	{ID: 13, Name: "Chidi Okafor", Email: "chidi@example.com"},
}

// seedOwned gives the account the numbers of WithOwnedNumbers, once, before
// the first request is answered: deterministic numbers of the planned
// offers, marked sold so no search offers them.
func (inv *inventory) seedOwned() {
	n := inv.cfg.owned
	if n <= 0 {
		return
	}
	var seeds []ownedNumber
	for round := 0; len(seeds) < n && round < maxOwnedSeeds; round++ {
		plan := ownedPlan[round%len(ownedPlan)]
		c := catalogue()[plan.country]
		if c == nil || c.offer(plan.typ) == nil {
			continue
		}
		gen := generate(c, c.offer(plan.typ), ownedSeedsPerQ*(1+round/len(ownedPlan)), inv.cfg.seed^ownedSeedSalt)
		i := round / len(ownedPlan)
		if i >= len(gen.entries) {
			continue
		}
		k := len(seeds)
		name := plan.name
		if i > 0 {
			name += " " + strconv.Itoa(i+1)
		}
		o := ownedNumber{
			ID:          ownedFirstSeeID + k,
			PhoneNumber: gen.entries[i].e164,
			Name:        name,
			CountryCode: c.code,
			Active:      k%5 != 3, // one in five is not in service
			Operators:   []operator{},
		}
		o.AIReceptionistEnabled = k%3 == 0
		for j := range k % 4 {
			o.Operators = append(o.Operators, ownedOperators[(k+j)%len(ownedOperators)])
		}
		o.OperatorsCount = len(o.Operators)
		seeds = append(seeds, o)
	}
	inv.mu.Lock()
	defer inv.mu.Unlock()
	for _, o := range seeds {
		inv.sold[o.PhoneNumber] = true
	}
	inv.owned = append(seeds, inv.owned...)
}

// list serves GET /virtual_numbers: the account's numbers, oldest first,
// a page at a time (?page=, ?per_page=), with the paging in meta and a
// link to the next page in links.next (null on the last).
func (h *handler) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, per := 1, ownedPageSize
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("Invalid page %q", api.Printable(v)))
			return
		}
		page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > ownedPageMax {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("Invalid per_page %q: use 1 to %d", api.Printable(v), ownedPageMax))
			return
		}
		per = n
	}
	all := h.inv.ownedNumbers()
	pages := max((len(all)+per-1)/per, 1)
	from, to := min((page-1)*per, len(all)), min(page*per, len(all))
	var next any
	if page < pages {
		next = fmt.Sprintf("http://%s%s/virtual_numbers?page=%d&per_page=%d", r.Host, BasePath, page+1, per)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"data":  all[from:to],
		"meta":  map[string]int{"current_page": page, "per_page": per, "total_pages": pages, "total": len(all)},
		"links": map[string]any{"next": next},
	})
}
