// Package phone parses, validates and formats phone numbers the way
// github.com/nyaruka/phonenumbers (Google's libphonenumber) does, for the
// functions numbrowse uses, from that library's metadata turned into
// constant Go data by a generator (gen, `go generate`). Nothing is decoded
// or compiled when the program starts: a region's patterns are compiled the
// first time one of its numbers is read, once per process, and shared.
//
// The functions keep the library's names and shapes so that a call site
// swaps one import for the other. Parse reads what numbrowse passes: ASCII
// digits with an optional leading "+", and the separators space, '-', '.',
// '(' and ')'; any other text is refused with ErrUnsupported rather than
// read differently from the library. The differential tests compare every
// function with the library, region by region.
package phone

//go:generate go run ./gen metadata.go

import (
	"errors"
	"slices"
	"strconv"
)

// PhoneNumberFormat is a way to write a number, as the library's.
type PhoneNumberFormat int

// The formats numbrowse writes, with the library's values.
const (
	E164          PhoneNumberFormat = 0 // "+14155550100"
	INTERNATIONAL PhoneNumberFormat = 1 // "+1 415-555-0100"
	NATIONAL      PhoneNumberFormat = 2 // "(415) 555-0100"
)

// PhoneNumberType is the kind of line a number is, as the library's.
type PhoneNumberType int

// The number types, with the library's values.
const (
	FIXED_LINE PhoneNumberType = iota
	MOBILE
	FIXED_LINE_OR_MOBILE
	TOLL_FREE
	PREMIUM_RATE
	SHARED_COST
	VOIP
	PERSONAL_NUMBER
	PAGER
	UAN
	VOICEMAIL
	UNKNOWN
)

// UNKNOWN_REGION is the region of a calling code nobody has.
const UNKNOWN_REGION = "ZZ"

// REGION_CODE_FOR_NON_GEO_ENTITY is the region of the non-geographic
// calling codes (+800, +808, +870...).
const REGION_CODE_FOR_NON_GEO_ENTITY = "001"

// PhoneNumber is a parsed number: its calling code and national
// significant number. Only Parse makes them.
type PhoneNumber struct {
	countryCode int32
	nsn         string // national significant number, leading zeros kept
}

// GetCountryCode is the number's calling code (44 for +44).
func (n *PhoneNumber) GetCountryCode() int32 { return n.countryCode }

// GetNationalNumber is the national significant number as an integer,
// without the leading zeros the library keeps apart.
func (n *PhoneNumber) GetNationalNumber() uint64 {
	v, _ := strconv.ParseUint(n.nsn, 10, 64)
	return v
}

// The errors Parse returns, with the library's texts.
var (
	ErrInvalidCountryCode = errors.New("invalid country code")
	ErrNotANumber         = errors.New("the phone number supplied is not a number")
	ErrTooShortNSN        = errors.New("the string supplied is too short to be a phone number")
	ErrTooShortAfterIDD   = errors.New("phone number had an IDD, but after this was not long enough to be a viable phone number")
	ErrNumTooLong         = errors.New("the string supplied is too long to be a phone number")
	// ErrUnsupported is returned for text the library would read but this
	// package does not: letters, extensions, "tel:" URIs, non-ASCII digits.
	ErrUnsupported = errors.New("phone numbers are read as digits with an optional leading + and the separators space - . ( ) only")
)

// GetNationalSignificantNumber is the number without its calling code
// and without a national prefix ("2079460000" for +44 20 7946 0000).
func GetNationalSignificantNumber(n *PhoneNumber) string { return n.nsn }

// GetSupportedCallingCodes returns every calling code with metadata, in a
// new map the caller owns.
func GetSupportedCallingCodes() map[int]bool {
	m := make(map[int]bool, len(callingCodes))
	for _, c := range callingCodes {
		m[int(c.cc)] = true
	}
	return m
}

// HasCallingCode reports whether cc is a calling code with metadata
// (GetSupportedCallingCodes()[cc] without building the map).
func HasCallingCode(cc int) bool { return calling(cc) != nil }

// GetRegionCodeForCountryCode returns the main region of a calling code
// ("US" for 1, "001" for 800), or UNKNOWN_REGION.
func GetRegionCodeForCountryCode(cc int) string {
	if c := calling(cc); c != nil {
		return c.regions[0]
	}
	return UNKNOWN_REGION
}

// GetRegionCodesForCountryCode returns the regions of a calling code, the
// main one first, in a new slice; none for an unknown code.
func GetRegionCodesForCountryCode(cc int) []string {
	if c := calling(cc); c != nil {
		return slices.Clone(c.regions)
	}
	return nil
}

// GetCountryCodeForRegion returns a region's calling code (44 for "GB"),
// 0 for a region without metadata (region codes are upper case).
func GetCountryCodeForRegion(regionCode string) int {
	if r := geo(regionCode); r != nil {
		return int(r.cc)
	}
	return 0
}

// GetNddPrefixForRegion returns a region's national (trunk) prefix ("0"
// for "GB"), "" when it has none; stripNonDigits drops the "~" that
// stands for waiting for a dial tone.
func GetNddPrefixForRegion(regionCode string, stripNonDigits bool) string {
	r := geo(regionCode)
	if r == nil {
		return ""
	}
	p := r.natPrefix
	if stripNonDigits {
		p = removeTilde(p)
	}
	return p
}

func removeTilde(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '~' {
			out = append(out, s[i])
		}
	}
	return string(out)
}
