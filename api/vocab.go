package api

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The vocabulary numbrowse shows numbers in: the features it knows by name,
// the provider flags, the kinds of region and the currency codes. The
// table, the detail pane and `numbrowse search` (table, JSON and CSV) all
// spell them from here.

// The features numbrowse knows by name, in badge order (the order the
// table's badges and every feature list put them in).
const (
	FeatureSMS   = "sms"
	FeatureVoice = "voice"
	FeatureMMS   = "mms"
	FeatureFax   = "fax"
)

// featureDef is one known feature's spellings.
type featureDef struct{ name, badge, label string }

var knownFeatures = [...]featureDef{
	{FeatureSMS, "S", "SMS"},
	{FeatureVoice, "V", "Voice"},
	{FeatureMMS, "M", "MMS"},
	{FeatureFax, "F", "Fax"},
}

// KnownFeatures returns the names of the features numbrowse knows, in badge
// order: sms, voice, mms, fax.
func KnownFeatures() []string {
	out := make([]string, len(knownFeatures))
	for i, f := range knownFeatures {
		out[i] = f.name
	}
	return out
}

// FeatureIndex returns the badge position of a known feature (0 for sms),
// or -1.
func FeatureIndex(name string) int {
	for i, f := range knownFeatures {
		if f.name == name {
			return i
		}
	}
	return -1
}

// FeatureBadge is a known feature's one-letter badge ("S" for sms), or "".
func FeatureBadge(name string) string {
	if i := FeatureIndex(name); i >= 0 {
		return knownFeatures[i].badge
	}
	return ""
}

// FeatureLabel is how a feature reads for people: "SMS", "Voice", "MMS",
// "Fax", and any other feature title-cased from the provider's word
// ("hd_voice" → "Hd Voice"). The result is safe to print.
func FeatureLabel(name string) string {
	if i := FeatureIndex(name); i >= 0 {
		return knownFeatures[i].label
	}
	words := strings.FieldsFunc(Printable(name), func(r rune) bool { return r == '_' || r == '-' || r == ' ' })
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(words, " ")
}

// SortFeatures returns features in display order: the known ones in badge
// order, then the others as the provider named them, in their order.
func SortFeatures(features []string) []string {
	out := make([]string, 0, len(features))
	for _, f := range knownFeatures {
		for _, g := range features {
			if g == f.name {
				out = append(out, g)
				break
			}
		}
	}
	for _, g := range features {
		if FeatureIndex(g) < 0 {
			out = append(out, g)
		}
	}
	return out
}

// FeatureLabels lists features by label in display order: "SMS, Voice,
// MMS, Hd Voice" ("" for none). The result is safe to print.
func FeatureLabels(features []string) string {
	var b strings.Builder
	for i, f := range SortFeatures(features) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(FeatureLabel(f))
	}
	return b.String()
}

// Flag is one of the per-number flags providers send.
type Flag uint8

// The flags, in display order.
const (
	// FlagBestEffort: the provider may not deliver this exact number.
	FlagBestEffort Flag = iota
	// FlagDocuments: regulatory documents are needed before activation.
	FlagDocuments
	// FlagAddress: an address (local, foreign or any) must be registered.
	FlagAddress
	// FlagQuickship: activates at once, without a port-in or a review.
	FlagQuickship
	// FlagReservable: the provider can hold the number before purchase.
	FlagReservable
	numFlags
)

// flagDef is one flag's spellings.
type flagDef struct{ name, label, badge string }

var flagDefs = [numFlags]flagDef{
	FlagBestEffort: {"best_effort", "best effort", "BE"},
	FlagDocuments:  {"documents_required", "documents required", "DOC"},
	FlagAddress:    {"address_required", "address required", "ADR"},
	FlagQuickship:  {"quickship", "quickship", "QS"},
	FlagReservable: {"reservable", "reservable", "RES"},
}

// AllFlags returns every flag in display order.
func AllFlags() []Flag {
	out := make([]Flag, numFlags)
	for i := range out {
		out[i] = Flag(i)
	}
	return out
}

// Name is the flag's machine name, as JSON and CSV write it ("best_effort").
func (f Flag) Name() string { return f.def().name }

// Label is the flag as people read it ("best effort").
func (f Flag) Label() string { return f.def().label }

// Badge is the flag's short form for narrow columns ("BE").
func (f Flag) Badge() string { return f.def().badge }

