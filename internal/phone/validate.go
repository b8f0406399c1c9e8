package phone

// IsValidNumber reports whether a number matches the patterns of the
// region it belongs to, as the library's IsValidNumber.
func IsValidNumber(n *PhoneNumber) bool {
	return IsValidNumberForRegion(n, GetRegionCodeForNumber(n))
}

// IsValidNumberForRegion reports whether a number is valid in regionCode
// (so +1 numbers of Canada are not valid for "US").
func IsValidNumberForRegion(n *PhoneNumber, regionCode string) bool {
	cc := int(n.countryCode)
	meta := metadataForRegionOrCallingCode(cc, regionCode)
	if meta == nil || (regionCode != REGION_CODE_FOR_NON_GEO_ENTITY && cc != int(meta.cc)) {
		return false
	}
	return numberType(n.nsn, meta) != UNKNOWN
}

// IsPossibleNumber reports whether a number's national significant
// number has a length its calling code's numbers can have.
func IsPossibleNumber(n *PhoneNumber) bool {
	cc := int(n.countryCode)
	if calling(cc) == nil {
		return false
	}
	meta := metadataForRegionOrCallingCode(cc, GetRegionCodeForCountryCode(cc))
	if meta.region.general.pattern == "" {
		return len(n.nsn) >= minLengthForNSN && len(n.nsn) <= maxLengthForNSN
	}
	switch testNumberLength(n.nsn, meta) {
	case isPossible, isPossibleLocalOnly:
		return true
	}
	return false
}

// GetRegionCodeForNumber returns the region a number belongs to ("CA"
// for +1 604...), "001" for a non-geographic code, "" when its calling
// code is unknown or none of the code's regions has it.
func GetRegionCodeForNumber(n *PhoneNumber) string {
	c := calling(int(n.countryCode))
	if c == nil {
		return ""
	}
	if len(c.regions) == 1 {
		return c.regions[0]
	}
	for _, id := range c.regions {
		meta := metadata(id)
		if meta.leading != nil {
			if meta.leading.MatchString(n.nsn) {
				return id
			}
		} else if numberType(n.nsn, meta) != UNKNOWN {
			return id
		}
	}
	return ""
}

// NationalNumberType returns the type of a national significant number
// in a region (UNKNOWN when it is not a valid number there, or the region
// has no metadata), as the library's GetNumberType does for a number of
// that region, without parsing it.
func NationalNumberType(regionCode, nsn string) PhoneNumberType {
	meta := metadata(regionCode)
	if meta == nil {
		return UNKNOWN
	}
	return numberType(nsn, meta)
}

// numberType is the library's getNumberTypeHelper.
func numberType(nsn string, meta *compiledRegion) PhoneNumberType {
	if !meta.general.MatchString(nsn) || !meta.region.general.hasLength(len(nsn)) {
		return UNKNOWN
	}
	re := meta.typePatterns()
	match := func(i int) bool {
		return re[i] != nil && meta.region.types[i].hasLength(len(nsn)) && re[i].MatchString(nsn)
	}
	for i := 0; i < fixedAt; i++ {
		if match(i) {
			return typeOrder[i]
		}
	}
	if match(fixedAt) {
		if meta.sameFixedMobile || match(mobileAt) {
			return FIXED_LINE_OR_MOBILE
		}
		return FIXED_LINE
	}
	if !meta.sameFixedMobile && match(mobileAt) {
		return MOBILE
	}
	return UNKNOWN
}

// hasLength reports whether n is among the description's possible lengths
// (any length when it lists none).
func (d *desc) hasLength(n int) bool {
	if d.lengths == "" {
		return true
	}
	for i := 0; i < len(d.lengths); i++ {
		if int(d.lengths[i]) == n {
			return true
		}
	}
	return false
}
