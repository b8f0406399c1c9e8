package demo

import (
	"strings"
	"unicode/utf8"

	"numbrowse/api"
)

// Shares of the provider shapes, in percent of entries: the rest use the
// documented plain shape.
const (
	telnyxShare = 10 // Telnyx: cost_information, feature objects, flags
	twilioShare = 5  // Twilio: friendly_name, capabilities, iso_country
	vonageShare = 2  // Vonage: msisdn, cost (outside the NANP only)
)

// renderer writes the entries of one offer as JSON, in one of several
// provider shapes picked by each number's hash. Fragments that only depend
// on the block are built once.
type renderer struct {
	c          *country
	o          *offer
	regions    [][]byte // per block: region_information array
	telnyxRegs [][]byte // per block: with the country_code entry first
	docs       []byte   // regulatory_requirements array, nil for none
}

func newRenderer(c *country, o *offer) *renderer {
	r := &renderer{c: c, o: o}
	for _, b := range o.blocks {
		r.regions = append(r.regions, appendRegions(nil, b.regions))
		regs := b.regions
		if regs[0].Type != "country_code" {
			regs = append([]api.Region{{Type: "country_code", Name: c.code}}, regs...)
		}
		r.telnyxRegs = append(r.telnyxRegs, appendRegions(nil, regs))
	}
	if len(c.docs) > 0 {
		b := []byte{'['}
		for i, d := range c.docs {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"requirement_type":`...)
			b = appendString(b, d.kind)
			b = append(b, `,"label":`...)
			b = appendString(b, d.label)
			b = append(b, `,"description":`...)
			b = appendString(b, d.description)
			b = append(b, '}')
		}
		r.docs = append(b, ']')
	}
	return r
}

func appendRegions(b []byte, regs []api.Region) []byte {
	b = append(b, '[')
	for i, r := range regs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"region_type":`...)
		b = appendString(b, r.Type)
		b = append(b, `,"region_name":`...)
		b = appendString(b, r.Name)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendEntry appends the JSON object of e.
func (r *renderer) appendEntry(b []byte, e *entry) []byte {
	h := e.hash
	blk := &r.o.blocks[e.block]
	up, mo := r.o.price(blk, e.nsn)
	feats := r.o.pickFeatures(h >> 16)
	nanp := r.c.cc == "1"
	switch shape := h % 100; {
	case shape < telnyxShare:
		return r.appendTelnyx(b, e, up, mo, feats, h>>40)
	case shape < telnyxShare+twilioShare:
		return r.appendTwilio(b, e, blk, mo, feats)
	case shape < telnyxShare+twilioShare+vonageShare && !nanp:
		return r.appendVonage(b, e, mo, feats)
	}
	quirk := (h >> 8) % 100
	b = append(b, `{"phone_number":"`...)
	b = append(b, e.e164...)
	b = append(b, `","country_code":"`...)
	b = append(b, r.c.code...)
	b = append(b, `","number_type":"`...)
	b = append(b, r.o.typ...)
	b = append(b, `","upfront_cost":`...)
	switch {
	case quirk == 97:
		b = append(b, "null"...)
	case quirk == 98:
		b = append(b, `""`...)
	default:
		b = append(b, '"')
		b = append(appendCents(b, up), '"')
	}
	b = append(b, `,"monthly_cost":`...)
	if quirk < 3 {
		b = appendCentsNumber(b, mo)
	} else {
		b = append(b, '"')
		b = append(appendCents(b, mo), '"')
	}
	if quirk < 3 || quirk >= 6 {
		b = append(b, `,"currency":"`...)
		b = append(b, r.c.currency...)
		b = append(b, '"')
	}
	b = append(b, `,"features":[`...)
	for i, name := range feats.names() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, '"')
	}
	b = append(b, `],"region_information":`...)
	b = append(b, r.regions[e.block]...)
	switch {
	case quirk >= 6 && quirk < 9 && blk.lata != "":
		b = append(b, `,"lata":"`...)
		b = append(b, blk.lata...)
		b = append(b, '"')
	case quirk >= 6 && quirk < 9:
		b = append(b, `,"vanity_format":""`...)
	case quirk == 9:
		b = append(b, `,"beta":false`...)
	case quirk >= 10 && quirk < 30 && blockPostal(blk) != "":
		// Where the number is, to the street: Bandwidth and Twilio send a
		// postal code and a LATA with their NANP numbers.
		b = append(b, `,"postal_code":`...)
		b = appendString(b, blockPostal(blk))
		if blk.lata != "" {
			b = append(b, `,"lata":"`...)
			b = append(b, blk.lata...)
			b = append(b, '"')
		}
	}
	return append(b, '}')
}

