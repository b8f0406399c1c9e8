package api

import (
	"cmp"
	"slices"
	"strings"
)

// costs fills the upfront and monthly costs and the currency.
func (d *entryDecoder) costs(n *Number) {
	d.checkObject(sCostInformation, costInfoKeys)
	d.checkObject(sSetupPrice, priceKeys)
	d.checkObject(sMonthlyPrice, priceKeys)
	if v, ok := d.get(path{sCost, ""}); ok && len(v) > 0 && v[0] == '{' {
		d.checkObject(sCost, priceKeys)
	}
	amount := func(dst *Decimal) func(path, []byte) bool {
		return func(p path, v []byte) bool {
			if p.slot == sCost && p.sub == "" && v[0] == '{' {
				return true // a price object: its amount is the next path
			}
			dec, ok := d.pool.decimal(v)
			if ok && !dst.Valid() {
				*dst = dec
			}
			return ok
		}
	}
	d.each(upfrontPaths[:], amount(&n.Upfront))
	d.each(monthlyPaths[:], amount(&n.Monthly))
	d.each(currencyPaths[:], func(p path, v []byte) bool {
		s, ok := d.stringOrNull(v)
		if s = strings.TrimSpace(s); !ok || s == "" {
			return ok
		}
		if len(s) != 3 || strings.IndexFunc(s, func(r rune) bool {
			return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z')
		}) >= 0 {
			return false
		}
		if n.Currency == "" {
			n.Currency = strings.ToUpper(s)
		}
		return true
	})
}

// features fills n.Features from features (strings or {"name": ...}),
// capabilities (an object of booleans, keys in any case, or a list) and
// capability (a word, comma-separated words, or a list).
func (d *entryDecoder) features(n *Number) {
	out := d.feats[:0]
	add := func(s string) {
		if s = strings.ToLower(text(s)); s != "" {
			out = append(out, s)
		}
	}
	if v, ok := d.get(path{sFeatures, ""}); ok && !d.featureList(v, add) {
		d.bad[sFeatures] = true
	}
	if v, ok := d.get(path{sCapabilities, ""}); ok {
		good := true
		switch {
		case isNull(v):
		case v[0] == '{':
			eachMember(v, func(k, val []byte) {
				switch string(val) {
				case "true":
					add(d.keyName(k))
				case "false", "null":
				default:
					good = false
				}
			})
		default:
			good = d.featureList(v, add)
		}
		if !good {
			d.bad[sCapabilities] = true
		}
	}
	if v, ok := d.get(path{sCapability, ""}); ok {
		if s, isStr := jsonString(v); isStr {
			for _, w := range strings.Split(s, ",") {
				add(w)
			}
		} else if !d.featureList(v, add) {
			d.bad[sCapability] = true
		}
	}
	d.feats = out
	n.Features = d.pool.featureList(sortedSet(out))
}

// featureList reads null or a list of feature names as strings or
// {"name": ...} objects. It reports false when any part was not understood
// (the names it could read are still added).
func (d *entryDecoder) featureList(v []byte, add func(string)) bool {
	if isNull(v) {
		return true
	}
	good := true
	isList := eachElement(v, func(e []byte) {
		switch {
		case isNull(e):
		case e[0] == '"':
			s, _ := d.pool.jsonString(e)
			add(s)
		case e[0] == '{':
			var name []byte
			eachMember(e, func(k, val []byte) {
				if keyIs(k, "name") && name == nil {
					name = val
				} else {
					good = false
				}
			})
			if s, ok := d.pool.jsonString(name); ok {
				add(s)
			} else {
				good = false
			}
		default:
			good = false
		}
	})
	return isList && good
}

