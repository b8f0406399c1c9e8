package phone

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// The differential tests: every function numbrowse uses, compared with
// github.com/nyaruka/phonenumbers (the library the metadata came from) on
// the library's example numbers of every region and type, written every way
// numbrowse meets them, and on random digits of every possible length.

// inGrammar reports whether Parse reads s (rather than refusing it with
// ErrUnsupported).
func inGrammar(s string) bool {
	if len(s) > maxInputLength {
		return true // refused as too long, as the library does
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '+' && i == 0,
			c == ' ', c == '-', c == '.', c == '(', c == ')':
		default:
			return false
		}
	}
	return true
}

// compare parses input in region with both and compares every answer;
// it returns whether the number parsed.
func compare(t testing.TB, input, region string) bool {
	t.Helper()
	got, err := Parse(input, region)
	if !inGrammar(input) {
		if err != ErrUnsupported {
			t.Errorf("Parse(%q, %q): %v, %v; want ErrUnsupported", input, region, got, err)
		}
		return false
	}
	want, werr := phonenumbers.Parse(input, region)
	if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) {
		t.Errorf("Parse(%q, %q): error %v, library %v (%v)", input, region, err, werr, want)
		return false
	}
	if err != nil {
		return false
	}
	check := func(what string, g, w any) { // no t.Helper: it costs a fifth of the test
		if g != w {
			t.Errorf("Parse(%q, %q): %s = %v, library %v", input, region, what, g, w)
		}
	}
	check("country code", got.GetCountryCode(), want.GetCountryCode())
	check("national number", got.GetNationalNumber(), want.GetNationalNumber())
	check("GetNationalSignificantNumber", GetNationalSignificantNumber(got), phonenumbers.GetNationalSignificantNumber(want))
	check("IsValidNumber", IsValidNumber(got), phonenumbers.IsValidNumber(want))
	check("IsPossibleNumber", IsPossibleNumber(got), phonenumbers.IsPossibleNumber(want))
	check("GetRegionCodeForNumber", GetRegionCodeForNumber(got), phonenumbers.GetRegionCodeForNumber(want))
	for _, r := range []string{region, phonenumbers.GetRegionCodeForNumber(want), "001", "US"} {
		check("IsValidNumberForRegion "+r, IsValidNumberForRegion(got, r), phonenumbers.IsValidNumberForRegion(want, r))
	}
	check("Format E164", Format(got, E164), phonenumbers.Format(want, phonenumbers.E164))
	check("Format INTERNATIONAL", Format(got, INTERNATIONAL), phonenumbers.Format(want, phonenumbers.INTERNATIONAL))
	check("Format NATIONAL", Format(got, NATIONAL), phonenumbers.Format(want, phonenumbers.NATIONAL))
	if r := phonenumbers.GetRegionCodeForNumber(want); r != "" && r != "001" && phonenumbers.IsValidNumberForRegion(want, r) {
		check("NationalNumberType", NationalNumberType(r, GetNationalSignificantNumber(got)),
			PhoneNumberType(phonenumbers.GetNumberType(want)))
	}
	return true
}

func TestCallingCodesAndRegions(t *testing.T) {
	if got, want := GetSupportedCallingCodes(), phonenumbers.GetSupportedCallingCodes(); !maps.Equal(got, want) {
		t.Errorf("GetSupportedCallingCodes: %d codes, library %d", len(got), len(want))
	}
	for cc := -1; cc <= 1000; cc++ {
		if got, want := GetRegionCodeForCountryCode(cc), phonenumbers.GetRegionCodeForCountryCode(cc); got != want {
			t.Errorf("GetRegionCodeForCountryCode(%d) = %q, library %q", cc, got, want)
		}
		if got, want := GetRegionCodesForCountryCode(cc), phonenumbers.GetRegionCodesForCountryCode(cc); !slices.Equal(got, want) {
			t.Errorf("GetRegionCodesForCountryCode(%d) = %q, library %q", cc, got, want)
		}
		if got, want := HasCallingCode(cc), phonenumbers.GetSupportedCallingCodes()[cc]; got != want {
			t.Errorf("HasCallingCode(%d) = %v, library %v", cc, got, want)
		}
	}
	regions := slices.Sorted(maps.Keys(phonenumbers.GetSupportedRegions()))
	regions = append(regions, "", "ZZ", "001", "us", "gb", "XX", "U", "USA")
	for _, r := range regions {
		if got, want := GetCountryCodeForRegion(r), phonenumbers.GetCountryCodeForRegion(r); got != want {
			t.Errorf("GetCountryCodeForRegion(%q) = %d, library %d", r, got, want)
		}
		for _, strip := range []bool{true, false} {
			if got, want := GetNddPrefixForRegion(r, strip), phonenumbers.GetNddPrefixForRegion(r, strip); got != want {
				t.Errorf("GetNddPrefixForRegion(%q, %v) = %q, library %q", r, strip, got, want)
			}
		}
	}
}

