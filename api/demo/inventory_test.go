package demo

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	pn "github.com/nyaruka/phonenumbers"

	"numbrowse/api"
)

// wantTypes is the documented mapping of the API's number types to
// libphonenumber's, restated here so a change to typeMapping shows.
var wantTypes = map[api.NumberType][]pn.PhoneNumberType{
	api.Mobile:   {pn.MOBILE, pn.FIXED_LINE_OR_MOBILE},
	api.Local:    {pn.FIXED_LINE, pn.FIXED_LINE_OR_MOBILE},
	api.TollFree: {pn.TOLL_FREE},
	api.National: {pn.UAN, pn.VOIP, pn.PERSONAL_NUMBER, pn.SHARED_COST},
}

// geoLangs are the languages the geocoder is asked in, besides English,
// where the tables use local place names.
var geoLangs = map[string][]string{
	"AR": {"es"}, "AT": {"de"}, "BE": {"nl", "fr"}, "BG": {"bg"}, "BR": {"pt"}, "CH": {"de", "fr"},
	"CL": {"es"}, "CO": {"es"}, "DE": {"de"}, "ES": {"es"}, "FI": {"fi"}, "FR": {"fr"}, "HR": {"hr"},
	"HU": {"hu"}, "IT": {"it"}, "MX": {"es"}, "NL": {"nl"}, "PE": {"es"}, "PL": {"pl"}, "PT": {"pt"},
	"RO": {"ro"}, "SE": {"sv"}, "TR": {"tr"},
}

func TestOffered(t *testing.T) {
	off := Offered()
	if len(off) < 40 {
		t.Errorf("%d countries, want at least 40", len(off))
	}
	for code, types := range off {
		if _, ok := api.LookupCountry(code); !ok {
			t.Errorf("%s is not an ISO 3166-1 code", code)
		}
		if len(types) == 0 {
			t.Errorf("%s offers nothing", code)
		}
		if !slices.IsSortedFunc(types, func(a, b api.NumberType) int {
			return slices.Index(api.NumberTypes(), a) - slices.Index(api.NumberTypes(), b)
		}) {
			t.Errorf("%s: types %v not in API order", code, types)
		}
	}
	if got := off["US"]; !slices.Equal(got, []api.NumberType{api.Mobile, api.Local, api.TollFree}) {
		t.Errorf("US offers %v", got)
	}
}

// TestEveryNumberIsValid searches every offer and checks every number with
// libphonenumber: valid for its country and of the offer's type, in the
// right country, with regions that agree with it.
func TestEveryNumberIsValid(t *testing.T) {
	srv := newTestServer(t)
	for _, q := range offers() {
		t.Run(q.Country+"/"+string(q.Type), func(t *testing.T) {
			recs := mustSearch(t, srv, q.Country, q.Type)
			if n := len(recs); n < 10 || n > 200 {
				t.Errorf("%d numbers, want 10 to 200", n)
			}
			seen := map[string]bool{}
			for _, r := range recs {
				if seen[r.e164] {
					t.Errorf("%s listed twice", r.e164)
				}
				seen[r.e164] = true
				checkNumber(t, q, r)
				checkRegions(t, q, r)
			}
		})
	}
}

func checkNumber(t *testing.T, q api.Query, r record) {
	t.Helper()
	if r.country != "" && r.country != q.Country {
		t.Errorf("%s: country %q", r.e164, r.country)
	}
	num, err := pn.Parse(r.e164, "ZZ")
	if err != nil {
		t.Errorf("%s: %v", r.e164, err)
		return
	}
	if pn.Format(num, pn.E164) != r.e164 {
		t.Errorf("%s: not in E.164 form", r.e164)
	}
	if !pn.IsValidNumberForRegion(num, q.Country) {
		t.Errorf("%s: not valid for %s", r.e164, q.Country)
		return
	}
	want := wantTypes[q.Type]
	if q.Type == api.National && q.Country == "DE" {
		want = append([]pn.PhoneNumberType{pn.FIXED_LINE}, want...)
	}
	if got := pn.GetNumberType(num); !slices.Contains(want, got) {
		t.Errorf("%s: libphonenumber type %v, want one of %v", r.e164, got, want)
	}
}

