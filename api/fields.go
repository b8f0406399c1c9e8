package api

import "strings"

// The tables that say which provider fields carry which concept. The
// decoder looks a key up exactly, then case-insensitively ("RateCenter"
// finds rateCenter), then by suffix (*_enabled); what no table names is
// kept in Number.Extra. Within a concept, the earlier field wins when an
// entry has several (phone_number before msisdn). The README's table of
// provider vocabularies is this file in prose; every row is tested by a
// provider's published example (testdata/providers).

// concept is what a field carries.
type concept uint8

const (
	cUnknown      concept = iota
	cNumber               // the phone number: E.164 with or without +, or national
	cDisplay              // the provider's display form
	cCountry              // ISO 3166 code or country name
	cType                 // the provider's word for the number type
	cCurrency             // the currency of the costs around it
	cUpfront              // the one-time cost: an amount, or a price object
	cMonthly              // the monthly cost: an amount, or a price object
	cCosts                // an object of costs (cost_information)
	cAmount               // in a price object: the amount of its cost
	cFeatures             // features: a list, a map of booleans, or words
	cFeature              // a boolean naming one feature (voice_enabled)
	cRegions              // region_information: a list of {region_type, region_name}
	cRegion               // one region part; field.arg is the kind
	cFlag                 // a boolean flag; field.arg is the Flag
	cAddress              // Twilio's address_requirements: none, any, local, foreign
	cRequirements         // a list of requirements (strings or objects)
	cAttributes           // JSON:API attributes: the entry's fields, one level down
	cKind                 // in a region object: its kind (region_type)
	cName                 // in a region object: its name (region_name)
	cLabel                // in a requirement object: its label
	cDetail               // in a requirement object: its description
	numConcepts
)

// field is what a table says about one key.
type field struct {
	c    concept
	rank uint16 // position among the synonyms; lower wins
	arg  string // region kind, flag name or feature name
}

// flagNamed returns the flag whose Name is name.
func flagNamed(name string) Flag {
	for f := range numFlags {
		if f.Name() == name {
			return f
		}
	}
	return numFlags
}

// fieldDef is one table row.
type fieldDef struct {
	name string
	c    concept
	arg  string
}

// entryFields are the fields of an entry (and of a JSON:API entry's
// attributes), best first within each concept.
var entryFields = []fieldDef{
	{"phone_number", cNumber, ""},
	{"phoneNumber", cNumber, ""},
	{"msisdn", cNumber, ""},
	{"number", cNumber, ""},
	{"FullNumber", cNumber, ""},

	{"friendly_name", cDisplay, ""},
	{"vanity_format", cDisplay, ""},
	{"nationalNumber", cDisplay, ""},

	{"country_code", cCountry, ""},
	{"iso_country", cCountry, ""},
	{"regionCode", cCountry, ""},
	{"country", cCountry, ""},
	{"countryName", cCountry, ""},

	{"number_type", cType, ""},
	{"phone_number_type", cType, ""},
	{"type", cType, ""},
	{"numberType", cType, ""},

	{"upfront_cost", cUpfront, ""},
	{"monthly_cost", cMonthly, ""},
	{"cost_information", cCosts, ""},
	{"setup_rate", cUpfront, ""},
	{"monthly_rental_rate", cMonthly, ""},
	{"setupPrice", cUpfront, ""},
	{"monthlyPrice", cMonthly, ""},
	{"price", cMonthly, ""},
	{"cost", cMonthly, ""},
	{"currency", cCurrency, ""},
	{"currencyCode", cCurrency, ""},

	{"features", cFeatures, ""},
	{"capabilities", cFeatures, ""},
	{"capability", cFeatures, ""},

	{"region_information", cRegions, ""},
	{"locality", cRegion, RegionLocality},
	{"city", cRegion, RegionLocality},
	{"rate_center", cRegion, RegionRateCenter},
	{"rateCenter", cRegion, RegionRateCenter},
	{"region", cRegion, RegionState},
	{"state", cRegion, RegionState},
	{"province", cRegion, RegionState},
	{"administrative_area", cRegion, RegionState},
	{"postal_code", cRegion, RegionPostalCode},
	{"postalCode", cRegion, RegionPostalCode},
	{"lata", cRegion, RegionLATA},
	{"latitude", cRegion, "latitude"},
	{"longitude", cRegion, "longitude"},

	{"best_effort", cFlag, "best_effort"},
	{"quickship", cFlag, "quickship"},
	{"reservable", cFlag, "reservable"},
	{"supportingDocumentationRequired", cFlag, "documents_required"},
	{"verificationRequired", cFlag, "documents_required"},
	{"address_requirements", cAddress, ""},
	{"regulatory_requirements", cRequirements, ""},
	{"prerequisites", cRequirements, ""},
	{"conditions", cRequirements, ""},

	{"attributes", cAttributes, ""},
}

