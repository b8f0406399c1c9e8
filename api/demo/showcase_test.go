package demo

import (
	"slices"
	"testing"

	"numbrowse/api"
)

// TestShowcasedNumbers: every search of an offer includes its showcased
// numbers (the ones the README's examples look for), at its natural size
// and at any size that has room for them, never twice and not all at the
// start; vanity words are priced as the most memorable numbers.
func TestShowcasedNumbers(t *testing.T) {
	var offers int
	for _, code := range countryCodes() {
		c := catalogue()[code]
		for oi := range c.offers {
			o := &c.offers[oi]
			if len(o.showcased) == 0 {
				continue
			}
			offers++
			for _, size := range []int{0, len(o.showcased), 1000} {
				srv := newTestServer(t, WithSize(size))
				recs := mustSearch(t, srv, code, o.typ)
				var got []string
				first := -1
				for i, r := range recs {
					if slices.Contains(o.showcased, r.e164[1+len(c.cc):]) {
						got = append(got, r.e164)
						if first < 0 {
							first = i
						}
					}
				}
				if len(got) != len(o.showcased) {
					t.Errorf("%s %s size %d: showcased %v, found %v", code, o.typ, size, o.showcased, got)
				}
				if size == 1000 && first == 0 && len(o.showcased) < 3 {
					t.Errorf("%s %s: the showcased numbers come first", code, o.typ)
				}
			}
			for _, nsn := range o.showcased {
				b := &o.blocks[o.blockOf(nsn)]
				up, mo := o.price(b, nsn)
				if o.premium[nsn] && (up < 2500 || mo < 2*o.monthly) {
					t.Errorf("%s %s %s: a vanity word at %d/%d cents", code, o.typ, nsn, up, mo)
				}
			}
		}
	}
	if offers < 3 {
		t.Fatalf("only %d offers showcase numbers", offers)
	}
	// The README's vanity examples: 1-800-FLOWERS spells FLOWERS.
	us := catalogue()["US"].offer(api.TollFree)
	if !slices.Contains(us.showcased, "8003569377") || !us.premium["8003569377"] {
		t.Error("US toll-free does not showcase 1-800-FLOWERS as a vanity word")
	}
}

// TestShowcasePanicsOnInvalidNumbers: a showcased number that is not of
// the offer's type is a mistake in the tables, not a silent gap.
func TestShowcasePanicsOnInvalidNumbers(t *testing.T) {
	c := catalogue()["US"]
	o := c.offer(api.Local).showcase("8003569377") // toll-free, not local
	defer func() {
		if recover() == nil {
			t.Fatal("no panic for a toll-free number showcased as local")
		}
	}()
	generate(c, &o, 50, 1)
}