// checkRegions checks the region entries: the country where one is named,
// and for local numbers a place that libphonenumber's geocoder agrees with.
func checkRegions(t *testing.T, q api.Query, r record) {
	t.Helper()
	var place, state, rateCenter string
	for _, reg := range r.regions {
		switch reg.Type {
		case "country_code":
			if reg.Name != q.Country {
				t.Errorf("%s: region country %q", r.e164, reg.Name)
			}
		case "location":
			place = reg.Name
		case "state":
			state = reg.Name
		case "rate_center":
			rateCenter = reg.Name
		default:
			t.Errorf("%s: unexpected region type %q", r.e164, reg.Type)
		}
	}
	if q.Type != api.Local {
		if place != "" || state != "" || rateCenter != "" {
			t.Errorf("%s: a %s number with a place: %+v", r.e164, q.Type, r.regions)
		}
		return
	}
	if r.regions == nil || (place == "" && rateCenter == "" && state == "") {
		return // Twilio and Vonage shapes carry no region_information
	}
	num, _ := pn.Parse(r.e164, "ZZ")
	en, _ := pn.GetGeocodingForNumber(num, "en")
	if rateCenter != "" {
		checkRateCenter(t, r.e164, en, rateCenter, state)
		return
	}
	geos := []string{en}
	for _, lang := range geoLangs[q.Country] {
		g, _ := pn.GetGeocodingForNumber(num, lang)
		geos = append(geos, g)
	}
	country, _ := api.LookupCountry(q.Country)
	for _, g := range geos {
		fg := api.Fold(g)
		if g == "" || fg == api.Fold(country.Name) || (place != "" && strings.Contains(fg, api.Fold(place))) ||
			(state != "" && strings.Contains(fg, api.Fold(state))) {
			return // the place, or no finer data than the country
		}
	}
	t.Errorf("%s: region %q/%q, geocoder says %q", r.e164, place, state, geos)
}

// checkRateCenter compares a NANP rate centre and state with the geocoder's
// "City, ST".
func checkRateCenter(t *testing.T, e164, geo, rateCenter, state string) {
	t.Helper()
	city, st, found := strings.Cut(geo, ", ")
	if found && st != state {
		t.Errorf("%s: state %s, geocoder says %q", e164, state, geo)
	}
	a, b := lettersOnly(city), lettersOnly(localityOf(rateCenter))
	if !strings.HasPrefix(a, b) && !strings.HasPrefix(b, a) {
		t.Errorf("%s: rate centre %s, geocoder says %q", e164, rateCenter, geo)
	}
}

func TestSizes(t *testing.T) {
	for _, n := range []int{1, 37, 250} {
		srv := newTestServer(t, WithSize(n))
		for _, q := range offers() {
			if got := len(mustSearch(t, srv, q.Country, q.Type)); got != n {
				t.Errorf("WithSize(%d): %s %s returned %d", n, q.Country, q.Type, got)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := newTestServer(t), newTestServer(t)
	other := newTestServer(t, WithSeed(7))
	for _, q := range []api.Query{{Country: "US", Type: api.Local}, {Country: "DE", Type: api.Mobile}, {Country: "JP", Type: api.National}} {
		_, x := search(t, a, q.Country, q.Type)
		_, y := search(t, b, q.Country, q.Type)
		_, z := search(t, other, q.Country, q.Type)
		if !bytes.Equal(x, y) {
			t.Errorf("%s: two handlers differ", q)
		}
		if bytes.Equal(x, z) {
			t.Errorf("%s: another seed gives the same inventory", q)
		}
	}
}

// TestMaxSize asks for MaxSize numbers: US local yields that many distinct
// ones (a sample checked with libphonenumber), a limited range all it has.
func TestMaxSize(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("large inventory")
	}
	srv := newTestServer(t, WithSize(MaxSize))
	recs := mustSearch(t, srv, "US", api.Local)
	if len(recs) != MaxSize {
		t.Fatalf("US local: %d numbers, want %d", len(recs), MaxSize)
	}
	seen := make(map[string]bool, len(recs))
	for i, r := range recs {
		if seen[r.e164] {
			t.Fatalf("%s listed twice", r.e164)
		}
		seen[r.e164] = true
		if i%97 == 0 {
			checkNumber(t, api.Query{Country: "US", Type: api.Local}, r)
		}
	}
	for q, want := range limited {
		got := len(mustSearch(t, srv, q.Country, q.Type))
		if got >= MaxSize || got < want*9/10 {
			t.Errorf("%s: %d numbers, want about %d", q, got, want)
		}
	}
}