// costFields are the members of a price or costs object
// (cost_information, Infobip's price, Sinch's setupPrice...).
var costFields = []fieldDef{
	{"amount", cAmount, ""},
	{"upfront_cost", cUpfront, ""},
	{"monthly_cost", cMonthly, ""},
	{"setup_rate", cUpfront, ""},
	{"monthly_rental_rate", cMonthly, ""},
	{"setupPrice", cUpfront, ""},
	{"pricePerMonth", cMonthly, ""},
	{"monthlyPrice", cMonthly, ""},
	{"currency", cCurrency, ""},
	{"currencyCode", cCurrency, ""},
}

// regionFields are the members of a region_information entry.
var regionFields = []fieldDef{
	{"region_type", cKind, ""},
	{"region_name", cName, ""},
}

// requirementFields are the members of a requirement object that make its
// label and detail; every other member is kept in Requirement.Fields.
var requirementFields = []fieldDef{
	{"label", cLabel, ""},
	{"name", cLabel, ""},
	{"description", cDetail, ""},
}

// featureNameFields are the members of a feature object ({"name": "sms"}).
var featureNameFields = []fieldDef{
	{"name", cFeature, ""},
}

// featureSuffixes name one feature by a boolean field's suffix:
// voice_enabled, smsEnabled.
var featureSuffixes = []string{"_enabled", "Enabled"}

// regionKinds maps a region_information type, folded (lower case, no _ -
// or space), to its kind; other types are kept as the provider wrote them.
var regionKinds = map[string]string{
	"locality": RegionLocality, "city": RegionLocality, "town": RegionLocality,
	"location":   RegionLocation,
	"ratecenter": RegionRateCenter,
	"state":      RegionState, "region": RegionState, "province": RegionState, "administrativearea": RegionState,
	"postalcode": RegionPostalCode, "zip": RegionPostalCode, "zipcode": RegionPostalCode, "postcode": RegionPostalCode,
	"lata":        RegionLATA,
	"coordinates": RegionCoordinates,
	"countrycode": RegionCountry, "country": RegionCountry,
}

// providerTypeWords maps a provider's word for the type, folded (lower case, no _
// - or space), to the type.
var providerTypeWords = map[string]NumberType{
	"mobile": Mobile, "mobilelvn": Mobile, "cell": Mobile, "cellular": Mobile, "wireless": Mobile,
	"local": Local, "landline": Local, "fixed": Local, "fixedline": Local, "geographic": Local, "geo": Local,
	"tollfree": TollFree, "landlinetollfree": TollFree, "freephone": TollFree,
	"national": National, "nongeographic": National,
}

// fold lower-cases an ASCII word and drops _ - and spaces.
func foldWord(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_' || c == '-' || c == ' ':
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// vocab is a compiled table: exact names, and lower-cased names for the
// case-insensitive match. Built once; read-only after.
type vocab struct {
	exact  map[string]field
	folded map[string]field
	small  []fieldDef // a short table is scanned: cheaper than hashing
}

func compile(defs []fieldDef) vocab {
	v := vocab{exact: make(map[string]field, len(defs)), folded: make(map[string]field, len(defs))}
	for i, d := range defs {
		f := field{c: d.c, rank: uint16(i), arg: d.arg}
		v.exact[d.name] = f
		if _, dup := v.folded[strings.ToLower(d.name)]; !dup {
			v.folded[strings.ToLower(d.name)] = f
		}
	}
	if len(defs) <= 4 {
		v.small = defs
	}
	return v
}

// The compiled tables.
var (
	entryVocab       = compile(entryFields)
	costVocab        = compile(costFields)
	regionVocab      = compile(regionFields)
	requirementVocab = compile(requirementFields)
	featureVocab     = compile(featureNameFields)
)

// lookup finds a key (its bytes, unquoted), exactly and then
// case-insensitively; lower is scratch space for the lower-cased key.
func (v *vocab) lookup(key []byte, lower *[]byte) (field, bool) {
	if v.small != nil {
		for i, d := range v.small {
			if d.name == string(key) {
				return field{c: d.c, rank: uint16(i), arg: d.arg}, true
			}
		}
	} else if f, ok := v.exact[string(key)]; ok {
		return f, true
	}
	l := (*lower)[:0]
	for _, c := range key {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		l = append(l, c)
	}
	*lower = l
	f, ok := v.folded[string(l)]
	return f, ok
}