// regionMetadata is every region's metadata and non-geographic code's.
func regionMetadata(t testing.TB) []*phonenumbers.PhoneMetadata {
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	return coll.GetMetadata()
}

func descs(m *phonenumbers.PhoneMetadata) []*phonenumbers.PhoneNumberDesc {
	return []*phonenumbers.PhoneNumberDesc{
		m.GetGeneralDesc(), m.GetFixedLine(), m.GetMobile(), m.GetTollFree(), m.GetPremiumRate(),
		m.GetSharedCost(), m.GetPersonalNumber(), m.GetVoip(), m.GetPager(), m.GetUan(), m.GetVoicemail(),
	}
}

// writings are the ways numbrowse meets the national number nsn of
// region m: in full with and without "+", as dialled at home with and
// without the national prefix, after international prefixes, and as the
// library formats it. Each is paired with the region it is read in.
func writings(m *phonenumbers.PhoneMetadata, nsn string) [][2]string {
	cc := strconv.Itoa(int(m.GetCountryCode()))
	id := m.GetId()
	out := [][2]string{
		{"+" + cc + nsn, "ZZ"}, {"+" + cc + nsn, ""}, {"+" + cc + nsn, "US"}, {"+" + cc + nsn, "DE"},
		{"+" + cc + " " + nsn, "GB"}, {"00" + cc + nsn, "FR"}, {"011" + cc + nsn, "US"}, {"000" + cc + nsn, "DE"},
		{cc + nsn, "ZZ"}, {nsn, "ZZ"},
	}
	if id != "001" {
		out = append(out, [2]string{nsn, id}, [2]string{cc + nsn, id}, [2]string{"+" + cc + nsn, id},
			[2]string{"(" + nsn[:min(3, len(nsn))] + ") " + nsn[min(3, len(nsn)):], id})
		if np := phonenumbers.GetNddPrefixForRegion(id, true); np != "" {
			out = append(out, [2]string{np + nsn, id}, [2]string{cc + np + nsn, id}, [2]string{"+" + cc + np + nsn, id})
		}
		if p := m.GetInternationalPrefix(); len(p) <= 4 && strings.Trim(p, "0123456789") == "" {
			out = append(out, [2]string{p + cc + nsn, id})
		}
	}
	if n, err := phonenumbers.Parse("+"+cc+nsn, "ZZ"); err == nil {
		intl := phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
		nat := phonenumbers.Format(n, phonenumbers.NATIONAL)
		out = append(out, [2]string{intl, "ZZ"}, [2]string{nat, id})
	}
	return out
}

// share is how many of the writings of a number the tests try: all, but
// under the race detector (ten times slower) a quarter, a different
// quarter for each number (.ci/run runs them whole without it).
func share() int {
	if raceEnabled {
		return 4
	}
	return 1
}

// tried reports whether the i-th writing of the n-th number is tried.
func tried(n, i int) bool { return (n+i)%share() == 0 }

func TestExampleNumbersAgree(t *testing.T) {
	parsed, n := 0, 0
	for _, m := range regionMetadata(t) {
		for _, d := range descs(m) {
			ex := d.GetExampleNumber()
			if ex == "" {
				continue
			}
			n++
			for i, w := range writings(m, ex) {
				if tried(n, i) && compare(t, w[0], w[1]) {
					parsed++
				}
			}
		}
	}
	if parsed < 5000/share() {
		t.Errorf("only %d example numbers parsed", parsed)
	}
}

func TestRandomNumbersAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2026))
	samples, nearDigits := 3, 4
	if testing.Short() || raceEnabled {
		samples, nearDigits = 1, 2
	}
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + rng.IntN(10))
		}
		return string(b)
	}
	parsed, valid, n := 0, 0, 0
	for _, m := range regionMetadata(t) {
		lengths := map[int]bool{}
		for _, l := range m.GetGeneralDesc().GetPossibleLength() {
			for _, n := range []int{int(l) - 1, int(l), int(l) + 1} {
				if n > 0 {
					lengths[n] = true
				}
			}
		}
		for _, l := range m.GetGeneralDesc().GetPossibleLengthLocalOnly() {
			lengths[int(l)] = true
		}
		var inputs []string
		for n := range lengths {
			for range samples {
				inputs = append(inputs, digits(n))
			}
		}
		// Numbers near valid ones: an example with its last digits drawn.
		for _, d := range descs(m) {
			if ex := d.GetExampleNumber(); ex != "" {
				for k := 1; k <= nearDigits && k < len(ex); k++ {
					inputs = append(inputs, ex[:len(ex)-k]+digits(k))
				}
			}
		}
		slices.Sort(inputs) // the map's order is random; the inputs are not
		for _, nsn := range inputs {
			n++
			for i, w := range writings(m, nsn) {
				if tried(n, i) && compare(t, w[0], w[1]) {
					parsed++
					if n, err := Parse(w[0], w[1]); err == nil && IsValidNumber(n) {
						valid++
					}
				}
			}
		}
	}
	t.Logf("%d parsed, %d valid", parsed, valid)
	if parsed < 10000/share() || valid < 2000/share() {
		t.Errorf("only %d parsed, %d valid: the inputs do not reach the code", parsed, valid)
	}
}

func TestSeparatorsAndEdgesAgree(t *testing.T) {
	for _, in := range []string{
		"", "+", "1", "12", "+12", "123", "+123", "0", "00", "000", "+0", "+00123456",
		"(415) 555-0100", " +44 20 7946 0000", "(+44)", ".+1.415.555.0100", "--0044 20 7946 0000",
		"+800 1234 5678", "+979 123456789", "+882 1234 567890", "+1 800 555 0199", "+1 604 555 0123",
		"+7 700 123 4567", "+7 495 123 4567", "+39 06 1234 5678", "+39 3123456789", "+44 1624 123456",
		"+262 269 61 23 45", "+590 590 12 34 56", "+54 9 11 1234 5678", "011 54 9 11 1234 5678",
		"0 11 15 1234 5678", "15 1234 5678", "+52 1 55 1234 5678", "+225 01 23 45 67 89",
		"12345678901234567890", "+123456789012345678901", strings.Repeat("1", 251), "a1", "+1 415 555 0100 ext 5",
		"+1-415-555-0100", "1 (415) 555.0100", "0800 123 4567", "00 800 1234 5678", "+999 1234",
	} {
		for _, r := range []string{"ZZ", "", "US", "GB", "DE", "AR", "MX", "IT", "FR", "RU", "KZ", "AU", "JP", "BR", "CI", "RE", "001", "us"} {
			compare(t, in, r)
		}
	}
}

// FuzzParse compares Parse and every function on its result with the
// library, on any text in any region.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"+442079460000", "020 7946 0000", "(415) 555-0100", "0044 20 7946 0000", "+80012345678", "8 800 555 35 35", "+54 9 11 1234 5678"} {
		for _, r := range []string{"ZZ", "GB", "US", "RU", "AR", ""} {
			f.Add(s, r)
		}
	}
	f.Fuzz(func(t *testing.T, input, region string) {
		compare(t, input, region)
		// The same bytes made into text Parse reads, so that most inputs
		// reach past the check of what Parse accepts.
		b := []byte(input)
		for i, c := range b {
			if !inGrammar(string(c)) || c == '+' && i > 0 {
				b[i] = '0' + c%10
			}
		}
		compare(t, string(b), region)
	})
}

// Example of the package in use.
func ExampleFormat() {
	n, err := Parse("020 7946 0000", "GB")
	if err != nil {
		panic(err)
	}
	fmt.Println(Format(n, INTERNATIONAL), IsValidNumber(n), GetRegionCodeForNumber(n))
	// Output: +44 20 7946 0000 true GB
}
