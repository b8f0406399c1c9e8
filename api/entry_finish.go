package api

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"numbrowse/internal/phone"
)

// finish settles an entry once all its fields are read: which synonym
// wins for each concept (the best ranked usable one; the others are kept
// in Extra when they say something else), each cost's currency, the
// country, the phone number. It reports why the entry is skipped, or
// skipNone.
func (d *entryDecoder) finish(n *Number) SkipReason {
	n.Country = d.country()
	country := n.Country
	if country == "" {
		country = strings.ToUpper(text(d.q.Country))
	}
	var why SkipReason
	if n.E164, why = d.number(country); n.E164 == "" {
		*n = Number{}
		return why
	}
	if n.Country == "" {
		n.Country = country
	}
	if c := d.best(cDisplay, nil); c != nil {
		n.Display = text(c.text)
	}
	n.Type, n.TypeWord = d.qTyp, ""
	if c := d.best(cType, nil); c != nil {
		if d.jsonAPI && c.rank&(1<<8) != 0 {
			d.keepLate(c.ord, c.key, c.raw) // JSON:API's "type" names the resource
		} else {
			n.Type, n.TypeWord = d.numberType(c.text)
		}
	}
	d.settleCosts(n)
	n.Features = d.settledFeatures()
	n.Regions = d.settledRegions()
	n.Flags = d.flags
	if len(d.reqs) > 0 {
		n.Requirements = slices.Clone(d.reqs)
		n.Flags.DocumentsRequired = true
	}
	d.sortExtras()
	if len(d.extras) > 0 {
		fs := d.extraFs[:0]
		for _, e := range d.extras {
			fs = append(fs, Field{Key: d.pool.str(Printable(d.pool.bytesStr(d.bytes(e.key)))), Value: d.pool.raw(d.bytes(e.raw))})
		}
		d.extraFs = fs
		n.Extra = d.pool.fieldList(fs)
	}
	return skipNone
}

// settledFeatures is the entry's features, sorted and pooled. Consecutive
// entries of a response often list the same features in the same order:
// then the previous entry's list is reused without sorting.
func (d *entryDecoder) settledFeatures() []string {
	if slices.Equal(d.feats, d.last.feats) {
		return d.last.featList
	}
	d.last.feats = append(d.last.feats[:0], d.feats...)
	d.last.featList = d.pool.featureList(sortedSet(d.feats))
	return d.last.featList
}

// settledRegions is the entry's regions, pooled, reusing the previous entry's
// list when it had the same.
func (d *entryDecoder) settledRegions() []Region {
	if slices.Equal(d.regs, d.last.regs) {
		return d.last.regList
	}
	d.last.regs = append(d.last.regs[:0], d.regs...)
	d.last.regList = d.pool.regionList(joinCoordinates(d.regs))
	return d.last.regList
}

// best returns the best ranked candidate of concept c that ok accepts (nil:
// any), keeping every other candidate of c in Extra (those ok refuses, and
// those that say something else than the winner); nil when there is none.
func (d *entryDecoder) best(c concept, ok func(*cand) bool) *cand {
	var win *cand
	for i := range d.cands {
		cd := &d.cands[i]
		if cd.c != c {
			continue
		}
		cd.bad = ok != nil && !ok(cd)
		if cd.bad {
			d.keepLate(cd.ord, cd.key, cd.raw)
			continue
		}
		if win == nil || cd.rank < win.rank {
			win = cd
		}
	}
	if win == nil {
		return nil
	}
	for i := range d.cands {
		cd := &d.cands[i]
		if cd.c == c && cd != win && !cd.bad && cd.text != win.text {
			d.keepLate(cd.ord, cd.key, cd.raw)
		}
	}
	return win
}