// appendTelnyx appends e in Telnyx's shape: no country or type (the client
// falls back to the query), costs under cost_information, features as
// objects (emergency too for NANP voice numbers), provider flags and the
// country's regulatory requirements.
func (r *renderer) appendTelnyx(b []byte, e *entry, up, mo int, feats features, bits uint64) []byte {
	b = append(b, `{"record_type":"available_phone_number","phone_number":"`...)
	b = append(b, e.e164...)
	b = append(b, `","vanity_format":"","best_effort":`...)
	b = appendBool(b, bits%5 == 0)
	b = append(b, `,"quickship":`...)
	b = appendBool(b, r.docs == nil && bits>>3%4 != 0)
	b = append(b, `,"reservable":`...)
	b = appendBool(b, bits>>5%5 < 3)
	b = append(b, `,"region_information":`...)
	b = append(b, r.telnyxRegs[e.block]...)
	b = append(b, `,"cost_information":{"upfront_cost":"`...)
	b = appendCents(b, up)
	b = append(b, `","monthly_cost":"`...)
	b = appendCents(b, mo)
	b = append(b, `","currency":"`...)
	b = append(b, r.c.currency...)
	b = append(b, `"},"features":[`...)
	for i, name := range feats.names() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":"`...)
		b = append(b, name...)
		b = append(b, `"}`...)
	}
	if r.c.cc == "1" && feats&voice != 0 {
		// Telnyx lists E911 service as a feature of NANP voice numbers.
		b = append(b, `,{"name":"emergency"}`...)
	}
	b = append(b, ']')
	if r.docs != nil {
		b = append(b, `,"regulatory_requirements":`...)
		b = append(b, r.docs...)
	}
	return append(b, '}')
}

// appendTwilio appends e in Twilio's shape: a display form, iso_country,
// capabilities as booleans, locality fields (and a NANP postal code) for
// geographic numbers, and only a monthly price without currency.
func (r *renderer) appendTwilio(b []byte, e *entry, blk *block, mo int, feats features) []byte {
	b = append(b, `{"friendly_name":`...)
	b = appendString(b, r.friendly(e))
	b = append(b, `,"phone_number":"`...)
	b = append(b, e.e164...)
	b = append(b, '"')
	if blk.lata != "" {
		b = append(b, `,"lata":"`...)
		b = append(b, blk.lata...)
		b = append(b, '"')
	}
	for _, reg := range blk.regions {
		var key string
		switch reg.Type {
		case "location":
			key = "locality"
		case "rate_center":
			b = append(b, `,"locality":`...)
			b = appendString(b, localityOf(reg.Name))
			if zip := blockPostal(blk); zip != "" {
				b = append(b, `,"postal_code":`...)
				b = appendString(b, zip)
			}
			key = "rate_center"
		case "state":
			key = "region"
		default:
			continue
		}
		b = append(b, `,"`...)
		b = append(b, key...)
		b = append(b, `":`...)
		b = appendString(b, reg.Name)
	}
	b = append(b, `,"iso_country":"`...)
	b = append(b, r.c.code...)
	b = append(b, `","address_requirements":"`...)
	b = append(b, r.c.address...)
	b = append(b, `","beta":false,"capabilities":{"voice":`...)
	b = appendBool(b, feats&voice != 0)
	b = append(b, `,"SMS":`...)
	b = appendBool(b, feats&sms != 0)
	b = append(b, `,"MMS":`...)
	b = appendBool(b, feats&mms != 0)
	b = append(b, `,"fax":`...)
	b = appendBool(b, feats&fax != 0)
	b = append(b, `},"monthly_cost":"`...)
	b = appendCents(b, mo)
	return append(b, `"}`...)
}

// appendVonage appends e in Vonage's shape: msisdn without "+", country,
// a monthly cost without currency and upper-case features.
func (r *renderer) appendVonage(b []byte, e *entry, mo int, feats features) []byte {
	b = append(b, `{"country":"`...)
	b = append(b, r.c.code...)
	b = append(b, `","msisdn":"`...)
	b = append(b, e.e164[1:]...)
	b = append(b, `","cost":"`...)
	b = appendCents(b, mo)
	b = append(b, `","features":[`...)
	for i, name := range feats.names() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, strings.ToUpper(name)...)
		b = append(b, '"')
	}
	return append(b, "]}"...)
}

// friendly is Twilio's display form: "(312) 555-0123" in the NANP, the
// E.164 form elsewhere.
func (r *renderer) friendly(e *entry) string {
	if r.c.cc != "1" || len(e.nsn) != 10 {
		return e.e164
	}
	n := e.nsn
	return "(" + n[:3] + ") " + n[3:6] + "-" + n[6:]
}

// localityOf turns a rate centre ("CHICAGO ZONE 1", "ST LOUIS") into a
// town name ("Chicago", "St Louis").
func localityOf(rc string) string {
	if i := strings.Index(rc, " ZONE "); i > 0 {
		rc = rc[:i]
	}
	out := []byte(strings.ToLower(rc))
	for i := range out {
		if i == 0 || out[i-1] == ' ' || out[i-1] == '-' {
			if out[i] >= 'a' && out[i] <= 'z' {
				out[i] -= 'a' - 'A'
			}
		}
	}
	return string(out)
}

// featureLists holds every feature set's names, in the API's order.
var featureLists = func() (out [16][]string) {
	for f := range out {
		for i, name := range featureNames {
			if f&(1<<i) != 0 {
				out[f] = append(out[f], name)
			}
		}
	}
	return out
}()

// names lists the features in the API's order.
func (f features) names() []string { return featureLists[f&15] }

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// appendString appends s as a JSON string, escaping quotes, backslashes and
// control characters and replacing invalid UTF-8.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
			i++
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			i++
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
		}
	}
	return append(b, '"')
}
