package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"numbrowse/api"
)

// Tests of what keeps the screen stable from one move to the next (issue
// 5): the table's scroll jump and the detail pane's kept layout.

func TestTableScrollJump(t *testing.T) {
	tests := []struct {
		name           string
		jump, from     int
		key            string
		cursor, offset int
	}{
		// 100 rows, a pane of 10 row lines (11 with the header).
		{"line by line", 1, 9, "j", 10, 1},
		{"half a page down", 5, 9, "j", 10, 5},
		{"inside the window", 5, 5, "j", 6, 0},
		{"clamped at the end", 5, 98, "j", 99, 90},
		{"page keys ignore it", 5, 0, "pgdown", 10, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestTable(100, 80, 11)
			tb.SetScrollJump(tt.jump)
			tb.SetCursor(tt.from)
			tb, _ = tb.Update(tbKey(tt.key))
			if tb.cursor != tt.cursor || tb.offset != tt.offset {
				t.Errorf("cursor %d offset %d, want %d %d", tb.cursor, tb.offset, tt.cursor, tt.offset)
			}
		})
	}
	t.Run("up", func(t *testing.T) {
		tb := newTestTable(100, 80, 11)
		tb.SetScrollJump(5)
		tb.SetCursor(50) // offset 41: the cursor on the last line
		tb.SetCursor(41)
		tb, _ = tb.Update(tbKey("k"))
		if tb.cursor != 40 || tb.offset != 36 {
			t.Errorf("cursor %d offset %d, want 40 36", tb.cursor, tb.offset)
		}
	})
}

func TestScrollJumpFollowsTheLayout(t *testing.T) {
	for _, tt := range []struct {
		w, h   int
		detail bool
		want   int
	}{
		{120, 40, false, 1},
		{160, 50, true, 45}, // the pane beside the table: a page (46 rows) less one
		{120, 40, true, 1},  // the pane below: the table's lines span the screen
		{100, 40, true, 1},
	} {
		if got := scrollJump(computeLayout(tt.w, tt.h, tt.detail, false, 0)); got != tt.want {
			t.Errorf("%dx%d detail %v: jump %d, want %d", tt.w, tt.h, tt.detail, got, tt.want)
		}
	}
}

// TestDetailLayoutStable: once the pane has shown a number with three
// regions and provider flags, a number with two regions and no flags keeps
// every section on the same line (the missing parts say "none" or stay
// blank), and its values in the same column; ResetLayout forgets it.
func TestDetailLayoutStable(t *testing.T) {
	st := u3Styles()["plain"]
	a := plainNumber()
	a.Regions = append(a.Regions, api.Region{Type: "administrative area", Name: "Greater London"})
	a.Flags.Quickship = true
	b := plainNumber()
	b.E164 = "+442079460959"

	p := newDetailPane(st, u3Keys())
	p.SetSize(50, 40)
	p.SetNumber(a, "", "")
	first := ansi.Strip(p.View())
	p.SetNumber(b, "", "")
	second := ansi.Strip(p.View())
	for _, heading := range []string{"Number", "Cost", "Features", "Region", "Provider flags"} {
		if lineOf(first, heading) != lineOf(second, heading) || lineOf(second, heading) < 0 {
			t.Errorf("%q moved from line %d to %d:\n%s\n%s", heading, lineOf(first, heading), lineOf(second, heading), first, second)
		}
	}
	if !strings.Contains(second, "none") {
		t.Errorf("the flags section does not say none:\n%s", second)
	}
	col := func(s, label string) int {
		l := strings.Split(s, "\n")[lineOf(s, label)]
		return strings.Index(l, "+44")
	}
	if col(first, "E.164") != col(second, "E.164") {
		t.Errorf("the value column moved:\n%s\n%s", first, second)
	}

	p.ResetLayout()
	p.SetNumber(nil, "", "")
	p.SetNumber(b, "", "") // laid out afresh
	if fresh := ansi.Strip(p.View()); strings.Contains(fresh, "Provider flags") {
		t.Errorf("ResetLayout kept the flags section:\n%s", fresh)
	}
}

// TestDetailReserveIsBounded: a number with many provider fields does not
// leave more than detailReserve blank lines under the next ones, and the
// content never ends in blank lines.
func TestDetailReserveIsBounded(t *testing.T) {
	st := u3Styles()["plain"]
	big := plainNumber()
	for i := range 40 {
		big.Requirements = append(big.Requirements, api.Requirement{Label: "requirement " + string(rune('a'+i%26))})
	}
	big.Extra = []api.Field{{Key: "k", Value: []byte(`1`)}}
	var shape detailShape
	detailContentShaped(st, big, "", "", 60, &shape)
	lines := detailContentShaped(st, plainNumber(), "", "", 60, &shape)
	text := ansi.Strip(strings.Join(lines, "\n"))
	req := lineOf(text, "Requirements")
	fields := lineOf(text, "Provider fields")
	if req < 0 || fields < 0 || fields-req > detailReserve+1 {
		t.Errorf("Requirements at %d, Provider fields at %d (reserve %d):\n%s", req, fields, detailReserve, text)
	}
	if strings.TrimSpace(ansi.Strip(lines[len(lines)-1])) == "" {
		t.Error("the content ends in a blank line")
	}
}

