package phone

import "strconv"

// Format writes a number in E164 ("+442079460000"), INTERNATIONAL ("+44
// 20 7946 0000") or NATIONAL ("020 7946 0000") form, as the library does.
// A number of an unknown calling code is written as its national
// significant number, but for E164.
func Format(n *PhoneNumber, f PhoneNumberFormat) string {
	cc := int(n.countryCode)
	code := strconv.Itoa(cc)
	if f == E164 {
		return "+" + code + n.nsn
	}
	if calling(cc) == nil {
		return n.nsn
	}
	meta := metadataForRegionOrCallingCode(cc, GetRegionCodeForCountryCode(cc))
	s := formatNSN(n.nsn, meta, f)
	if f == INTERNATIONAL {
		return "+" + code + " " + s
	}
	return s
}

// formatNSN groups a national significant number by the first of the
// region's formats that applies to it (the library's formatNsn).
func formatNSN(nsn string, meta *compiledRegion, f PhoneNumberFormat) string {
	national, intl := meta.numberFormats()
	formats := intl
	if f == NATIONAL {
		formats = national
	}
	for i := range formats {
		nf := &formats[i]
		if nf.leading != nil && !nf.leading.MatchString(nsn) {
			continue
		}
		if !nf.whole.MatchString(nsn) {
			continue
		}
		rule := nf.format
		if f == NATIONAL && nf.npRule != "" {
			rule = replaceFirstGroup(rule, nf.npRule)
		}
		return nf.any.ReplaceAllString(nsn, rule)
	}
	return nsn
}

// replaceFirstGroup replaces the first "$" and digit of rule with with,
// as written (the national prefix formatting rule, "0$1", takes the place
// of the first group).
func replaceFirstGroup(rule, with string) string {
	for i := 0; i+1 < len(rule); i++ {
		if rule[i] == '$' && rule[i+1] >= '0' && rule[i+1] <= '9' {
			return rule[:i] + with + rule[i+2:]
		}
	}
	return rule
}
