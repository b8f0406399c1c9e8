package ui

import (
	"strings"
	"testing"

	"numbrowse/api"
)

// TestBuyingOffSaysWhy: with buying off on purpose (read-only mode, or a
// server started without --allow-purchase) the header shows READ-ONLY at
// every width, b says why instead of doing nothing, and the help does not
// offer b. Without a reason (no purchaser and none given) there is no
// badge.
func TestBuyingOffSaysWhy(t *testing.T) {
	for _, why := range []string{"read-only mode is on (NUMBROWSE_READ_ONLY)",
		"this server does not allow buying (it was started without --allow-purchase)"} {
		for _, w := range []int{200, 80, 60} {
			up := newFakeSearcher()
			up.set(gbMobile, rtNumbers("GB", api.Mobile, 30), nil)
			h := newHarness(t, Options{Inventory: newService(up), BuyingOff: why}, nil, w, 24)
			if head := strings.Split(h.screen(), "\n")[0]; !strings.Contains(head, "READ-ONLY") ||
				!strings.HasPrefix(head, "numbrowse  GB") {
				t.Errorf("%d columns: the header lacks READ-ONLY:\n%s", w, head)
			}
			short, full := helpTexts(h)
			if hasBuyHelp(short) || hasBuyHelp(full) {
				t.Errorf("%d columns: the help offers buy", w)
			}
			h.keys("b")
			lines := strings.Split(h.screen(), "\n")
			status := lines[len(lines)-2]
			want := "Buying is off: " + why
			if w < 200 {
				want = want[:w/2] // cut to fit, but it says why
			}
			if h.m.focus != focusTable || !strings.Contains(status, want) {
				t.Errorf("%d columns: b says %q, want %q", w, status, want)
			}
			checkScreen(t, h.m.View().Content, w, 24)
		}
	}
	// The reason may name a config file's path: no byte of it reaches the
	// terminal as a control sequence.
	up := newFakeSearcher()
	up.set(gbMobile, rtNumbers("GB", api.Mobile, 30), nil)
	h := newHarness(t, Options{Inventory: newService(up), BuyingOff: "read-only mode is on (/tmp/\x1b]52;c;aGk=\a/c.toml)"}, nil, 120, 24)
	h.keys("b")
	checkTerminalSafe(t, h.m.View().Content)

	up = newFakeSearcher()
	up.set(gbMobile, rtNumbers("GB", api.Mobile, 30), nil)
	h = newHarness(t, Options{Inventory: newService(up)}, nil, 120, 24)
	if strings.Contains(h.screen(), "READ-ONLY") {
		t.Errorf("READ-ONLY without a reason:\n%s", h.screen())
	}
}
