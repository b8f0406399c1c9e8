package api

import (
	"fmt"
	"strings"
	"testing"
)

// TestDecodeSharesRepeatedValues: entries with the same features, regions,
// costs and unknown fields share one copy of each, with no spare capacity
// (an append by a caller copies instead of writing into a neighbour).
func TestDecodeSharesRepeatedValues(t *testing.T) {
	entry := `{"phone_number":"+1970555%04d","currency":"USD","monthly_cost":"1.00","features":["sms","voice"],` +
		`"region_information":[{"region_type":"rate_center","region_name":"DENVER"},{"region_type":"state","region_name":"CO"}],` +
		`"record_type":"available_phone_number"}`
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := range 3 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, entry, i)
	}
	b.WriteString(`]}`)
	res, err := DecodeSearch(strings.NewReader(b.String()), usLocal)
	if err != nil || len(res.Numbers) != 3 {
		t.Fatalf("%v, %d numbers", err, len(res.Numbers))
	}
	a, c := res.Numbers[0], res.Numbers[2]
	switch {
	case &a.Features[0] != &c.Features[0] || cap(a.Features) != len(a.Features):
		t.Error("features not shared, or shared with spare capacity")
	case &a.Regions[0] != &c.Regions[0] || cap(a.Regions) != len(a.Regions):
		t.Error("regions not shared, or shared with spare capacity")
	case len(a.Extra) != 1 || &a.Extra[0].Value[0] != &c.Extra[0].Value[0]:
		t.Error("an unknown field's value is not shared")
	case a.Monthly.String() != "1.00" || a.Currency() != "USD" || a.E164 == c.E164:
		t.Errorf("decoded %+v", a)
	}
}

// TestInternPoolBounded: a response of unique strings (or long ones) does
// not grow the pool past its bounds; values still come back right.
func TestInternPoolBounded(t *testing.T) {
	var p internPool
	for i := range internMaxEntries + 100 {
		s := fmt.Sprintf("region %d", i)
		if got := p.bytesStr([]byte(s)); got != s {
			t.Fatalf("got %q for %q", got, s)
		}
	}
	long := strings.Repeat("x", internMaxLen+1)
	if p.str(long) != long {
		t.Fatal("long string changed")
	}
	if len(p.strs) != internMaxEntries {
		t.Errorf("pool holds %d strings, want %d", len(p.strs), internMaxEntries)
	}
	if _, ok := p.strs[long]; ok {
		t.Error("the pool kept a long string")
	}
}
