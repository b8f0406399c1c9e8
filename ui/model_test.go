package ui

import (
	"fmt"
	"image/color"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"numbrowse/api"
)

// loaded is a harness whose first search returned n GB mobile numbers.
func loaded(t *testing.T, n, w, h int, o Options) *rtHarness {
	t.Helper()
	up := newFakeSearcher()
	up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, n), nil)
	o.Inventory = newService(up)
	hs := newHarness(t, o, nil, w, h)
	if hs.m.res.set == nil || hs.m.res.set.Len() != n {
		t.Fatalf("search not loaded:\n%s", hs.screen())
	}
	return hs
}

// selected is the E.164 number under the cursor.
func (h *rtHarness) selected() string {
	i, ok := h.m.table.Selected()
	if !ok {
		return ""
	}
	return h.m.res.set.At(i).E164
}

// TestChangedResultsShowFromTheTop is issue 12's first problem: after a
// type switch, a sort or a filter keystroke the cursor stayed on the
// number selected before and the screen started there, with cheaper rows
// hidden above it and nothing saying so. Results that change show from
// the top with the cursor on the first row, and the position ("1/93")
// and what is hidden ("↓") are always on screen.
func TestChangedResultsShowFromTheTop(t *testing.T) {
	up := newFakeSearcher()
	up.set(api.Query{Country: "GB", Type: api.National}, rtNumbers("GB", api.National, 9), nil)
	up.set(api.Query{Country: "GB", Type: api.Mobile}, rtNumbers("GB", api.Mobile, 40), nil)
	up.set(api.Query{Country: "GB", Type: api.Local}, rtNumbers("GB", api.Local, 44), nil)
	up.set(api.Query{Country: "GB", Type: api.TollFree}, nil, &api.Error{Kind: api.KindRejected, Status: 422})
	h := newHarness(t, Options{Inventory: newService(up), Type: api.OneType(api.National)}, nil, 80, 24)
	atTop := func(what string, rows int) {
		t.Helper()
		if h.m.table.Cursor() != 0 || h.m.table.offset != 0 {
			t.Fatalf("after %s: cursor on row %d, screen from row %d; want the top", what, h.m.table.Cursor(), h.m.table.offset)
		}
		status := strings.Split(h.screen(), "\n")[22]
		want := fmt.Sprintf(" 1/%d ↓", rows)
		if rows <= h.m.table.pageRows() {
			want = fmt.Sprintf(" 1/%d", rows)
		}
		if !strings.Contains(status, want) {
			t.Fatalf("after %s: the status line does not say where the cursor is (%q):\n%s", what, want, h.screen())
		}
	}
	h.keys("j", "j", "j", "j", "j")
	h.send(typeChosenMsg{Type: api.AllTypes})
	atTop("a type switch", 93)
	for range 30 {
		h.keys("j")
	}
	if s := strings.Split(h.screen(), "\n")[22]; !strings.Contains(s, "↑ 31/93 ↓") {
		t.Fatalf("rows hidden above and below are not said:\n%s", h.screen())
	}
	h.keys("s")
	atTop("a sort", 93)
	h.keys("G")
	if s := strings.Split(h.screen(), "\n")[22]; !strings.Contains(s, "↑ 93/93  ") {
		t.Fatalf("at the bottom:\n%s", h.screen())
	}
	h.keys("/")
	h.typeText("7")
	atTop("a filter keystroke", h.m.res.view.Len())
	h.keys("enter", "j", "j", "r")
	atTop("a refresh", h.m.res.view.Len())
}

func TestFilterIsLiveAndTakesEveryKey(t *testing.T) {
	h := loaded(t, 40, 80, 24, Options{})
	h.keys("/")
	if h.m.focus != focusFilter {
		t.Fatal("/ does not open the filter")
	}
	h.typeText("qsc") // q types, s and c do not sort or open a picker
	if h.m.focus != focusFilter || h.m.filter.Query() != "qsc" {
		t.Fatalf("focus %v, query %q", h.m.focus, h.m.filter.Query())
	}
	for range 3 {
		h.keys("backspace")
	}
	h.typeText("London")
	n := h.m.res.view.Len()
	if n == 0 || n == 40 {
		t.Fatalf("live filter: %d rows", n)
	}
	if s := h.screen(); !strings.Contains(s, fmt.Sprintf("%d of 40 numbers", n)) {
		t.Fatalf("count not shown:\n%s", s)
	}
	h.keys("esc")
	if h.m.focus != focusTable || h.m.filter.Query() != "" || h.m.res.view.Len() != 40 {
		t.Fatalf("esc: focus %v, query %q, %d rows", h.m.focus, h.m.filter.Query(), h.m.res.view.Len())
	}
	h.keys("/")
	h.typeText("sms")
	h.keys("enter")
	if h.m.focus != focusTable || h.m.filter.Query() != "sms" {
		t.Fatalf("enter: focus %v, query %q", h.m.focus, h.m.filter.Query())
	}
	if !strings.Contains(h.screen(), "filter: sms") {
		t.Fatalf("kept filter not shown:\n%s", h.screen())
	}
	h.send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if len(h.other) == 0 || h.other[len(h.other)-1] != tea.Quit() {
		t.Fatal("ctrl+c does not quit")
	}
}

func TestRebindingKeys(t *testing.T) {
	km := rtKeyMap()
	if err := km.Rebind(map[string][]string{"sort": {"z"}, "quit": {"x"}}); err != nil {
		t.Fatal(err)
	}
	h := loaded(t, 20, 80, 24, Options{Keys: km})
	before := h.m.sort
	h.keys("s")
	if h.m.sort != before {
		t.Fatal("the old sort key still sorts")
	}
	h.keys("z")
	if h.m.sort == before {
		t.Fatal("the new sort key does not sort")
	}
	h.other = nil
	h.keys("q")
	if len(h.other) > 0 {
		t.Fatalf("q still quits: %v", h.other)
	}
	h.keys("ctrl+c")
	if len(h.other) != 1 || h.other[0] != tea.Quit() {
		t.Fatalf("ctrl+c must quit even when quit is rebound: %v", h.other)
	}

	clash := rtKeyMap()
	err := clash.Rebind(map[string][]string{"copy": {"s"}})
	if err == nil || !strings.Contains(err.Error(), "sort") || !strings.Contains(err.Error(), "copy") {
		t.Fatalf("clash not reported: %v", err)
	}
}

func TestNoAPIKeyOpensWithSetupMessage(t *testing.T) {
	const msg = "IDENTITYCALL_API_KEY is not set — export it, or start with --demo"
	h := newHarness(t, Options{Setup: msg}, nil, 80, 24)
	s := h.screen()
	if strings.Count(s, msg) != 2 {
		t.Fatalf("setup message not in body and status line:\n%s", s)
	}
	if h.m.keys.Refresh.Enabled() || h.m.keys.Copy.Enabled() || h.m.keys.Export.Enabled() {
		t.Fatal("actions that cannot work are enabled")
	}
	h.keys("r", "s", "y", "e", "/", "c")
	if h.m.focus != focusCountry {
		t.Fatal("the country picker does not open")
	}
	h.typeText("germ")
	h.keys("enter")
	if h.m.countries.Key() != "DE" || h.m.focus != focusTable || h.m.search.loading {
		t.Fatalf("country %q focus %v loading %v", h.m.countries.Key(), h.m.focus, h.m.search.loading)
	}
	if !strings.Contains(h.screen(), msg) {
		t.Fatalf("setup message gone:\n%s", h.screen())
	}
	h.keys("q")
	if len(h.other) == 0 || h.other[len(h.other)-1] != tea.Quit() {
		t.Fatal("q does not quit")
	}
}

