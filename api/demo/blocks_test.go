package demo

import (
	"math/rand/v2"
	"testing"

	pn "github.com/nyaruka/phonenumbers"

	"numbrowse/api"
	"numbrowse/internal/phone"
)

// TestBlocksAreSound checks the country tables: every block yields mostly
// valid numbers of its offer's type, and has room for its share of a
// MaxSize inventory.
func TestBlocksAreSound(t *testing.T) {
	for _, code := range countryCodes() {
		c := catalogue()[code]
		for oi := range c.offers {
			o := &c.offers[oi]
			var room uint64
			for bi := range o.blocks {
				b := &o.blocks[bi]
				g := newBlockGen(b, rand.New(rand.NewPCG(1, 2)))
				if g.free < 3 {
					t.Errorf("%s %s block %s: only %d free digits", code, o.typ, b.prefix, g.free)
					continue
				}
				const draws = 200
				ok := 0
				buf := make([]byte, 0, 20)
				for range draws {
					x, more := g.next()
					if !more {
						break
					}
					buf = g.appendSuffix(append(buf[:0], b.prefix...), x)
					nsn := string(buf)
					if (c.keep == nil || c.keep(nsn)) && o.accepts(c.typer().typeOf(nsn)) {
						ok++
					}
				}
				rate := float64(ok) / draws
				if rate < 0.5 {
					t.Errorf("%s %s block %s (len %d): only %.0f%% of candidates valid", code, o.typ, b.prefix, b.length, rate*100)
				}
				if testing.Verbose() && rate < 0.95 {
					t.Logf("%s %s block %s (len %d): %.0f%% valid", code, o.typ, b.prefix, b.length, rate*100)
				}
				room += uint64(rate * float64(g.size))
			}
			q := api.Query{Country: code, Type: o.typ}
			if want, ok := limited[q]; ok {
				if room < uint64(want) {
					t.Errorf("%s %s: room for about %d numbers, documented %d", code, o.typ, room, want)
				}
			} else if room < MaxSize {
				t.Errorf("%s %s: room for about %d numbers only", code, o.typ, room)
			}
		}
	}
}

// TestTyperAgreesWithLibphonenumber compares the compiled classifier with
// libphonenumber's own GetNumberType on candidates of every block, valid or
// not.
func TestTyperAgreesWithLibphonenumber(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, code := range countryCodes() {
		c := catalogue()[code]
		for oi := range c.offers {
			o := &c.offers[oi]
			for bi := range o.blocks {
				b := &o.blocks[bi]
				g := newBlockGen(b, rng)
				buf := make([]byte, 0, 20)
				for range 10 {
					x, _ := g.next()
					buf = g.appendSuffix(append(buf[:0], b.prefix...), x)
					nsn := string(buf)
					num, err := pn.Parse("+"+c.cc+nsn, "ZZ")
					if err != nil {
						t.Fatalf("%s %s: parse %s: %v", code, o.typ, nsn, err)
					}
					want := pn.UNKNOWN
					if pn.IsValidNumberForRegion(num, code) {
						want = pn.GetNumberType(num)
					}
					if got := c.typer().typeOf(nsn); got != phone.PhoneNumberType(want) {
						t.Errorf("%s %s: typeOf(%s) = %v, libphonenumber says %v", code, o.typ, nsn, got, want)
					}
				}
			}
		}
	}
}
