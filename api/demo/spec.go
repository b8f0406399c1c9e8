package demo

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"numbrowse/api"
	"numbrowse/internal/phone"
)

// country is one country of the demo inventory and the number types it
// offers. The tables live in the countries_*.go files.
type country struct {
	code     string // ISO 3166-1 alpha-2, also libphonenumber's region
	currency string // ISO 4217 code of its prices
	// address is Twilio's address_requirements for the country: "none",
	// "any" or "local".
	address string
	// docs are the regulatory documents a purchase needs, nil for none.
	docs   []requirement
	offers []offer
	// keep, when set, is an extra realism rule on national numbers (NANP:
	// no N11 or 555 exchanges).
	keep func(nsn string) bool

	cc    string        // calling code digits, from libphonenumber
	typer func() *typer // compiled patterns, built on first use
}

// offer is one number type a country sells.
type offer struct {
	typ      api.NumberType
	min, max int // natural number of results per search
	// upfront and monthly are the base prices in cents of the country's
	// currency.
	upfront, monthly int
	features         []featureMix
	blocks           []block
	// want are the libphonenumber types this offer's numbers have; see
	// typeMapping.
	want []phone.PhoneNumberType
	// showcased are national significant numbers every search of the offer
	// includes (see showcase); premium are those of them priced as vanity
	// words.
	showcased []string
	premium   map[string]bool
}

// showcase makes every search of the offer include these national
// significant numbers (as many as it returns numbers): the ones the
// README's filter examples look for, such as the classic example number
// (415) 555-0100, which the NANP's realism rule would never produce. They
// must be valid numbers of the offer's type in one of its blocks.
func (o offer) showcase(nsns ...string) offer {
	o.showcased = append(slices.Clone(o.showcased), nsns...)
	return o
}

// vanityWords is showcase for numbers that spell a word on the keypad
// (1-800-FLOWERS is 800 356 9377), priced as the most memorable numbers.
func (o offer) vanityWords(nsns ...string) offer {
	o = o.showcase(nsns...)
	premium := maps.Clone(o.premium)
	if premium == nil {
		premium = map[string]bool{}
	}
	for _, n := range nsns {
		premium[n] = true
	}
	o.premium = premium
	return o
}

// blockOf is the index of the block a national significant number belongs
// to (its prefix and length), or -1.
func (o *offer) blockOf(nsn string) int {
	for i := range o.blocks {
		b := &o.blocks[i]
		if strings.HasPrefix(nsn, b.prefix) && len(nsn) == b.length {
			return i
		}
	}
	return -1
}

// block is a range of numbers that share a prefix and a region.
type block struct {
	prefix string // national significant number digits every number starts with
	length int    // national significant number length
	// lead are the allowed digit groups right after the prefix, all of one
	// length: single digits ("2".."9"), or NANP exchanges ("201", "202"...).
	lead   []string
	weight int // share of the offer's numbers
	// regions are the region_information entries; lata is the US LATA, for
	// Twilio-shaped entries.
	regions []api.Region
	lata    string
	// dear blocks (central business districts) cost 50% more a month.
	dear bool
}

// requirement is one regulatory document a country asks for.
type requirement struct {
	kind, label, description string
}

// featureMix is one combination of features and how often it occurs.
type featureMix struct {
	set    features
	weight int
}

// features is a set of number capabilities.
type features uint8

// The capabilities a number may have, in the order the API lists them.
const (
	sms features = 1 << iota
	voice
	mms
	fax
)

var featureNames = []string{"sms", "voice", "mms", "fax"}