// TestZeroStartChoiceIsTheAPIDefault: Options without a country or type
// start on the API's defaults, US mobile numbers.
func TestZeroStartChoiceIsTheAPIDefault(t *testing.T) {
	m := New(Options{Setup: "no key", Keys: rtKeyMap()})
	if m.countries.Key() != "US" || m.countries[0].Name != "United States" || m.typ != api.OneType(api.Mobile) {
		t.Fatalf("country %+v type %v", m.countries, m.typ)
	}
}

func TestCopyAndBindingsFollowRows(t *testing.T) {
	h := loaded(t, 10, 80, 24, Options{})
	if !h.m.keys.Copy.Enabled() || !h.m.keys.Mark.Enabled() || h.m.keys.Buy.Enabled() {
		t.Fatal("bindings do not follow the rows")
	}
	want := h.selected()
	h.keys("y")
	found := false
	for _, msg := range h.other {
		found = found || strings.Contains(fmt.Sprintf("%v", msg), want)
	}
	if !found {
		t.Fatalf("no clipboard command for %s: %v", want, h.other)
	}
	if s := h.screen(); !strings.Contains(s, "Copied +44 7700 9") {
		t.Fatalf("no confirmation:\n%s", s)
	}
	h.fire(func(m tea.Msg) bool { _, ok := m.(noteExpiredMsg); return ok })
	if strings.Contains(h.screen(), "Copied") {
		t.Fatal("the message does not expire")
	}
	h.keys("/")
	h.typeText("nothingmatchesthis")
	h.keys("enter")
	if h.m.keys.Copy.Enabled() || h.m.keys.Export.Enabled() || h.m.keys.Mark.Enabled() {
		t.Fatal("copy/export/mark enabled without rows")
	}
	if !strings.Contains(h.screen(), "No numbers match the filter") {
		t.Fatalf("empty view not explained:\n%s", h.screen())
	}
}

func TestMarkAndExportName(t *testing.T) {
	local := time.Date(2026, 11, 27, 11, 30, 0, 0, time.Local)
	for _, tt := range []struct{ country, typ, want string }{
		{"GB", "mobile", "numbers-GB-mobile-20261127-1130.csv"},
		{"GB", "all", "numbers-GB-all-20261127-1130.csv"},
		{"US", "toll-free", "numbers-US-toll-free-20261127-1130.csv"},
	} {
		if got := exportName(api.CountryList{mustCountry(tt.country)}, mustType(tt.typ), local); got != tt.want {
			t.Errorf("exportName(%s, %s) = %q, want %q", tt.country, tt.typ, got, tt.want)
		}
	}
	h := loaded(t, 10, 80, 24, Options{})
	h.keys("space", "j", "space")
	if h.m.marked != 2 || !strings.Contains(h.screen(), "2 marked") {
		t.Fatalf("marks: %d\n%s", h.m.marked, h.screen())
	}
	idx, marked := h.m.exportRows()
	if !marked || idx.Len() != 2 {
		t.Fatalf("export rows %v marked %v", idx, marked)
	}
}

func TestExportToClipboard(t *testing.T) {
	h := loaded(t, 10, 80, 24, Options{ExportToClipboard: true})
	h.keys("space", "j", "space", "e")
	if h.m.focus != focusTable {
		t.Fatal("the export dialog opened although exports go to the clipboard")
	}
	var csv string
	for _, msg := range h.other {
		if s := fmt.Sprintf("%v", msg); strings.Contains(s, "phone_number,country_code") {
			csv = s
		}
	}
	if csv == "" || strings.Count(csv, "+447700") != 2 {
		t.Fatalf("no clipboard command with the two marked rows as CSV: %v", h.other)
	}
	if !strings.Contains(h.screen(), "Copied 2 numbers (marked) as CSV") {
		t.Fatalf("no confirmation:\n%s", h.screen())
	}

	big := loaded(t, 2000, 80, 24, Options{ExportToClipboard: true})
	big.keys("e")
	if !strings.Contains(big.screen(), "too many for the clipboard") {
		t.Fatalf("a 2,000-row CSV went to the clipboard:\n%s", big.screen())
	}
}

