package demo

import (
	"regexp"
	"sync"

	pn "github.com/nyaruka/phonenumbers"
)

// typer classifies the national significant numbers of one region the way
// libphonenumber's GetNumberType does for a number valid in that region,
// with the region's patterns compiled once. The library itself rebuilds the
// pattern strings and takes a lock for every call, which is too slow to check
// 200,000 candidates; the tests compare typer with the library's answer.
type typer struct {
	general desc
	// ordered are the special types in the order libphonenumber tries them:
	// premium rate, toll-free, shared cost, VoIP, personal, pager, UAN,
	// voicemail.
	ordered       []desc
	fixed, mobile desc
	same          bool // fixed-line and mobile patterns are the same
}

// desc is one compiled number description: possible lengths and pattern.
type desc struct {
	typ  pn.PhoneNumberType
	lens uint32 // bit n set: length n is possible; 0: any length
	re   *regexp.Regexp
}

func compileDesc(d *pn.PhoneNumberDesc, t pn.PhoneNumberType) desc {
	p := d.GetNationalNumberPattern()
	if p == "" || p == "NA" {
		return desc{typ: t}
	}
	out := desc{typ: t, re: regexp.MustCompile("^(?:" + p + ")$")}
	for _, l := range d.GetPossibleLength() {
		if l > 0 && l < 32 {
			out.lens |= 1 << l
		}
	}
	return out
}

func (d *desc) match(nsn string) bool {
	if d.re == nil {
		return false
	}
	if d.lens != 0 && (len(nsn) >= 32 || d.lens&(1<<len(nsn)) == 0) {
		return false
	}
	return d.re.MatchString(nsn)
}

// typeOf returns the libphonenumber type of nsn in this region, UNKNOWN when
// the number is not valid there.
func (t *typer) typeOf(nsn string) pn.PhoneNumberType {
	if !t.general.match(nsn) {
		return pn.UNKNOWN
	}
	for i := range t.ordered {
		if t.ordered[i].match(nsn) {
			return t.ordered[i].typ
		}
	}
	if t.fixed.match(nsn) {
		if t.same || t.mobile.match(nsn) {
			return pn.FIXED_LINE_OR_MOBILE
		}
		return pn.FIXED_LINE
	}
	if !t.same && t.mobile.match(nsn) {
		return pn.MOBILE
	}
	return pn.UNKNOWN
}

// metadata maps region codes to libphonenumber's metadata. The library parses
// its collection during its own init, so reading it here is race-free.
var metadata = sync.OnceValue(func() map[string]*pn.PhoneMetadata {
	coll, err := pn.MetadataCollection()
	if err != nil {
		panic("demo: libphonenumber metadata: " + err.Error())
	}
	out := make(map[string]*pn.PhoneMetadata, len(coll.GetMetadata()))
	for _, m := range coll.GetMetadata() {
		out[m.GetId()] = m
	}
	return out
})

// newTyper compiles the patterns of region; it panics on a region
// libphonenumber does not know, which the tests rule out.
func newTyper(region string) *typer {
	m := metadata()[region]
	if m == nil {
		panic("demo: no libphonenumber metadata for " + region)
	}
	return &typer{
		general: compileDesc(m.GetGeneralDesc(), pn.UNKNOWN),
		ordered: []desc{
			compileDesc(m.GetPremiumRate(), pn.PREMIUM_RATE),
			compileDesc(m.GetTollFree(), pn.TOLL_FREE),
			compileDesc(m.GetSharedCost(), pn.SHARED_COST),
			compileDesc(m.GetVoip(), pn.VOIP),
			compileDesc(m.GetPersonalNumber(), pn.PERSONAL_NUMBER),
			compileDesc(m.GetPager(), pn.PAGER),
			compileDesc(m.GetUan(), pn.UAN),
			compileDesc(m.GetVoicemail(), pn.VOICEMAIL),
		},
		fixed:  compileDesc(m.GetFixedLine(), pn.FIXED_LINE),
		mobile: compileDesc(m.GetMobile(), pn.MOBILE),
		same:   m.GetSameMobileAndFixedLinePattern(),
	}
}