// typeMapping is how the demo's number types map to libphonenumber types:
// what GetNumberType must answer for every number of that type.
//
//   - mobile: MOBILE, or FIXED_LINE_OR_MOBILE where the metadata cannot tell
//     fixed and mobile numbers apart (the NANP countries);
//   - local: FIXED_LINE, or FIXED_LINE_OR_MOBILE likewise;
//   - toll-free: TOLL_FREE;
//   - national: a non-geographic type: UAN (GB 03, NL 088), VOIP (FR 09),
//     PERSONAL_NUMBER or SHARED_COST; see nationalFixed for the exceptions.
var typeMapping = map[api.NumberType][]phone.PhoneNumberType{
	api.Mobile:   {phone.MOBILE, phone.FIXED_LINE_OR_MOBILE},
	api.Local:    {phone.FIXED_LINE, phone.FIXED_LINE_OR_MOBILE},
	api.TollFree: {phone.TOLL_FREE},
	api.National: {phone.UAN, phone.VOIP, phone.PERSONAL_NUMBER, phone.SHARED_COST},
}

// nationalFixed lists the countries whose national (non-geographic) numbers
// libphonenumber files under FIXED_LINE: Germany's 032 range is in its
// fixed-line pattern although it belongs to no area.
var nationalFixed = map[string]bool{"DE": true}

// mobileOffer, localOffer, tollFreeOffer and nationalOffer build offers:
// natural size range, base prices in cents, feature mix and blocks.
func mobileOffer(min, max, up, mo int, f []featureMix, b ...block) offer {
	return offer{typ: api.Mobile, min: min, max: max, upfront: up, monthly: mo, features: f, blocks: b}
}

func localOffer(min, max, up, mo int, f []featureMix, b ...block) offer {
	return offer{typ: api.Local, min: min, max: max, upfront: up, monthly: mo, features: f, blocks: b}
}

func tollFreeOffer(min, max, up, mo int, f []featureMix, b ...block) offer {
	return offer{typ: api.TollFree, min: min, max: max, upfront: up, monthly: mo, features: f, blocks: b}
}

func nationalOffer(min, max, up, mo int, f []featureMix, b ...block) offer {
	return offer{typ: api.National, min: min, max: max, upfront: up, monthly: mo, features: f, blocks: b}
}

// nanp is a US or Canadian block: an area code, its rate centre and state
// or province, and the LATA when known.
func nanp(npa, rateCenter, state, lata string) block {
	return block{prefix: npa, regions: []api.Region{
		{Type: "rate_center", Name: rateCenter},
		{Type: "state", Name: state},
	}, lata: lata}.from("2-9")
}

// city is a block of geographic numbers of one city.
func city(prefix, name string) block {
	return block{prefix: prefix, regions: []api.Region{{Type: "location", Name: name}}}
}

// cityIn is a block of one city in a state or region.
func cityIn(prefix, name, state string) block {
	return block{prefix: prefix, regions: []api.Region{
		{Type: "location", Name: name},
		{Type: "state", Name: state},
	}}
}

// pre is a block of non-geographic numbers; it gets the country as region.
func pre(prefix string) block { return block{prefix: prefix} }

// n sets the national significant number length of a block.
func (b block) n(length int) block { b.length = length; return b }

// from sets the digits allowed right after the prefix, as ranges ("2-9").
func (b block) from(digits string) block {
	b.lead = nil
	for _, d := range expandDigits(digits) {
		b.lead = append(b.lead, string(d))
	}
	return b
}

// ex limits a block to the digit groups right after its prefix that
// belong to its place (NANP exchanges, Brazilian prefixes...), given as
// space-separated codes and ranges of one length ("201-209 212").
func (b block) ex(list string) block {
	b.lead = nil
	for _, tok := range strings.Fields(list) {
		lo, hi, found := strings.Cut(tok, "-")
		if !found {
			hi = lo
		}
		a, err1 := strconv.Atoi(lo)
		z, err2 := strconv.Atoi(hi)
		if err1 != nil || err2 != nil || len(lo) != len(hi) || a > z ||
			(len(b.lead) > 0 && len(b.lead[0]) != len(lo)) {
			panic("demo: bad lead list entry " + tok)
		}
		for x := a; x <= z; x++ {
			s := strconv.Itoa(x)
			b.lead = append(b.lead, strings.Repeat("0", len(lo)-len(s))+s)
		}
	}
	if len(b.lead) == 0 {
		panic("demo: empty lead list")
	}
	return b
}

