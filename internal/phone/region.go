package phone

import (
	"regexp"
	"sort"
	"sync"
)

// callingCode is a calling code and its regions, the main one first.
type callingCode struct {
	cc      uint16
	regions []string
}

// region is one region's metadata (or a non-geographic calling code's),
// as the generator copied it from the library.
type region struct {
	id              string
	cc              uint16
	intlPrefix      string // international (IDD) prefix pattern: "00", "011"
	natPrefix       string // national prefix: "0", "1", "" for none
	npParse         string // national prefix pattern for parsing
	npTransform     string // what a national prefix with a group becomes
	leading         string // leading digits that tell this region from others of its code
	sameFixedMobile bool   // the fixed-line and mobile patterns are the same
	localLengths    string // lengths possible only when dialled locally
	general         desc
	types           [numTypes]desc // see typeOrder
	formats         []numberFormat
	intlFormats     []numberFormat // when empty, formats serve for INTERNATIONAL too
}

// desc describes the national numbers of one type: a pattern ("" for
// none) and the possible lengths, one byte each, 0 for "none at all".
type desc struct {
	pattern string
	lengths string
}

// numberFormat is one way to group a region's national numbers.
type numberFormat struct {
	pattern string // the digits it applies to, with a group each
	format  string // "$1 $2"
	leading string // the leading digits pattern it applies to, "" for any
	npRule  string // the first group as written nationally ("0$1"), "" for as is
}

// numTypes is the number of types in region.types.
const numTypes = 10

// typeOrder are the types of region.types, in the order the library tries
// them: the special types, then fixed line and mobile.
var typeOrder = [numTypes]PhoneNumberType{
	PREMIUM_RATE, TOLL_FREE, SHARED_COST, VOIP, PERSONAL_NUMBER, PAGER, UAN, VOICEMAIL,
	FIXED_LINE, MOBILE,
}

const (
	fixedAt  = 8 // index of FIXED_LINE in region.types
	mobileAt = 9
)

// calling returns the regions of a calling code, nil for an unknown one.
func calling(cc int) *callingCode {
	i := sort.Search(len(callingCodes), func(i int) bool { return int(callingCodes[i].cc) >= cc })
	if i < len(callingCodes) && int(callingCodes[i].cc) == cc {
		return &callingCodes[i]
	}
	return nil
}

// geoIndex is the index of a region in geoRegions, -1 when it has none.
func geoIndex(id string) int {
	i := sort.Search(len(geoRegions), func(i int) bool { return geoRegions[i].id >= id })
	if i < len(geoRegions) && geoRegions[i].id == id {
		return i
	}
	return -1
}

// geo returns a region's metadata, nil when it has none (the library's
// getMetadataForRegion).
func geo(id string) *region {
	if i := geoIndex(id); i >= 0 {
		return &geoRegions[i]
	}
	return nil
}

// nonGeoIndex is the index of a non-geographic calling code in
// nonGeoRegions, -1 when it is not one.
func nonGeoIndex(cc int) int {
	i := sort.Search(len(nonGeoRegions), func(i int) bool { return int(nonGeoRegions[i].cc) >= cc })
	if i < len(nonGeoRegions) && int(nonGeoRegions[i].cc) == cc {
		return i
	}
	return -1
}

// compiledRegion is a region with its patterns compiled, shared
// read-only once built.
type compiledRegion struct {
	*region
	general *regexp.Regexp // the whole national number
	npParse *regexp.Regexp // at the start; nil without one
	idd     *regexp.Regexp // at the start
	leading *regexp.Regexp // at the start; nil without one

	typesOnce sync.Once
	types     [numTypes]*regexp.Regexp // nil where the pattern is ""

	formatsOnce    sync.Once
	national, intl []compiledFormat
}

// compiledFormat is a numberFormat with its patterns compiled.
type compiledFormat struct {
	*numberFormat
	whole   *regexp.Regexp // the whole number
	any     *regexp.Regexp // the pattern as the library applies it
	leading *regexp.Regexp // at the start; nil without one
}

// lazy builds one region's compiledRegion on first use.
type lazy struct {
	once sync.Once
	c    *compiledRegion
}

// The caches are the package's only state: each entry is written once,
// under its sync.Once, and read-only afterwards.
var (
	geoCompiled    [len(geoRegions)]lazy
	nonGeoCompiled [len(nonGeoRegions)]lazy
)

// metadata returns a region's compiled metadata, nil when it has none.
func metadata(id string) *compiledRegion {
	i := geoIndex(id)
	if i < 0 {
		return nil
	}
	return geoCompiled[i].of(&geoRegions[i])
}

// nonGeoMetadata returns a non-geographic calling code's compiled
// metadata, nil when cc is not one.
func nonGeoMetadata(cc int) *compiledRegion {
	i := nonGeoIndex(cc)
	if i < 0 {
		return nil
	}
	return nonGeoCompiled[i].of(&nonGeoRegions[i])
}

// of returns r compiled, compiling it on the first call.
func (l *lazy) of(r *region) *compiledRegion {
	l.once.Do(func() { l.c = compile(r) })
	return l.c
}

// metadataForRegionOrCallingCode is the library's function of that name.
func metadataForRegionOrCallingCode(cc int, id string) *compiledRegion {
	if id == REGION_CODE_FOR_NON_GEO_ENTITY {
		return nonGeoMetadata(cc)
	}
	return metadata(id)
}

func compile(r *region) *compiledRegion {
	c := &compiledRegion{region: r}
	c.general = whole(r.general.pattern)
	if r.npParse != "" {
		c.npParse = atStart(r.npParse)
	}
	c.idd = atStart(r.intlPrefix)
	if r.leading != "" {
		c.leading = atStart(r.leading)
	}
	return c
}

// typePatterns returns the compiled patterns of the region's types,
// compiling them on first use.
func (c *compiledRegion) typePatterns() *[numTypes]*regexp.Regexp {
	c.typesOnce.Do(func() {
		for i, d := range c.region.types {
			if d.pattern != "" && d.pattern != "NA" { // "NA" matches no digits
				c.types[i] = whole(d.pattern)
			}
		}
	})
	return &c.types
}

// numberFormats returns the compiled formats for NATIONAL, and for
// INTERNATIONAL (the same when the region has no formats of its own for
// it), compiling them on first use.
func (c *compiledRegion) numberFormats() (national, intl []compiledFormat) {
	c.formatsOnce.Do(func() {
		c.national = compileFormats(c.region.formats)
		c.intl = c.national
		if len(c.region.intlFormats) > 0 {
			c.intl = compileFormats(c.region.intlFormats)
		}
	})
	return c.national, c.intl
}

func compileFormats(fs []numberFormat) []compiledFormat {
	out := make([]compiledFormat, len(fs))
	for i := range fs {
		f := &fs[i]
		out[i] = compiledFormat{numberFormat: f, whole: whole(f.pattern), any: regexp.MustCompile(f.pattern)}
		if f.leading != "" {
			out[i].leading = atStart(f.leading)
		}
	}
	return out
}

func whole(p string) *regexp.Regexp   { return regexp.MustCompile("^(?:" + p + ")$") }
func atStart(p string) *regexp.Regexp { return regexp.MustCompile("^(?:" + p + ")") }
