package results

import (
	"slices"
	"testing"

	"numbrowse/api"
)

// TestNewSetSharedLists: numbers that share one region or feature list (as
// the decoder makes them share equal lists) are indexed as if each had its
// own copy: a shorter slice of the same list, or the same list in another
// country, is another region entry.
func TestNewSetSharedLists(t *testing.T) {
	regs := []api.Region{{Type: "rate_center", Name: "DALLAS"}, {Type: "state", Name: "TX"}}
	feats := []string{"mms", "sms", "voice"}
	shared := []api.Number{
		{E164: "+12145550001", Country: "US", Regions: regs, Features: feats},
		{E164: "+12145550002", Country: "US", Regions: regs[:1], Features: feats[:2]},
		{E164: "+12145550003", Country: "CA", Regions: regs, Features: feats[1:]},
		{E164: "+12145550004", Country: "US", Regions: regs, Features: feats},
		{E164: "+12145550005", Country: "US", Regions: regs[1:], Features: feats[2:]},
		{E164: "+12145550006", Country: "CA", Regions: regs, Features: feats[:2]},
	}
	own := make([]api.Number, len(shared))
	for i, n := range shared {
		n.Regions, n.Features = slices.Clone(n.Regions), slices.Clone(n.Features)
		own[i] = n
	}
	a, b := NewSet(shared), NewSet(own)
	if len(a.regions) != len(b.regions) || len(a.featLists) != len(b.featLists) {
		t.Fatalf("%d region entries and %d feature lists; with copies: %d and %d",
			len(a.regions), len(a.featLists), len(b.regions), len(b.featLists))
	}
	for i := range shared {
		ra, rb := a.rows[i], b.rows[i]
		if a.regions[ra.region].summary != b.regions[rb.region].summary || ra.region != rb.region {
			t.Errorf("number %d: region %d %q; with copies %d %q", i,
				ra.region, a.regions[ra.region].summary, rb.region, b.regions[rb.region].summary)
		}
		if ra.featList != rb.featList || ra.feat != rb.feat || !slices.Equal(a.featLists[ra.featList], shared[i].Features) {
			t.Errorf("number %d: feature list %d (bits %04b); with copies %d (bits %04b)", i, ra.featList, ra.feat, rb.featList, rb.feat)
		}
	}
}