// w sets the block's weight: its share of the offer's numbers.
func (b block) w(weight int) block { b.weight = weight; return b }

// cbd marks a dearer central block.
func (b block) cbd() block { b.dear = true; return b }

// expandDigits expands "2-9" into "23456789".
func expandDigits(s string) string {
	var out []byte
	for i := 0; i < len(s); i++ {
		if i+2 < len(s) && s[i+1] == '-' {
			for c := s[i]; c <= s[i+2]; c++ {
				out = append(out, c)
			}
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}

// lengths sets the default national significant number length of blocks
// per type; blocks that set their own keep it.
func (c country) lengths(mobile, local, tollFree, national int) country {
	def := map[api.NumberType]int{api.Mobile: mobile, api.Local: local, api.TollFree: tollFree, api.National: national}
	offers := make([]offer, len(c.offers))
	for i, o := range c.offers {
		o.blocks = append([]block(nil), o.blocks...)
		for j := range o.blocks {
			if o.blocks[j].length == 0 {
				o.blocks[j].length = def[o.typ]
			}
		}
		offers[i] = o
	}
	c.offers = offers
	return c
}

// prepare fills in what the tables leave implicit: calling code, default
// digits, weights and regions, accepted libphonenumber types.
func (c *country) prepare() {
	c.cc = strconv.Itoa(phone.GetCountryCodeForRegion(c.code))
	code := c.code
	c.typer = sync.OnceValue(func() *typer { return newTyper(code) })
	if c.address == "" {
		c.address = "none"
	}
	if c.docs != nil && c.address == "none" {
		c.address = "local"
	}
	for i := range c.offers {
		o := &c.offers[i]
		o.want = typeMapping[o.typ]
		if o.typ == api.National && nationalFixed[c.code] {
			o.want = append([]phone.PhoneNumberType{phone.FIXED_LINE}, o.want...)
		}
		for j := range o.blocks {
			b := &o.blocks[j]
			if b.lead == nil {
				*b = b.from("0-9")
			}
			if b.weight == 0 {
				b.weight = 10
			}
			if len(b.regions) == 0 {
				b.regions = []api.Region{{Type: "country_code", Name: c.code}}
			}
		}
	}
}

// offer returns the country's offer of type t.
func (c *country) offer(t api.NumberType) *offer {
	for i := range c.offers {
		if c.offers[i].typ == t {
			return &c.offers[i]
		}
	}
	return nil
}

// addressDoc is the proof of address a country asks for.
func addressDoc(where string) requirement {
	return requirement{
		kind:  "address",
		label: "Proof of address",
		description: "A utility bill, bank statement or tax letter no older than three months, " +
			"showing an address in " + where + ".",
	}
}

// identityDoc and businessDoc are the identity and company documents some
// countries ask for.
var (
	identityDoc = requirement{
		kind:        "document",
		label:       "Identity document",
		description: "A passport or national identity card of the end user or of the company's legal representative.",
	}
	businessDoc = requirement{
		kind:        "document",
		label:       "Business registration",
		description: "An extract from the commercial register, no older than six months.",
	}
)

// limited lists the offers whose ranges hold fewer than MaxSize valid
// numbers, with about how many they hold: a larger WithSize gets them all.
// Each is a country's whole toll-free range (BE 0800 x xxxx, BG and PE
// 0800 xxxxx, EE 800 x xxx and 800 1x xxx).
var limited = map[api.Query]int{
	{Country: "BE", Type: api.TollFree}: 90_000,
	{Country: "BG", Type: api.TollFree}: 100_000,
	{Country: "EE", Type: api.TollFree}: 18_000,
	{Country: "PE", Type: api.TollFree}: 100_000,
}