// country returns the entry's country: its best ranked known country
// field, else a country_code region; "" when it has neither.
func (d *entryDecoder) country() string {
	if c := d.best(cCountry, func(c *cand) bool {
		_, ok := d.countryCode(c.text)
		return ok
	}); c != nil {
		code, _ := d.countryCode(c.text)
		return code
	}
	for _, r := range d.regs {
		if r.Type == RegionCountry {
			if c, ok := LookupCountry(r.Name); ok {
				return c.Code
			}
		}
	}
	return ""
}

// countryCode is lookupCountryWord, remembering the last answer (a
// response's entries name the same country over and over).
func (d *entryDecoder) countryCode(s string) (string, bool) {
	if s == d.lastCountry.word && s != "" {
		return d.lastCountry.code, d.lastCountry.ok
	}
	code, ok := lookupCountryWord(text(s))
	d.lastCountry.word, d.lastCountry.code, d.lastCountry.ok = s, code, ok
	return code, ok
}

// number returns the entry's phone number in E.164 form: the best ranked
// usable one, the others kept in Extra. Without one, it says why.
func (d *entryDecoder) number(country string) (string, SkipReason) {
	seen := false
	c := d.best(cNumber, func(c *cand) bool {
		seen = true
		s, ok := d.nums.e164(d.bytes(c.val), c.number, country)
		c.text = s
		return ok
	})
	switch {
	case c != nil:
		return c.text, skipNone
	case seen:
		return "", SkipBadNumber
	}
	return "", SkipNoNumber
}

// numberType maps the provider's word for the type onto NumberTypes: the
// type and the word to show beside it ("" when the word is the type's own
// spelling). A word the table does not know keeps the searched type.
func (d *entryDecoder) numberType(word string) (NumberType, string) {
	if word == d.lastType.word && word != "" {
		return d.lastType.t, d.lastType.shown
	}
	d.lastType.word = word
	word = text(word)
	fw := foldWord(word)
	t, ok := providerTypeWords[fw]
	switch {
	case !ok:
		t = d.qTyp
	case fw == foldWord(string(t)):
		word = ""
	}
	d.lastType.t, d.lastType.shown = t, word
	return t, word
}

// settleCosts picks the upfront and the monthly cost (the best ranked of
// each; the others kept in Extra when they differ) and gives each the
// currency of its own price object, else the entry's currency.
func (d *entryDecoder) settleCosts(n *Number) {
	top := d.best(cCurrency, func(c *cand) bool {
		cur, ok := d.currency(d.bytes(c.raw))
		c.text = cur
		return ok
	})
	topCur := ""
	if top != nil {
		topCur = top.text
	}
	used := false
	for _, which := range [...]concept{cUpfront, cMonthly} {
		var win *costVal
		for i := range d.costs {
			if c := &d.costs[i]; c.c == which && (win == nil || c.rank < win.rank) {
				win = c
			}
		}
		if win == nil {
			continue
		}
		cur := win.cur
		if !win.hasCur && top != nil {
			cur, used = topCur, true
		}
		for i := range d.costs {
			c := &d.costs[i]
			if c.c != which || c == win {
				continue
			}
			if c.amount.Cmp(win.amount) != 0 || (c.hasCur && c.cur != cur) {
				d.keepLate(c.ord, c.key, c.raw)
				if c.hasCur {
					d.keepLate(c.ord, c.curKey, c.curRaw)
				}
			}
		}
		if which == cUpfront {
			n.Upfront, n.UpfrontCurrency = win.amount, cur
		} else {
			n.Monthly, n.MonthlyCurrency = win.amount, cur
		}
	}
	if top != nil && !used {
		d.keepLate(top.ord, top.key, top.raw) // a currency for no cost
	}
}

// joinCoordinates turns a latitude and a longitude into one coordinates
// region, where the first of them was.
func joinCoordinates(regs []Region) []Region {
	lat, lon := -1, -1
	for i, r := range regs {
		switch r.Type {
		case "latitude":
			lat = i
		case "longitude":
			lon = i
		}
	}
	if lat < 0 || lon < 0 {
		return regs
	}
	at, drop := min(lat, lon), max(lat, lon)
	regs[at] = Region{Type: RegionCoordinates, Name: regs[lat].Name + ", " + regs[lon].Name}
	return append(regs[:drop], regs[drop+1:]...)
}

