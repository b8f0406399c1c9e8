package demo

import "numbrowse/internal/phone"

// typer classifies the national significant numbers of one region the way
// libphonenumber's GetNumberType does for a number valid in that region
// (internal/phone, whose patterns are compiled once per process and
// shared); the tests compare typer with the library's answer.
type typer struct {
	region string
}

// typeOf returns the libphonenumber type of nsn in this region, UNKNOWN when
// the number is not valid there.
func (t *typer) typeOf(nsn string) phone.PhoneNumberType {
	return phone.NationalNumberType(t.region, nsn)
}

// newTyper returns the typer of region; it panics on a region
// libphonenumber does not know, which the tests rule out.
func newTyper(region string) *typer {
	if phone.GetCountryCodeForRegion(region) == 0 {
		panic("demo: no libphonenumber metadata for " + region)
	}
	return &typer{region: region}
}
