package phone

import "strconv"

// The library's limits.
const (
	minLengthForNSN      = 2
	maxLengthForNSN      = 17
	maxLengthCountryCode = 3
	maxInputLength       = 250
)

// Parse reads a number written in full ("+44 20 7946 0000") or as dialled
// in defaultRegion ("020 7946 0000", "0044 20 7946 0000" from "FR"), as
// the library's Parse does. Text other than ASCII digits, a leading "+"
// and the separators space - . ( ) is refused with ErrUnsupported.
func Parse(numberToParse, defaultRegion string) (*PhoneNumber, error) {
	if len(numberToParse) == 0 {
		return nil, ErrNotANumber
	}
	if len(numberToParse) > maxInputLength {
		return nil, ErrNumTooLong
	}
	digits := 0
	for i := 0; i < len(numberToParse); i++ {
		switch c := numberToParse[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0:
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')':
		default:
			return nil, ErrUnsupported
		}
	}
	// The possible number starts at the first digit or "+" (the library's
	// extractPossibleNumber; nothing at the end is dropped).
	number := numberToParse
	for len(number) > 0 && number[0] != '+' && (number[0] < '0' || number[0] > '9') {
		number = number[1:]
	}
	// Viable: two digits and nothing else, or at least three digits.
	if !(digits >= 3 || digits == 2 && len(number) == 2) {
		return nil, ErrNotANumber
	}
	plus := number[0] == '+'
	home := metadata(defaultRegion) // nil for "", "ZZ" and unknown regions
	if home == nil && !plus {
		return nil, ErrInvalidCountryCode
	}

	cc, national, err := extractCountryCode(number, home)
	if err == ErrInvalidCountryCode && plus {
		// The library tries again without the "+".
		cc, national, err = extractCountryCode(number[1:], home)
		if err == nil && cc == 0 {
			err = ErrInvalidCountryCode
		}
	}
	if err != nil {
		return nil, err
	}
	meta := home
	if cc != 0 {
		if r := GetRegionCodeForCountryCode(cc); r != defaultRegion {
			meta = metadataForRegionOrCallingCode(cc, r)
		}
	} else {
		national = digitsOf(number)
		if defaultRegion != "" && home != nil {
			cc = int(home.cc)
		}
	}
	if len(national) < minLengthForNSN {
		return nil, ErrTooShortNSN
	}
	if meta != nil {
		// A national prefix is dropped only if what remains has a length
		// the region's numbers can have.
		if p := stripNationalPrefix(national, meta); p != national {
			switch testNumberLength(p, meta) {
			case tooShort, isPossibleLocalOnly, invalidLength:
			default:
				national = p
			}
		}
	}
	if len(national) < minLengthForNSN {
		return nil, ErrTooShortNSN
	}
	if len(national) > maxLengthForNSN {
		return nil, ErrNumTooLong
	}
	return &PhoneNumber{countryCode: int32(cc), nsn: national}, nil
}

// extractCountryCode finds the calling code of number (the library's
// maybeExtractCountryCode): after a "+" or the home region's
// international prefix, or the home region's own code when the digits
// read better without it. It returns 0 and "" when there is none.
func extractCountryCode(number string, home *compiledRegion) (int, string, error) {
	if number == "" {
		return 0, "", nil
	}
	var full string
	international := false
	if number[0] == '+' {
		full, international = digitsOf(number[1:]), true
	} else {
		full = digitsOf(number)
		if home != nil {
			if loc := home.idd.FindStringIndex(full); loc != nil {
				// Not when a 0 follows: calling codes do not start with 0.
				if rest := full[loc[1]:]; rest == "" || rest[0] != '0' {
					full, international = rest, true
				}
			}
		}
	}
	if international {
		if len(full) <= minLengthForNSN {
			return 0, "", ErrTooShortAfterIDD
		}
		if full[0] != '0' {
			for i := 1; i <= maxLengthCountryCode && i <= len(full); i++ {
				cc, _ := strconv.Atoi(full[:i])
				if calling(cc) != nil {
					return cc, full[i:], nil
				}
			}
		}
		return 0, "", ErrInvalidCountryCode
	}
	if home != nil {
		code := strconv.Itoa(int(home.cc))
		if len(full) >= len(code) && full[:len(code)] == code {
			national := stripNationalPrefix(full[len(code):], home)
			fullValid := home.general.MatchString(full)
			nationalValid := home.general.MatchString(national)
			if (!fullValid && nationalValid) || testNumberLength(full, home) == tooLong {
				return int(home.cc), national, nil
			}
		}
	}
	return 0, "", nil
}

// stripNationalPrefix returns number without the region's national prefix
// (and carrier code), transformed as the region says, or number itself
// when there is none or when dropping it would make a valid number
// invalid (the library's maybeStripNationalPrefixAndCarrierCode).
func stripNationalPrefix(number string, r *compiledRegion) string {
	if number == "" || r.npParse == nil {
		return number
	}
	loc := r.npParse.FindStringSubmatchIndex(number)
	if loc == nil {
		return number
	}
	viable := r.general.MatchString(number)
	groups := len(loc)/2 - 1
	var out string
	if r.npTransform == "" || loc[groups*2] < 0 {
		out = number[loc[1]:]
	} else {
		out = r.npParse.ReplaceAllString(number, r.npTransform)
	}
	if viable && !r.general.MatchString(out) {
		return number
	}
	return out
}

// digitsOf is s without its separators (and without a "+").
func digitsOf(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	if n == len(s) {
		return s
	}
	b := make([]byte, 0, n)
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// lengthResult is the library's ValidationResult for a number's length.
type lengthResult int

const (
	isPossible lengthResult = iota
	isPossibleLocalOnly
	tooShort
	tooLong
	invalidLength
)

// testNumberLength checks a national number's length against the lengths
// the region's numbers can have (the library's testNumberLength for any
// type).
func testNumberLength(number string, r *compiledRegion) lengthResult {
	possible := r.region.general.lengths
	if possible[0] == 0 {
		return invalidLength
	}
	n := len(number)
	for i := 0; i < len(r.localLengths); i++ {
		if int(r.localLengths[i]) == n {
			return isPossibleLocalOnly
		}
	}
	switch {
	case int(possible[0]) == n:
		return isPossible
	case int(possible[0]) > n:
		return tooShort
	case int(possible[len(possible)-1]) < n:
		return tooLong
	}
	for i := 1; i < len(possible); i++ {
		if int(possible[i]) == n {
			return isPossible
		}
	}
	return invalidLength
}