// Warns reports whether the flag is one a buyer must act on or accept
// before renting (best effort, documents, address), as opposed to a
// convenience (quickship, reservable). The table shows only these.
func (f Flag) Warns() bool { return f <= FlagAddress }

func (f Flag) def() flagDef {
	if f >= numFlags {
		return flagDef{"unknown", "unknown", "?"}
	}
	return flagDefs[f]
}

// Has reports whether flag f is set.
func (fl Flags) Has(f Flag) bool {
	switch f {
	case FlagBestEffort:
		return fl.BestEffort
	case FlagDocuments:
		return fl.DocumentsRequired
	case FlagAddress:
		return fl.AddressRequirement != ""
	case FlagQuickship:
		return fl.Quickship
	case FlagReservable:
		return fl.Reservable
	}
	return false
}

// List returns the set flags in display order.
func (fl Flags) List() []Flag {
	var out []Flag
	for f := range numFlags {
		if fl.Has(f) {
			out = append(out, f)
		}
	}
	return out
}

// Labels returns the set flags as labels, in display order; the address
// flag says which address ("address required: local").
func (fl Flags) Labels() []string {
	var out []string
	for _, f := range fl.List() {
		l := f.Label()
		if f == FlagAddress && fl.AddressRequirement != "any" {
			l += ": " + Printable(fl.AddressRequirement)
		}
		out = append(out, l)
	}
	return out
}

// Badges returns the badges of the set flags that warn, in display order,
// separated by spaces ("BE DOC"), or "".
func (fl Flags) Badges() string {
	var b strings.Builder
	for f := range numFlags {
		if !f.Warns() || !fl.Has(f) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f.Badge())
	}
	return b.String()
}

// The kinds of region numbrowse knows; Region.Type holds one of these, or
// the provider's own word for any other kind.
const (
	RegionLocality    = "locality"     // a city, town or locality
	RegionLocation    = "location"     // Telnyx's place name
	RegionRateCenter  = "rate_center"  // a telco rate centre (NANP)
	RegionState       = "state"        // a state, province, region or administrative area
	RegionPostalCode  = "postal_code"  // a postal or ZIP code
	RegionLATA        = "lata"         // a NANP local access and transport area
	RegionCoordinates = "coordinates"  // "latitude, longitude", as the provider wrote them
	RegionCountry     = "country_code" // an ISO country code
)

// regionLabels are the known kinds as the detail pane labels them.
var regionLabels = map[string]string{
	RegionLocality: "locality", RegionLocation: "location", RegionRateCenter: "rate center",
	RegionState: "state", RegionPostalCode: "postal code", RegionLATA: "LATA",
	RegionCoordinates: "coordinates", RegionCountry: "country",
}

// RegionKind maps a provider's word for a kind of region to the kind
// numbrowse knows ("city" and "town" are RegionLocality, "zip" and
// "postcode" RegionPostalCode, "administrative_area" RegionState), or
// returns the word as it is. Number.Regions already hold kinds; this is
// for numbers built by hand.
func RegionKind(word string) string { return regionKind(word) }

// RegionLabel is a region kind as people read it: "rate center" for
// rate_center, "LATA" for lata; another kind with its underscores as
// spaces; "region" for none. The result is safe to print.
func RegionLabel(kind string) string {
	if l, ok := regionLabels[kind]; ok {
		return l
	}
	kind = strings.TrimSpace(strings.ReplaceAll(Printable(kind), "_", " "))
	if kind == "" {
		return "region"
	}
	return kind
}

// IsISO4217 reports whether code is an ISO 4217 currency code (upper case).
func IsISO4217(code string) bool {
	if len(code) != 3 {
		return false
	}
	_, ok := iso4217Set[code]
	return ok
}

// iso4217Set holds the codes of iso4217. Read-only after initialisation.
var iso4217Set = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, c := range strings.Fields(iso4217) {
		m[c] = struct{}{}
	}
	return m
}()

// CurrencyNote is "" for an ISO 4217 code or no code, and otherwise the
// mark a screen shows after a code that is not one ("not an ISO 4217
// code"), so that "DOLLAR" is shown as the provider gave it but not taken
// for a currency numbrowse knows.
func CurrencyNote(code string) string {
	if code == "" || IsISO4217(code) {
		return ""
	}
	return "not an ISO 4217 code"
}

// iso4217 lists the active ISO 4217 codes.
const iso4217 = " AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP" +
	" BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP" +
	" GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW" +
	" KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD" +
	" NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE" +
	" SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED" +
	" VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL "
