package api

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"
)

// The top-level entry keys the decoder understands. Each is a slot; the
// first occurrence of a key fills it (a repeated key goes to Extra).
const (
	sPhoneNumber = iota
	sPhoneNumberCamel
	sMsisdn
	sNumber
	sFriendlyName
	sVanityFormat
	sCountryCode
	sIsoCountry
	sRegionCode
	sCountry
	sNumberType
	sPhoneNumberType
	sType
	sUpfrontCost
	sCostInformation
	sSetupRate
	sSetupPrice
	sMonthlyCost
	sMonthlyRentalRate
	sMonthlyPrice
	sCost
	sCurrency
	sFeatures
	sCapabilities
	sCapability
	sRegionInformation
	sRegion
	sLocality
	sRateCenter
	sPostalCode
	sBestEffort
	sQuickship
	sReservable
	sSupportingDocs
	sAddressRequirements
	sRegulatoryRequirements
	numSlots
)

// slotNames are the keys of the slots.
var slotNames = [numSlots]string{
	sPhoneNumber:            "phone_number",
	sPhoneNumberCamel:       "phoneNumber",
	sMsisdn:                 "msisdn",
	sNumber:                 "number",
	sFriendlyName:           "friendly_name",
	sVanityFormat:           "vanity_format",
	sCountryCode:            "country_code",
	sIsoCountry:             "iso_country",
	sRegionCode:             "regionCode",
	sCountry:                "country",
	sNumberType:             "number_type",
	sPhoneNumberType:        "phone_number_type",
	sType:                   "type",
	sUpfrontCost:            "upfront_cost",
	sCostInformation:        "cost_information",
	sSetupRate:              "setup_rate",
	sSetupPrice:             "setupPrice",
	sMonthlyCost:            "monthly_cost",
	sMonthlyRentalRate:      "monthly_rental_rate",
	sMonthlyPrice:           "monthlyPrice",
	sCost:                   "cost",
	sCurrency:               "currency",
	sFeatures:               "features",
	sCapabilities:           "capabilities",
	sCapability:             "capability",
	sRegionInformation:      "region_information",
	sRegion:                 "region",
	sLocality:               "locality",
	sRateCenter:             "rate_center",
	sPostalCode:             "postal_code",
	sBestEffort:             "best_effort",
	sQuickship:              "quickship",
	sReservable:             "reservable",
	sSupportingDocs:         "supportingDocumentationRequired",
	sAddressRequirements:    "address_requirements",
	sRegulatoryRequirements: "regulatory_requirements",
}

// slotIndex maps a key to its slot. It is read-only after initialisation.
var slotIndex = func() map[string]int {
	m := make(map[string]int, numSlots)
	for i, name := range slotNames {
		m[name] = i
	}
	return m
}()

// slotOf returns the slot of a key (quotes included), or -1.
func slotOf(k []byte) int {
	if len(k) < 2 {
		return -1
	}
	name := k[1 : len(k)-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		name = []byte(keyName(k))
	}
	if i, ok := slotIndex[string(name)]; ok {
		return i
	}
	return -1
}

// path names a value: a top-level slot, or a member of the object in it.
type path struct {
	slot int
	sub  string
}

// The places each concept is looked for, best first (docs/api.md).
var (
	numberPaths   = [...]path{{sPhoneNumber, ""}, {sPhoneNumberCamel, ""}, {sMsisdn, ""}, {sNumber, ""}}
	displayPaths  = [...]path{{sFriendlyName, ""}, {sVanityFormat, ""}}
	countryPaths  = [...]path{{sCountryCode, ""}, {sIsoCountry, ""}, {sRegionCode, ""}, {sCountry, ""}}
	typePaths     = [...]path{{sNumberType, ""}, {sPhoneNumberType, ""}, {sType, ""}}
	upfrontPaths  = [...]path{{sUpfrontCost, ""}, {sCostInformation, "upfront_cost"}, {sSetupRate, ""}, {sSetupPrice, "amount"}}
	monthlyPaths  = [...]path{{sMonthlyCost, ""}, {sCostInformation, "monthly_cost"}, {sMonthlyRentalRate, ""}, {sMonthlyPrice, "amount"}, {sCost, ""}, {sCost, "amount"}}
	currencyPaths = [...]path{{sCurrency, ""}, {sCostInformation, "currency"}, {sSetupPrice, "currencyCode"}, {sMonthlyPrice, "currencyCode"}, {sCost, "currencyCode"}}
	flatRegions   = [...]int{sRegion, sLocality, sRateCenter, sPostalCode}

	costInfoKeys    = []string{"upfront_cost", "monthly_cost", "currency"}
	priceKeys       = []string{"amount", "currencyCode"}
	regionKeys      = []string{"region_type", "region_name"}
	requirementKeys = []string{"label", "name", "description", "field_type", "requirement_type"}
)

// member is one key and value of an entry, as spans of entryDecoder.raw.
type member struct {
	key, val []byte
	slot     int
}

// entryDecoder turns one data entry into a Number. It is reused from entry
// to entry, so its buffers are allocated once.
type entryDecoder struct {
	raw     json.RawMessage // the entry, as decoded by json.Decoder
	members []member
	slots   [numSlots]int  // index into members, or -1
	bad     [numSlots]bool // the value was not understood: keep it in Extra
}

// get returns the value at p: the slot's value, or its member p.sub when
// the slot holds an object.
func (d *entryDecoder) get(p path) ([]byte, bool) {
	i := d.slots[p.slot]
	if i < 0 {
		return nil, false
	}
	v := d.members[i].val
	if p.sub == "" {
		return v, true
	}
	var out []byte
	found := false
	eachMember(v, func(k, mv []byte) {
		if !found && keyIs(k, p.sub) {
			out, found = mv, true
		}
	})
	return out, found
}

// each calls parse with the value at every path present, in order. A value
// parse does not understand marks its slot bad.
func (d *entryDecoder) each(paths []path, parse func(p path, v []byte) bool) {
	for _, p := range paths {
		if v, ok := d.get(p); ok && !parse(p, v) {
			d.bad[p.slot] = true
		}
	}
}

// checkObject marks slot bad unless its value is null or an object whose
// keys are all in known, each once.
func (d *entryDecoder) checkObject(slot int, known []string) {
	i := d.slots[slot]
	if i < 0 {
		return
	}
	v := d.members[i].val
	if isNull(v) {
		return
	}
	if !objectKeysIn(v, known) {
		d.bad[slot] = true
	}
}

// objectKeysIn reports whether v is an object whose keys are all in known,
// none repeated.
func objectKeysIn(v []byte, known []string) bool {
	var seen uint64
	good := eachMember(v, func(k, _ []byte) {
		for i, name := range known {
			if keyIs(k, name) {
				if seen&(1<<i) == 0 {
					seen |= 1 << i
					return
				}
				break
			}
		}
		seen |= 1 << 63 // unknown or repeated
	})
	return good && seen&(1<<63) == 0
}