// regions fills n.Regions from region_information (in order) and then the
// flat region, locality, rate_center and postal_code keys (in the
// provider's order).
func (d *entryDecoder) regions(n *Number) {
	regs := d.regs[:0]
	if v, ok := d.get(path{sRegionInformation, ""}); ok && !isNull(v) {
		good := eachElement(v, func(e []byte) {
			if isNull(e) {
				return
			}
			if e[0] != '{' {
				d.bad[sRegionInformation] = true
				return
			}
			if !objectKeysIn(e, regionKeys) {
				d.bad[sRegionInformation] = true // unknown keys: keep them visible
			}
			var r Region
			eachMember(e, func(k, val []byte) {
				s, ok := d.pool.scalarText(val)
				if !ok && !isNull(val) {
					d.bad[sRegionInformation] = true
				}
				switch {
				case keyIs(k, "region_type") && r.Type == "":
					r.Type = text(s)
				case keyIs(k, "region_name") && r.Name == "":
					r.Name = text(s)
				}
			})
			if r.Type != "" || r.Name != "" {
				regs = append(regs, r)
			}
		})
		if !good {
			d.bad[sRegionInformation] = true
		}
	}
	for _, m := range d.members {
		if !slices.Contains(flatRegions[:], m.slot) {
			continue
		}
		s, ok := d.pool.scalarText(m.val)
		if !ok {
			if !isNull(m.val) {
				d.bad[m.slot] = true
			}
			continue
		}
		if s = text(s); s != "" {
			regs = append(regs, Region{Type: d.keyName(m.key), Name: s})
		}
	}
	d.regs = regs
	n.Regions = d.pool.regionList(regs)
}

// flags fills n.Flags and n.Requirements.
func (d *entryDecoder) flags(n *Number) {
	for _, f := range [...]struct {
		slot int
		dst  *bool
	}{
		{sBestEffort, &n.Flags.BestEffort},
		{sQuickship, &n.Flags.Quickship},
		{sReservable, &n.Flags.Reservable},
		{sSupportingDocs, &n.Flags.DocumentsRequired},
	} {
		v, ok := d.get(path{f.slot, ""})
		if !ok {
			continue
		}
		switch string(v) {
		case "true":
			*f.dst = true
		case "false", "null":
		default:
			d.bad[f.slot] = true
		}
	}
	if v, ok := d.get(path{sAddressRequirements, ""}); ok {
		s, isStr := d.stringOrNull(v)
		if s = strings.ToLower(text(s)); !isStr {
			d.bad[sAddressRequirements] = true
		} else if s != "none" {
			n.Flags.AddressRequirement = s
		}
	}
	if v, ok := d.get(path{sRegulatoryRequirements, ""}); ok && !isNull(v) {
		good := eachElement(v, func(e []byte) {
			if isNull(e) {
				return
			}
			r, ok := requirement(e)
			if !ok {
				d.bad[sRegulatoryRequirements] = true
			}
			if r.Label != "" {
				n.Requirements = append(n.Requirements, r)
			}
		})
		if !good {
			d.bad[sRegulatoryRequirements] = true
		}
	}
	if len(n.Requirements) > 0 {
		n.Flags.DocumentsRequired = true
	}
}

// requirement reads one regulatory requirement: a string, or an object
// with label/name/description/field_type/requirement_type. ok is false when
// part of it was not understood.
func requirement(e []byte) (r Requirement, ok bool) {
	if s, isStr := jsonString(e); isStr {
		if s = text(s); s == "" {
			return r, true
		}
		return Requirement{Label: s}, true
	}
	if len(e) == 0 || e[0] != '{' {
		return r, false
	}
	ok = objectKeysIn(e, requirementKeys)
	var label, name, reqType, fieldType string
	eachMember(e, func(k, val []byte) {
		s, isStr := stringOrNull(val)
		if !isStr {
			ok = false
			return
		}
		s = text(s)
		switch {
		case keyIs(k, "label"):
			label = s
		case keyIs(k, "name"):
			name = s
		case keyIs(k, "description"):
			r.Detail = s
		case keyIs(k, "requirement_type"):
			reqType = s
		case keyIs(k, "field_type"):
			fieldType = s
		}
	})
	r.Label = cmp.Or(label, name, reqType, fieldType, r.Detail)
	if r.Label == r.Detail {
		r.Detail = ""
	}
	if r.Label == "" {
		r.Label = "unnamed requirement"
	}
	return r, ok
}
