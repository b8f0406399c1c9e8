package demo

import (
	"encoding/json"
	"strings"
	"testing"

	pn "github.com/nyaruka/phonenumbers"

	"numbrowse/api"
)

// TestPostalCodes: NANP local entries that carry a postal code carry
// their rate centre's (the filter's zip: finds them), and every rate
// centre of the tables has one.
func TestPostalCodes(t *testing.T) {
	for _, c := range northAmerica() {
		for _, o := range c.offers {
			for i := range o.blocks {
				if rc := o.blocks[i].regions; len(rc) > 0 && rc[0].Type == "rate_center" && blockPostal(&o.blocks[i]) == "" {
					t.Errorf("%s: rate centre %s has no postal code", c.code, rc[0].Name)
				}
			}
		}
	}
	srv := newTestServer(t)
	found := 0
	for _, country := range []string{"US", "CA"} {
		for _, r := range mustSearch(t, srv, country, api.Local) {
			raw := r.raw["postal_code"]
			if raw == nil {
				continue
			}
			found++
			zip := str(t, raw)
			num, _ := pn.Parse(r.e164, "ZZ")
			geo, _ := pn.GetGeocodingForNumber(num, "en")
			city, _, _ := strings.Cut(geo, ",")
			var rc string
			for name, z := range nanpPostal {
				if z == zip {
					rc = name
				}
			}
			a, b := lettersOnly(city), lettersOnly(localityOf(rc))
			if rc == "" || (!strings.HasPrefix(a, b) && !strings.HasPrefix(b, a)) {
				t.Errorf("%s: postal code %s (rate centre %q), geocoder says %q", r.e164, zip, rc, geo)
			}
		}
	}
	if found < 10 {
		t.Errorf("%d NANP local entries with a postal code, want some", found)
	}
}

// TestEmergencyFeature: Telnyx-shaped NANP voice numbers list emergency;
// no other entry does.
func TestEmergencyFeature(t *testing.T) {
	srv := newTestServer(t)
	found := 0
	for _, q := range []api.Query{{Country: "US", Type: api.Local}, {Country: "CA", Type: api.Mobile}, {Country: "GB", Type: api.Mobile}} {
		for _, r := range mustSearch(t, srv, q.Country, q.Type) {
			var feats []json.RawMessage
			if raw := r.raw["features"]; raw != nil {
				_ = json.Unmarshal(raw, &feats)
			}
			voice, emergency := false, false
			for _, f := range feats {
				s := string(f)
				voice = voice || strings.Contains(s, `"voice"`)
				emergency = emergency || strings.Contains(s, `"emergency"`)
			}
			_, telnyx := r.raw["cost_information"]
			want := telnyx && voice && q.Country != "GB"
			if emergency != want {
				t.Errorf("%s %s: emergency %v, want %v (Telnyx %v, voice %v)", q.Country, r.e164, emergency, want, telnyx, voice)
			}
			if emergency {
				found++
			}
		}
	}
	if found == 0 {
		t.Error("no entry lists emergency")
	}
}