// decode returns the Number in d.raw, or false when the entry is not an
// object or has no usable phone number.
func (d *entryDecoder) decode(q Query) (Number, bool) {
	d.members = d.members[:0]
	for i := range d.slots {
		d.slots[i], d.bad[i] = -1, false
	}
	ok := eachMember(d.raw, func(k, v []byte) {
		s := slotOf(k)
		if s >= 0 && d.slots[s] >= 0 {
			s = -1 // a repeated key: not understood
		}
		if s >= 0 {
			d.slots[s] = len(d.members)
		}
		d.members = append(d.members, member{key: k, val: v, slot: s})
	})
	if !ok {
		return Number{}, false
	}
	var n Number
	d.each(numberPaths[:], func(p path, v []byte) bool {
		e164, ok := phoneNumber(v)
		if n.E164 == "" {
			n.E164 = e164
		}
		return ok
	})
	if n.E164 == "" {
		return Number{}, false
	}
	d.each(displayPaths[:], func(p path, v []byte) bool {
		s, ok := stringOrNull(v)
		if n.Display == "" {
			n.Display = text(s)
		}
		return ok
	})
	d.each(countryPaths[:], func(p path, v []byte) bool {
		s, ok := stringOrNull(v)
		if s = strings.TrimSpace(s); !ok || s == "" {
			return ok
		}
		c, known := LookupCountry(s)
		if known && n.Country == "" {
			n.Country = c.Code
		}
		return known
	})
	d.each(typePaths[:], func(p path, v []byte) bool {
		s, ok := stringOrNull(v)
		if s = text(s); ok && s != "" && n.Type == "" {
			n.Type = numberType(s)
		}
		return ok
	})
	if n.Type == "" {
		n.Type = numberType(text(string(q.Type)))
	}
	d.costs(&n)
	d.features(&n)
	d.regions(&n)
	d.flags(&n)
	if n.Country == "" {
		// Telnyx puts the country in region_information.
		for _, r := range n.Regions {
			if c, ok := LookupCountry(r.Name); ok && r.Type == "country_code" {
				n.Country = c.Code
				break
			}
		}
	}
	if n.Country == "" {
		n.Country = strings.ToUpper(text(q.Country))
	}
	for _, m := range d.members {
		if m.slot < 0 || d.bad[m.slot] {
			n.Extra = append(n.Extra, Field{Key: Printable(keyName(m.key)), Value: compactJSON(m.val)})
		}
	}
	return n, true
}

// stringOrNull returns a JSON string's value ("" for null); ok is false for
// any other value.
func stringOrNull(v []byte) (string, bool) {
	if isNull(v) {
		return "", true
	}
	return jsonString(v)
}

// maxTextBytes caps one provider string (a region name, a label). Real
// ones are short; a hostile megabyte-long one would otherwise cost every
// filter keystroke and every redraw.
const maxTextBytes = 1024

// text makes provider text safe to store: Printable, trimmed, and cut to
// maxTextBytes (at a character boundary, marked with "…").
func text(s string) string {
	if len(s) <= maxTextBytes {
		return strings.TrimSpace(Printable(s))
	}
	cut := len(s) > 4*maxTextBytes
	if cut {
		s = s[:4*maxTextBytes] // cleaning a megabyte only to drop it costs too much
	}
	s = strings.TrimSpace(Printable(s))
	if len(s) > maxTextBytes {
		i := maxTextBytes
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s, cut = s[:i], true
	}
	if cut {
		s += "…"
	}
	return s
}

// numberType canonicalises a provider's number type: one of NumberTypes
// (with the toll-free aliases) or else the provider's word in lower case.
func numberType(s string) NumberType {
	if s == "" {
		return ""
	}
	if t, err := ParseNumberType(s); err == nil {
		return t
	}
	return NumberType(strings.ToLower(s))
}

// phoneNumber reads a number from a string or a JSON number: spaces,
// dashes, dots and parentheses are dropped and a missing "+" added; 7 to 15
// digits must remain. It reports false for a value it cannot use (null and
// "" are fine but give "").
func phoneNumber(v []byte) (string, bool) {
	if isNull(v) {
		return "", true
	}
	num := isNumber(v)
	s, ok := scalarText(v)
	if !ok {
		return "", false
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	var digits [15]byte
	n, plus := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if n == len(digits) {
				return "", false
			}
			digits[n] = c
			n++
		case num:
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
	return "+" + string(digits[:n]), true
}

// decimalValue reads a cost from a string or JSON number, keeping its text;
// null and "" give the zero Decimal. It reports false for anything else.
func decimalValue(v []byte) (Decimal, bool) {
	if isNull(v) {
		return Decimal{}, true
	}
	s, ok := scalarText(v)
	if !ok {
		return Decimal{}, false
	}
	if strings.TrimSpace(s) == "" {
		return Decimal{}, true
	}
	dec, err := ParseDecimal(s)
	return dec, err == nil
}

// sortedSet sorts ss and drops repeats and empty strings.
func sortedSet(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	slices.Sort(ss)
	ss = slices.Compact(ss)
	if ss[0] == "" {
		ss = ss[1:]
	}
	if len(ss) == 0 {
		return nil
	}
	return ss
}