// lineOf is the index of the first line of s that starts (after the
// border) with text, or -1.
func lineOf(s, text string) int {
	for i, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, "│ "), text) {
			return i
		}
	}
	return -1
}

// TestDetailRegionSlots: once a number with a rate center, a state and a
// postal code has been shown, a number sending its state first and no
// postal code keeps each label on its line (a dash for the postal code),
// and a label not seen before comes after them.
func TestDetailRegionSlots(t *testing.T) {
	st := u3Styles()["plain"]
	a := plainNumber()
	a.Regions = []api.Region{{Type: "rate_center", Name: "LONDON"}, {Type: "state", Name: "LND"}, {Type: "postal_code", Name: "EC1A"}}
	b := plainNumber()
	b.Regions = []api.Region{{Type: "state", Name: "MAN"}, {Type: "rate_center", Name: "MANCHESTER"}, {Type: "lata", Name: "7"}}
	var shape detailShape
	first := ansi.Strip(strings.Join(detailContentShaped(st, a, "", "", 60, &shape), "\n"))
	second := ansi.Strip(strings.Join(detailContentShaped(st, b, "", "", 60, &shape), "\n"))
	for _, label := range []string{"rate center", "state", "postal code"} {
		if lineOf(first, label) != lineOf(second, label) || lineOf(second, label) < 0 {
			t.Errorf("%q moved from line %d to %d:\n%s\n\n%s", label, lineOf(first, label), lineOf(second, label), first, second)
		}
	}
	lines := strings.Split(second, "\n")
	if l := lines[lineOf(second, "postal code")]; !strings.HasSuffix(strings.TrimSpace(l), st.Glyphs.None) {
		t.Errorf("the postal code this number lacks is not a dash: %q", l)
	}
	if l := lines[lineOf(second, "state")]; !strings.Contains(l, "MAN") {
		t.Errorf("the state row shows %q", l)
	}
	if lineOf(second, "LATA") != lineOf(second, "postal code")+1 {
		t.Errorf("the new label is not after the kept ones:\n%s", second)
	}
}

// TestDetailTwoColumns: a pane wide enough lays the number, its costs and
// features on the left and the provider's sections on the right, side by
// side, every line within the width; a narrower one keeps one column.
func TestDetailTwoColumns(t *testing.T) {
	st := u3Styles()["plain"]
	n := plainNumber()
	n.Flags.Quickship = true
	w := detailColumnsMinWidth
	lines := detailContentColumns(st, n, "", "", w, &detailShape{})
	text := ansi.Strip(strings.Join(lines, "\n"))
	top := strings.Split(text, "\n")[0]
	if !strings.HasPrefix(top, "Number") || !strings.Contains(top, "Provider flags") {
		t.Errorf("the first line is %q, want Number and Provider flags side by side:\n%s", top, text)
	}
	if lineOf(text, "Features") < lineOf(text, "Monthly") {
		t.Errorf("Features is not under the costs:\n%s", text)
	}
	if !strings.Contains(text, "SMS (S), Voice (V)") || !strings.Contains(text, "London") {
		t.Errorf("a section is missing:\n%s", text)
	}
	for i, l := range lines {
		if cw := ansi.StringWidth(l); cw > w {
			t.Errorf("line %d is %d cells, wider than %d: %q", i, cw, w, ansi.Strip(l))
		}
	}
	narrow := ansi.Strip(strings.Join(detailContentColumns(st, n, "", "", w-1, &detailShape{}), "\n"))
	if strings.Contains(strings.Split(narrow, "\n")[0], "Provider flags") || lineOf(narrow, "Provider flags") < 0 {
		t.Errorf("%d cells: not one column:\n%s", w-1, narrow)
	}
}

// TestDetailBelowFitsAt100x30: the pane below the table at 100x30 has 11
// lines inside, and a US local number's left column took 13 (Number with
// its five rows, Cost with two, Features with its heading), so its
// features were below the fold ("↓ more") beside a right column of five
// lines. In two columns the features are a row under the costs, and the
// whole number shows without scrolling.
func TestDetailBelowFitsAt100x30(t *testing.T) {
	st := u3Styles()["color"]
	l := computeLayout(100, 30, true, false, 0)
	w := l.detail.w - st.Pane.GetHorizontalFrameSize()
	h := l.detail.h - st.Pane.GetVerticalFrameSize()
	n := &api.Number{
		E164: "+12027046423", Country: "US", Type: api.Local,
		Upfront: api.MustDecimal("1.00"), Monthly: api.MustDecimal("1.00"), UpfrontCurrency: "USD", MonthlyCurrency: "USD",
		Features: []string{"sms", "voice", "mms"},
		Regions: []api.Region{{Type: "rate_center", Name: "WASHINGTON ZONE 1"}, {Type: "state", Name: "DC"},
			{Type: "postal_code", Name: "20001"}, {Type: "lata", Name: "236"}},
	}
	lines := detailContentColumns(st, n, "", "", w, &detailShape{})
	text := ansi.Strip(strings.Join(lines, "\n"))
	if len(lines) > h {
		t.Errorf("%d lines in a pane of %d at 100x30:\n%s", len(lines), h, text)
	}
	for _, want := range []string{"SMS (S), Voice (V), MMS (M)", "1.00 USD", "DC", "236"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q is missing:\n%s", want, text)
		}
	}
}