func TestNoticeMsgShowsInTheStatusLine(t *testing.T) {
	h := loaded(t, 3, 80, 24, Options{})
	h.send(NoticeMsg{Text: "The server is shutting down\x1b]0;pwned\x07"})
	s := h.screen()
	if !strings.Contains(s, "The server is shutting down") || strings.Contains(s, "pwned") {
		t.Fatalf("notice not shown cleanly:\n%s", s)
	}
}

func TestThemeOption(t *testing.T) {
	for _, tt := range []struct {
		theme          string
		asks, darkness bool
	}{
		{"", true, true}, {"auto", true, true}, {"dark", false, true}, {"light", false, false}, {"LIGHT", false, false},
	} {
		m := New(Options{Theme: tt.theme, Keys: rtKeyMap(), Setup: "x"})
		if m.st.IsDark != tt.darkness {
			t.Errorf("theme %q: dark styles %v, want %v", tt.theme, m.st.IsDark, tt.darkness)
		}
		asked := false
		for _, msg := range collect(m.Init()) {
			asked = asked || fmt.Sprintf("%T", msg) == "tea.backgroundColorMsg" // what tea.RequestBackgroundColor sends
		}
		if asked != tt.asks {
			t.Errorf("theme %q: asks the terminal %v, want %v", tt.theme, asked, tt.asks)
		}
		next, _ := m.Update(tea.BackgroundColorMsg{Color: color.RGBA{R: 0xee, G: 0xee, B: 0xee, A: 0xff}})
		want := tt.darkness && !tt.asks // auto follows the answer; a fixed theme ignores it
		if got := next.(Model).st.IsDark; got != want {
			t.Errorf("theme %q: after a light background answer dark=%v, want %v", tt.theme, got, want)
		}
	}
	if m := New(Options{Theme: "sepia", Keys: rtKeyMap(), Setup: "x"}); !strings.Contains(m.note.text, `unknown theme "sepia"`) {
		t.Errorf("an unknown theme is not reported: %q", m.note.text)
	}
}

func TestFilterSegmentFollowsRestyling(t *testing.T) {
	h := loaded(t, 10, 100, 24, Options{})
	h.keys("/")
	h.typeText("sms <abc")
	h.keys("enter")
	before := h.m.filterNote
	h.send(tea.BackgroundColorMsg{Color: color.RGBA{R: 0xee, G: 0xee, B: 0xee, A: 0xff}})
	if h.m.filterNote == before {
		t.Fatal("the filter segment kept the dark styles after the terminal said it is light")
	}
	if want, _ := filterSummary(h.m.st, h.m.filter, h.m.res.set.Readings(h.m.filter)); h.m.filterNote != want {
		t.Fatal("the filter segment is not drawn with the current styles")
	}
}

// ctrl+v in the filter must not read the clipboard of the machine the
// browser runs on: under serve that is the server's, and the text would be
// typed without the cleaning a terminal paste gets.
func TestFilterCtrlVReadsNoHostClipboard(t *testing.T) {
	h := loaded(t, 40, 80, 24, Options{})
	h.keys("/")
	next, cmd := h.m.Update(tea.KeyPressMsg{Code: 'v', Mod: tea.ModCtrl})
	h.m = next.(Model)
	for _, msg := range collect(cmd) {
		if msg != nil && reflect.TypeOf(msg).PkgPath() == "charm.land/bubbles/v2/textinput" {
			t.Fatalf("ctrl+v asked the text input to read the clipboard: %T", msg)
		}
	}
	if h.m.filter.Query() != "" {
		t.Fatalf("ctrl+v typed %q", h.m.filter.Query())
	}
}