// lookupCountryWord finds a country by ISO code or by name ("UNITED
// STATES", "United Kingdom").
func lookupCountryWord(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if c, ok := LookupCountry(s); ok {
		return c.Code, true
	}
	if len(s) <= 3 {
		return "", false
	}
	if code, ok := countryNames()[Fold(s)]; ok {
		return code, true
	}
	return "", false
}

// countryNames maps each country's folded name to its code, built the
// first time a provider sends a country by name (folding every name takes
// several milliseconds, which the program's start-up should not pay: it
// used to be built when the package initialised). Read-only once built.
var countryNames = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(countries))
	for _, c := range countries {
		m[Fold(c.Name)] = c.Code
	}
	return m
})

// numberRules completes and checks numbers sent without "+", per country,
// with libphonenumber's metadata; it caches what it learns of each
// country for the response.
type numberRules map[string]*numberRule

// numberRule is what a country's numbers look like.
type numberRule struct {
	country string
	cc      string       // calling code digits, "" when unknown
	trunk   string       // national (trunk) prefix
	lengths map[int]bool // national number lengths tried: possible or not
}

func (nr numberRules) rule(country string) *numberRule {
	if r, ok := nr[country]; ok {
		return r
	}
	r := &numberRule{country: country, lengths: map[int]bool{}}
	if cc := phone.GetCountryCodeForRegion(country); cc != 0 {
		r.cc = strconv.Itoa(cc)
		r.trunk = phone.GetNddPrefixForRegion(country, true)
	}
	nr[country] = r
	return r
}

// fits reports whether n digits are a possible length of the country's
// national significant numbers (libphonenumber's metadata; the answer
// depends on the length only, so it is asked once per length).
func (r *numberRule) fits(n int) bool {
	if n <= 0 || n > 17 {
		return false
	}
	ok, known := r.lengths[n]
	if !known {
		pn, err := phone.Parse("+"+r.cc+strings.Repeat("2", n), "ZZ")
		ok = err == nil && phone.IsPossibleNumber(pn)
		r.lengths[n] = ok
	}
	return ok
}

// e164 reads a phone number: spaces, dashes, dots and parentheses are
// dropped; 7 to 15 digits must remain. With "+" the digits are taken as
// E.164. Without it they are E.164 without the "+" when they start with
// the country's calling code and the rest has a possible national length;
// else a national number of the country when libphonenumber says it is
// valid there (it is completed with the calling code); else E.164 without
// the "+" (msisdn style) when they do not start with 0.
func (nr numberRules) e164(s []byte, isNumber bool, country string) (string, bool) {
	var digits [15]byte
	n, plus := 0, false
	for i := range len(s) {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if n == len(digits) {
				return "", false
			}
			digits[n] = c
			n++
		case isNumber:
			return "", false // 1.5e10 is not a phone number
		case c == '+' && n == 0 && !plus:
			plus = true
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return "", false
		}
	}
	if n < 7 {
		return "", false
	}
	var e [16]byte
	e[0] = '+'
	copy(e[1:], digits[:n])
	if plus {
		return string(e[:n+1]), true
	}
	d := string(e[1 : n+1])
	r := nr.rule(country)
	if r.cc != "" && strings.HasPrefix(d, r.cc) && r.fits(n-len(r.cc)) {
		return "+" + d, true
	}
	if r.cc != "" && (r.fits(n) || (r.trunk != "" && strings.HasPrefix(d, r.trunk) && r.fits(n-len(r.trunk)))) {
		if pn, err := phone.Parse(d, country); err == nil && phone.IsValidNumberForRegion(pn, country) {
			return phone.Format(pn, phone.E164), true
		}
	}
	if d[0] == '0' {
		return "", false
	}
	return "+" + d, true
}
